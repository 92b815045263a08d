from __future__ import annotations

import subprocess
import sys

import pytest

from conformance.cli import main
from tests.signing_vectors import RAW_BODY, VECTORS, Vector


@pytest.mark.parametrize("v", VECTORS, ids=lambda v: v.label)
def test_sign_command_reproduces_vector(v: Vector, tmp_path, capsys, monkeypatch) -> None:
    body = tmp_path / "body"
    body.write_bytes(v.body)
    monkeypatch.setenv("MIOT_APP_KEY", v.key)
    argv = ["sign", "--method", v.method, "--path", v.path, "--body-file", str(body)]
    argv += ["--query", v.query] if v.query else []
    argv += ["--hex"] if v.digest == "hex" else []
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == v.expected


def test_explain_masks_key_and_personal_data(tmp_path, capsys) -> None:
    body = tmp_path / "body"
    body.write_bytes(RAW_BODY)
    assert main(["sign", "--path", "/identity/authentication", "--body-file", str(body), "--app-key", "sandbox-key", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "sandbox-key" not in out
    assert "小米" not in out and "11010519491231002X" not in out
    assert '***POST/identity/authentication{"name":"小*","idNumber":"110105********002X"}' in out
    assert f"body {len(RAW_BODY)}" in out
    assert "Authorization: XxKxMjuH8ESbI5sS/ib90Q==" in out


def test_body_from_stdin() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "sign", "--path", "/identity/authentication", "--body-file", "-", "--app-key", "sandbox-key"],
        input=RAW_BODY, capture_output=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == "XxKxMjuH8ESbI5sS/ib90Q=="


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sign", "--path", "/p"], "no app key"),
        (["sign", "--path", "/p", "--app-key", "k", "--body-file", "/does/not/exist"], "cannot read body file"),
        (["sign", "--path", "/p", "--app-key", "k", "--method", "FETCH"], "unknown HTTP method"),
        (["sign", "--path", "p", "--app-key", "k"], "must start with '/'"),
    ],
)
def test_user_mistakes_exit_2_with_one_line(argv: list[str], message: str, capsys, monkeypatch) -> None:
    monkeypatch.delenv("MIOT_APP_KEY", raising=False)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
