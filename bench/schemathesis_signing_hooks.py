"""Schemathesis hooks for bench/suite.py: sign each case the way the contract says (``SCHEMATHESIS_HOOKS``).

The requests transport sends ``json=`` bodies as ``json.dumps(body, allow_nan=False)``
(stdlib defaults: ``", "``/``": "`` separators, ``\\u`` escapes); the signature is
computed over exactly those bytes.
"""

from __future__ import annotations

import json
import os

import schemathesis

from conformance import signing, spec

APP_ID = os.environ["BENCH_APP_ID"]
APP_KEY = os.environ["BENCH_APP_KEY"]


@schemathesis.hook
def before_call(ctx, case, kwargs) -> None:  # noqa: ANN001 - schemathesis's hook signature
    body = case.body
    raw = body if isinstance(body, (bytes, bytearray)) else json.dumps(body, allow_nan=False).encode() if body is not None else b""
    case.headers = {**(case.headers or {}), "H-XM-AppId": APP_ID, "H-XM-V": spec.API_VERSION, "Content-Type": spec.CONTENT_TYPE,
                    "Authorization": signing.sign(APP_KEY, case.method, case.formatted_path, b"", bytes(raw))}
