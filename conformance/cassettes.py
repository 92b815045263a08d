"""Recorded runs: one human-readable JSON cassette per test, written live and replayed with respx.

A cassette keeps each interaction's method, path, request headers and body,
response status, headers and body, and the time. Secrets are never written
(``Authorization`` and ``H-XM-AppId`` are redacted, the key only by its
length, which replaying a length-extension probe needs); names, ID numbers and
phone numbers in request bodies are masked, and the SHA-256 of the exact body
bytes is kept for matching. Replay matches on method, path and that hash, in
recorded order.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from .masking import REDACTED, mask_body_bytes, redact_headers
from .signing import split_target

__all__ = ["FORMAT", "Recorder", "Replayer", "ReplayMiss", "CassetteError", "cassette_path"]

FORMAT = "miot-cassette/1"
CREDENTIAL_HEADERS = frozenset({"h-xm-appid"})  # lower case: httpx hands headers over lower-cased


class CassetteError(Exception):
    """The cassettes cannot be used as they are (told to the user in one line)."""


class ReplayMiss(AssertionError):
    """A request the cassette does not hold: the cassette must be re-recorded."""


def cassette_path(directory: Path, nodeid: str) -> Path:
    """One file per test, named for its node id."""
    return directory / (re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:180] + ".json")


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _encode_response_body(content: bytes) -> dict[str, str]:
    try:
        return {"text": content.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(content).decode("ascii")}


def _decode_response_body(stored: dict[str, str]) -> bytes:
    return stored["text"].encode("utf-8") if "text" in stored else base64.b64decode(stored["base64"])


@dataclass
class Recorder:
    """An observer of the suite's exchanges that writes each test's cassette when the test ends."""

    directory: Path
    profile: str
    key_length: int = 0
    secrets: list[str] = field(default_factory=list, repr=False)
    target: str = "live"
    current: str | None = None
    interactions: list[dict[str, Any]] = field(default_factory=list)

    def bind(self, app_key: str, target: str) -> None:
        """What is known once the target is: the key (scrubbed, kept only as a length) and its kind."""
        self.key_length, self.secrets, self.target = len(app_key.encode()), [app_key], target

    def __call__(self, request: httpx.Request, response: httpx.Response) -> None:
        headers = {name: REDACTED if name.lower() in CREDENTIAL_HEADERS else value
                   for name, value in redact_headers(request.headers.multi_items(), self.secrets).items()}
        path, query = (part.decode("ascii") for part in split_target(request.url.raw_path))
        self.interactions.append({
            "time": formatdate(usegmt=True),  # local receipt time: replay judges the recorded Date against it
            "request": {"method": request.method, "path": path, "query": query, "headers": headers,
                        "body": mask_body_bytes(request.content, limit=10**9), "body_sha256": body_hash(request.content),
                        "body_bytes": len(request.content)},
            "response": {"status": response.status_code, "headers": [list(h) for h in response.headers.multi_items()],
                         "body": _encode_response_body(response.content)},
        })

    def start(self, nodeid: str) -> None:
        self.current, self.interactions = nodeid, []

    def finish(self) -> Path | None:
        if self.current is None or not self.interactions:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        path = cassette_path(self.directory, self.current)
        data = {"format": FORMAT, "test": self.current, "profile": self.profile, "target": self.target, "key_length": self.key_length,
                "interactions": self.interactions}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.current, self.interactions = None, []
        return path


@dataclass
class _Cassette:
    path: Path
    queues: dict[tuple[str, str, str], deque[dict[str, Any]]]
    total: int
    used: int = 0


class Replayer:
    """Answers the suite's requests from a directory of cassettes, with no network at all."""

    def __init__(self, directory: Path, profile: str) -> None:
        if not directory.is_dir():
            raise CassetteError(f"--replay {directory}: no such directory")
        self.cassettes: dict[str, _Cassette] = {}
        self.key_length = 0
        for path in sorted(directory.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CassetteError(f"{path}: not a readable cassette ({exc})") from None
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise CassetteError(f"{path}: not a {FORMAT} cassette")
            if data["profile"] != profile:
                raise CassetteError(f"{path} was recorded with the hypothesis profile {data['profile']!r} but this run uses "
                                    f"{profile!r}: record and replay both with --hypothesis-profile ci (derandomized), or the requests differ")
            queues: dict[tuple[str, str, str], deque[dict[str, Any]]] = defaultdict(deque)
            for interaction in data["interactions"]:
                req = interaction["request"]
                queues[(req["method"], req["path"], req["body_sha256"])].append(interaction)
            self.cassettes[data["test"]] = _Cassette(path, queues, len(data["interactions"]))
            self.key_length = max(self.key_length, int(data.get("key_length", 0)))
        if not self.cassettes:
            raise CassetteError(f"--replay {directory}: no cassettes in it")
        self.current: str | None = None
        self.visited: set[str] = set()

    def start(self, nodeid: str) -> None:
        self.current = nodeid
        self.visited.add(nodeid)

    def has(self, nodeid: str) -> bool:
        return nodeid in self.cassettes

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """respx side effect: the recorded answer to ``request`` in the current test's cassette."""
        path = split_target(request.url.raw_path)[0].decode("ascii")
        return self.answer(request.method, path, body_hash(request.content), len(request.content))

    def answer(self, method: str, path: str, digest: str, size: int = 0) -> httpx.Response:
        """The next recorded answer to ``method path`` with a body of SHA-256 ``digest``, in the current test."""
        cassette = self.cassettes.get(self.current or "")
        queue = cassette.queues.get((method, path, digest)) if cassette else None
        if not queue:
            where = cassette.path.name if cassette else "(no cassette)"
            raise ReplayMiss(f"test {self.current}: {method} {path} with a {size}-byte body "
                             f"(sha256 {digest[:12]}…) is not in cassette {where}: the cassette must be re-recorded")
        interaction = queue.popleft()
        cassette.used += 1
        response = interaction["response"]
        recorded_at = parsedate_to_datetime(interaction["time"]) if interaction["time"] else None
        return httpx.Response(response["status"], headers=[tuple(h) for h in response["headers"]],
                              content=_decode_response_body(response["body"]),
                              extensions={"miot_recorded_at": recorded_at})

    def unused(self) -> list[str]:
        """``test: METHOD path`` for every interaction recorded for a test that ran, but never asked for."""
        return [f"{test}: {method} {path}" for test, c in self.cassettes.items() if test in self.visited
                for (method, path, _), queue in c.queues.items() for _ in queue]
