"""pytest plugin (entry point ``pytest11``): the suite's options, hypothesis profiles, fixtures and summary.

It registers and delegates: the target is resolved by :mod:`conformance.target`,
requests go through :mod:`conformance.exchanges`, the summary is
:mod:`conformance.report`. Heavy imports (the server, schemathesis) happen in
the fixtures that need them, so ``pytest --help`` and unrelated test runs stay fast.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from hypothesis import HealthCheck, settings

from . import spec
from .checks.rules import RULES, RuleViolation
from .client import MiotAuth
from .exchanges import Ledger, SuiteClient
from .masking import mask_body_bytes, redact_headers
from .mock import miot_mock  # noqa: F401  (the plugin provides it)
from .report import Summary
from .target import Target, TargetError, embedded_target

if TYPE_CHECKING:
    from .cassettes import Recorder, Replayer

SUITE_DIR = Path(__file__).resolve().parent / "suite"
SUMMARY = pytest.StashKey[Summary]()
LEDGER = pytest.StashKey[Ledger]()
RECORDER = pytest.StashKey["Recorder | None"]()
REPLAYER = pytest.StashKey["Replayer | None"]()
REPLAY_PROFILE = "ci"
REPLAY_BASE_URL = "http://replay.invalid"
EMBEDDED_RATE_LIMIT = 1_000_000  # the shared sandbox never limits the suite; rate limiting is tested on its own server

_common = dict(deadline=None, database=None, print_blob=False,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile("dev", max_examples=10, **_common)
settings.register_profile("ci", max_examples=10, derandomize=True, **_common)
settings.register_profile("thorough", max_examples=200, **_common)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("miot", "MIoT identity API conformance (pytest conformance)")
    group.addoption("--app-id", help="appId for a live server (default: $MIOT_APP_ID; the sandbox's when embedded)")
    group.addoption("--app-key", help="appKey for a live server (default: $MIOT_APP_KEY); never printed")
    group.addoption("--identity", action="append", default=[], metavar="NAME:IDNUMBER",
                    help="an identity the server knows, for the positive verification tests (repeatable; or $MIOT_IDENTITIES, comma-separated)")
    group.addoption("--signing-digest", default=spec.signing()["digest"], choices=["raw", "hex"],
                    help="which MD5 form is base64-encoded in Authorization (default: the contract's)")
    group.addoption("--max-requests", type=int, default=None, metavar="N", help="stop sending after N requests; the rest is skipped and reported")
    group.addoption("--clock-skew", type=float, default=300.0, metavar="SECONDS", help="allowed distance of a response Date from local time (default 300)")
    group.addoption("--request-timeout", type=float, default=10.0, metavar="SECONDS", help="timeout of every request (default 10)")
    group.addoption("--strict-security", action="store_true", help="advisory security findings fail the run")
    group.addoption("--run-rate-limit", action="store_true", help="exhaust a live server's rate-limit window (always done on the embedded server)")
    group.addoption("--conformance-report", metavar="PATH", help="write the per-rule summary as Markdown to PATH and JSON beside it")
    group.addoption("--record", metavar="DIR", help="write one cassette per test to DIR (secrets redacted, personal data masked); needs --hypothesis-profile ci")
    group.addoption("--replay", metavar="DIR", help="answer every request from the cassettes in DIR, with no network at all; needs --hypothesis-profile ci")


def _suite_requested(config: pytest.Config) -> bool:
    for arg in config.args:
        path = Path(arg.split("::")[0]).resolve()
        if path == SUITE_DIR.parent or SUITE_DIR in (path, *path.parents):
            return True
    return bool(config.option.pyargs) and any(a.split("::")[0].startswith("conformance") for a in config.args)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "rule(name): the conformance rule a test checks (see the README's rules table)")
    config.stash[SUMMARY] = Summary()
    config.stash[LEDGER] = Ledger(max_requests=config.getoption("max_requests"))
    if _suite_requested(config) and not config.getoption("hypothesis_profile", None):
        settings.load_profile("dev")
    _configure_cassettes(config)
    collector = _XdistCollector if config.pluginmanager.hasplugin("xdist") else _Collector
    config.pluginmanager.register(collector(config), "miot-collector")


def _configure_cassettes(config: pytest.Config) -> None:
    """``--record``/``--replay``: both need the derandomized profile, so a replay asks for the recorded requests."""
    record, replay = config.getoption("record", None), config.getoption("replay", None)
    config.stash[RECORDER], config.stash[REPLAYER] = None, None
    if not (record or replay):
        return
    profile = config.getoption("hypothesis_profile", None) or "dev"
    if record and replay:
        raise pytest.UsageError("--record and --replay cannot be combined")
    if profile != REPLAY_PROFILE:
        raise pytest.UsageError(f"{'--record' if record else '--replay'} needs --hypothesis-profile {REPLAY_PROFILE} "
                                f"(derandomized, so that a replay sends the recorded requests); this run uses {profile!r}")
    if record:
        from .cassettes import Recorder
        config.stash[RECORDER] = Recorder(Path(record), profile)
    if replay:
        from .cassettes import CassetteError, Replayer
        try:
            config.stash[REPLAYER] = Replayer(Path(replay), profile)
        except CassetteError as exc:
            raise pytest.UsageError(str(exc)) from None


@pytest.fixture(scope="session")
def miot_target(request: pytest.FixtureRequest, base_url: str | None) -> Iterator[Target]:
    """The server under test; the embedded reference server when no ``--base-url`` is given."""
    opt = request.config.getoption
    try:
        target = Target.from_options(base_url, opt("app_id"), opt("app_key"), opt("signing_digest"), opt("identity"),
                                     clock_skew=opt("clock_skew"), strict_security=opt("strict_security"),
                                     run_rate_limit=opt("run_rate_limit"), timeout=opt("request_timeout"))
    except TargetError as exc:
        pytest.exit(f"conformance: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
    replayer = request.config.stash[REPLAYER]
    if replayer is not None:
        yield from _replayed(target, replayer)
        return
    if target.embedded:
        with embedded_target(target, EMBEDDED_RATE_LIMIT) as running:
            yield running
        return
    _probe(target)
    yield target


def _replayed(target: Target, replayer: "Replayer") -> Iterator[Target]:
    """The target as recorded: respx answers everything, and httpx reaches no network while it is on."""
    import respx

    from .server import sandbox

    identities = target.identities or list(sandbox.SANDBOX_IDENTITIES)
    with respx.mock(assert_all_called=False) as router:
        router.route().mock(side_effect=replayer)
        yield Target(REPLAY_BASE_URL, "replayed-app", "k" * replayer.key_length, target.digest, identities,
                     embedded=False, clock_skew=target.clock_skew, strict_security=target.strict_security,
                     run_rate_limit=True, timeout=target.timeout)


def _probe(target: Target) -> None:
    """One unsigned request, to stop at once with one line when the URL is not this API."""
    url = f"{target.base_url}/identity/authentication"
    try:
        response = httpx.post(url, content=b"{}", timeout=target.timeout, headers={"Accept-Encoding": "identity"})
    except httpx.HTTPError as exc:
        pytest.exit(f"conformance: cannot reach {url}: {type(exc).__name__}: {exc or 'no answer'}", returncode=pytest.ExitCode.TESTS_FAILED)
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        excerpt = response.content[:120].decode("utf-8", "replace").replace("\n", " ")
        pytest.exit(f"conformance: {url} answered HTTP {response.status_code} {response.headers.get('Content-Type')!r}, "
                    f"not the API's JSON envelope: {excerpt!r}", returncode=pytest.ExitCode.TESTS_FAILED)


@pytest.fixture(scope="session")
def miot(request: pytest.FixtureRequest, miot_target: Target) -> Iterator[SuiteClient]:
    """The suite's client: signs, sends and checks every response."""
    auth = MiotAuth(miot_target.app_id, miot_target.app_key, miot_target.digest)
    config = request.config
    observers = []
    recorder = config.stash[RECORDER]
    if recorder is not None:
        recorder.bind(miot_target.app_key, "embedded" if miot_target.embedded else "live")
        observers.append(recorder)
    sleep = (lambda seconds: None) if config.stash[REPLAYER] is not None else time.sleep
    with httpx.Client(base_url=miot_target.base_url, timeout=miot_target.timeout) as http:
        yield SuiteClient(http, auth, config.stash[LEDGER], miot_target.clock_skew, sleep=sleep, observers=observers)


@pytest.fixture
def miot_advisory(request: pytest.FixtureRequest, miot_target: Target):
    """``advise(rule, detail)``: a finding reported in the summary; a failure under ``--strict-security``."""
    def advise(rule: str, detail: str) -> None:
        if miot_target.strict_security:
            raise RuleViolation(rule, detail)
        request.node.user_properties.append(("advisory", f"{rule}\t{detail}"))
    return advise


def _violation(exc: BaseException) -> RuleViolation | None:
    """The rule violation behind a failure; hypothesis wraps even one failure in an ExceptionGroup."""
    if isinstance(exc, RuleViolation):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _violation(inner)
            if found is not None:
                return found
    return None


def _format_failure(violation: RuleViolation, client: SuiteClient | None, secrets: list[str]) -> str:
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


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Point the recorder or replayer at this test before its fixtures send anything."""
    recorder, replayer = item.config.stash[RECORDER], item.config.stash[REPLAYER]
    if recorder is not None:
        recorder.start(item.nodeid)
    if replayer is not None and item.get_closest_marker("rule"):
        if not replayer.has(item.nodeid):
            pytest.skip("no cassette for this test in --replay: it was not recorded")
        replayer.start(item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    yield
    recorder = item.config.stash[RECORDER]
    if recorder is not None:
        recorder.finish()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    rules = [m.args[0] for m in item.iter_markers("rule")]
    report.user_properties.extend(("rule", r) for r in rules)
    violation = _violation(call.excinfo.value) if call.excinfo is not None else None
    if violation is not None:
        report.user_properties.append(("violated", f"{violation.rule.name}\t{violation.detail[:200]}"))
        client = item.funcargs.get("miot") if hasattr(item, "funcargs") else None
        target = item.funcargs.get("miot_target") if hasattr(item, "funcargs") else None
        report.longrepr = _format_failure(violation, client, [target.app_key] if target else [])


class _Collector:
    """Turns test reports into per-rule outcomes, gathers xdist workers' request ids, writes the summary."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.summary = config.stash[SUMMARY]
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
        ledger = self.config.stash[LEDGER]
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
        replayer = self.config.stash[REPLAYER]
        unused = replayer.unused() if replayer is not None else []
        if unused:
            terminalreporter.write_line(f"recorded interactions never replayed: {len(unused)}")
            for line in unused[:20]:
                terminalreporter.write_line(f"  {line}")


class _XdistCollector(_Collector):
    def pytest_testnodedown(self, node, error) -> None:  # noqa: ANN001 - xdist's types
        self.gather_worker(getattr(node, "workeroutput", {}))


def pytest_report_header(config: pytest.Config) -> str | None:
    if not _suite_requested(config):
        return None
    return f"miot conformance: contract {spec.spec_path()} ({len(RULES)} rules), hypothesis profile from --hypothesis-profile or 'dev'"
