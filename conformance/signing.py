"""The provider's Authorization signing rule.

The signature is MD5 over the concatenation, with no separators, of the
appKey, the upper-case method, the resource path, the query string as it
appears in the URL and the body bytes exactly as sent, base64-encoded. The
docs leave open whether the raw 16-byte digest or its 32-character hex form
is base64-encoded: ``raw`` is the contract's default, ``hex`` is selectable.

Bytes are signed, never text: the same JSON with ``\\uXXXX`` escapes instead
of raw UTF-8 Chinese is another body with another signature.

>>> sign("secret", "POST", "/identity/authentication", body=b'{"a":1}')
'JRzxcEh5fmu09aaJfXa2iw=='
>>> verify('JRzxcEh5fmu09aaJfXa2iw==', "secret", "POST", "/identity/authentication", body=b'{"a":1}')
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Literal

__all__ = ["Digest", "DIGESTS", "METHODS", "SigningError", "split_target", "canonical_bytes", "sign", "verify", "explain"]

Digest = Literal["raw", "hex"]
DIGESTS: tuple[Digest, ...] = ("raw", "hex")
METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})
MASK = "***"


class SigningError(ValueError):
    """The inputs cannot be signed (bad method, path or digest name)."""


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def split_target(target: str | bytes) -> tuple[bytes, bytes]:
    """``(path, query)`` bytes of a request target as on the wire (``/p?q``): parts 3 and 4 of the rule."""
    raw = target.encode("latin-1") if isinstance(target, str) else target
    path, _, query = raw.partition(b"?")
    return path, query


def canonical_bytes(app_key: str | bytes, method: str, path: str | bytes, query: str | bytes = b"", body: bytes = b"") -> bytes:
    """The exact bytes that are hashed: key + METHOD + path + query + body.

    ``query`` is the part after ``?`` exactly as in the URL (percent-encoding
    kept, parameters in URL order); ``body`` the bytes on the wire.
    """
    if method.upper() not in METHODS:
        raise SigningError(f"unknown HTTP method {method!r}; expected one of {', '.join(sorted(METHODS))}")
    path_bytes = _as_bytes(path)
    if not path_bytes.startswith(b"/"):
        raise SigningError(f"path must start with '/': {path_bytes.decode('utf-8', 'replace')!r}")
    return _as_bytes(app_key) + method.upper().encode("ascii") + path_bytes + _as_bytes(query) + body


def _encode(digest: bytes, variant: Digest) -> str:
    if variant == "raw":
        return base64.b64encode(digest).decode("ascii")
    if variant == "hex":
        return base64.b64encode(digest.hex().encode("ascii")).decode("ascii")
    raise SigningError(f"unknown digest variant {variant!r}; expected raw or hex")


def sign(app_key: str | bytes, method: str, path: str | bytes, query: str | bytes = b"", body: bytes = b"", digest: Digest = "raw") -> str:
    """The ``Authorization`` value for one request."""
    # hashlib's MD5 is the rule's hash; usedforsecurity=False keeps FIPS builds working.
    md5 = hashlib.md5(canonical_bytes(app_key, method, path, query, body), usedforsecurity=False).digest()
    return _encode(md5, digest)


def verify(signature: str | None, app_key: str | bytes, method: str, path: str | bytes, query: str | bytes = b"", body: bytes = b"", digest: Digest = "raw") -> bool:
    """Whether ``signature`` is right for the request, compared in constant time."""
    if not signature:
        return False
    expected = sign(app_key, method, path, query, body, digest)
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace"))


def explain(method: str, path: str | bytes, query: str | bytes = b"", body: bytes = b"", body_shown: str | None = None) -> str:
    """The canonical string with the key replaced by ``***``, for logs.

    ``body_shown`` replaces the body text (callers pass a masked rendering so
    that no personal data is printed); the byte count is always the real one.
    """
    shown = body_shown if body_shown is not None else body.decode("utf-8", "replace")
    head = MASK + method.upper() + _as_bytes(path).decode("utf-8", "replace") + _as_bytes(query).decode("utf-8", "replace")
    return head + shown
