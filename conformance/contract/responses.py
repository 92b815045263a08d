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
import os
import time
from collections.abc import Callable, Mapping
from email.utils import formatdate
from typing import Any, NamedTuple

from .. import spec
from .outcome import Rejected
from .ratelimit import Quota

__all__ = [
    "Response", "success", "authenticated", "failure", "rejection", "verify_identity", "authentication_data", "photo_data",
    "MATCH", "MISMATCH", "NO_RECORD", "result_description", "new_request_id",
]


_HEADER_NAMES = ("Date", "Content-Type", "Content-Length", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "XM-Request-Id")
"""The contract headers in the order ``_build`` fills them (``spec.response_header_names()``, checked by the tests)."""


class Response(NamedTuple):
    """A complete answer: ``headers`` hold every contract header, in a fixed order.

    ``raw_headers`` are the same as ASGI wants them (lower-case name bytes):
    the server sends those as they are, so nothing is encoded twice.
    """

    status: int
    raw_headers: list[tuple[bytes, bytes]]
    body: bytes
    rtn_code: int
    request_id: str
    header_names: tuple[str, ...] = _HEADER_NAMES

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [(name, value.decode("latin-1")) for name, (_, value) in zip(self.header_names, self.raw_headers)]


_DATE, _CONTENT_TYPE, _CONTENT_LENGTH, _LIMIT, _REMAINING, _RESET, _REQUEST_ID = (name.lower().encode("ascii") for name in _HEADER_NAMES)


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
def _http_date(second: int) -> bytes:
    return formatdate(second, usegmt=True).encode("ascii")


_CONTENT_TYPE_VALUE = spec.CONTENT_TYPE.encode("latin-1")
class _RequestIds:
    """Fresh UUID v4 strings, made ``batch`` at a time from one ``os.urandom`` call.

    The same 122 bits from the OS's CSPRNG per id as ``str(uuid.uuid4())``
    (RFC 9562: version nibble 4, variant bits 10), but one system call per
    batch and no ``UUID`` object: per request, ``uuid4()`` cost as much as
    the rest of the answer. ``list.pop`` is atomic, so threads never share
    an id; a forked child drops the ids it inherited.
    """

    _VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}

    def __init__(self, batch: int = 256) -> None:
        self._batch = batch
        self._ready: list[str] = []
        os.register_at_fork(after_in_child=self._ready.clear)

    def _refill(self) -> None:
        text, variant = os.urandom(16 * self._batch).hex(), self._VARIANT
        self._ready.extend(
            f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant[h[16]]}{h[17:20]}-{h[20:]}" for h in (text[i:i + 32] for i in range(0, len(text), 32))
        )

    def __call__(self) -> str:
        while True:
            try:
                return self._ready.pop()
            except IndexError:
                self._refill()


new_request_id = _RequestIds()
"""A fresh random UUID version 4 string for ``XM-Request-Id``."""


def _envelope(rtn_code: int, rtn_msg: str, data: Any) -> bytes:
    return json.dumps({"rtnCode": rtn_code, "rtnMsg": rtn_msg, "data": data}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _build(status: int, rtn_code: int, body: bytes, quota: Quota, extra: Mapping[str, str] | None) -> Response:
    request_id = new_request_id()
    headers = [
        (_DATE, _http_date(int(time.time()))),
        (_CONTENT_TYPE, _CONTENT_TYPE_VALUE),
        (_CONTENT_LENGTH, b"%d" % len(body)),
        (_LIMIT, b"%d" % quota.limit),
        (_REMAINING, b"%d" % quota.remaining),
        (_RESET, b"%d" % quota.reset_ms),
        (_REQUEST_ID, request_id.encode("ascii")),
    ]
    if not extra:
        return Response(status, headers, body, rtn_code, request_id)
    headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in extra.items()]
    return Response(status, headers, body, rtn_code, request_id, (*_HEADER_NAMES, *extra))


@functools.cache  # one body per resultCode of the enum
def _authentication_body(code: int) -> bytes:
    return _envelope(*_success_envelope(), authentication_data(code))


def authenticated(code: int, quota: Quota) -> Response:
    """``success(authentication_data(code), quota)``, its body encoded once per code."""
    return _build(200, _success_envelope()[0], _authentication_body(code), quota, None)


def success(data: Any, quota: Quota, extra_headers: Mapping[str, str] | None = None) -> Response:
    """HTTP 200 with ``rtnCode`` 0 and ``rtnMsg`` "success" (both read from the contract)."""
    rtn_code, rtn_msg = _success_envelope()
    return _build(200, rtn_code, _envelope(rtn_code, rtn_msg, data), quota, extra_headers)


def failure(error_key: str, quota: Quota, names: Mapping[str, str] | None = None, extra_headers: Mapping[str, str] | None = None) -> Response:
    """The error table's row ``error_key``: its status, rtnCode and rtnMsg, ``data`` null."""
    row = spec.error(error_key)
    return _build(row.status, row.rtn_code, _envelope(row.rtn_code, row.message(**(names or {})), None), quota, extra_headers)


def rejection(rejected: Rejected, quota: Quota, extra_headers: Mapping[str, str] | None = None) -> Response:
    """The answer to a ``Rejected`` request (its own quota, when counted, wins)."""
    return failure(rejected.error_key, rejected.quota or quota, rejected.names, extra_headers)
