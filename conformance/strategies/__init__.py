"""Hypothesis strategies for the identity API's data: valid values and labelled near misses.

Valid strategies yield plain values (``str``, ``int``, ``dict``) the contract
accepts. Invalid strategies yield :class:`Invalid` ``(value, reason, field)``
with exactly one defect, can be narrowed with ``reasons=``, and say whether
a JSON Schema validator sees the defect (:attr:`Invalid.schema_level`) and
which error row a server owes (:meth:`Invalid.error`). Every rule (lengths,
patterns, enum, size limit, image formats) is read from the contract at run
time; all randomness is hypothesis's, so examples replay and shrink.

In an integrator's own tests::

    from hypothesis import given
    from conformance.strategies import id_numbers, invalid_id_numbers

    @given(id_numbers())
    def test_my_validator_accepts_valid_numbers(number):
        assert my_validator.is_valid(number)

    @given(invalid_id_numbers(reasons={"checksum", "birth-date"}))
    def test_my_validator_rejects_near_misses(bad):
        assert not my_validator.is_valid(bad.value), bad.reason
"""

from conformance.strategies.bodies import (
    authentication_bodies,
    invalid_authentication_bodies,
    invalid_photo_bodies,
    photo_bodies,
)
from conformance.strategies.id_numbers import birth_dates, id_numbers, invalid_id_numbers, regions, sequences
from conformance.strategies.invalid import DOMAIN_LEVEL, PYTHON_RE_BLIND, SCHEMA_LEVEL, Invalid, Reason
from conformance.strategies.names import invalid_names, names
from conformance.strategies.operators import invalid_operators, operators
from conformance.strategies.phone_numbers import invalid_phone_numbers, phone_numbers
from conformance.strategies.photo_types import invalid_photo_types, photo_types
from conformance.strategies.photos import invalid_photos, photos

__all__ = [
    "names", "invalid_names", "id_numbers", "invalid_id_numbers", "regions", "birth_dates", "sequences",
    "photos", "invalid_photos", "phone_numbers", "invalid_phone_numbers", "photo_types", "invalid_photo_types",
    "operators", "invalid_operators", "authentication_bodies", "photo_bodies", "invalid_authentication_bodies",
    "invalid_photo_bodies", "Invalid", "Reason", "SCHEMA_LEVEL", "DOMAIN_LEVEL", "PYTHON_RE_BLIND",
]
