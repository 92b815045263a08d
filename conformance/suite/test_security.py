"""Security properties of the signing rule that a server can and cannot defend."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from conformance import signing, spec
from conformance.checks.envelope import check_success, parse_envelope
from conformance.checks.length_extension import extend
from conformance.checks.rules import RuleViolation
from conformance.exchanges import body_bytes

PATHS = list(spec.operations())


@pytest.mark.rule("security.replay")
def test_identical_request_replayed_later(miot, miot_advisory) -> None:
    path = PATHS[0]
    request = miot.auth.sign_request(miot.http.build_request("POST", path, content=json.dumps(spec.example_body(path), ensure_ascii=False).encode()))
    check_success(miot.send(request), path, "signing.accepted")
    miot.sleep(1.0)
    replay = httpx.Request(request.method, request.url, headers=request.headers, content=request.content)
    if miot.send(replay).status_code < 400:
        miot_advisory("security.replay", "an identical request (same Date, same signature) was accepted again 1 s later: the rule signs no time or nonce")


@pytest.mark.rule("security.length-extension")
@pytest.mark.parametrize("path", PATHS)
def test_length_extended_body_is_rejected(miot, miot_target, path: str) -> None:
    """A forger who saw one signed request appends bytes and computes a valid MD5 without the key."""
    body = body_bytes(spec.example_body(path))
    signed = miot.auth.sign_request(miot.http.build_request("POST", path, content=body))
    if miot_target.digest != "raw":
        pytest.skip("length extension needs the raw digest in Authorization")
    raw_path, query = signing.split_target(signed.url.raw_path)
    # the forger guesses the key length; the suite uses the right one so a vulnerable server is found at once
    signed_length = len(miot_target.app_key.encode()) + len(b"POST") + len(raw_path) + len(query) + len(body)
    glue, forged = extend(base64.b64decode(signed.headers["Authorization"]), signed_length, b',"extra":1}')
    forged_request = httpx.Request("POST", signed.url, headers=signed.headers, content=body + glue + b',"extra":1}')
    forged_request.headers["Content-Length"] = str(len(forged_request.content))
    forged_request.headers["Authorization"] = base64.b64encode(forged).decode()
    response = miot.send(forged_request)
    if response.status_code < 400:
        raise RuleViolation("security.length-extension", f"a body extended with {len(glue)} bytes of MD5 padding, signed without the key, was accepted (HTTP {response.status_code})")
    body_json = parse_envelope(response)
    if body_json["rtnCode"] == spec.error("bad_signature").rtn_code:
        raise RuleViolation("security.length-extension", "the forged signature was judged wrong: the server does not sign appKey+METHOD+path+body as the contract says")
