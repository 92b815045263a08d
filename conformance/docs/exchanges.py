"""The HTTP examples of the docs: full request/response exchanges and the worked signing example.

Everything is computed at generation time from the spec's examples with the
sandbox's demo credentials, a fixed ``Date`` and a fixed request id (the
seed page's own values), so that the same spec always gives the same bytes
and every ``Authorization`` shown really verifies.

>>> example = signing_example("/identity/authentication", "POST", b"{}")
>>> example.signed_string == SANDBOX_APP_KEY + "POST/identity/authentication{}"
True
"""

from __future__ import annotations

import hashlib
import http
import json
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .. import signing
# The sandbox's published test credentials: the only key these docs ever show.
from ..server.sandbox import SANDBOX_APP_ID, SANDBOX_APP_KEY
from .fields import merged, resolve

__all__ = ["FIXED_DATE", "FIXED_REQUEST_ID", "SigningExample",
           "body_bytes", "example_value", "signing_example", "request_exchange", "response_exchange"]

# The seed page's example Date and XM-Request-Id, so the output is deterministic.
FIXED_DATE = "Thu, 15 May 2014 11:18:32 GMT"
FIXED_REQUEST_ID = "97ad742e-7a17-42fa-ad05-b5e559699335"
# Header values no schema can give (the schema only constrains them).
_REQUEST_VALUES = {"Date": FIXED_DATE, "H-XM-AppId": SANDBOX_APP_ID}


@dataclass(frozen=True)
class SigningExample:
    """One worked signature: inputs, the signed string, the digest and both encodings."""

    app_key: str
    method: str
    path: str
    query: str
    body: str
    signed_string: str
    md5_hex: str
    authorization: str
    authorization_hex: str
    openssl: str
    openssl_hex: str


def body_bytes(value: Any) -> bytes:
    """The wire form of a JSON example: compact, raw UTF-8 (no ``\\uXXXX`` escapes)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def example_value(media: dict[str, Any]) -> Any | None:
    """The first example of a media type object (``examples`` in order, else ``example``)."""
    for example in media.get("examples", {}).values():
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    return media.get("example")


def signing_example(path: str, method: str, body: bytes, query: str = "") -> SigningExample:
    """The worked example for one request, computed by ``conformance.signing``."""
    canonical = signing.canonical_bytes(SANDBOX_APP_KEY, method, path, query, body)
    printf = f"printf %s {shlex.quote(canonical.decode('utf-8'))}"
    return SigningExample(
        app_key=SANDBOX_APP_KEY, method=method.upper(), path=path, query=query, body=body.decode("utf-8"),
        signed_string=canonical.decode("utf-8"),
        md5_hex=hashlib.md5(canonical, usedforsecurity=False).hexdigest(),
        authorization=signing.sign(SANDBOX_APP_KEY, method, path, query, body, "raw"),
        authorization_hex=signing.sign(SANDBOX_APP_KEY, method, path, query, body, "hex"),
        openssl=f"{printf} | openssl dgst -md5 -binary | openssl base64",
        openssl_hex=f"{printf} | openssl dgst -md5 -hex -r | cut -c1-32 | tr -d '\\n' | openssl base64",
    )


def _header_value(doc: dict[str, Any], name: str, schema: dict[str, Any], known: dict[str, str]) -> str:
    schema = merged(doc, schema)
    if name in known:
        return known[name]
    for key in ("const", "example", "default"):
        if key in schema:
            return str(schema[key])
    return f"<{name}>"


def request_exchange(doc: dict[str, Any], path: str, method: str, operation: dict[str, Any], body: bytes) -> str:
    """The request as it goes on the wire: request line, headers (signed), blank line, body."""
    host = urlsplit(doc["servers"][0]["url"]).netloc
    lines = [f"{method.upper()} {path} HTTP/1.1", f"Host: {host}"]
    for param in (resolve(doc, p) for p in operation.get("parameters", [])):
        if param.get("in") == "header":
            lines.append(f"{param['name']}: {_header_value(doc, param['name'], param.get('schema', {}), _REQUEST_VALUES)}")
    for scheme in doc["components"]["securitySchemes"].values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            lines.append(f"{scheme['name']}: {signing.sign(SANDBOX_APP_KEY, method, path, '', body)}")
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return "\n".join(lines + ["", body.decode("utf-8")]).rstrip("\n")


def response_exchange(doc: dict[str, Any], status: str, response: dict[str, Any], body: bytes) -> str:
    """The response as it comes back: status line, the contract's headers, blank line, body."""
    limit, window = doc["x-rate-limit"]["limit"], doc["x-rate-limit"]["windowMs"]
    known = {
        "Date": FIXED_DATE, "Content-Length": str(len(body)), "XM-Request-Id": FIXED_REQUEST_ID,
        "X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(limit - 1), "X-RateLimit-Reset": str(window),
    }
    try:
        reason = http.HTTPStatus(int(status)).phrase
    except ValueError:
        reason = ""
    lines = [f"HTTP/1.1 {status} {reason}".rstrip()]
    for name, header in response.get("headers", {}).items():
        lines.append(f"{name}: {_header_value(doc, name, resolve(doc, header).get('schema', {}), known)}")
    return "\n".join(lines + ["", body.decode("utf-8")])
