"""``photoType`` values: the contract's enum, and the integers and types it must refuse.

>>> from hypothesis import find
>>> find(invalid_photo_types(reasons={"wrong-type"}), lambda bad: isinstance(bad.value, str)).value
'10'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st

from conformance import spec
from conformance.strategies import rules
from conformance.strategies.invalid import Invalid, Reason, by_reason

__all__ = ["defects", "photo_types", "invalid_photo_types"]


def photo_types() -> st.SearchStrategy[int]:
    """A value of the contract's ``PhotoType`` enum."""
    return st.sampled_from(spec.photo_types())


def _wrong_types() -> st.SearchStrategy[object]:
    """The enum's values as strings (``"10"``), non-integral floats, booleans and null.

    Integral floats (``10.0``) are left out: JSON Schema counts them as integers.
    """
    return st.one_of(
        photo_types().map(str),
        st.builds(float.__add__, photo_types().map(float), st.sampled_from([0.5, 0.25, 0.1])),
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
        st.booleans(),
        st.none(),
    )


def defects() -> dict[Reason, Callable[[], st.SearchStrategy[Any]]]:
    """Reason → builder of the raw invalid values; the keys are the reasons :func:`invalid_photo_types` knows."""
    known = frozenset(spec.photo_types())
    return {
        Reason.NOT_IN_ENUM: lambda: st.integers(min_value=0).filter(lambda n: n not in known),
        Reason.NEGATIVE: lambda: st.one_of(photo_types().map(int.__neg__), st.integers(max_value=-1)),
        Reason.WRONG_TYPE: _wrong_types,
    }


def invalid_photo_types(reasons: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """A ``photoType`` the contract rejects: ``not-in-enum``, ``negative`` or ``wrong-type`` (all schema-level)."""
    return by_reason(defects(), reasons, rules.field_for("PhotoType"))
