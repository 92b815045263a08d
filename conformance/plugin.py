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
from .mock import miot_mock  # noqa: F401  (the plugin provides it)
from .outcomes import Collector, XdistCollector, format_failure, violation_in
from .report import Summary
from .target import Target, TargetError, embedded_target, probe, replayed_target

if TYPE_CHECKING:
    from .cassettes import Recorder, Replayer

SUITE_DIR = Path(__file__).resolve().parent / "suite"
SUMMARY = pytest.StashKey[Summary]()
LEDGER = pytest.StashKey[Ledger]()
RECORDER = pytest.StashKey["Recorder | None"]()
REPLAYER = pytest.StashKey["Replayer | None"]()
REPLAY_PROFILE = "ci"
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
    collector = XdistCollector if config.pluginmanager.hasplugin("xdist") else Collector
    config.pluginmanager.register(collector(config, config.stash[SUMMARY], config.stash[LEDGER], config.stash[REPLAYER]), "miot-collector")


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
        with replayed_target(target, replayer) as replayed:
            yield replayed
    elif target.embedded:
        with embedded_target(target, EMBEDDED_RATE_LIMIT) as running:
            yield running
    else:
        try:
            probe(target)
        except TargetError as exc:
            pytest.exit(f"conformance: {exc}", returncode=pytest.ExitCode.TESTS_FAILED)
        yield target


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
    violation = violation_in(call.excinfo.value) if call.excinfo is not None else None
    if violation is not None:
        report.user_properties.append(("violated", f"{violation.rule.name}\t{violation.detail[:200]}"))
        client = item.funcargs.get("miot") if hasattr(item, "funcargs") else None
        target = item.funcargs.get("miot_target") if hasattr(item, "funcargs") else None
        report.longrepr = format_failure(violation, client, [target.app_key] if target else [])


def pytest_report_header(config: pytest.Config) -> str | None:
    if not _suite_requested(config):
        return None
    return f"miot conformance: contract {spec.spec_path()} ({len(RULES)} rules), hypothesis profile from --hypothesis-profile or 'dev'"
