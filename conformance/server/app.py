"""The reference server as an ASGI app: the contract's rules, a real SQLite store.

Every request goes to one ASGI callable so that the contract's order of
checks (``conformance.contract.request``) decides every answer, including
unknown paths and wrong methods, which a router would answer with plain
text. Requests are checked from the head first; the body is read only up to
``max_body_bytes``. Small bodies are handled on the event loop (a thread hop
would cost more than the work); large ones (photos: base64, Pillow, an
fsync) in the thread pool.

The callable speaks ASGI directly rather than through Starlette's router,
``Request`` and ``Response``: with one route and answers whose headers are
already complete, those layers only re-parse and re-encode, and they cost
as much as the contract's own work (``bench/server.py``). Starlette remains
the thread pool (``run_in_threadpool``) and the bare endpoint it is measured against.
"""

from __future__ import annotations

import logging
import time
from types import SimpleNamespace
from typing import Any

from starlette.concurrency import run_in_threadpool

from .. import spec
from ..contract import ContractService, Decision, RateLimiter, Rejected, responses
from ..contract.request import LowerHeaders
from .config import ServerConfig
from .store import Store

__all__ = ["create_app", "ReferenceApp", "INLINE_BODY_BYTES", "DRAIN_BYTES"]

log = logging.getLogger("conformance.server")

INLINE_BODY_BYTES = 64 * 1024
"""Bodies up to this size are checked on the event loop, larger ones in a worker thread."""
DRAIN_BYTES = 16 * 1024 * 1024
"""After answering body_too_large, up to this much more is read and dropped so the client can read the answer."""


class _TooLarge(Exception):
    pass


async def _read_body(receive: Any, limit: int, message: dict[str, Any]) -> bytes:
    """The body from its first ``message`` on, or ``_TooLarge`` as soon as it passes ``limit`` (the rest is drained, boundedly)."""
    chunks: list[bytes] = []
    size = 0
    while message["type"] != "http.disconnect":
        chunk = message.get("body", b"")
        more = message.get("more_body", False)
        size += len(chunk)
        if size > limit:
            while more and size < limit + DRAIN_BYTES:
                message = await receive()
                size += len(message.get("body", b""))
                more = message.get("more_body", False) and message["type"] != "http.disconnect"
            raise _TooLarge
        chunks.append(chunk)
        if not more:
            break
        message = await receive()
    return b"".join(chunks)


class ReferenceApp:
    """The ASGI app for one ``ServerConfig``; ``state`` holds its ``store``, ``limiter`` and ``config``."""

    def __init__(self, config: ServerConfig) -> None:
        store = Store(config.data_dir)
        store.seed_identities(config.identities)
        limiter = RateLimiter(limit=config.rate_limit, window_ms=config.rate_window_ms)
        self.state = SimpleNamespace(store=store, limiter=limiter, config=config)
        self._service = ContractService(
            config.apps, config.digest, registered_name=store.registered_name, store_photo=store.add_photo,
            limiter=limiter, max_body_bytes=config.max_body_bytes, validate_body=config.validate_body,
        )
        self._max_body_bytes = config.max_body_bytes
        self._known_paths = frozenset(spec.operations())

    async def _decide(self, scope: Any, receive: Any) -> Decision:
        target = scope["raw_path"]
        if scope["query_string"]:
            target += b"?" + scope["query_string"]
        headers = LowerHeaders({k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]})
        method = scope["method"]
        service = self._service
        decided = service.head(method, target, headers)
        if decided is not None:
            return decided
        message = await receive()
        body = message.get("body", b"")
        if message["type"] != "http.request" or message.get("more_body", False) or len(body) > self._max_body_bytes:
            try:  # not the usual case of the whole body in one message
                body = await _read_body(receive, self._max_body_bytes, message)
            except _TooLarge:
                return service.reject(Rejected("body_too_large", app_id=headers["h-xm-appid"]), {"Connection": "close"})
        if len(body) <= INLINE_BODY_BYTES:
            return service.payload(method, target, headers, body)
        return await run_in_threadpool(service.payload, method, target, headers, body)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":  # lifespan is off; nothing else is served
            return
        started = time.perf_counter()
        app_id: str | None = None
        error = ""
        try:
            outcome, response = await self._decide(scope, receive)
            app_id = outcome.app_id
        except Exception as exc:  # the contract's 500 envelope, never a traceback in the answer
            error = f" error={type(exc).__name__}"
            response = responses.failure("server_error", self._service.quota(app_id))
        if log.isEnabledFor(logging.INFO):
            path = scope["path"]
            log.info(
                "%s appId=%s %s %s status=%d rtnCode=%d %.1fms%s",
                response.request_id, app_id or "-", scope["method"], path if path in self._known_paths else "(unknown path)",
                response.status, response.rtn_code, (time.perf_counter() - started) * 1000, error,
            )
        await send({"type": "http.response.start", "status": response.status, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


def create_app(config: ServerConfig | None = None) -> ReferenceApp:
    """The ASGI app for ``config`` (default: the sandbox). ``app.state.store`` is its database."""
    return ReferenceApp(config or ServerConfig())
