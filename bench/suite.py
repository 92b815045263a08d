"""Benchmark: the conformance suite (default ``dev`` profile) against the embedded server,
beside a plain signed ``schemathesis run`` of the same spec against the same server, in one run.

Prints wall time, requests sent, requests per second and peak memory of each,
and the requests-per-second ratio (target: suite >= 3x schemathesis; peak <= 300 MB).
Requests are counted by the server (an ASGI wrapper), so both sides are counted alike.

    python bench/suite.py [--schemathesis-examples N]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance import spec
from conformance.server.config import ServerConfig
from conformance.server.running import running
from conformance.server.sandbox import SANDBOX_APP_ID, SANDBOX_APP_KEY

ROOT = Path(__file__).resolve().parent.parent


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def wrap(self, app):  # noqa: ANN001, ANN201 - an ASGI app
        async def counted(scope, receive, send):  # noqa: ANN001
            if scope["type"] == "http":
                self.count += 1
            await app(scope, receive, send)
        return counted


def timed(argv: list[str], env: dict[str, str], counter: Counter) -> tuple[float, int, int, int]:
    """(seconds, requests, exit code, peak RSS of the child in MiB)."""
    before = counter.count
    rss_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=900)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
    return elapsed, counter.count - before, done.returncode, max(peak, rss_before) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schemathesis-examples", type=int, default=50)
    args = parser.parse_args()
    counter = Counter()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIOT_", "PYTEST_"))}
    with running(ServerConfig(port=0, rate_limit=10**9), wrap=counter.wrap) as server:
        suite = timed([sys.executable, "-m", "pytest", str(ROOT / "conformance"), "-q", "-p", "no:cacheprovider",
                       "--base-url", server.base_url, "--app-id", SANDBOX_APP_ID, "--app-key", SANDBOX_APP_KEY], env, counter)
        st_env = {**env, "SCHEMATHESIS_HOOKS": "schemathesis_signing_hooks", "PYTHONPATH": str(ROOT / "bench"),
                  "BENCH_APP_ID": SANDBOX_APP_ID, "BENCH_APP_KEY": SANDBOX_APP_KEY}
        st = timed([sys.executable, "-m", "schemathesis.cli", "run", str(spec.spec_path()), "--url", server.base_url,
                    "--max-examples", str(args.schemathesis_examples), "--checks", "not_a_server_error",
                    "--exclude-checks", "all", "--phases", "fuzzing", "--no-color"], st_env, counter)
    print(f"{'':24}{'wall s':>8}{'requests':>10}{'req/s':>9}{'exit':>6}")
    for label, (secs, count, code, _) in (("conformance suite (dev)", suite), ("schemathesis run", st)):
        print(f"{label:24}{secs:8.2f}{count:10d}{count / secs:9.1f}{code:6d}")
    ratio = (suite[1] / suite[0]) / (st[1] / st[0]) if st[1] else float("inf")
    print(f"suite / schemathesis requests per second: {ratio:.2f}x (target >= 3x)")
    print(f"peak RSS of the suite process: {suite[3]} MiB (target <= 300); of the bench host: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
