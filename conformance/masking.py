"""Masking of personal data and redaction of secrets for anything printed or written.

Names keep their first character, ID numbers their region code and last four
characters, phone numbers their first three and last four digits; photos are
shown by size and hash. Secrets (``Authorization``, keys) are never shown.

>>> mask_name("张三丰")
'张**'
>>> mask_id_number("11010519491231002X")
'110105********002X'
>>> mask_phone("13800138000")
'138****8000'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["REDACTED", "SECRET_HEADERS", "mask_name", "mask_id_number", "mask_phone", "mask_body", "mask_body_bytes", "redact_headers"]

REDACTED = "<redacted>"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-app-key"})


def mask_name(name: str) -> str:
    """First character, then one ``*`` per remaining character."""
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_id_number(number: str) -> str:
    """Region code (6) and last four kept; everything between starred."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(number: str) -> str:
    """First three and last four digits kept."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def _photo(value: str) -> str:
    return f"<base64 {len(value)} chars sha256:{hashlib.sha256(value.encode('utf-8', 'replace')).hexdigest()[:12]}>"


_MASKERS = {"name": mask_name, "idNumber": mask_id_number, "phoneNumber": mask_phone, "photoBase64Str": _photo}


def mask_body(body: Any) -> Any:
    """A copy of a decoded JSON body with personal fields masked (any depth)."""
    if isinstance(body, Mapping):
        return {
            k: (_MASKERS[k](v) if k in _MASKERS and isinstance(v, str) else mask_body(v))
            for k, v in body.items()
        }
    if isinstance(body, list):
        return [mask_body(v) for v in body]
    return body


def mask_body_bytes(body: bytes, limit: int = 2000) -> str:
    """A printable rendering of request body bytes, personal fields masked.

    A body that is not a JSON object is shown only by size and hash: its
    content cannot be masked field by field, so it is not shown at all.
    """
    try:
        decoded = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        decoded = None
    if not isinstance(decoded, (dict, list)):
        return f"<{len(body)} bytes, not a JSON object, sha256:{hashlib.sha256(body).hexdigest()[:12]}>" if body else ""
    text = json.dumps(mask_body(decoded), ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= limit else text[:limit] + "…"


def redact_headers(headers: Iterable[tuple[str, str]] | Mapping[str, str], secrets: Iterable[str] = ()) -> dict[str, str]:
    """Headers with secret values replaced; ``secrets`` are extra strings (keys) scrubbed anywhere."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    scrub = [s for s in secrets if s]
    out: dict[str, str] = {}
    for name, value in items:
        if name.lower() in SECRET_HEADERS:
            value = REDACTED
        for secret in scrub:
            value = value.replace(secret, REDACTED)
        out[name] = value
    return out
