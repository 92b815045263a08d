"""Photo strategies against Pillow and strict base64: valid ones decode to accepted images within the limit; invalid ones fail for their reason."""

from __future__ import annotations

import base64
import binascii
import io

import pytest
from hypothesis import HealthCheck, find, given, settings
from PIL import Image

from conformance import spec
from conformance.strategies import PYTHON_RE_BLIND, Reason, invalid_photos, photos
from conformance.strategies.photos import defects
from tests.strategies.support import ecma_valid, examples

LIMIT = spec.max_photo_bytes()
MAX_CHARS = spec.load()["components"]["schemas"]["PhotoBase64"]["maxLength"]
# The first large photo renders the pool once per process (a fraction of a second).
SLOW_FIRST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def strict_decode(text: str) -> bytes:
    """RFC 4648 §4 decoding that accepts only the canonical padded form."""
    data = base64.b64decode(text, validate=True)
    if base64.b64encode(data).decode("ascii") != text:
        raise binascii.Error("not canonical")
    return data


def opened(data: bytes, formats: list[str] | None = None) -> Image.Image:
    image = Image.open(io.BytesIO(data), formats=formats)
    image.load()
    return image


def strict_fails(text: str) -> bool:
    try:
        strict_decode(text)
    except (binascii.Error, ValueError):
        return True
    return False


def image_fails(data: bytes) -> bool:
    try:
        opened(data, spec.image_formats())
    except (OSError, SyntaxError, ValueError):
        return True
    return False


@settings(SLOW_FIRST, max_examples=60)
@given(photos())
def test_valid_photos_are_accepted_images_within_the_limit(text: str) -> None:
    data = strict_decode(text)
    assert opened(data).format in spec.image_formats() and len(data) <= LIMIT
    assert spec.validator("PhotoBase64").is_valid(text)


REASON_CHECKS = {
    Reason.ALPHABET: lambda v: strict_fails(v) and "-" not in v and "_" not in v,
    Reason.PADDING: lambda v: strict_fails(v) and "=" in v or len(v.rstrip("=")) % 4 != 0,
    Reason.URL_SAFE: lambda v: strict_fails(v) and not image_fails(base64.urlsafe_b64decode(v)),
    Reason.DATA_URI: lambda v: v.startswith("data:image/") and not image_fails(strict_decode(v.split(",", 1)[1])),
    Reason.LINE_BREAKS: lambda v: "\n" in v.rstrip("\n") and not image_fails(base64.b64decode(v)),
    Reason.EMPTY: lambda v: v == "",
    Reason.TRAILING_NEWLINE: lambda v: v.endswith("\n") and not image_fails(strict_decode(v[:-1])),
    Reason.NOT_AN_IMAGE: lambda v: image_fails(strict_decode(v)),
    Reason.TRUNCATED: lambda v: image_fails(strict_decode(v)),
    Reason.WRONG_FORMAT: lambda v: opened(strict_decode(v)).format not in spec.image_formats(),
    Reason.TOO_LARGE: lambda v: len(strict_decode(v)) > LIMIT and len(v) <= MAX_CHARS and not image_fails(strict_decode(v)),
    Reason.TOO_LONG: lambda v: len(v) > MAX_CHARS and len(strict_decode(v)) > LIMIT,
}


@settings(SLOW_FIRST, max_examples=150)
@given(invalid_photos())
def test_invalid_photos_fail_their_independent_check(bad) -> None:
    assert bad.field == "photoBase64Str"
    expected = "photo_too_large" if bad.reason in (Reason.TOO_LARGE, Reason.TOO_LONG) else "invalid_photo"
    assert bad.error().key == expected
    assert REASON_CHECKS[bad.reason](bad.value), bad
    if bad.schema_level:
        assert not ecma_valid("PhotoBase64", bad.value)
        assert bad.reason in PYTHON_RE_BLIND or not spec.validator("PhotoBase64").is_valid(bad.value)
    else:
        assert spec.validator("PhotoBase64").is_valid(bad.value) and not strict_fails(bad.value)


def test_photos_cover_both_formats_small_and_exactly_the_limit() -> None:
    found = [strict_decode(t) for t in examples(photos(), 120)]
    formats = {opened(d).format for d in found}
    assert formats == set(spec.image_formats())
    assert any(len(d) < 10_000 for d in found) and any(len(d) == LIMIT for d in found)
    assert len({opened(d).size for d in found}) > 20


def test_invalid_photos_cover_every_reason_and_other_formats() -> None:
    assert {bad.reason for bad in examples(invalid_photos(), 300)} == set(defects())
    others = {opened(strict_decode(b.value)).format for b in examples(invalid_photos(reasons={"wrong-format"}), 40)}
    assert {"GIF", "BMP"} <= others


def test_photos_shrink_to_a_one_pixel_image() -> None:
    no_db = settings(database=None)
    assert opened(strict_decode(find(photos(), lambda t: True, settings=no_db))).size == (1, 1)
    png = find(photos(), lambda t: opened(strict_decode(t)).format == "PNG", settings=no_db)
    assert opened(strict_decode(png)).size == (1, 1)


def test_unknown_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="JPEG"):
        find(photos(formats={"GIF"}), lambda t: True, settings=settings(database=None))
