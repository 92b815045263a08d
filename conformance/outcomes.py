"""From test reports to per-rule outcomes: the failure text, the summary, xdist workers' request ids.

A test names its rule with ``@pytest.mark.rule``; a :class:`RuleViolation`
raised anywhere in it names the rule that actually broke, and the failure is
rewritten to say what was expected and what came back (secrets redacted,
personal data masked).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .checks.rules import RuleViolation
from .exchanges import Ledger, SuiteClient
from .masking import mask_body_bytes, redact_headers
from .report import Summary

if TYPE_CHECKING:
    from .cassettes import Replayer

__all__ = ["violation_in", "format_failure", "Collector", "XdistCollector"]


def violation_in(exc: BaseException) -> RuleViolation | None:
    """The rule violation behind a failure; hypothesis wraps even one failure in an ExceptionGroup."""
    if isinstance(exc, RuleViolation):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = violation_in(inner)
            if found is not None:
                return found
    return None


def format_failure(violation: RuleViolation, client: SuiteClient | None, secrets: list[str]) -> str:
    """The rule, what was expected, and the last exchange of the test (secrets redacted, personal data masked)."""
    lines = [f"rule {violation.rule.name} ({violation.rule.summary})", f"  {violation.detail}"]
    if client is not None and client.last is not None:
        req, res = client.last
        lines += ["request:", f"  {req.method} {req.url}"]
        lines += [f"  {k}: {v}" for k, v in redact_headers(req.headers.multi_items(), secrets).items()]
        lines.append(f"  body: {mask_body_bytes(req.content)}")
        if res is not None:
            lines += ["response:", f"  HTTP {res.status_code}  XM-Request-Id: {res.headers.get('XM-Request-Id', '(none)')}"]
            lines += [f"  {k}: {v}" for k, v in res.headers.multi_items()]
            lines.append(f"  body: {mask_body_bytes(res.content, limit=300)}")
    return "\n".join(lines)


class Collector:
    """Turns test reports into per-rule outcomes, gathers xdist workers' request ids, writes the summary."""

    def __init__(self, config: pytest.Config, summary: Summary, ledger: Ledger, replayer: "Replayer | None") -> None:
        self.config = config
        self.summary = summary
        self.ledger = ledger
        self.replayer = replayer
        self.seen: dict[str, str] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        props = report.user_properties
        rules = [v for k, v in props if k == "rule"]
        counted = report.when == "call" or (report.when == "setup" and not report.passed)
        if not (rules and counted):
            return
        violated = [v.split("\t", 1) for k, v in props if k == "violated"]
        if report.failed and violated:
            for rule, detail in violated:
                self.summary.add(rule, "failed", detail)
            return
        outcome = "failed" if report.failed else "skipped" if report.skipped else "passed"
        for rule in rules:
            self.summary.add(rule, outcome)
        for rule, detail in (v.split("\t", 1) for k, v in props if k == "advisory"):
            self.summary.add(rule, "advisory", detail)

    def gather_worker(self, out: dict) -> None:
        """A worker's request ids and budget count, checked for uniqueness across workers."""
        self.summary.skipped_requests += out.get("miot_skipped_requests", 0)
        for request_id, where in out.get("miot_request_ids", {}).items():
            if request_id in self.seen:
                self.summary.add("headers.request-id-unique", "failed",
                                 f"XM-Request-Id {request_id} returned twice across workers ({self.seen[request_id]}; {where})")
            self.seen[request_id] = where

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        ledger = self.ledger
        if hasattr(self.config, "workeroutput"):
            self.config.workeroutput["miot_request_ids"] = dict(ledger.request_ids)
            self.config.workeroutput["miot_skipped_requests"] = ledger.skipped_for_budget
            return
        self.summary.skipped_requests += ledger.skipped_for_budget
        if self.summary.failed and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        path = self.config.getoption("conformance_report", None)
        if path and self.summary.counts:
            self.summary.written = self.summary.write(Path(path))

    def pytest_terminal_summary(self, terminalreporter) -> None:  # noqa: ANN001 - pytest's TerminalReporter
        if hasattr(self.config, "workeroutput") or not self.summary.counts:
            return
        terminalreporter.section("MIoT identity API conformance: rules")
        terminalreporter.write_line(self.summary.text())
        if self.summary.written:
            terminalreporter.write_line("report written to " + " and ".join(map(str, self.summary.written)))
        unused = self.replayer.unused() if self.replayer is not None else []
        if unused:
            terminalreporter.write_line(f"recorded interactions never replayed: {len(unused)}")
            for line in unused[:20]:
                terminalreporter.write_line(f"  {line}")


class XdistCollector(Collector):
    """The controller's collector under xdist: workers' request ids arrive as each node goes down."""

    def pytest_testnodedown(self, node, error) -> None:  # noqa: ANN001 - xdist's types
        self.gather_worker(getattr(node, "workeroutput", {}))
