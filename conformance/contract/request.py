"""Checking one request against the contract, framework-free.

The reference server and the contract mock both call ``check_request`` so
they reject the same requests with the same error row. The rules run in
this order; the first one broken decides the answer:

1. the path is one of the contract's (``unknown_path``), then the method
   (``wrong_method``);
2. ``H-XM-AppId`` present (``missing_app_id``) and issued (``unknown_app_id``);
3. ``Authorization`` present (``missing_signature``);
4. ``H-XM-V`` present (``missing_header``) and ``2.0`` (``wrong_version``);
5. ``Content-Type`` is application/json with charset UTF-8 in any case and
   spacing, or no charset (``wrong_content_type``; an absent Content-Type is
   an unsupported one too, as HTTP's 415 means);
6. the body is within the byte limit (``body_too_large``) — everything
   above needs only the head, so a server decides it before reading more
   than the limit (``check_head``);
7. the signature over the bytes received — path and raw query as on the
   wire, body unparsed (``bad_signature``);
8. the appId's rate-limit window (``rate_limited``): only signed requests
   count, so nobody who merely knows an appId can exhaust its quota, and a
   signed request with a bad body still costs one;
9. the body is UTF-8 (``invalid_encoding``) and exactly one JSON object
   (``invalid_json``): no trailing bytes (so a length-extended body fails),
   no ``NaN``/``Infinity``, no duplicate keys (parsers disagree on which one
   wins, so the signed bytes would not say one thing), no unpaired surrogate
   escapes (not representable in UTF-8), nesting within Python's limits;
10. the operation's body rules (``conformance.contract.body``).

>>> from conformance import signing
>>> body = '{"name":"小米","idNumber":"11010519491231002X"}'.encode()
>>> headers = {"H-XM-AppId": "a", "H-XM-V": "2.0", "Content-Type": "application/json;charset=UTF-8",
...            "Authorization": signing.sign("k", "POST", "/identity/authentication", body=body)}
>>> check_request("POST", "/identity/authentication", headers, body, {"a": "k"})
Accepted(app_id='a', body={'name': '小米', 'idNumber': '11010519491231002X'}, quota=None)
>>> check_request("POST", "/identity/authentication", headers, body + b" {}", {"a": "k"}).error_key
'bad_signature'
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from .. import signing, spec
from ..signing import split_target
from .body import BodyValidator, check_body
from .outcome import Accepted, Rejected
from .ratelimit import RateLimiter

__all__ = ["check_request", "check_head", "check_payload", "parse_json", "InvalidJson", "content_type_ok", "split_target", "LowerHeaders"]

APP_ID_HEADER = "h-xm-appid"
VERSION_HEADER = "h-xm-v"
SIGNATURE_HEADER = "authorization"


class InvalidJson(ValueError):
    """The body is not exactly one JSON object (the reason is for logs, never for the answer)."""


@functools.cache
def _operations() -> dict[bytes, frozenset[str]]:
    return {path.encode("ascii"): frozenset(m.upper() for m in item if m != "parameters") for path, item in spec.load()["paths"].items()}


@functools.lru_cache(maxsize=64)  # header values are client-chosen: keep the cache bounded
def _media_type(value: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """``(type, ((param, value), ...))`` lower-cased, or ``None`` if unparsable."""
    kind, *params = value.split(";")
    parsed = []
    for param in params:
        name, eq, val = param.partition("=")
        if not eq:
            return None
        parsed.append((name.strip().lower(), val.strip().strip('"').lower()))
    return kind.strip().lower(), tuple(parsed)


@functools.lru_cache(maxsize=64)
def content_type_ok(value: str) -> bool:
    """Whether a Content-Type is the contract's media type with its charset (any case/spacing) or none."""
    want = _media_type(spec.CONTENT_TYPE)
    got = _media_type(value)
    if want is None or got is None or got[0] != want[0]:
        return False
    return got[1] in ((), want[1])


class LowerHeaders(dict[str, str]):
    """Headers whose names are already lower-case (a server builds these once per request; nothing re-lowers them)."""


def _lower(headers: Mapping[str, str]) -> Mapping[str, str]:
    if type(headers) is LowerHeaders:
        return headers
    return {k.lower(): v for k, v in headers.items()}


def check_head(method: str, target: str | bytes, headers: Mapping[str, str], apps: Mapping[str, str], *, max_body_bytes: int | None = None) -> Rejected | None:
    """Rules 1-6: everything decidable before reading the body (``Content-Length`` for 6)."""
    path, _query = split_target(target)
    methods = _operations().get(path)
    if methods is None:
        return Rejected("unknown_path")
    if method.upper() not in methods:
        return Rejected("wrong_method")
    h = _lower(headers)
    app_id = h.get(APP_ID_HEADER, "")
    if not app_id:
        return Rejected("missing_app_id")
    if app_id not in apps:
        return Rejected("unknown_app_id")
    if not h.get(SIGNATURE_HEADER):
        return Rejected("missing_signature", app_id=app_id)
    version = h.get(VERSION_HEADER, "")
    if not version:
        return Rejected("missing_header", {"header": "H-XM-V"}, app_id=app_id)
    if version != spec.API_VERSION:
        return Rejected("wrong_version", app_id=app_id)
    if not content_type_ok(h.get("content-type", "")):
        return Rejected("wrong_content_type", app_id=app_id)
    if max_body_bytes is not None:
        length = h.get("content-length", "")
        if length.isdigit() and int(length) > max_body_bytes:
            return Rejected("body_too_large", app_id=app_id)
    return None


def _no_constant(name: str) -> Any:
    raise InvalidJson(f"{name} is not JSON")


def _check_strings(value: Any) -> None:
    """``InvalidJson`` if any key or string in ``value`` holds an unpaired surrogate."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidJson("unpaired surrogate escape") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise InvalidJson("duplicate key")
    return result


_JSON_WHITESPACE = " \t\n\r"
_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_constant=_no_constant)
"""Built once: ``json.loads`` with hooks builds a decoder per call, which costs more than the parse."""


def parse_json(text: str) -> dict[str, Any]:
    """Exactly one JSON object (strict, see the module docs), else ``InvalidJson``."""
    try:
        # raw_decode on the text without its outer JSON whitespace: what ``decode`` does, with fewer steps
        stripped = text.strip(_JSON_WHITESPACE)
        value, end = _DECODER.raw_decode(stripped)
        if end != len(stripped):
            raise InvalidJson("extra data")
        if not isinstance(value, dict):
            raise InvalidJson("not an object")
        if "\\u" in text:
            _check_strings(value)
        else:  # every string is a slice of ``text``: if ``text`` encodes, they all do
            text.encode("utf-8")
    except InvalidJson:
        raise
    except UnicodeEncodeError:
        raise InvalidJson("unpaired surrogate") from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, over-long integers, deep nesting
        raise InvalidJson(type(exc).__name__) from None
    return value


def check_payload(
    method: str,
    target: str | bytes,
    headers: Mapping[str, str],
    body: bytes,
    apps: Mapping[str, str],
    digest: signing.Digest = "raw",
    *,
    limiter: RateLimiter | None = None,
    max_body_bytes: int | None = None,
    validate_body: BodyValidator = check_body,
) -> Accepted | Rejected:
    """Rules 6-10, for a request whose head ``check_head`` passed."""
    h = _lower(headers)
    app_id = h[APP_ID_HEADER]
    if max_body_bytes is not None and len(body) > max_body_bytes:
        return Rejected("body_too_large", app_id=app_id)
    path, query = split_target(target)
    if not signing.verify(h[SIGNATURE_HEADER], apps[app_id], method, path, query, body, digest):
        return Rejected("bad_signature", app_id=app_id)
    quota = None
    if limiter is not None:
        allowed, quota = limiter.hit(app_id)
        if not allowed:
            return Rejected("rate_limited", app_id=app_id, quota=quota)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejected("invalid_encoding", app_id=app_id, quota=quota)
    try:
        parsed = parse_json(text)
    except InvalidJson:
        return Rejected("invalid_json", app_id=app_id, quota=quota)
    rejected = validate_body(path.decode("ascii"), parsed)
    if rejected is not None:
        return Rejected(rejected.error_key, rejected.names, app_id=app_id, quota=quota)
    return Accepted(app_id, parsed, quota)


def check_request(
    method: str,
    target: str | bytes,
    headers: Mapping[str, str],
    body: bytes,
    apps: Mapping[str, str],
    digest: signing.Digest = "raw",
    *,
    limiter: RateLimiter | None = None,
    max_body_bytes: int | None = None,
    validate_body: BodyValidator = check_body,
) -> Accepted | Rejected:
    """Every rule, in the module's order: the first one broken is the answer.

    ``target`` is the path with the raw query (``/p?q``) as on the wire;
    ``apps`` maps each issued appId to its key. Without a ``limiter`` no
    quota is counted; without ``max_body_bytes`` no size limit applies.
    """
    return check_head(method, target, headers, apps, max_body_bytes=max_body_bytes) or check_payload(
        method, target, headers, body, apps, digest, limiter=limiter, max_body_bytes=max_body_bytes, validate_body=validate_body
    )
