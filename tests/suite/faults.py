"""Variants of the reference server that each break one rule, for the suite's fault-injection tests.

A fault is an ASGI wrapper around the faithful app (rewriting what goes in or
comes out) or a changed setting of the server; nothing in the reference
server itself knows about faults.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from conformance import signing
from conformance.contract import check_body
from conformance.server.sandbox import SANDBOX_APP_KEY, SANDBOX_IDENTITIES

ASGIApp = Callable[..., Any]
Headers = list[tuple[bytes, bytes]]


def rewrite_response(change: Callable[[int, Headers, bytes], tuple[int, Headers, bytes]]) -> Callable[[ASGIApp], ASGIApp]:
    """Buffer the app's answer, let ``change`` rewrite it, send it with a matching Content-Length."""
    def wrap(app: ASGIApp) -> ASGIApp:
        async def faulty(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            start: dict = {}
            chunks: list[bytes] = []

            async def capture(message):
                if message["type"] == "http.response.start":
                    start.update(message)
                else:
                    chunks.append(message.get("body", b""))
                    if not message.get("more_body"):
                        status, headers, body = change(start["status"], list(start["headers"]), b"".join(chunks))
                        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"] + [(b"content-length", str(len(body)).encode())]
                        await send({"type": "http.response.start", "status": status, "headers": headers})
                        await send({"type": "http.response.body", "body": body})

            await app(scope, receive, capture)
        return faulty
    return wrap


def rewrite_request(change: Callable[[str, Mapping[str, str], bytes], dict[str, str]]) -> Callable[[ASGIApp], ASGIApp]:
    """Read the whole request, let ``change`` return header replacements, pass it on."""
    def wrap(app: ASGIApp) -> ASGIApp:
        async def faulty(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            body = b""
            more = True
            while more:
                message = await receive()
                body += message.get("body", b"")
                more = message.get("more_body", False)
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            replaced = change(scope["path"], headers, body)
            if replaced:
                lowered = {k.lower(): v for k, v in replaced.items()}
                kept = [(k, v) for k, v in scope["headers"] if k.decode("latin-1") not in lowered]
                scope = {**scope, "headers": kept + [(k.encode(), v.encode("latin-1")) for k, v in lowered.items()]}
            sent = False

            async def replay():
                nonlocal sent
                if sent:
                    return {"type": "http.disconnect"}
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            await app(scope, replay, send)
        return faulty
    return wrap


def _header(name: str, value: str | None) -> Callable[[int, Headers, bytes], tuple[int, Headers, bytes]]:
    """Replace (or with ``None`` drop) a response header."""
    def change(status: int, headers: Headers, body: bytes):
        kept = [(k, v) for k, v in headers if k.lower() != name.lower().encode()]
        return status, kept + ([(name.lower().encode(), value.encode())] if value is not None else []), body
    return change


def _json(edit: Callable[[int, dict], tuple[int, dict]]) -> Callable[[int, Headers, bytes], tuple[int, Headers, bytes]]:
    def change(status: int, headers: Headers, body: bytes):
        status, decoded = edit(status, json.loads(body))
        return status, headers, json.dumps(decoded, ensure_ascii=False).encode()
    return change


def _right_signature(path: str, body: bytes) -> str:
    return signing.sign(SANDBOX_APP_KEY, "POST", path, b"", body)


def _accepts_any_signature(path: str, headers: Mapping[str, str], body: bytes) -> dict[str, str]:
    return {"authorization": _right_signature(path, body)}


def _signs_reserialised_json(path: str, headers: Mapping[str, str], body: bytes) -> dict[str, str]:
    """A server that verifies over json.dumps(json.loads(body)) instead of the bytes received."""
    try:
        canonical = json.dumps(json.loads(body)).encode()
    except ValueError:
        return {}
    ok = headers.get("authorization") == _right_signature(path, canonical)
    return {"authorization": _right_signature(path, body) if ok else "AAAAAAAAAAAAAAAAAAAAAA=="}


def _accepts_hex_digest(path: str, headers: Mapping[str, str], body: bytes) -> dict[str, str]:
    """A server that takes either digest variant."""
    hex_signature = signing.sign(SANDBOX_APP_KEY, "POST", path, b"", body, "hex")
    return {"authorization": _right_signature(path, body)} if headers.get("authorization") == hex_signature else {}


def _result_code(old: int, new: int):
    """An authentication answer whose resultCode ``old`` is reported as ``new``."""
    def edit(status: int, body: dict) -> tuple[int, dict]:
        data = body.get("data") or {}
        if data.get("resultCode") == old:
            body = {**body, "data": {**data, "resultCode": new}}
        return status, body
    return _json(edit)


def _defaults_version(path: str, headers: Mapping[str, str], body: bytes) -> dict[str, str]:
    return {} if "h-xm-v" in headers else {"h-xm-v": "2.0"}


def _validator_that(accepts: Callable[[str, Mapping[str, Any]], bool] = lambda p, b: False,
                    rejects: Callable[[str, Mapping[str, Any]], bool] = lambda p, b: False):
    """The contract's body validator, with one domain rule broken."""
    from conformance.contract.outcome import Rejected

    def validate(path: str, body: Mapping[str, Any]):
        if accepts(path, body):
            return None
        if rejects(path, body):
            field = "idNumber" if path.endswith("authentication") else "phoneNumber"
            return Rejected("invalid_id_number" if field == "idNumber" else "invalid_phone_number")
        return check_body(path, body)
    return validate


def _checksum_only_wrong(path: str, body: Mapping[str, Any]) -> bool:
    from stdnum.cn import ric
    number = body.get("idNumber")
    if not (isinstance(number, str) and len(number) == 18 and number[:17].isascii() and number[:17].isdigit()):
        return False
    fixed = number[:17] + ric.calc_check_digit(number)
    return fixed != number and check_body(path, {**body, "idNumber": fixed}) is None


def _uuid1_ids(status: int, headers: Headers, body: bytes):
    return _header("XM-Request-Id", str(uuid.uuid1()))(status, headers, body)


@dataclass(frozen=True)
class Fault:
    rule: str                      # the rule the suite must report failed
    select: str | tuple[str, ...]  # the suite file (and pytest arguments) that exercise it
    wrap: Callable[[ASGIApp], ASGIApp] | None = None
    config: dict[str, Any] = field(default_factory=dict)
    options: tuple[str, ...] = ()


CONSTANT_ID = str(uuid.uuid4())
SMALL_WINDOW = {"rate_limit": 5, "rate_window_ms": 1500}
SIGNING = "test_signing.py"
HEADERS = "test_headers.py"
AUTH = "test_authentication.py"
PHOTOS = "test_photos.py"

FAULTS: dict[str, Fault] = {
    "no-request-id": Fault("headers.once", HEADERS, rewrite_response(_header("XM-Request-Id", None))),
    "two-date-headers": Fault("headers.once", HEADERS, rewrite_response(
        lambda s, h, b: (s, h + [(b"date", b"Thu, 01 Jan 2026 00:00:00 GMT")], b))),
    "iso-date": Fault("headers.date", HEADERS, rewrite_response(_header("Date", "2026-12-04T20:00:00Z"))),
    "stale-date": Fault("headers.date", HEADERS, rewrite_response(_header("Date", "Thu, 15 May 2014 11:18:32 GMT"))),
    "bare-content-type": Fault("headers.content-type", HEADERS, rewrite_response(_header("Content-Type", "application/json"))),
    "uuid1-request-id": Fault("headers.request-id", HEADERS, rewrite_response(_uuid1_ids)),
    "constant-request-id": Fault("headers.request-id-unique", HEADERS, rewrite_response(_header("XM-Request-Id", CONSTANT_ID))),
    "remaining-above-limit": Fault("headers.rate-limit", HEADERS, rewrite_response(_header("X-RateLimit-Remaining", "99999999999"))),
    "remaining-constant": Fault("headers.rate-limit-decreasing", HEADERS, rewrite_response(_header("X-RateLimit-Remaining", "7"))),
    "error-without-data": Fault("envelope", HEADERS, rewrite_response(_json(
        lambda s, d: (s, {k: v for k, v in d.items() if k != "data" or s < 400})))),
    "success-rtnmsg-ok": Fault("signing.accepted", SIGNING, rewrite_response(_json(
        lambda s, d: (s, {**d, "rtnMsg": "ok"} if d["rtnCode"] == 0 else d)))),
    "unknown-app-as-401": Fault("signing.unknown-app-id", SIGNING, rewrite_response(_json(
        lambda s, d: (401, {**d, "rtnCode": 40102, "rtnMsg": "signature mismatch"}) if d["rtnCode"] == 40301 else (s, d)))),
    "ignores-signature": Fault("signing.wrong-key", (SIGNING, "-k", "authentication"), rewrite_request(_accepts_any_signature)),
    "signs-reserialised-json": Fault("signing.accepted", (SIGNING, "-k", "authentication"), rewrite_request(_signs_reserialised_json)),
    "defaults-missing-version": Fault("signing.version", SIGNING, rewrite_request(_defaults_version)),
    "accepts-hex-digest": Fault("signing.other-digest", (SIGNING, "-k", "other_digest"), rewrite_request(_accepts_hex_digest)),
    "missing-authorization-as-bad-signature": Fault("signing.missing-authorization", (SIGNING, "-k", "missing_header"), rewrite_response(_json(
        lambda s, d: (s, {**d, "rtnCode": 40102, "rtnMsg": "signature mismatch"}) if d["rtnCode"] == 40101 else (s, d)))),
    "missing-app-id-as-unknown": Fault("signing.missing-app-id", (SIGNING, "-k", "missing_header"), rewrite_response(_json(
        lambda s, d: (403, {**d, "rtnCode": 40301, "rtnMsg": "unknown appId"}) if d["rtnCode"] == 40103 else (s, d)))),
    "unknown-number-verified": Fault("authentication.unknown-identity", (AUTH, "-k", "unknown_number"), rewrite_response(_result_code(2, 0))),
    "mismatch-as-no-record": Fault("authentication.known-identity", (AUTH, "-k", "another_name"), rewrite_response(_result_code(1, 2)),
                                   options=("--identity", ":".join(SANDBOX_IDENTITIES[0]))),
    "too-large-photo-as-400": Fault("photos.invalid-rejected", (PHOTOS, "-k", "too-large"), rewrite_response(_json(
        lambda s, d: (400, {**d, "rtnCode": 40021, "rtnMsg": "invalid parameter: photoBase64Str"}) if d["rtnCode"] == 41302 else (s, d)))),
    "hex-digest-server": Fault("signing.accepted", SIGNING, config={"digest": "hex"}),
    "five-hundred-on-verification": Fault("server.no-5xx", (AUTH, "-k", "test_valid_bodies and any"), rewrite_response(_json(
        lambda s, d: (500, {"rtnCode": 50001, "rtnMsg": "internal error", "data": None}) if d.get("data", {}) and d["data"].get("resultCode") is not None else (s, d)))),
    "accepts-bad-checksum": Fault("authentication.invalid-rejected", (AUTH, "-k", "test_invalid_bodies and checksum"),
                                  config={"validate_body": _validator_that(accepts=_checksum_only_wrong)}),
    "rejects-x-check-character": Fault("authentication.valid-accepted", (AUTH, "-k", "test_valid_bodies and x-check"),
                                       config={"validate_body": _validator_that(rejects=lambda p, b: str(b.get("idNumber", "")).endswith("X"))}),
    "rejects-middle-dot-names": Fault("authentication.valid-accepted", (AUTH, "-k", "test_valid_bodies and middle-dot"),
                                      config={"validate_body": _validator_that(rejects=lambda p, b: "·" in str(b.get("name", "")))}),
    "rejects-iot-numbers": Fault("photos.valid-accepted", (PHOTOS, "-k", "test_valid_uploads and iot"),
                                 config={"validate_body": _validator_that(rejects=lambda p, b: str(b.get("phoneNumber", "")).startswith("106"))}),
    "photo-type-not-echoed": Fault("photos.valid-accepted", (PHOTOS, "-k", "test_valid_uploads and photo-type"), rewrite_response(_json(
        lambda s, d: (s, {**d, "data": {"identityInfo": {**d["data"]["identityInfo"], "photoType": 10}}}) if s == 200 else (s, d)))),
    "429-with-remaining": Fault("rate-limit.exhausted", "test_rate_limit.py", rewrite_response(
        lambda s, h, b: _header("X-RateLimit-Remaining", "3")(s, h, b) if s == 429 else (s, h, b)), config=SMALL_WINDOW, options=("--run-rate-limit",)),
    "reset-too-early": Fault("rate-limit.recovers", "test_rate_limit.py", rewrite_response(_header("X-RateLimit-Reset", "0")),
                             config=SMALL_WINDOW, options=("--run-rate-limit",)),
}
