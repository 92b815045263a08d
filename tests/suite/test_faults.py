"""Fault injection: the suite fails, naming the rule, against servers that each break one rule;
and passes against the faithful reference server."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.server.config import ServerConfig
from conformance.server.running import running
from conformance.server.sandbox import SANDBOX_APP_KEY
from tests.suite.faults import FAULTS, SMALL_WINDOW, Fault
from tests.suite.runner import SUITE, run_suite

UNLIMITED = 10**9  # a polite suite would otherwise wait for the contract's 60-second window


def _selection(fault: Fault) -> list[str]:
    file, *rest = (fault.select,) if isinstance(fault.select, str) else fault.select
    return [str(SUITE / file), *rest]


@pytest.mark.parametrize("name", list(FAULTS))
def test_suite_names_the_broken_rule(name: str, tmp_path: Path) -> None:
    fault = FAULTS[name]
    config = ServerConfig(port=0, **{"rate_limit": UNLIMITED, **fault.config})
    with running(config, wrap=fault.wrap) as server:
        code, rules, output = run_suite(tmp_path, *_selection(fault), *fault.options, base_url=server.base_url)
    assert code == 1, output[-3000:]
    assert rules[fault.rule]["status"] == "failed", f"{fault.rule} not reported failed:\n{output[-3000:]}"
    assert f"rule {fault.rule}" in output or fault.rule in output
    assert SANDBOX_APP_KEY not in output


@pytest.mark.parametrize("file", sorted({_selection(f)[0].rsplit("/", 1)[1] for f in FAULTS.values()}))
def test_faithful_server_passes_the_same_selection(file: str, tmp_path: Path) -> None:
    options = ("--run-rate-limit",) if file == "test_rate_limit.py" else ()
    config = ServerConfig(port=0, **(SMALL_WINDOW if options else {"rate_limit": UNLIMITED}))
    with running(config) as server:
        code, rules, output = run_suite(tmp_path, str(SUITE / file), *options, base_url=server.base_url)
    assert code == 0, output[-3000:]
    assert not [r for r in rules.values() if r["status"] == "failed"]


def test_whole_suite_passes_against_the_embedded_server(tmp_path: Path) -> None:
    """The README's main command: no --base-url, the embedded sandbox, every rule run."""
    code, rules, output = run_suite(tmp_path, str(SUITE.parent))
    assert code == 0, output[-3000:]
    not_run = [name for name, r in rules.items() if r["status"] == "not run"]
    assert not not_run, not_run
    assert rules["security.replay"]["status"] == "advisory"
