"""Answers as the contract shapes them: the envelope, the status and every contract header.

Every answer, success or error, carries ``Date`` (IMF-fixdate, GMT, once),
``Content-Type`` (exactly the contract's), ``Content-Length``, the three
``X-RateLimit-*`` headers and a fresh UUID v4 ``XM-Request-Id``. Bodies are
UTF-8 JSON with Chinese text unescaped, as in the provider's examples.

The verification outcome is a ``resultCode`` of the contract's enum; which
code means what is read from the enum's descriptions (``verified``,
``another name``, ``no record``), so renumbering the enum needs no code change.

>>> r = failure("bad_signature", Quota(100, 99, 60000))
>>> r.status, r.body
(401, b'{"rtnCode":40102,"rtnMsg":"signature mismatch","data":null}')
>>> dict(r.headers)["X-RateLimit-Remaining"]
'99'
>>> registry = {"11010519491231002X": "小米"}.get
>>> [verify_identity(registry, n, i) for n, i in [("小米", "11010519491231002X"), ("大米", "11010519491231002X"), ("小米", "110103199001010026")]]
[0, 1, 2]
"""

from __future__ import annotations

import functools
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

from .. import spec
from .outcome import Rejected
from .ratelimit import Quota

__all__ = [
    "Response", "success", "failure", "rejection", "verify_identity", "authentication_data", "photo_data",
    "MATCH", "MISMATCH", "NO_RECORD", "result_description",
]


@dataclass(frozen=True)
class Response:
    """A complete answer: ``headers`` hold every contract header, in a fixed order."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    rtn_code: int
    request_id: str


def _result_code(phrase: str) -> int:
    (code,) = [code for code, text in spec.result_codes().items() if phrase in text]
    return code


MATCH = _result_code("verified")
"""resultCode: the name is the one registered for the number."""
MISMATCH = _result_code("another name")
"""resultCode: the number is registered under another name."""
NO_RECORD = _result_code("no record")
"""resultCode: the registry has no such number."""


def result_description(code: int) -> str:
    """``resultDesc`` for a code: the Chinese half of its enum description (the provider's example is 验证通过)."""
    return spec.result_codes()[code].split(" / ")[0].strip()


def verify_identity(lookup: Callable[[str], str | None], name: str, id_number: str) -> int:
    """The resultCode for a pair, ``lookup`` giving the name registered for a number (or ``None``)."""
    registered = lookup(id_number)
    if registered is None:
        return NO_RECORD
    return MATCH if registered == name else MISMATCH


def authentication_data(code: int) -> dict[str, Any]:
    """``data`` of a verification answer."""
    return {"resultCode": code, "resultDesc": result_description(code)}


@functools.cache
def _bucket() -> str:
    return spec.load()["components"]["schemas"]["IdentityInfo"]["properties"]["bucket"]["const"]


def photo_data(photo_id: str, photo_type: int) -> dict[str, Any]:
    """``data`` of an upload answer."""
    return {"identityInfo": {"bucket": _bucket(), "photoId": photo_id, "photoType": photo_type}}


@functools.cache
def _success_envelope() -> tuple[int, str]:
    props = spec.load()["components"]["schemas"]["SuccessEnvelope"]["allOf"][1]["properties"]
    return props["rtnCode"]["const"], props["rtnMsg"]["const"]


@functools.lru_cache(maxsize=2)
def _http_date(second: int) -> str:
    return formatdate(second, usegmt=True)


def _build(status: int, rtn_code: int, rtn_msg: str, data: Any, quota: Quota, extra: Mapping[str, str] | None) -> Response:
    body = json.dumps({"rtnCode": rtn_code, "rtnMsg": rtn_msg, "data": data}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    request_id = str(uuid.uuid4())
    headers = [
        ("Date", _http_date(int(time.time()))),
        ("Content-Type", spec.CONTENT_TYPE),
        ("Content-Length", str(len(body))),
        ("X-RateLimit-Limit", str(quota.limit)),
        ("X-RateLimit-Remaining", str(quota.remaining)),
        ("X-RateLimit-Reset", str(quota.reset_ms)),
        ("XM-Request-Id", request_id),
        *(extra or {}).items(),
    ]
    return Response(status, headers, body, rtn_code, request_id)


def success(data: Any, quota: Quota, extra_headers: Mapping[str, str] | None = None) -> Response:
    """HTTP 200 with ``rtnCode`` 0 and ``rtnMsg`` "success" (both read from the contract)."""
    rtn_code, rtn_msg = _success_envelope()
    return _build(200, rtn_code, rtn_msg, data, quota, extra_headers)


def failure(error_key: str, quota: Quota, names: Mapping[str, str] | None = None, extra_headers: Mapping[str, str] | None = None) -> Response:
    """The error table's row ``error_key``: its status, rtnCode and rtnMsg, ``data`` null."""
    row = spec.error(error_key)
    return _build(row.status, row.rtn_code, row.message(**(names or {})), None, quota, extra_headers)


def rejection(rejected: Rejected, quota: Quota, extra_headers: Mapping[str, str] | None = None) -> Response:
    """The answer to a ``Rejected`` request (its own quota, when counted, wins)."""
    return failure(rejected.error_key, rejected.quota or quota, rejected.names, extra_headers)
