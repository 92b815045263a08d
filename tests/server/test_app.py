"""The reference server's successful answers and its strictness, over real sockets."""

from __future__ import annotations

import json
import logging
import sqlite3

import httpx
import pytest

from conformance import signing, spec
from conformance.server import DB_NAME, SANDBOX_IDENTITIES, ServerConfig, running

from .wire import AUTH_PATH, PHOTO_PATH, PNG_1X1, TIMEOUT, assert_contract_headers, assert_error, auth_body, body_bytes, photo_body, send


def result_code(phrase: str) -> int:
    """The resultCode whose description in the contract contains ``phrase``."""
    (code,) = [c for c, text in spec.result_codes().items() if phrase in text]
    return code


@pytest.fixture(scope="module")
def server():
    config = ServerConfig(identities=[*SANDBOX_IDENTITIES, ("赵六", "110103199001010026")])
    with running(config) as s:
        yield s


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.base_url, timeout=TIMEOUT) as c:
        yield c


def _success(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    assert_contract_headers(response)
    envelope = response.json()
    assert (envelope["rtnCode"], envelope["rtnMsg"]) == (0, "success")
    return envelope["data"]


@pytest.mark.parametrize(("name", "id_number"), SANDBOX_IDENTITIES)
def test_sandbox_identities_verify(client, name, id_number):
    data = _success(send(client, auth_body(name, id_number)))
    assert data["resultCode"] == result_code("verified")
    assert data["resultDesc"] == spec.result_codes()[data["resultCode"]].split(" / ")[0]


def test_sandbox_covers_x_and_middle_dot():
    assert any(n.endswith("X") for _, n in SANDBOX_IDENTITIES)
    assert any("·" in name for name, _ in SANDBOX_IDENTITIES)


def test_added_identity_with_a_retired_region_code_verifies(client):
    assert _success(send(client, auth_body("赵六", "110103199001010026")))["resultCode"] == result_code("verified")


def test_number_under_another_name(client):
    assert _success(send(client, auth_body("大米", "11010519491231002X")))["resultCode"] == result_code("another name")


def test_unknown_number(client):
    assert _success(send(client, auth_body("小米", "110118198001010026")))["resultCode"] == result_code("no record")


def test_upload_is_stored(server, client):
    data = _success(send(client, photo_body(phoneNumber="13800138000", operator="柜员01"), PHOTO_PATH))
    info = data["identityInfo"]
    assert spec.validator("IdentityInfo").is_valid(info) and info["photoType"] == spec.photo_types()[0]
    with sqlite3.connect(server.data_dir / DB_NAME) as db:
        row = db.execute("SELECT photo_type, phone_number, operator, size, length(image) FROM photos WHERE photo_id = ?", (info["photoId"],)).fetchone()
    assert row[:3] == (info["photoType"], "13800138000", "柜员01") and row[3] == row[4] > 0


def test_remaining_counts_down(client):
    first = int(send(client, auth_body()).headers["X-RateLimit-Remaining"])
    assert int(send(client, auth_body()).headers["X-RateLimit-Remaining"]) == first - 1


def test_signature_is_over_the_bytes_sent(client):
    escaped = json.dumps(auth_body()).encode("ascii")  # \\uXXXX escapes, spaces: another body, signed as is
    assert _success(send(client, escaped))["resultCode"] == result_code("verified")
    resigned_compact = signing.sign("sandbox-key-not-a-secret", "POST", AUTH_PATH, body=body_bytes(auth_body()))
    response = send(client, escaped, set_headers={"Authorization": resigned_compact})
    assert_error(response, "bad_signature")


def test_query_is_signed(client):
    assert send(client, auth_body(), query="trace=1&b=%E5%B0%8F").status_code == 200
    forged = send(client, auth_body(), query="trace=1", set_headers={"Authorization": signing.sign("sandbox-key-not-a-secret", "POST", AUTH_PATH, body=body_bytes(auth_body()))})
    assert_error(forged, "bad_signature")


@pytest.mark.parametrize("content_type", ["application/json;charset=UTF-8", "application/json; charset=utf-8", "APPLICATION/JSON ; CHARSET=Utf-8", "application/json"])
def test_content_types_accepted(client, content_type):
    assert send(client, auth_body(), set_headers={"Content-Type": content_type}).status_code == 200


@pytest.mark.parametrize("content_type", ["application/json;charset=GBK", "text/json", "application/json;charset=utf-8;v=2", ""])
def test_content_types_refused(client, content_type):
    assert_error(send(client, auth_body(), set_headers={"Content-Type": content_type}), "wrong_content_type")


@pytest.mark.parametrize("raw", [
    pytest.param(body_bytes(auth_body()) + b"\x80" + b"\x00" * 40 + b'{"name":"x"}', id="length-extension"),
    pytest.param(body_bytes(auth_body()) + b'{"name":"x"}', id="trailing-object"),
    pytest.param(b'{"name":"\xe5\xb0\x8f\xe7\xb1\xb3","name":"x","idNumber":"11010519491231002X"}', id="duplicate-key"),
    pytest.param(b'{"name":NaN,"idNumber":"11010519491231002X"}', id="nan"),
    pytest.param(b'["a"]', id="array"),
    pytest.param(b"", id="empty"),
    pytest.param(b'{"name":"\\ud800\xe5\xb0\x8f","idNumber":"11010519491231002X"}', id="lone-surrogate"),
    pytest.param(b"[" * 100_000, id="deep-nesting"),
])
def test_not_exactly_one_json_object(client, raw):
    response = send(client, raw)
    assert response.json()["rtnCode"] in (spec.error("invalid_json").rtn_code, spec.error("invalid_encoding").rtn_code)
    assert_error(response, "invalid_encoding" if b"\x80" in raw else "invalid_json")


def test_fractional_photo_type_is_not_an_integer(client):
    raw = body_bytes(photo_body()).replace(b'"photoType":10', b'"photoType":10.0')
    assert_error(send(client, raw, PHOTO_PATH), "invalid_photo_type")


def test_truncated_png_is_refused(client):
    import base64

    data = base64.b64decode(PNG_1X1)[:-20]
    assert_error(send(client, photo_body(photoBase64Str=base64.b64encode(data).decode()), PHOTO_PATH), "invalid_photo")


def test_hex_digest_server():
    with running(ServerConfig(digest="hex")) as s, httpx.Client(base_url=s.base_url, timeout=TIMEOUT) as c:
        assert send(c, auth_body(), digest="hex").status_code == 200
        assert_error(send(c, auth_body(), digest="raw"), "bad_signature")


def test_one_log_line_per_request_without_personal_data(client, caplog):
    with caplog.at_level(logging.INFO, logger="conformance.server"):
        response = send(client, auth_body("阿依古丽·买买提", "650102198506152040"))
    lines = [r.getMessage() for r in caplog.records if r.name == "conformance.server"]
    assert len(lines) == 1
    line = lines[0]
    assert response.headers["XM-Request-Id"] in line and "miot-sandbox" in line and AUTH_PATH in line and "status=200" in line and "rtnCode=0" in line
    assert "阿依古丽" not in line and "650102198506152040" not in line and "sandbox-key" not in line
