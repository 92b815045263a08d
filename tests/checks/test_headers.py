"""Header checks on hand-built responses: each rule fails on the value that breaks it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from conformance.checks import headers
from conformance.checks.rules import RuleViolation

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
GOOD = {
    "Date": format_datetime(NOW, usegmt=True),
    "Content-Type": "application/json;charset=UTF-8",
    "X-RateLimit-Limit": "100",
    "X-RateLimit-Remaining": "99",
    "X-RateLimit-Reset": "60000",
    "XM-Request-Id": "97ad742e-7a17-42fa-ad05-b5e559699335",
}
BODY = b'{"rtnCode":0,"rtnMsg":"success","data":null}'


def response(**changes: str | None) -> httpx.Response:
    values = {**GOOD, "Content-Length": str(len(BODY)), **{k.replace("_", "-"): v for k, v in changes.items()}}
    return httpx.Response(200, headers=[(k, v) for k, v in values.items() if v is not None], content=BODY)


def test_a_good_response_passes_every_check() -> None:
    good = response()
    headers.check_present_once(good)
    headers.check_date(good, 300, now=NOW)
    headers.check_content_type(good)
    headers.check_content_length(good)
    assert headers.check_rate_limit(good) == headers.RateLimit(100, 99, 60000)
    assert headers.check_request_id(good) == GOOD["XM-Request-Id"]


@pytest.mark.parametrize(("check", "changes", "rule"), [
    (headers.check_content_length, {"Content-Length": "3"}, "headers.content-length"),
    (headers.check_content_type, {"Content-Type": "application/json; charset=utf-8"}, "headers.content-type"),
    (lambda r: headers.check_date(r, 300, now=NOW), {"Date": format_datetime(NOW - timedelta(seconds=301), usegmt=True)}, "headers.date"),
    (lambda r: headers.check_date(r, 300, now=NOW), {"Date": "Fri, 04 Dec 2026 12:00:00 +0000"}, "headers.date"),
    (headers.check_rate_limit, {"X-RateLimit-Remaining": "101"}, "headers.rate-limit"),
    (headers.check_rate_limit, {"X-RateLimit-Reset": "60001"}, "headers.rate-limit"),
    (headers.check_rate_limit, {"X-RateLimit-Limit": "-1"}, "headers.rate-limit"),
    (headers.check_request_id, {"XM-Request-Id": "97ad742e-7a17-12fa-ad05-b5e559699335"}, "headers.request-id"),
    (headers.check_request_id, {"XM-Request-Id": None}, "headers.once"),
])
def test_each_check_fails_on_its_broken_value(check, changes: dict, rule: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        check(response(**changes))
    assert caught.value.rule.name == rule


def test_a_header_sent_twice_is_caught() -> None:
    doubled = httpx.Response(200, headers=[*GOOD.items(), ("Date", GOOD["Date"]), ("Content-Length", str(len(BODY)))], content=BODY)
    with pytest.raises(RuleViolation, match="Date present 2 times"):
        headers.check_present_once(doubled)
