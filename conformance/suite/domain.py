"""What the domain tests send: named edge cases of valid bodies, and every (field, defect) of invalid ones.

Real servers break on the edges (an ``X`` check character, a ``·`` name, an
astral character, a 13-digit IoT number, PNG beside JPEG), so each edge is a
test of its own rather than a chance draw of one broad strategy.
"""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from conformance import spec
from conformance.strategies import id_numbers, photos
from conformance.strategies.bodies import authentication_bodies, body_defects, invalid_bodies, photo_bodies
from conformance.strategies.names import longest_names, minority_names, rare_names
from conformance.strategies.phone_numbers import phone_numbers

__all__ = ["VALID", "DEFECTS", "invalid", "per_case_settings"]

AUTHENTICATION, PHOTOS = "/identity/authentication", "/identity/photos"

VALID: dict[str, dict[str, st.SearchStrategy[dict[str, Any]]]] = {
    AUTHENTICATION: {
        "any": authentication_bodies(),
        "x-check-character": authentication_bodies(idNumber=id_numbers("X")),
        "middle-dot-name": authentication_bodies(name=minority_names()),
        "astral-name": authentication_bodies(name=rare_names()),
        "longest-name": authentication_bodies(name=longest_names()),
    },
    PHOTOS: {
        "any": photo_bodies(),
        **{f"{fmt.lower()}-photo": photo_bodies(photoBase64Str=photos(formats=[fmt])) for fmt in spec.image_formats()},
        "iot-number": photo_bodies(phoneNumber=phone_numbers(13)),
        "mobile-number": photo_bodies(phoneNumber=phone_numbers(11)),
        "empty-operator": photo_bodies(operator=st.just("")),
        **{f"photo-type-{t}": photo_bodies(photoType=st.just(t)) for t in spec.photo_types()},
    },
}
DEFECTS = {path: [(field, str(reason.value)) for field, reason in body_defects(path)] for path in (AUTHENTICATION, PHOTOS)}


def invalid(path: str, field: str | None, reason: str):  # noqa: ANN201 - a hypothesis strategy of Invalid
    return invalid_bodies(path, reasons={reason}, fields=None if field is None else {field})


def per_case_settings() -> settings:
    """Each named case gets a share of the profile's examples (at least 3), so the run stays quick."""
    current = settings()
    return settings(current, max_examples=max(3, current.max_examples // 3))


