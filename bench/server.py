"""Signed authentication requests per second on the reference server, against a bare Starlette endpoint.

Both servers run as separate processes on the same uvicorn settings
(``conformance.server.running.uvicorn_config``, uvloop and httptools when
installed) and are loaded in turn, in the same run, by ``wrk`` (when on
PATH) or by a bounded Python load generator. The ratio is the cost of the
contract's work: header checks, MD5 over the raw bytes, strict JSON,
schema and GB 11643 rules, a SQLite lookup, the full response headers.
Also printed: p50/p99 latency and each server's peak resident memory
(VmHWM). Per-request log lines are off (log level warning) for both.

    python bench/server.py [--duration 5] [--connections 32]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from conformance import signing, spec
from conformance.server import SANDBOX_APP_ID, SANDBOX_APP_KEY, SANDBOX_IDENTITIES

PATH = next(iter(spec.operations()))
NAME, ID_NUMBER = SANDBOX_IDENTITIES[0]
BODY = json.dumps({"name": NAME, "idNumber": ID_NUMBER}, ensure_ascii=False, separators=(",", ":")).encode()
HEADERS = {
    "H-XM-AppId": SANDBOX_APP_ID,
    "H-XM-V": spec.API_VERSION,
    "Content-Type": spec.CONTENT_TYPE,
    "Authorization": signing.sign(SANDBOX_APP_KEY, "POST", PATH, body=BODY),
}

BARE = """
import socket, sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from conformance.server.running import bind, uvicorn_config

async def endpoint(request):
    await request.body()
    return Response(b'{"rtnCode":0,"rtnMsg":"success","data":{"resultCode":0,"resultDesc":"ok"}}', media_type="application/json")

sock = bind("127.0.0.1", 0)
print(f"reference server: http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
uvicorn.Server(uvicorn_config(Starlette(routes=[Route(sys.argv[1], endpoint, methods=["POST"])]))).run(sockets=[sock])
"""


def start(kind: str, data_dir: str) -> tuple[subprocess.Popen, str]:
    if kind == "bare":
        cmd = [sys.executable, "-c", BARE, PATH]
    else:
        cmd = [sys.executable, "-m", "conformance.cli", "serve", "--port", "0", "--rate-limit", str(10**9), "--data-dir", data_dir, "--log-level", "warning"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = re.search(r"http://\S+", proc.stdout.readline()).group(0)
    response = httpx.post(url + PATH, content=BODY, headers=HEADERS, timeout=5)
    assert response.status_code == 200, response.text
    return proc, url


def peak_rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def load_wrk(url: str, duration: int, connections: int) -> tuple[float, float, float]:
    headers = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in HEADERS.items())
    lua = f'wrk.method = "POST"\nwrk.body = "{BODY.decode().replace(chr(34), chr(92) + chr(34))}"\n{headers}'
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as fh:
        fh.write(lua)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", fh.name, url + PATH],
                         capture_output=True, text=True, timeout=duration + 30).stdout
    Path(fh.name).unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    if re.search(r"Non-2xx", out):
        raise SystemExit("non-2xx answers under load:\n" + out)

    def ms(pct: str) -> float:
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rps, ms("50"), ms("99")


def load_python(url: str, duration: int, connections: int) -> tuple[float, float, float]:
    """Bounded fallback: ``connections`` threads with keep-alive clients, for ``duration`` s at most."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker() -> None:
        mine = []
        with httpx.Client(timeout=5) as c:
            while time.monotonic() < deadline and len(mine) < 100_000:
                t = time.perf_counter()
                assert c.post(url + PATH, content=BODY, headers=HEADERS).status_code == 200
                mine.append((time.perf_counter() - t) * 1000)
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 30)
    q = statistics.quantiles(latencies, n=100)
    return len(latencies) / (time.monotonic() - started), q[49], q[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    load = load_wrk if shutil.which("wrk") else load_python
    print(f"load generator: {'wrk -t2 -c%d' % args.connections if load is load_wrk else 'python threads x%d' % args.connections}, {args.duration}s each")
    results = {}
    with tempfile.TemporaryDirectory() as data_dir:
        for kind in ("bare", "reference"):
            proc, url = start(kind, data_dir)
            try:
                load(url, 1, args.connections)  # warm-up
                results[kind] = (*load(url, args.duration, args.connections), peak_rss_mib(proc.pid))
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    for kind, (rps, p50, p99, rss) in results.items():
        print(f"{kind:>9}: {rps:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  peak RSS {rss:5.1f} MiB")
    ratio = results["reference"][0] / results["bare"][0]
    print(f"    ratio: {ratio:.2f}x the bare endpoint (target >= 0.6x); reference peak RSS {results['reference'][3]:.1f} MiB (target <= 64 MiB)")


if __name__ == "__main__":
    main()
