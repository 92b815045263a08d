from __future__ import annotations

import httpx

from conformance.checks.rules import RuleViolation
from conformance.exchanges import Ledger, SuiteClient
from conformance.client import MiotAuth
from conformance.outcomes import XdistCollector, format_failure, violation_in
from conformance.report import Summary


def test_duplicate_ids_across_workers_fail_on_the_controller() -> None:
    summary = Summary()
    collector = XdistCollector(None, summary, Ledger(), None)  # type: ignore[arg-type]
    collector.gather_worker({"miot_request_ids": {"id-1": "POST /a", "id-2": "POST /b"}, "miot_skipped_requests": 2})
    assert summary.status("headers.request-id-unique") == "not run"
    collector.gather_worker({"miot_request_ids": {"id-3": "POST /c", "id-1": "POST /d"}})
    assert summary.status("headers.request-id-unique") == "failed"
    assert summary.skipped_requests == 2


def test_violation_is_found_inside_hypothesis_exception_groups() -> None:
    inner = RuleViolation("headers.date", "off")
    assert violation_in(BaseExceptionGroup("x", [ValueError(), BaseExceptionGroup("y", [inner])])) is inner
    assert violation_in(ValueError()) is None


def test_failure_text_redacts_secrets_and_masks_personal_data() -> None:
    body = '{"name":"张三丰","idNumber":"11010519491231002X"}'.encode()
    request = MiotAuth("app", "s3cret-key").sign_request(httpx.Request("POST", "http://x/identity/authentication", content=body))
    response = httpx.Response(401, headers={"XM-Request-Id": "97ad742e-7a17-42fa-ad05-b5e559699335"}, content=b'{"rtnCode":40102}')
    client = SuiteClient(httpx.Client(), MiotAuth("app", "s3cret-key"), Ledger(), 300)
    client.last = (request, response)
    text = format_failure(RuleViolation("signing.accepted", "expected 200"), client, ["s3cret-key"])
    assert "rule signing.accepted" in text and "expected 200" in text and "97ad742e-7a17-42fa-ad05-b5e559699335" in text
    for secret in ("s3cret-key", request.headers["Authorization"], "张三丰", "11010519491231002X"):
        assert secret not in text
    assert "张**" in text and "110105********002X" in text
