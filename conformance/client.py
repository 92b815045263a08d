"""The signing HTTP client: an ``httpx.Auth`` and a factory for a configured client.

The auth flow sets the contract's request headers and signs the body bytes
httpx is about to send (``requires_request_body``), so what is signed is what
goes on the wire, whatever serialisation the caller chose.

>>> import httpx
>>> auth = MiotAuth("demo-app", "demo-key")
>>> request = httpx.Request("POST", "http://sandbox/identity/authentication", content=b"{}")
>>> auth.sign_request(request).headers["H-XM-V"]
'2.0'
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from email.utils import formatdate

import httpx

from . import signing, spec
from .masking import mask_body_bytes

__all__ = ["MiotAuth", "make_client", "DEFAULT_TIMEOUT"]

log = logging.getLogger("conformance.client")
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class MiotAuth(httpx.Auth):
    """Adds ``Date``, ``H-XM-AppId``, ``H-XM-V``, ``Content-Type`` and ``Authorization``.

    ``Date`` and an explicit ``Content-Type`` set by the caller are kept
    (httpx's own bare ``application/json`` is replaced by the contract's).
    """

    requires_request_body = True

    def __init__(self, app_id: str, app_key: str, digest: signing.Digest = "raw") -> None:
        if digest not in signing.DIGESTS:
            raise signing.SigningError(f"unknown digest variant {digest!r}; expected raw or hex")
        self.app_id = app_id
        self._app_key = app_key
        self.digest: signing.Digest = digest

    def __repr__(self) -> str:  # the key never appears in a repr or a traceback's locals dump
        return f"MiotAuth(app_id={self.app_id!r}, digest={self.digest!r})"

    def sign_request(self, request: httpx.Request) -> httpx.Request:
        """Set the contract headers on ``request`` and sign its body; returns it."""
        request.headers.setdefault("Date", formatdate(usegmt=True))
        request.headers["H-XM-AppId"] = self.app_id
        request.headers["H-XM-V"] = spec.API_VERSION
        if request.headers.get("Content-Type") in (None, "application/json"):
            request.headers["Content-Type"] = spec.CONTENT_TYPE
        path, query = signing.split_target(request.url.raw_path)
        body = request.content
        if log.isEnabledFor(logging.DEBUG):
            log.debug("signed %d bytes: %s", len(body), signing.explain(request.method, path, query, body, mask_body_bytes(body)))
        request.headers["Authorization"] = signing.sign(self._app_key, request.method, path, query, body, self.digest)
        return request

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield self.sign_request(request)


def make_client(
    base_url: str,
    app_id: str,
    app_key: str,
    digest: signing.Digest = "raw",
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An ``httpx.Client`` for ``base_url`` that signs every request, with timeouts."""
    return httpx.Client(base_url=base_url, auth=MiotAuth(app_id, app_key, digest), timeout=timeout, transport=transport)
