import base64
import io

import pytest
from PIL import Image

from conformance import spec
from conformance.contract import photos


def encoded(fmt: str, size=(4, 4)) -> str:
    buf = io.BytesIO()
    Image.new("RGB", size, "red").save(buf, fmt)
    return base64.b64encode(buf.getvalue()).decode()


@pytest.mark.parametrize("fmt", spec.image_formats())
def test_accepted_formats(fmt):
    assert photos.is_valid(encoded(fmt))


@pytest.mark.parametrize(("value", "reason"), [
    (encoded("GIF"), "image"),
    (encoded("PNG").rstrip("="), "base64"),
    (encoded("PNG")[:8] + "\n" + encoded("PNG")[8:], "base64"),
    ("data:image/png;base64," + encoded("PNG"), "base64"),
    ("ab-_", "base64"),  # the URL-safe alphabet
    ("", "base64"),
    (base64.b64encode(base64.b64decode(encoded("JPEG"))[:-30]).decode(), "image"),
    ("A" * photos.max_base64_length(), "too-large"),
    ("A" * (photos.max_base64_length() + 4), "too-large"),
])
def test_invalid(value, reason):
    with pytest.raises(photos.InvalidPhoto) as info:
        photos.validate(value)
    assert info.value.reason == reason


def test_limit_is_inclusive():
    assert photos.max_base64_length() * 3 // 4 >= spec.max_photo_bytes()
    exactly = base64.b64encode(b"\0" * spec.max_photo_bytes()).decode()
    assert len(exactly) <= photos.max_base64_length()
    with pytest.raises(photos.InvalidPhoto) as info:  # not an image, but not too large either
        photos.validate(exactly)
    assert info.value.reason == "image"
