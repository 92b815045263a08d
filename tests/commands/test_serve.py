"""``conformance serve``: what it prints, its usage errors, and that it serves the contract."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import httpx
import pytest

from conformance.cli import main
from conformance.server import SANDBOX_APP_ID, SANDBOX_APP_KEY

from ..server.wire import TIMEOUT, auth_body, send


@pytest.mark.parametrize("argv", [
    ["--port", "70000"],
    ["--rate-limit", "-1"],
    ["--max-body-bytes", "0"],
    ["--app", "only-an-id"],
    ["--app", ":key"],
    ["--identity", "小米:110105194912310021"],
    ["--identity", "John:11010519491231002X"],
    ["--identity", "no-colon"],
    ["--port", "abc"],
    ["--digest", "sha1"],
])
def test_usage_errors(argv, capsys):
    try:
        code = main(["serve", *argv])
    except SystemExit as exc:  # argparse's own type/choice errors
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) >= 1 and "error" in err[-1] and "Traceback" not in "\n".join(err)
    assert "110105194912310021" not in err[-1] and "小米" not in err[-1]


def test_serves_and_prints_no_keys(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "conformance.cli", "serve", "--port", "0", "--data-dir", str(tmp_path),
         "--app", "app-one:key-one-secret", "--app", f"{SANDBOX_APP_ID}:{SANDBOX_APP_KEY}", "--identity", "赵六:110103199001010026"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(4)]
        url = re.search(r"http://\S+", lines[0]).group(0)
        assert "app-one" in lines[1] and SANDBOX_APP_ID in lines[1]
        assert str(tmp_path) in lines[3]
        with httpx.Client(base_url=url, timeout=TIMEOUT) as c:
            assert send(c, auth_body("赵六", "110103199001010026")).json()["rtnCode"] == 0
            assert send(c, auth_body(), app_id="app-one", key="key-one-secret").status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode in (0, 130)  # uvicorn re-raises the SIGINT it handled; the CLI maps that to 130
    everything = "".join(lines) + out + err
    assert "key-one-secret" not in everything and SANDBOX_APP_KEY not in everything
    assert "赵六" not in everything and "110103199001010026" not in everything
