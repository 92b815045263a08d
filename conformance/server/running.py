"""The reference server in a background thread, for tests and the suite's default target.

``running()`` binds a free loopback port itself (no race between choosing a
port and listening on it), serves the app with uvicorn in a daemon thread,
waits until a request is answered and stops the server on exit. Without a
``data_dir`` the database lives in a temporary directory removed afterwards.

>>> with running() as server:  # doctest: +SKIP
...     httpx.post(server.base_url + "/identity/authentication", ...)
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from .app import create_app
from .config import ServerConfig

__all__ = ["RunningServer", "running", "uvicorn_config", "bind", "ASGIApp"]

ASGIApp = Callable[..., Any]


@dataclass(frozen=True)
class RunningServer:
    """A started server: where it listens, its settings (with the real port) and its data dir."""

    base_url: str
    config: ServerConfig
    data_dir: Path


def uvicorn_config(app: ASGIApp, log_level: str = "warning") -> uvicorn.Config:
    """uvicorn as the contract needs it: no Server/Date header of its own (ours is the only Date)."""
    return uvicorn.Config(
        app, lifespan="off", server_header=False, date_header=False, access_log=False,
        log_config=None, log_level=log_level, timeout_graceful_shutdown=2,
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (``port`` 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def _wait_until_answering(base_url: str, thread: threading.Thread, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if not thread.is_alive():
            raise RuntimeError("the reference server stopped while starting")
        try:
            httpx.get(base_url + "/", timeout=1.0)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the reference server did not answer within {timeout:g} s") from None
            time.sleep(0.02)


@contextlib.contextmanager
def running(config: ServerConfig | None = None, *, wrap: Callable[[ASGIApp], ASGIApp] | None = None, timeout: float = 10.0) -> Iterator[RunningServer]:
    """Start a reference server on 127.0.0.1 (a free port), yield it, stop it.

    ``wrap`` is applied around the app (fault injection: a wrapper that
    breaks one rule of the contract). ``config.host``/``port`` are ignored.
    """
    config = config or ServerConfig()
    with contextlib.ExitStack() as stack:
        data_dir = config.data_dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="miot-sandbox-")))
        sock = stack.enter_context(bind("127.0.0.1", 0))
        config = dataclasses.replace(config, host="127.0.0.1", port=sock.getsockname()[1], data_dir=data_dir)
        inner = create_app(config)
        stack.callback(inner.state.store.close)
        server = uvicorn.Server(uvicorn_config(wrap(inner) if wrap else inner))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="miot-reference-server", daemon=True)
        thread.start()

        def stop() -> None:
            server.should_exit = True
            thread.join(timeout=10)

        stack.callback(stop)
        base_url = f"http://127.0.0.1:{config.port}"
        _wait_until_answering(base_url, thread, timeout)
        yield RunningServer(base_url, config, data_dir)
