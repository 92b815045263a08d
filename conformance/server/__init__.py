"""The reference server: the contract implemented as an ASGI app on uvicorn with a SQLite store.

``create_app(config)`` gives the ASGI app; ``running(config)`` starts it on
a free loopback port for tests; ``conformance serve`` runs it from the
command line. The rules themselves live in ``conformance.contract``.
"""

from .app import create_app
from .config import ServerConfig, default_max_body_bytes
from .running import RunningServer, running
from .sandbox import SANDBOX_APP_ID, SANDBOX_APP_KEY, SANDBOX_IDENTITIES
from .store import DB_NAME, Store

__all__ = [
    "create_app", "ServerConfig", "default_max_body_bytes", "RunningServer", "running",
    "SANDBOX_APP_ID", "SANDBOX_APP_KEY", "SANDBOX_IDENTITIES", "DB_NAME", "Store",
]
