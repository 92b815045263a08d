"""Real-name photos: strict base64 of a JPEG or PNG within the size limit.

The contract's ``PhotoBase64`` schema fixes the alphabet and padding (RFC 4648
§4, no line breaks, no ``data:`` prefix), the accepted formats
(``x-image-formats``) and the decoded size limit (``x-max-decoded-bytes``).
``validate`` returns the decoded image bytes; Pillow must open, verify and
fully load them, so a truncated file with a valid header is rejected.

>>> png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg=='
>>> len(validate(png))
67
>>> validate('data:image/png;base64,' + png)
Traceback (most recent call last):
    ...
conformance.contract.photos.InvalidPhoto: base64: not strict padded standard base64
"""

from __future__ import annotations

import base64
import binascii
import functools
import io
import re
import warnings

from PIL import Image

from .. import spec

__all__ = ["REASONS", "InvalidPhoto", "PhotoTooLarge", "decode", "validate", "is_valid", "max_base64_length"]

REASONS = ("base64", "too-large", "image")


class InvalidPhoto(ValueError):
    """The photo breaks one rule; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}")


class PhotoTooLarge(InvalidPhoto):
    """The decoded photo is over ``spec.max_photo_bytes()`` (its own error row)."""

    def __init__(self, size: int) -> None:
        super().__init__("too-large", f"{size} bytes decoded, limit {spec.max_photo_bytes()}")


@functools.cache
def _pattern() -> re.Pattern[str]:
    return re.compile(spec.load()["components"]["schemas"]["PhotoBase64"]["pattern"])


def max_base64_length() -> int:
    """The longest base64 text a photo within the limit can have (4 per 3 bytes, padded)."""
    return -(-spec.max_photo_bytes() // 3) * 4


def decode(value: object) -> bytes:
    """The bytes of strict, padded, standard base64 text; ``InvalidPhoto`` otherwise.

    ``b64decode(validate=True)`` alone still accepts an empty string and
    missing padding in some inputs, so the contract's pattern is checked first.
    """
    if not isinstance(value, str) or not value.isascii() or not _pattern().fullmatch(value):
        raise InvalidPhoto("base64", "not strict padded standard base64")
    if len(value) > max_base64_length():  # over the limit whatever the padding: no need to decode
        raise PhotoTooLarge(len(value) // 4 * 3 - (len(value) - len(value.rstrip("="))))
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise InvalidPhoto("base64", "not strict padded standard base64") from None


def validate(value: object) -> bytes:
    """The decoded image if the text is a valid photo, else ``InvalidPhoto``/``PhotoTooLarge``."""
    data = decode(value)
    if len(data) > spec.max_photo_bytes():
        raise PhotoTooLarge(len(data))
    formats = spec.image_formats()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as image:
                image.verify()  # PNG chunk checksums and end marker, which load() forgives
            with Image.open(io.BytesIO(data), formats=formats) as image:
                image.load()  # every pixel decodes (a truncated JPEG fails here)
    except Exception:  # Pillow raises many types for bad data (OSError, SyntaxError, ValueError, bombs...)
        raise InvalidPhoto("image", f"not an image Pillow can load as {' or '.join(formats)}") from None
    return data


def is_valid(value: object) -> bool:
    """Whether ``validate`` accepts the text."""
    try:
        validate(value)
    except InvalidPhoto:
        return False
    return True
