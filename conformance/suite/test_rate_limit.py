"""Rate limiting: the documented 429 when the window is spent, and success again after Reset.

On the embedded server this runs on a server of its own with a small limit and
a short window; on a live server only with ``--run-rate-limit`` (it spends the
appId's whole window and then waits for it).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance import spec
from conformance.checks import headers
from conformance.checks.envelope import check_error, check_success
from conformance.checks.rules import RuleViolation
from conformance.exchanges import SuiteClient
from conformance.target import Target, embedded_target

PATH = next(iter(spec.operations()))
EMBEDDED_LIMIT, EMBEDDED_WINDOW_MS = 5, 1500


@pytest.fixture
def limited(miot_target: Target, miot: SuiteClient) -> Iterator[SuiteClient]:
    """A client that does not wait for the window (this test wants the 429), on a server that limits."""
    if miot_target.embedded:
        with embedded_target(miot_target, EMBEDDED_LIMIT, EMBEDDED_WINDOW_MS) as small:
            client = miot.sibling(small.base_url, miot.auth, polite=False)
            yield client
    elif miot_target.run_rate_limit:
        client = miot.sibling(miot_target.base_url, miot.auth, polite=False)
        yield client
    else:
        pytest.skip("spends a live appId's whole window: pass --run-rate-limit to run it")
    client.close()


@pytest.mark.rule("rate-limit.exhausted")
@pytest.mark.rule("rate-limit.recovers")
def test_window_exhausts_then_recovers(limited: SuiteClient) -> None:
    body = spec.example_body(PATH)
    first = limited.post(PATH, body)
    check_success(first, PATH, "rate-limit.exhausted")
    quota = headers.check_rate_limit(first)
    for _ in range(quota.remaining):
        check_success(limited.post(PATH, body), PATH, "rate-limit.exhausted")
    refused = limited.post(PATH, body)
    check_error(refused, "rate_limited", "rate-limit.exhausted")
    after = headers.check_rate_limit(refused)
    if after.remaining != 0:
        raise RuleViolation("rate-limit.exhausted", f"429 with X-RateLimit-Remaining {after.remaining}, expected 0")
    limited.sleep(after.reset_ms / 1000 + 0.05)
    check_success(limited.post(PATH, body), PATH, "rate-limit.recovers")
