"""Every row of the contract's error table, provoked over a real socket.

The rows come from the contract: a new row without a trigger here fails
``test_every_row_has_a_trigger``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import httpx
import pytest

from conformance import spec
from conformance.contract.photos import max_base64_length
from conformance.server import ServerConfig, running

from .wire import AUTH_PATH, PHOTO_PATH, TIMEOUT, assert_error, auth_body, body_bytes, photo_body, send, signed_headers

SMALL_BODY_LIMIT = 4096


def _failing_validator(path, body):
    raise RuntimeError("injected fault")


@pytest.fixture(scope="module")
def servers():
    """The default server, one with a tiny body limit, one with an exhausted quota, one whose body check crashes."""
    with (
        running() as default,
        running(ServerConfig(max_body_bytes=SMALL_BODY_LIMIT)) as small,
        running(ServerConfig(rate_limit=0)) as exhausted,
        running(ServerConfig(validate_body=_failing_validator)) as faulty,
    ):
        clients = {name: httpx.Client(base_url=s.base_url, timeout=TIMEOUT) for name, s in
                   {"default": default, "small": small, "exhausted": exhausted, "faulty": faulty}.items()}
        yield clients
        for c in clients.values():
            c.close()


Trigger = Callable[[dict[str, httpx.Client]], tuple[httpx.Response, dict[str, str]]]

TRIGGERS: dict[str, Trigger] = {
    "missing_signature": lambda s: (send(s["default"], auth_body(), drop=("Authorization",)), {}),
    "bad_signature": lambda s: (send(s["default"], auth_body(), key="not-the-key"), {}),
    "missing_app_id": lambda s: (send(s["default"], auth_body(), drop=("H-XM-AppId",)), {}),
    "unknown_app_id": lambda s: (send(s["default"], auth_body(), app_id="nobody"), {}),
    "missing_header": lambda s: (send(s["default"], auth_body(), drop=("H-XM-V",)), {"header": "H-XM-V"}),
    "wrong_version": lambda s: (send(s["default"], auth_body(), set_headers={"H-XM-V": "1.0"}), {}),
    "wrong_content_type": lambda s: (send(s["default"], auth_body(), set_headers={"Content-Type": "text/plain"}), {}),
    "invalid_encoding": lambda s: (send(s["default"], '{"name":"小米","idNumber":"11010519491231002X"}'.encode("gb18030")), {}),
    "invalid_json": lambda s: (send(s["default"], b'{"name":"\xe5\xb0\x8f\xe7\xb1\xb3",'), {}),
    "unexpected_parameter": lambda s: (send(s["default"], auth_body(extra=1)), {"field": "extra"}),
    "invalid_name": lambda s: (send(s["default"], auth_body(name="John Smith")), {}),
    "invalid_id_number": lambda s: (send(s["default"], auth_body(id_number="110105194912310021")), {}),
    "invalid_photo_type": lambda s: (send(s["default"], photo_body(photoType=max(spec.photo_types()) + 1), PHOTO_PATH), {}),
    "invalid_photo": lambda s: (send(s["default"], photo_body(photoBase64Str=base64.b64encode(b"GIF89a not a png").decode()), PHOTO_PATH), {}),
    "invalid_phone_number": lambda s: (send(s["default"], photo_body(phoneNumber="+8613800138000"), PHOTO_PATH), {}),
    "invalid_operator": lambda s: (send(s["default"], photo_body(operator="op\u0007"), PHOTO_PATH), {}),
    "photo_too_large": lambda s: (send(s["default"], photo_body(photoBase64Str="A" * max_base64_length()), PHOTO_PATH), {}),
    "body_too_large": lambda s: (send(s["small"], auth_body(name="小" * SMALL_BODY_LIMIT)), {}),
    "rate_limited": lambda s: (send(s["exhausted"], auth_body()), {}),
    "unknown_path": lambda s: (send(s["default"], auth_body(), "/identity/nothing"), {}),
    "wrong_method": lambda s: (s["default"].get(AUTH_PATH), {}),
    "server_error": lambda s: (send(s["faulty"], auth_body()), {}),
}


def test_every_row_has_a_trigger():
    assert set(TRIGGERS) == set(spec.errors())


@pytest.mark.parametrize("key", list(spec.errors()))
def test_error_row(servers, key):
    assert key in TRIGGERS, f"no trigger for the error row {key!r}"
    response, names = TRIGGERS[key](servers)
    assert_error(response, key, **names)


def test_rejections_do_not_echo_values(servers):
    response = send(servers["default"], auth_body(name="Secret Person", id_number="110105194912310021"))
    assert "Secret" not in response.text and "1101051949" not in response.text


def test_body_too_large_streamed_without_length(servers):
    """A chunked body is cut off at the limit, not read to the end."""
    raw = body_bytes(auth_body(name="小" * SMALL_BODY_LIMIT))
    response = servers["small"].post(AUTH_PATH, content=iter([raw[:1000], raw[1000:]]), headers=signed_headers(raw))
    assert_error(response, "body_too_large")


def test_uvicorn_adds_no_headers_of_its_own(servers):
    response = send(servers["default"], auth_body())
    assert response.status_code == 200
    assert [k.lower() for k, _ in response.headers.multi_items()].count("date") == 1
