"""A small client for the tests, written from the contract (not from the server's code).

It signs the exact bytes it sends with ``conformance.signing`` and checks the
headers every answer must carry against the contract's own schemas.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from conformance import signing, spec
from conformance.server import SANDBOX_APP_ID, SANDBOX_APP_KEY

AUTH_PATH, PHOTO_PATH = list(spec.operations())
PNG_1X1 = spec.operations()[PHOTO_PATH]["requestBody"]["content"][spec.CONTENT_TYPE]["examples"]["seed"]["value"]["photoBase64Str"]
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def body_bytes(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def auth_body(name: str = "小米", id_number: str = "11010519491231002X", **extra: Any) -> dict[str, Any]:
    return {"name": name, "idNumber": id_number, **extra}


def photo_body(**overrides: Any) -> dict[str, Any]:
    return {"photoType": spec.photo_types()[0], "photoBase64Str": PNG_1X1, "phoneNumber": "1068888800000", "operator": "", **overrides}


def signed_headers(body: bytes, path: str = AUTH_PATH, *, method: str = "POST", query: str = "", app_id: str = SANDBOX_APP_ID,
                   key: str = SANDBOX_APP_KEY, digest: signing.Digest = "raw") -> dict[str, str]:
    return {
        "H-XM-AppId": app_id,
        "H-XM-V": spec.API_VERSION,
        "Content-Type": spec.CONTENT_TYPE,
        "Authorization": signing.sign(key, method, path, query, body, digest),
    }


def send(client: httpx.Client, body: bytes | dict[str, Any], path: str = AUTH_PATH, *, method: str = "POST", query: str = "",
         drop: tuple[str, ...] = (), set_headers: dict[str, str] | None = None, **sign_kw: Any) -> httpx.Response:
    """Sign ``body`` (bytes as sent, or a dict serialised compactly) and send it; ``drop``/``set_headers`` then tamper."""
    raw = body if isinstance(body, bytes) else body_bytes(body)
    headers = signed_headers(raw, path, method=method, query=query, **sign_kw)
    headers.update(set_headers or {})
    for name in drop:
        headers.pop(name, None)
    url = path + (f"?{query}" if query else "")
    return client.request(method, url, content=raw, headers=headers)


def assert_contract_headers(response: httpx.Response) -> None:
    """Every header the contract requires on every answer, each exactly once and well-formed."""
    for name in spec.response_header_names():
        values = response.headers.get_list(name)
        assert len(values) == 1, f"{name}: {len(values)} values"
    assert spec.validator("HttpDate").is_valid(response.headers["Date"])
    assert response.headers["Content-Type"] == spec.CONTENT_TYPE
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert spec.validator("UuidV4").is_valid(response.headers["XM-Request-Id"])
    limit, window = spec.rate_limit()
    remaining, reset = int(response.headers["X-RateLimit-Remaining"]), int(response.headers["X-RateLimit-Reset"])
    assert 0 <= remaining <= int(response.headers["X-RateLimit-Limit"])
    assert 0 < reset <= window
    assert "server" not in response.headers


def assert_error(response: httpx.Response, key: str, **names: str) -> None:
    """The error table's row ``key``: status, rtnCode, rtnMsg, null data, all contract headers."""
    row = spec.error(key)
    assert (response.status_code, response.json()) == (row.status, {"rtnCode": row.rtn_code, "rtnMsg": row.message(**names), "data": None})
    assert_contract_headers(response)
