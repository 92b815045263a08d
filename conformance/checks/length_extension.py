"""MD5 length extension, to forge a signature for ``body + padding + suffix`` without the key.

hashlib cannot resume from a digest, and no well-kept library does MD5 length
extension (``hlextend`` is unmaintained), so the compression function is written
out here (RFC 1321); it is checked against hashlib in the tests.

>>> import hashlib, base64
>>> secret, message = b"key", b"POST/p{}"
>>> digest = hashlib.md5(secret + message).digest()
>>> glue, forged = extend(digest, len(secret) + len(message), b"!")
>>> forged == hashlib.md5(secret + message + glue + b"!").digest()
True
"""

from __future__ import annotations

import math
import struct

__all__ = ["padding", "extend"]

_S = [7, 12, 17, 22] * 4 + [5, 9, 14, 20] * 4 + [4, 11, 16, 23] * 4 + [6, 10, 15, 21] * 4
_K = [int(abs(math.sin(i + 1)) * 2**32) & 0xFFFFFFFF for i in range(64)]


def padding(length: int) -> bytes:
    """MD5's padding for a message of ``length`` bytes."""
    return b"\x80" + b"\x00" * ((55 - length) % 64) + struct.pack("<Q", (length * 8) & 0xFFFFFFFFFFFFFFFF)


def _compress(state: list[int], block: bytes) -> list[int]:
    a, b, c, d = state
    words = struct.unpack("<16I", block)
    for i in range(64):
        if i < 16:
            f, g = (b & c) | (~b & d), i
        elif i < 32:
            f, g = (d & b) | (~d & c), (5 * i + 1) % 16
        elif i < 48:
            f, g = b ^ c ^ d, (3 * i + 5) % 16
        else:
            f, g = c ^ (b | ~d), (7 * i) % 16
        f = (f + a + _K[i] + words[g]) & 0xFFFFFFFF
        a, d, c = d, c, b
        b = (b + ((f << _S[i]) | (f >> (32 - _S[i])))) & 0xFFFFFFFF
    return [(x + y) & 0xFFFFFFFF for x, y in zip(state, (a, b, c, d))]


def extend(digest: bytes, signed_length: int, suffix: bytes) -> tuple[bytes, bytes]:
    """``(glue, forged_digest)``: MD5 of ``signed + glue + suffix``, knowing only MD5(signed) and its length."""
    glue = padding(signed_length)
    total = signed_length + len(glue) + len(suffix)
    tail = suffix + padding(total)
    state = list(struct.unpack("<4I", digest))
    for i in range(0, len(tail), 64):
        state = _compress(state, tail[i:i + 64])
    return glue, struct.pack("<4I", *state)
