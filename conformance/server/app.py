"""The reference server as a Starlette app: the contract's rules, a real SQLite store.

Every request goes through one catch-all route so that the contract's order
of checks (``conformance.contract.request``) decides every answer, including
unknown paths and wrong methods, which Starlette's router would answer with
plain text. Requests are checked from the head first; the body is read only
up to ``max_body_bytes``. Small bodies are handled on the event loop (a
thread hop would cost more than the work); large ones (photos: base64,
Pillow, an fsync) in the thread pool.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from .. import spec
from ..contract import ContractService, Decision, RateLimiter, Rejected, responses
from .config import ServerConfig
from .store import Store

__all__ = ["create_app", "INLINE_BODY_BYTES", "DRAIN_BYTES"]

log = logging.getLogger("conformance.server")

INLINE_BODY_BYTES = 64 * 1024
"""Bodies up to this size are checked on the event loop, larger ones in a worker thread."""
DRAIN_BYTES = 16 * 1024 * 1024
"""After answering body_too_large, up to this much more is read and dropped so the client can read the answer."""


class _TooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, or ``_TooLarge`` as soon as it passes ``limit`` (the rest is drained, boundedly)."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        more = message.get("more_body", False)
        size += len(chunk)
        if size > limit:
            while more and size < limit + DRAIN_BYTES:
                message = await request.receive()
                size += len(message.get("body", b""))
                more = message.get("more_body", False) and message["type"] != "http.disconnect"
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class _AnyMethod:
    """An ASGI endpoint: Starlette routes it for every method (a plain function gets GET only).

    The answer is sent as raw ASGI messages: the contract's headers are
    already complete, so a Starlette ``Response`` would only re-encode them.
    """

    def __init__(self, endpoint: Callable[[Request], Awaitable[responses.Response]]) -> None:
        self._endpoint = endpoint

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        response = await self._endpoint(Request(scope, receive))
        headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in response.headers]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})


def create_app(config: ServerConfig | None = None) -> Starlette:
    """The ASGI app for ``config`` (default: the sandbox). ``app.state.store`` is its database."""
    config = config or ServerConfig()
    store = Store(config.data_dir)
    store.seed_identities(config.identities)
    limiter = RateLimiter(limit=config.rate_limit, window_ms=config.rate_window_ms)
    service = ContractService(
        config.apps, config.digest, registered_name=store.registered_name, store_photo=store.add_photo,
        limiter=limiter, max_body_bytes=config.max_body_bytes, validate_body=config.validate_body,
    )
    known_paths = set(spec.operations())

    async def handle(request: Request) -> Decision:
        scope = request.scope
        target = scope["raw_path"] + (b"?" + scope["query_string"] if scope["query_string"] else b"")
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        method = scope["method"]
        decided = service.head(method, target, headers)
        if decided is not None:
            return decided
        try:
            body = await _read_body(request, config.max_body_bytes)
        except _TooLarge:
            return service.reject(Rejected("body_too_large", app_id=headers["h-xm-appid"]), {"Connection": "close"})
        if len(body) <= INLINE_BODY_BYTES:
            return service.payload(method, target, headers, body)
        return await run_in_threadpool(service.payload, method, target, headers, body)

    async def endpoint(request: Request) -> responses.Response:
        started = time.perf_counter()
        path = request.scope["path"]
        app_id: str | None = None
        error = ""
        try:
            outcome, response = await handle(request)
            app_id = outcome.app_id
        except Exception as exc:  # the contract's 500 envelope, never a traceback in the answer
            error = f" error={type(exc).__name__}"
            response = responses.failure("server_error", service.quota(app_id))
        log.info(
            "%s appId=%s %s %s status=%d rtnCode=%d %.1fms%s",
            response.request_id, app_id or "-", request.scope["method"], path if path in known_paths else "(unknown path)",
            response.status, response.rtn_code, (time.perf_counter() - started) * 1000, error,
        )
        return response

    app = Starlette(routes=[Route("/{rest:path}", _AnyMethod(endpoint))])
    app.state.store = store
    app.state.limiter = limiter
    app.state.config = config
    return app
