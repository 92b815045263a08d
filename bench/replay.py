"""Benchmark: replaying a recording versus the live run that made it, in one run.

Records the whole suite (``ci`` profile) against the embedded reference server,
then replays it with no server, and prints interactions per second for both
(the replay must be at least as fast as the live run), and the cost of
answering one interaction from a cassette alone, in microseconds, to set
against the round trip of a remote staging server (tens of milliseconds).

    python bench/replay.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.cassettes import Replayer

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIOT_", "PYTEST_"))}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", str(ROOT / "conformance"), "-q", "-p", "no:cacheprovider",
                           "--hypothesis-profile", "ci", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        print(done.stdout[-3000:], file=sys.stderr)
        raise SystemExit(f"pytest exited {done.returncode}")
    return time.perf_counter() - start


def answer_cost_us(directory: Path) -> tuple[int, float]:
    """Mean time for the replayer to answer one recorded request (lookup and response), measured alone."""
    recorded = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        recorded += [(data["test"], i["request"]) for i in data["interactions"]]
    replayer = Replayer(directory, "ci")
    start = time.perf_counter()
    for test, req in recorded:
        replayer.start(test)
        replayer.answer(req["method"], req["path"], req["body_sha256"])
    return len(recorded), (time.perf_counter() - start) / len(recorded) * 1e6


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cassettes_dir = work / "cassettes"
        live = run(["--record", str(cassettes_dir)], work)
        replayed = run(["--replay", str(cassettes_dir)], work)
        count, cost = answer_cost_us(cassettes_dir)
    print(f"interactions recorded: {count}")
    print(f"live run against the embedded server (recording): {live:6.2f} s  {count / live:8.1f} interactions/s")
    print(f"replay, no server:                                {replayed:6.2f} s  {count / replayed:8.1f} interactions/s")
    print(f"replay / live speed: {live / replayed:.2f}x (target >= 1x)")
    print(f"one interaction answered from a cassette: {cost:.1f} µs "
          f"(a remote staging round trip of 30 ms is {30_000 / cost:,.0f}x that)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
