import pytest

from conformance import signing, spec
from conformance.contract import Accepted, RateLimiter, check_request

AUTH = next(iter(spec.operations()))
APPS = {"app": "key"}
BODY = '{"name":"小米","idNumber":"11010519491231002X"}'.encode()


def headers(body=BODY, target=AUTH, **over):
    path, _, query = target.partition("?")
    h = {"H-XM-AppId": "app", "H-XM-V": "2.0", "Content-Type": spec.CONTENT_TYPE, "Authorization": signing.sign("key", "POST", path, query, body)}
    h.update(over)
    return {k: v for k, v in h.items() if v is not None}


def test_accepted():
    outcome = check_request("POST", AUTH, headers(), BODY, APPS)
    assert isinstance(outcome, Accepted) and outcome.app_id == "app" and outcome.body["name"] == "小米"


def test_header_case_does_not_matter():
    assert isinstance(check_request("POST", AUTH, {k.lower(): v for k, v in headers().items()}, BODY, APPS), Accepted)


@pytest.mark.parametrize(("method", "target", "hdrs", "key"), [
    ("POST", "/nope", headers(**{"H-XM-AppId": None}), "unknown_path"),
    ("GET", AUTH, headers(**{"H-XM-AppId": None}), "wrong_method"),
    ("POST", AUTH, headers(**{"H-XM-AppId": None, "Authorization": None}), "missing_app_id"),
    ("POST", AUTH, headers(**{"H-XM-AppId": "", "Authorization": None}), "missing_app_id"),
    ("POST", AUTH, headers(**{"H-XM-AppId": "other", "Authorization": None}), "unknown_app_id"),
    ("POST", AUTH, headers(**{"Authorization": None, "H-XM-V": None}), "missing_signature"),
    ("POST", AUTH, headers(**{"H-XM-V": None, "Content-Type": None}), "missing_header"),
    ("POST", AUTH, headers(**{"H-XM-V": "2", "Content-Type": None}), "wrong_version"),
    ("POST", AUTH, headers(**{"Content-Type": None}), "wrong_content_type"),
    ("POST", AUTH, headers(**{"Authorization": "AAAA"}), "bad_signature"),
    ("POST", AUTH + "?a=1", headers(), "bad_signature"),
])
def test_order_of_rules(method, target, hdrs, key):
    assert check_request(method, target, hdrs, BODY, APPS).error_key == key


def test_query_is_part_of_the_signature():
    assert isinstance(check_request("POST", AUTH + "?a=1&b=%20", headers(target=AUTH + "?a=1&b=%20"), BODY, APPS), Accepted)


def test_size_before_signature_and_rate_limit_after():
    assert check_request("POST", AUTH, headers(Authorization="x"), BODY, APPS, max_body_bytes=len(BODY) - 1).error_key == "body_too_large"
    limiter = RateLimiter(limit=1)
    assert check_request("POST", AUTH, headers(Authorization="x"), BODY, APPS, limiter=limiter).error_key == "bad_signature"
    assert isinstance(check_request("POST", AUTH, headers(), BODY, APPS, limiter=limiter), Accepted)  # the bad one was not counted
    bad_json = b"{"
    assert check_request("POST", AUTH, headers(bad_json), bad_json, APPS, limiter=limiter).error_key == "rate_limited"


def test_swappable_body_validator():
    outcome = check_request("POST", AUTH, headers(), BODY, APPS, validate_body=lambda path, body: None)
    assert isinstance(outcome, Accepted)


def test_hex_digest():
    h = headers(Authorization=signing.sign("key", "POST", AUTH, body=BODY, digest="hex"))
    assert isinstance(check_request("POST", AUTH, h, BODY, APPS, "hex"), Accepted)
    assert check_request("POST", AUTH, h, BODY, APPS, "raw").error_key == "bad_signature"
