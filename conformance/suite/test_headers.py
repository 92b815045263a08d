"""Headers: every contract header on every response, success and error, exactly once and well-formed.

The same checks run on every response of the run (see ``SuiteClient.check_universal``);
these tests give each rule its own row over the four kinds of answer.
"""

from __future__ import annotations

import httpx
import pytest

from conformance import spec
from conformance.checks import headers
from conformance.checks.envelope import check_error, parse_envelope

PATH = next(iter(spec.operations()))


def _success(miot) -> httpx.Response:
    return miot.post(PATH, spec.example_body(PATH))


def _bad_signature(miot) -> httpx.Response:
    return miot.post(PATH, spec.example_body(PATH), mutate=lambda r: r.headers.__setitem__("Authorization", "AAAAAAAAAAAAAAAAAAAAAA=="))


def _unknown_path(miot) -> httpx.Response:
    response = miot.post("/identity/no-such-resource", {})
    check_error(response, "unknown_path", "envelope")
    return response


def _wrong_method(miot) -> httpx.Response:
    response = miot.send(miot.auth.sign_request(miot.http.build_request("GET", PATH)))
    check_error(response, "wrong_method", "envelope")
    return response


def _invalid_json(miot) -> httpx.Response:
    response = miot.post(PATH, b'{"name":')
    check_error(response, "invalid_json", "envelope")
    return response


ANSWERS = {"success": _success, "bad-signature": _bad_signature, "unknown-path": _unknown_path,
           "wrong-method": _wrong_method, "invalid-json": _invalid_json}


@pytest.fixture(params=list(ANSWERS))
def answer(request, miot) -> httpx.Response:
    return ANSWERS[request.param](miot)


CHECKS = {
    "headers.once": lambda response, skew: headers.check_present_once(response),
    "headers.date": lambda response, skew: headers.check_date(response, skew),
    "headers.content-type": lambda response, skew: headers.check_content_type(response),
    "headers.content-length": lambda response, skew: headers.check_content_length(response),
    "headers.rate-limit": lambda response, skew: headers.check_rate_limit(response),
    "headers.request-id": lambda response, skew: headers.check_request_id(response),
    "envelope": lambda response, skew: parse_envelope(response),
}


@pytest.mark.parametrize("rule", [pytest.param(name, marks=pytest.mark.rule(name), id=name) for name in CHECKS])
def test_every_kind_of_answer(answer: httpx.Response, rule: str, miot_target) -> None:
    CHECKS[rule](answer, miot_target.clock_skew)


@pytest.mark.rule("headers.rate-limit-decreasing")
def test_remaining_decreases(miot) -> None:
    first, second = (headers.check_rate_limit(_success(miot)) for _ in range(2))
    if second.reset_ms > first.reset_ms:
        pytest.skip("the window reset between the two requests")
    assert second.remaining < first.remaining or first.remaining == 0, (first, second)


@pytest.mark.rule("headers.request-id-unique")
def test_request_ids_are_unique(miot) -> None:
    ids = [headers.check_request_id(_success(miot)) for _ in range(5)]
    assert len(set(ids)) == len(ids), ids
