"""The suite as a user meets it: unreachable or wrong servers, budgets, usage errors, xdist."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conformance.server.config import ServerConfig
from conformance.server.running import running
from conformance.server.sandbox import SANDBOX_APP_KEY
from tests.suite.runner import SUITE, run_suite

ONE_TEST = ("-k", "test_signed_request_is_accepted and authentication")


@contextlib.contextmanager
def raw_server(answer: Callable[[socket.socket], None]) -> Iterator[str]:
    """A loopback TCP server whose every connection is handled by ``answer``."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        listener.close()


def _html(conn: socket.socket) -> None:
    conn.recv(65536)
    body = b"<html><body>502 Bad Gateway</body></html>"
    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    conn.close()


def _hang(conn: socket.socket) -> None:
    conn.recv(65536)
    time.sleep(5)
    conn.close()


def _close(conn: socket.socket) -> None:
    conn.recv(65536)
    conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(("answer", "expected"), [
    (_html, "answered HTTP 502 'text/html', not the API's JSON envelope"),
    (_hang, "ReadTimeout"),
    (_close, "RemoteProtocolError"),
])
def test_wrong_servers_get_one_clear_line_naming_the_url(answer, expected: str, tmp_path: Path) -> None:
    with raw_server(answer) as url:
        started = time.monotonic()
        code, _, output = run_suite(tmp_path, str(SUITE), *ONE_TEST, "--request-timeout", "1", base_url=url, timeout=60)
    assert time.monotonic() - started < 30
    assert code == 1
    assert f"{url}/identity/authentication" in output and expected in output
    assert "Traceback" not in output and SANDBOX_APP_KEY not in output


def test_a_server_that_is_down(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    code, _, output = run_suite(tmp_path, str(SUITE), *ONE_TEST, "--request-timeout", "1", base_url=url, timeout=60)
    assert code == 1 and f"cannot reach {url}/identity/authentication" in output and "ConnectError" in output
    assert "Traceback" not in output


def test_live_server_needs_credentials(tmp_path: Path) -> None:
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "pytest", str(SUITE), *ONE_TEST, "-p", "no:cacheprovider",
                           "--base-url", "http://127.0.0.1:9"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 4
    assert "a live server needs credentials" in done.stdout + done.stderr


def test_request_budget_skips_and_reports(tmp_path: Path) -> None:
    code, rules, output = run_suite(tmp_path, str(SUITE / "test_signing.py"), "--max-requests", "3", "-rs")
    assert code == 0, output[-2000:]
    assert "request budget of 3 spent" in output
    assert "requests not sent (--max-requests budget spent):" in output
    assert any(r["skipped"] for r in rules.values())


def test_whole_suite_under_xdist_gathers_request_ids_on_the_controller(tmp_path: Path) -> None:
    code, rules, output = run_suite(tmp_path, str(SUITE / "test_headers.py"), "-n", "2")
    assert code == 0, output[-2000:]
    assert rules["headers.request-id-unique"]["status"] == "passed"


def test_duplicate_ids_across_workers_against_a_server_reusing_ids(tmp_path: Path) -> None:
    """Each worker sends one request and sees the id once; only the controller can see the repeat."""
    reused = b"11111111-1111-4111-8111-111111111111"

    def wrap(app):  # noqa: ANN001, ANN202 - an ASGI app
        async def reusing(scope, receive, send):  # noqa: ANN001
            async def patched(message):  # noqa: ANN001
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [(k, reused if k == b"xm-request-id" else v) for k, v in message["headers"]]}
                await send(message)
            await app(scope, receive, patched)
        return reusing

    with running(ServerConfig(port=0, rate_limit=10**9), wrap=wrap) as server:
        code, rules, output = run_suite(tmp_path, str(SUITE / "test_signing.py"), "-k", "test_signed_request_is_accepted",
                                        "-n", "2", base_url=server.base_url)
    assert code == 1, output[-2000:]
    assert rules["headers.request-id-unique"]["status"] == "failed"
    assert any("across workers" in note for note in rules["headers.request-id-unique"]["notes"]), output[-2000:]


def test_advisories_fail_the_run_only_under_strict_security(tmp_path: Path) -> None:
    selection = (str(SUITE / "test_security.py"), "-k", "replayed")
    code, rules, output = run_suite(tmp_path, *selection)
    assert code == 0 and rules["security.replay"]["status"] == "advisory", output[-2000:]
    code, rules, output = run_suite(tmp_path, *selection, "--strict-security")
    assert code == 1 and rules["security.replay"]["status"] == "failed", output[-2000:]
