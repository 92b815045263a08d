"""Per-appId request quotas: a fixed window that opens with the appId's first request.

The contract (``x-rate-limit``) allows ``limit`` requests per appId in a
fixed ``windowMs`` window. Each appId's window opens at its first counted
request and lasts ``windowMs``; the next request after that opens a new one.
(Clock-aligned windows would let a burst straddle a boundary and get twice
the limit, which a conformance test could not tell from a bug.)

>>> clock = iter([0.0, 0.5, 1.0, 61.0]).__next__
>>> limiter = RateLimiter(limit=2, clock=clock)
>>> [limiter.hit("app")[0] for _ in range(3)]
[True, True, False]
>>> limiter.hit("app")
(True, Quota(limit=2, remaining=1, reset_ms=60000))
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

from .. import spec

__all__ = ["Quota", "RateLimiter"]


class Quota(NamedTuple):
    """What the ``X-RateLimit-*`` headers report (a named tuple: one is made per request)."""

    limit: int
    remaining: int
    reset_ms: int


class RateLimiter:
    """Thread-safe fixed-window counter per appId; ``clock`` returns seconds (monotonic)."""

    def __init__(self, limit: int | None = None, window_ms: int | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        default_limit, default_window = spec.rate_limit()
        self.limit = default_limit if limit is None else limit
        self.window_ms = default_window if window_ms is None else window_ms
        if self.limit < 0 or self.window_ms <= 0:
            raise ValueError("the limit must be >= 0 and the window > 0 ms")
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}  # appId -> (window start, requests counted)

    def _current(self, app_id: str, now: float) -> tuple[float, int]:
        start, count = self._windows.get(app_id, (now, 0))
        if (now - start) * 1000 >= self.window_ms:
            return now, 0
        return start, count

    def _quota(self, start: float, count: int, now: float) -> Quota:
        reset_ms = max(1, math.ceil(self.window_ms - (now - start) * 1000))
        return Quota(self.limit, max(0, self.limit - count), min(reset_ms, self.window_ms))

    def hit(self, app_id: str) -> tuple[bool, Quota]:
        """Count one request; ``(allowed, quota after it)``. A refused request is not counted."""
        with self._lock:
            now = self._clock()
            start, count = self._current(app_id, now)
            allowed = count < self.limit
            if allowed:
                count += 1
            self._windows[app_id] = (start, count)
        return allowed, self._quota(start, count, now)

    def peek(self, app_id: str | None) -> Quota:
        """The quota as it stands, without counting (for answers given before the count)."""
        with self._lock:
            now = self._clock()
            if app_id is None or app_id not in self._windows:
                return Quota(self.limit, self.limit, self.window_ms)
            return self._quota(*self._current(app_id, now), now)
