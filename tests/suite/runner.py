"""Runs the conformance suite in a subprocess, as a user would, and reads its JSON report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conformance.server.sandbox import SANDBOX_APP_ID, SANDBOX_APP_KEY

SUITE = Path(__file__).resolve().parents[2] / "conformance" / "suite"


def run_suite(tmp_path: Path, *args: str, base_url: str | None = None, timeout: float = 240) -> tuple[int, dict, str]:
    """``(exit code, {rule: row}, output)`` of ``pytest <args>`` with the ci profile."""
    report = tmp_path / "report.md"
    argv = [sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
            "--hypothesis-profile", "ci", f"--conformance-report={report}"]
    if base_url:
        argv += ["--base-url", base_url, "--app-id", SANDBOX_APP_ID, "--app-key", SANDBOX_APP_KEY]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIOT_", "PYTEST_"))}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=tmp_path, env=env)
    rules = {}
    if report.with_suffix(".json").exists():
        rules = {r["rule"]: r for r in json.loads(report.with_suffix(".json").read_text())["rules"]}
        report.with_suffix(".json").unlink()
    return done.returncode, rules, done.stdout + done.stderr
