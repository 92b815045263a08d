from __future__ import annotations

import json
import logging
from email.utils import parsedate_to_datetime

import httpx
import respx

from conformance import signing, spec
from conformance.client import MiotAuth, make_client

BASE = "https://api.example.test"


def test_signs_the_exact_bytes_sent() -> None:
    with respx.mock(base_url=BASE, assert_all_called=True) as mock:
        route = mock.post("/identity/authentication").respond(200, json={})
        with make_client(BASE, "app-1", "key-1") as client:
            client.post("/identity/authentication", json={"name": "小米", "idNumber": "11010519491231002X"})
    sent = route.calls.last.request
    assert sent.headers["H-XM-AppId"] == "app-1"
    assert sent.headers["H-XM-V"] == spec.API_VERSION
    assert sent.headers["Content-Type"] == spec.CONTENT_TYPE
    assert parsedate_to_datetime(sent.headers["Date"]).tzinfo is not None
    assert sent.headers["Date"].endswith(" GMT")
    # recomputed from the captured bytes, independently of the auth flow
    assert signing.verify(sent.headers["Authorization"], "key-1", "POST", "/identity/authentication", b"", sent.content)


def test_hex_variant_and_query_are_signed_as_on_the_wire() -> None:
    with respx.mock(base_url=BASE) as mock:
        route = mock.get(path="/identity/authentication").respond(200, json={})
        with make_client(BASE, "app-1", "key-1", digest="hex") as client:
            client.get("/identity/authentication", params={"name": "小米", "page": "1"})
    sent = route.calls.last.request
    assert b"name=%E5%B0%8F%E7%B1%B3&page=1" in sent.url.raw_path
    assert signing.verify(sent.headers["Authorization"], "key-1", "GET", "/identity/authentication",
                          "name=%E5%B0%8F%E7%B1%B3&page=1", b"", "hex")


def test_raw_content_bytes_are_kept_not_reserialised() -> None:
    escaped = json.dumps({"name": "小米"}).encode()  # \\u-escaped, as some clients send it
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/identity/authentication").respond(200, json={})
        with make_client(BASE, "a", "k") as client:
            client.post("/identity/authentication", content=escaped)
    sent = route.calls.last.request
    assert sent.content == escaped
    assert sent.headers["Authorization"] == signing.sign("k", "POST", "/identity/authentication", body=escaped)


def test_debug_log_masks_key_and_personal_data(caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="conformance.client")
    request = httpx.Request("POST", f"{BASE}/identity/authentication", content='{"name":"小米","idNumber":"11010519491231002X"}'.encode())
    MiotAuth("app-1", "super-secret-key").sign_request(request)
    assert "***POST/identity/authentication" in caplog.text
    for secret in ("super-secret-key", "小米", "11010519491231002X", request.headers["Authorization"]):
        assert secret not in caplog.text


def test_repr_hides_key() -> None:
    assert "k3y" not in repr(MiotAuth("a", "k3y"))


def test_client_has_timeouts() -> None:
    with make_client(BASE, "a", "k") as client:
        assert client.timeout.read is not None and client.timeout.connect is not None
