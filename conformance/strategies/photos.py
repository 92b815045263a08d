"""Photos as the upload takes them: standard padded base64 of real JPEG and PNG images.

Small images are drawn by hypothesis (format, mode, size, a 2×2 tile of
content scaled up, encoder options) and shrink to a 1×1 image. Large ones,
up to exactly the contract's decoded size limit, come from a pool rendered
once per process on first use (noise, so that they do not compress) and
padded to an exact byte size with a PNG text chunk or a JPEG comment. The
accepted formats and the size limit are read from the contract's
``PhotoBase64`` schema.

>>> import base64, io
>>> from hypothesis import find
>>> from PIL import Image
>>> Image.open(io.BytesIO(base64.b64decode(find(photos(), lambda s: True)))).size
(1, 1)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st
from PIL import Image, ImageMode, PngImagePlugin, features

from conformance import spec
from conformance.strategies import rules
from conformance.strategies.invalid import Invalid, Reason, by_reason

__all__ = ["defects", "encode", "images", "pooled_photos", "photos", "invalid_photos", "too_large_sizes", "too_long_sizes"]

_SCHEMA = "PhotoBase64"
_MODES = {"JPEG": ("L", "RGB", "CMYK"), "PNG": ("L", "RGB", "RGBA", "P")}
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png"}
#: Formats Pillow writes that a server may be handed instead of an accepted one.
_OTHER_FORMATS = ("GIF", "BMP", "TIFF", "WEBP")
_MAX_SIDE = 64
_NOT_BASE64 = "!#$%&*.:;?@~^,é中 \u00a0"
_NOT_IMAGE_HEADS = (b"%PDF-1.7\n", b"PK\x03\x04", b"<!DOCTYPE html>", b'{"name": ', "身份证".encode())


def encode(data: bytes) -> str:
    """Standard padded base64, no line breaks."""
    return base64.b64encode(data).decode("ascii")


def _formats(formats: Iterable[str] | None) -> list[str]:
    accepted = spec.image_formats()
    chosen = accepted if formats is None else [f for f in accepted if f in set(formats)]
    if not chosen:
        raise ValueError(f"formats must name one of {accepted}")
    return chosen


def _save(im: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return out.getvalue()


@st.composite
def _drawn(draw: st.DrawFn, formats: list[str]) -> tuple[str, bytes]:
    """A small image's format and bytes: format, mode, size, a 2×2 tile of content scaled up, encoder options."""
    fmt = draw(st.sampled_from(formats))
    mode = draw(st.sampled_from(_MODES.get(fmt, ("RGB",))))
    size = (draw(st.integers(1, _MAX_SIDE)), draw(st.integers(1, _MAX_SIDE)))
    bands = len(ImageMode.getmode(mode).bands)
    tile = Image.frombytes(mode, (2, 2), draw(st.binary(min_size=4 * bands, max_size=4 * bands)))
    resample = Image.Resampling.NEAREST if mode == "P" else Image.Resampling.BILINEAR
    options = {"quality": draw(st.integers(10, 95)), "progressive": draw(st.booleans())} if fmt == "JPEG" else {}
    return fmt, _save(tile.resize(size, resample), fmt, **options)


def images(formats: Iterable[str] | None = None) -> st.SearchStrategy[bytes]:
    """The bytes of a small real image (up to 64×64) in an accepted format (or those of ``formats``)."""
    return _drawn(_formats(formats)).map(lambda pair: pair[1])


def _noise(w: int, h: int) -> Image.Image:
    """Incompressible but deterministic pixels (no randomness outside hypothesis)."""
    return Image.frombytes("RGB", (w, h), hashlib.shake_256(f"{w}x{h}".encode()).digest(3 * w * h))


# How each format carries padding: (bytes of overhead, most padding one block carries, save options for n bytes).
_KEY = "Comment"
_PADDING = {
    "PNG": (12 + len(_KEY) + 1, None, lambda n: {"pnginfo": _png_text(n)} if n else {}),  # a tEXt chunk
    "JPEG": (4, 65533 - 2, lambda n: {"quality": 90, "comment": b"x" * n}),  # a COM segment
}


def _png_text(n: int) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text(_KEY, "x" * n)
    return info


@functools.cache
def _exact(fmt: str, size: int) -> str:
    """Base64 of a ``fmt`` image of exactly ``size`` bytes: noise just under it, then padding."""
    overhead, most, options = _PADDING[fmt]
    room = (overhead + (most or 4096)) // 2  # the padding aimed at
    width, height = 512, max(1, size // (3 * 512))
    for _ in range(8):
        im = _noise(width, height)
        data = _save(im, fmt, **options(0))
        left = size - len(data)
        if overhead < left and (most is None or left <= most + overhead):
            padded = _save(im, fmt, **options(left - overhead))  # padding of 0 bytes adds no block
            if len(padded) != size:
                raise AssertionError(f"{fmt} padding is not {overhead} bytes in this Pillow")
            return encode(padded)
        height = max(1, round(height * (size - room) / len(data)))
    raise AssertionError(f"no {fmt} image of {size} bytes")


def _pool_sizes() -> list[int]:
    limit = spec.max_photo_bytes()
    return [limit // 4, limit]


def _pool(formats: list[str]) -> list[tuple[int, str]]:
    return sorted((size, fmt) for fmt in formats if fmt in _PADDING for size in _pool_sizes())


def pooled_photos(formats: Iterable[str] | None = None) -> st.SearchStrategy[str]:
    """Large photos from the pool: a quarter of the size limit and exactly the limit (smallest first)."""
    return st.sampled_from(_pool(_formats(formats))).map(lambda entry: _exact(entry[1], entry[0]))


@st.composite
def photos(draw: st.DrawFn, formats: Iterable[str] | None = None) -> str:
    """Base64 of a valid photo: a small drawn image, or a large pooled one up to exactly the limit.

    ``formats`` narrows to some of the accepted formats (``photos(formats={"PNG"})``).
    """
    chosen = _formats(formats)
    small = draw(_drawn(chosen))
    # Drawn after the small image, so that every example holds its choices and
    # shrinking from a pooled photo can always fall back to the small one.
    large = draw(st.one_of(st.none(), st.sampled_from(_pool(chosen))))
    return encode(small[1]) if large is None else _exact(large[1], large[0])


# --- invalid photos: a valid one plus one defect --------------------------------------------------

def _b64_length(n: int) -> int:
    return 4 * -(-n // 3)


def too_large_sizes() -> list[int]:
    """Decoded sizes over the limit whose base64 still fits the schema's maxLength (a domain-level defect)."""
    limit, longest = spec.max_photo_bytes(), rules.max_length(_SCHEMA)
    return [n for n in (limit + 1, limit + 2) if _b64_length(n) <= longest]


def too_long_sizes() -> list[int]:
    """Decoded sizes whose base64 is just over the schema's maxLength: the first such, and 3 KiB more.

    Kept just over: a much larger body is over a server's body limit
    (``body_too_large``), which is no longer a defect of the photo field.
    """
    first = 3 * (rules.max_length(_SCHEMA) // 4) + 1
    return [first, first + 3 * 1024]


def _oversized(sizes: list[int]) -> st.SearchStrategy[str]:
    entries = sorted((size, fmt) for fmt in spec.image_formats() if fmt in _PADDING for size in sizes)
    return st.sampled_from(entries).map(lambda entry: _exact(entry[1], entry[0]))


def _small() -> st.SearchStrategy[tuple[str, bytes]]:
    return _drawn(spec.image_formats())


@st.composite
def _bad_alphabet(draw: st.DrawFn) -> str:
    text = encode(draw(_small())[1])
    at = draw(st.integers(0, len(text) - 1))
    return text[:at] + draw(st.sampled_from(_NOT_BASE64)) + text[at + 1:]


@st.composite
def _bad_padding(draw: st.DrawFn) -> str:
    text = encode(draw(_small())[1])
    body = text.rstrip("=")
    kinds = ["extra", "inside"] + (["missing"] if body != text else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "missing":
        return body
    if kind == "extra":
        return text + "=" * draw(st.integers(1, 2))
    at = 4 * draw(st.integers(1, max(1, len(body) // 4 - 1)))
    return body[:at] + "==" + body[at:]


def _url_safe() -> st.SearchStrategy[str]:
    return _small().map(lambda pair: base64.urlsafe_b64encode(pair[1]).decode("ascii")).filter(
        lambda s: "-" in s or "_" in s
    )


def _data_uri() -> st.SearchStrategy[str]:
    return _small().map(lambda pair: f"data:{_MIME.get(pair[0], 'image/' + pair[0].lower())};base64,{encode(pair[1])}")


@st.composite
def _line_breaks(draw: st.DrawFn) -> str:
    lines = base64.encodebytes(draw(_small())[1]).decode("ascii")  # MIME: 76 characters a line
    return lines.replace("\n", "\r\n") if draw(st.booleans()) else lines


@st.composite
def _not_an_image(draw: st.DrawFn) -> str:
    return encode(draw(st.sampled_from(_NOT_IMAGE_HEADS)) + draw(st.binary(max_size=64)))


@st.composite
def _truncated(draw: st.DrawFn) -> str:
    data = draw(_small())[1]
    return encode(data[: draw(st.integers(1, len(data) // 2))])  # cut in the header or the pixel data


def _other_formats() -> list[str]:
    accepted = set(spec.image_formats())
    return [f for f in _OTHER_FORMATS if f not in accepted and (f != "WEBP" or features.check("webp"))]


@st.composite
def _wrong_format(draw: st.DrawFn) -> str:
    fmt = draw(st.sampled_from(_other_formats()))
    size = (draw(st.integers(1, _MAX_SIDE)), draw(st.integers(1, _MAX_SIDE)))
    colour = tuple(draw(st.binary(min_size=3, max_size=3)))
    return encode(_save(Image.new("RGB", size, colour), fmt))


def defects() -> dict[Reason, Callable[[], st.SearchStrategy[Any]]]:
    """Reason → builder of the raw invalid values; the keys are the reasons :func:`invalid_photos` knows."""
    builders: dict[Reason, Callable[[], st.SearchStrategy[Any]]] = {
        Reason.ALPHABET: lambda: _bad_alphabet(),
        Reason.PADDING: lambda: _bad_padding(),
        Reason.URL_SAFE: _url_safe,
        Reason.DATA_URI: _data_uri,
        Reason.LINE_BREAKS: lambda: _line_breaks(),
        Reason.EMPTY: lambda: st.just(""),
        Reason.TRAILING_NEWLINE: lambda: _small().map(lambda pair: encode(pair[1]) + "\n"),
        Reason.NOT_AN_IMAGE: lambda: _not_an_image(),
        Reason.TRUNCATED: lambda: _truncated(),
        Reason.WRONG_FORMAT: lambda: _wrong_format(),
        Reason.TOO_LARGE: lambda: _oversized(too_large_sizes()),
        Reason.TOO_LONG: lambda: _oversized(too_long_sizes()),
    }
    if not too_large_sizes():
        del builders[Reason.TOO_LARGE]
    return builders


def invalid_photos(reasons: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """A ``photoBase64Str`` the contract rejects, labelled with why; ``reasons`` narrows.

    Schema-level: ``alphabet``, ``padding``, ``url-safe``, ``data-uri``, ``line-breaks``,
    ``empty``, ``too-long`` (base64 over maxLength), ``trailing-newline``.
    Domain-level (strict base64 that decodes): ``not-an-image``, ``truncated``,
    ``wrong-format`` (GIF, BMP …), ``too-large`` (decoded over the limit while
    the base64 still fits maxLength). ``too-large`` and ``too-long`` expect the
    contract's 413 row (see :meth:`Invalid.error`).
    """
    return by_reason(defects(), reasons, rules.field_for(_SCHEMA))
