import threading

from conformance import spec
from conformance.contract import Quota, RateLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_defaults_from_the_contract():
    limiter = RateLimiter()
    assert (limiter.limit, limiter.window_ms) == spec.rate_limit()


def test_window_and_reset():
    clock = Clock()
    limiter = RateLimiter(limit=2, window_ms=60_000, clock=clock)
    assert limiter.peek("a") == Quota(2, 2, 60_000)
    assert limiter.hit("a") == (True, Quota(2, 1, 60_000))
    clock.now += 10.5
    assert limiter.hit("a") == (True, Quota(2, 0, 49_500))
    assert limiter.hit("a") == (False, Quota(2, 0, 49_500))
    assert limiter.hit("b")[0]  # per appId
    clock.now += 49.5
    assert limiter.hit("a") == (True, Quota(2, 1, 60_000))


def test_thread_safe():
    limiter = RateLimiter(limit=500)
    results: list[bool] = []

    def worker():
        for _ in range(200):
            results.append(limiter.hit("a")[0])

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 500
