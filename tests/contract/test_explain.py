"""Rejections in words: the header, field or rule, never a personal value."""

import doctest

import pytest

from conformance import signing, spec
from conformance.contract import explain as explain_module
from conformance.contract import Rejected, check_request
from conformance.contract.explain import explain, explain_field

AUTH, PHOTOS = spec.operations()
APPS = {"app": "key"}


def why(body: bytes, path: str = AUTH, max_body_bytes: int | None = None, **headers: str) -> str:
    h = {"H-XM-AppId": "app", "H-XM-V": "2.0", "Content-Type": spec.CONTENT_TYPE, "Authorization": signing.sign("key", "POST", path, body=body), **headers}
    outcome = check_request("POST", path, h, body, APPS, max_body_bytes=max_body_bytes)
    assert isinstance(outcome, Rejected)
    return explain(outcome, "POST", path, h, body, APPS, max_body_bytes=max_body_bytes)


@pytest.mark.parametrize(("body", "expected"), [
    (b"", "the body is empty; the contract expects one JSON object"),
    (b"\xff{}", "the body is not UTF-8 (invalid start byte at byte 0)"),
    (b'{"name": ', "the body is not exactly one JSON object (Expecting value at line 1 column 10)"),
    (b"[]", "the body is not exactly one JSON object (not an object)"),
    (b'{"name":"\xe5\xb0\x8f\xe7\xb1\xb3","idNumber":18}', "idNumber must be a string, got an integer"),
])
def test_body_rejections(body, expected):
    assert why(body).startswith(expected)


def test_size_limit_and_version():
    assert why(b'{"name":"abc"}', max_body_bytes=4) == "the body is 14 bytes, over the limit of 4 bytes"
    assert why(b"{}", **{"H-XM-V": "3.0"}) == "H-XM-V must be '2.0', got '3.0'"


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("photoType", 10.0, "photoType must be an integer from [10, 11, 12, 20], got a number with a fraction"),
    ("photoType", None, "photoType must be an integer from [10, 11, 12, 20], got null"),
    ("operator", "x" * 65, "operator must be at most 64 characters, got 65"),
    ("phoneNumber", "+8613800138000", "phoneNumber does not match the contract's pattern"),
    ("photoBase64Str", "data:image/png;base64,AAAA", "photoBase64Str does not match the contract's pattern"),
])
def test_field_rules(field, value, expected):
    message = explain_field(PHOTOS, field, {field: value})
    assert message.startswith(expected)
    assert "13800138000" not in message


def test_module_examples():
    assert doctest.testmod(explain_module).failed == 0
