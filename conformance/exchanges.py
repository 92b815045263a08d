"""The suite's HTTP layer: sends signed (or deliberately mis-signed) requests and checks every answer.

Every response, whatever the test expects of it, goes through the universal
checks (headers, envelope, no 5xx, unique request ids). The layer also keeps
the request budget (``--max-requests``), is polite to live servers (waits for
the rate-limit window instead of running into 429s), and turns transport
failures into one clear line naming the URL.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from .checks import envelope, headers
from .checks.rules import RuleViolation
from .client import MiotAuth

__all__ = ["Ledger", "SuiteClient", "body_bytes"]

Observer = Callable[[httpx.Request, httpx.Response], None]


def body_bytes(body: bytes | dict[str, Any]) -> bytes:
    """A dict as compact raw-UTF-8 JSON (the contract's usual form); bytes as given."""
    if isinstance(body, bytes):
        return body
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class Ledger:
    """What the run has seen so far, shared by every test of one process."""

    max_requests: int | None = None
    sent: int = 0
    skipped_for_budget: int = 0
    request_ids: dict[str, str] = field(default_factory=dict)  # id -> "METHOD path" of its first response
    rate: dict[str, headers.RateLimit] = field(default_factory=dict)  # last answer per appId
    last_success: dict[str, headers.RateLimit] = field(default_factory=dict)  # last 2xx per appId
    lock: threading.Lock = field(default_factory=threading.Lock)


class SuiteClient:
    """Sends requests for the suite's tests; ``last`` is the latest exchange, for failure reports."""

    def __init__(self, client: httpx.Client, auth: MiotAuth, ledger: Ledger, skew_seconds: float,
                 sleep: Callable[[float], None] = time.sleep, observers: list[Observer] | None = None, polite: bool = True) -> None:
        self.http = client
        self.auth = auth
        self.ledger = ledger
        self.skew_seconds = skew_seconds
        self.sleep = sleep
        self.observers = observers or []
        self.polite = polite
        self.last: tuple[httpx.Request, httpx.Response | None] | None = None

    def sibling(self, base_url: str, auth: MiotAuth, *, polite: bool = True) -> "SuiteClient":
        """A client for another server (or credentials) sharing this one's timeout, sleep and observers, with its own ledger."""
        http = httpx.Client(base_url=base_url, timeout=self.http.timeout)
        return SuiteClient(http, auth, Ledger(), self.skew_seconds, sleep=self.sleep, observers=self.observers, polite=polite)

    def close(self) -> None:
        self.http.close()

    def post(self, path: str, body: bytes | dict[str, Any], *, auth: MiotAuth | None = None,
             mutate: Callable[[httpx.Request], None] | None = None, checked: bool = True) -> httpx.Response:
        """POST ``body`` signed by ``auth`` (default: the run's), then ``mutate`` the signed request."""
        request = self.http.build_request("POST", path, content=body_bytes(body), headers={"Accept-Encoding": "identity"})
        (auth or self.auth).sign_request(request)
        if mutate:
            mutate(request)
        return self.send(request, checked=checked)

    def send(self, request: httpx.Request, *, checked: bool = True) -> httpx.Response:
        self._spend_budget()
        self._wait_for_window(request.headers.get("H-XM-AppId", ""))
        self.last = (request, None)
        try:
            response = self.http.send(request)
        except httpx.TimeoutException as exc:
            pytest.fail(f"{request.url}: no answer within the timeout ({type(exc).__name__})", pytrace=False)
        except httpx.TransportError as exc:
            pytest.fail(f"{request.url}: {type(exc).__name__}: {exc or 'connection failed'}", pytrace=False)
        self.last = (request, response)
        for observer in self.observers:
            observer(request, response)
        if checked:
            self.check_universal(response)
        return response

    def check_universal(self, response: httpx.Response) -> None:
        """The rules every response obeys, success or error."""
        if response.status_code >= 500:
            raise RuleViolation("server.no-5xx", f"HTTP {response.status_code}: {envelope.excerpt(response)!r}")
        headers.check_present_once(response)
        headers.check_content_type(response)
        headers.check_content_length(response)
        # a replayed answer is judged against the time it was recorded, not today
        headers.check_date(response, self.skew_seconds, now=response.extensions.get("miot_recorded_at"))
        request_id = headers.check_request_id(response)
        rate = headers.check_rate_limit(response)
        envelope.parse_envelope(response)
        app_id = response.request.headers.get("H-XM-AppId", "")
        where = f"{response.request.method} {response.request.url.path}"
        with self.ledger.lock:
            if request_id in self.ledger.request_ids:
                first = self.ledger.request_ids[request_id]
                raise RuleViolation("headers.request-id-unique", f"XM-Request-Id {request_id} was already returned for {first}")
            self.ledger.request_ids[request_id] = where
            self.ledger.rate[app_id] = rate  # every answer tells the window, for politeness
            if response.status_code < 300:
                before = self.ledger.last_success.get(app_id)
                self.ledger.last_success[app_id] = rate
                same_window = before is not None and before.limit == rate.limit and rate.reset_ms <= before.reset_ms
                if same_window and before.remaining > 0 and rate.remaining >= before.remaining:
                    raise RuleViolation("headers.rate-limit-decreasing",
                                        f"X-RateLimit-Remaining went from {before.remaining} to {rate.remaining} within one window")

    def _spend_budget(self) -> None:
        with self.ledger.lock:
            if self.ledger.max_requests is not None and self.ledger.sent >= self.ledger.max_requests:
                self.ledger.skipped_for_budget += 1
                pytest.skip(f"request budget of {self.ledger.max_requests} spent (--max-requests)")
            self.ledger.sent += 1

    def _wait_for_window(self, app_id: str) -> None:
        """Polite to live servers: when the window is spent, wait until it resets."""
        rate = self.ledger.rate.get(app_id)
        if self.polite and rate is not None and rate.remaining == 0:
            self.sleep(rate.reset_ms / 1000)
            self.ledger.rate.pop(app_id, None)
