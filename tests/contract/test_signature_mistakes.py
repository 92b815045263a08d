"""Each usual signing mistake is recognised by name; no secret is ever shown."""

import base64
import doctest
import hashlib
import json

import pytest

from conformance import signing
from conformance.contract import signature_mistakes as signature_mistakes_module
from conformance.contract.signature_mistakes import diagnose, shown

KEY, APP_ID, PATH = "the-key", "app", "/identity/authentication"
PAYLOAD = {"name": "小米", "idNumber": "11010519491231002X"}
BODY = json.dumps(PAYLOAD, ensure_ascii=False, separators=(",", ":")).encode()


def md5(data: bytes) -> bytes:
    return hashlib.md5(data).digest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


CANONICAL = KEY.encode() + b"POST" + PATH.encode() + BODY


@pytest.mark.parametrize(("received", "digest", "phrase"), [
    (b64(md5(CANONICAL).hex().encode()), "raw", "the client base64-encoded the hex digest"),
    (b64(md5(CANONICAL)), "hex", "the client base64-encoded the raw 16-byte digest"),
    (md5(CANONICAL).hex(), "raw", "the client sent the hex digest without base64-encoding it"),
    (b64(md5(b"POST" + PATH.encode() + BODY)), "raw", "the client left the appKey out"),
    (b64(md5(APP_ID.encode() + b"POST" + PATH.encode() + BODY)), "raw", "the client signed with the appId in place of the appKey"),
    (b64(md5(KEY.encode() + b"post" + PATH.encode() + BODY)), "raw", "the client put the method in lower case"),
    (b64(md5(KEY.encode() + b"POST" + BODY)), "raw", "the client left the path out"),
    (b64(md5(KEY.encode() + b"POST" + b"https://h.example" + PATH.encode() + BODY)), "raw", "the client signed the full URL instead of the path"),
    (b64(md5(b"\n".join([KEY.encode(), b"POST", PATH.encode(), BODY]))), "raw", "the client put '\\n' between the parts"),
    (b64(md5(KEY.encode() + b"POST" + PATH.encode() + json.dumps(PAYLOAD, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())),
     "raw", "the client signed a re-serialised body (49 bytes: keys sorted) instead of the 49 bytes it sent"),
    ("MD5 " + b64(md5(CANONICAL)), "raw", "the client sent a 'MD5' prefix before the value"),
    (b64(md5(CANONICAL.replace(KEY.encode(), b"another-key"))), "raw", "no common mistake reproduces it"),
])
def test_mistake_named(received, digest, phrase):
    message = diagnose(received, KEY, "POST", PATH, b"", BODY, digest, app_id=APP_ID, url_prefix="https://h.example")
    assert message.startswith(f"Authorization does not match for {len(BODY)} body bytes signed as appKey+POST+{PATH}+body; ")
    assert phrase in message
    expected = signing.sign(KEY, "POST", PATH, body=BODY, digest=digest)
    for secret in (KEY, expected, received, "小米", "11010519491231002X"):
        assert secret not in message


def test_query_mistakes_and_rule_shown():
    message = diagnose(b64(md5(KEY.encode() + b"POST" + PATH.encode() + b"?a=1" + BODY)), KEY, "POST", PATH, "a=1", BODY)
    assert "signed as appKey+POST+/identity/authentication+a=1+body; the client kept the '?' before the query" in message


def test_shown_keeps_four_characters_at_most():
    assert (shown("abcdefgh"), shown("abc")) == ("'abcd…'", "'…'")


def test_module_examples():
    assert doctest.testmod(signature_mistakes_module).failed == 0
