"""The rate limit and the store under concurrent load, and durability across SIGKILL."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from conformance import spec
from conformance.server import DB_NAME, SANDBOX_APP_ID, SANDBOX_APP_KEY, ServerConfig, running

from .wire import PHOTO_PATH, TIMEOUT, auth_body, photo_body, send

LIMIT = 25


def test_limit_holds_under_eight_threads():
    with running(ServerConfig(rate_limit=LIMIT)) as server:
        local = threading.local()

        def one(_: int) -> int:
            if not hasattr(local, "client"):
                local.client = httpx.Client(base_url=server.base_url, timeout=TIMEOUT)
            return send(local.client, auth_body()).status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(one, range(4 * LIMIT)))
    assert statuses.count(200) == LIMIT
    assert statuses.count(spec.error("rate_limited").status) == 3 * LIMIT


def test_concurrent_uploads_are_all_stored():
    with running(ServerConfig(rate_limit=1000)) as server:
        def one(i: int) -> str:
            with httpx.Client(base_url=server.base_url, timeout=TIMEOUT) as c:
                response = send(c, photo_body(operator=f"op{i}"), PHOTO_PATH)
            assert response.status_code == 200, response.text
            return response.json()["data"]["identityInfo"]["photoId"]

        with ThreadPoolExecutor(16) as pool:
            ids = list(pool.map(one, range(200)))
        with sqlite3.connect(server.data_dir / DB_NAME) as db:
            rows = db.execute("SELECT photo_id, operator FROM photos").fetchall()
    assert len(set(ids)) == 200
    assert {r[0] for r in rows} == set(ids) and len({r[1] for r in rows}) == 200


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_answered_uploads_survive_sigkill(tmp_path: Path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "conformance.cli", "serve", "--port", "0", "--data-dir", str(tmp_path), "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://\S+", line).group(0)
        answered: list[str] = []
        stop = threading.Event()

        def stream() -> None:
            with httpx.Client(base_url=url, timeout=TIMEOUT) as c:
                while not stop.is_set():
                    try:
                        response = send(c, photo_body(), PHOTO_PATH, app_id=SANDBOX_APP_ID, key=SANDBOX_APP_KEY)
                    except httpx.TransportError:
                        return
                    if response.status_code == 200:
                        answered.append(response.json()["data"]["identityInfo"]["photoId"])

        threads = [threading.Thread(target=stream) for _ in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 10
        while len(answered) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        stop.set()
        for t in threads:
            t.join(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert len(answered) >= 40
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        stored = {r[0] for r in db.execute("SELECT photo_id FROM photos")}
    assert set(answered) <= stored
