"""``conformance sign``: the Authorization value for a body, from the command line.

The key comes from ``--app-key`` or ``MIOT_APP_KEY`` and is never printed;
``--explain`` shows the signed string with the key as ``***`` and personal
fields masked, its byte length and the digest.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys

from .. import signing
from ..cli import UsageError
from ..masking import mask_body_bytes

HELP = "sign a request body and print its Authorization value"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", default="POST", help="HTTP method (default POST)")
    parser.add_argument("--path", required=True, help="resource path, e.g. /identity/authentication")
    parser.add_argument("--query", default="", help="query string exactly as in the URL, without '?'")
    parser.add_argument("--body-file", help="file holding the exact body bytes, or - for standard input (default: empty body)")
    parser.add_argument("--app-key", help="the appKey (default: $MIOT_APP_KEY)")
    parser.add_argument("--hex", action="store_true", help="base64 of the hex digest instead of the raw digest")
    parser.add_argument("--explain", action="store_true", help="also print the signed string (key masked), its length and the digest")


def _read_body(source: str | None) -> bytes:
    if source is None:
        return b""
    if source == "-":
        return sys.stdin.buffer.read()
    try:
        with open(source, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise UsageError(f"cannot read body file {source!r}: {exc.strerror}") from None


def run(args: argparse.Namespace) -> int:
    key = args.app_key or os.environ.get("MIOT_APP_KEY")
    if not key:
        raise UsageError("no app key: pass --app-key or set MIOT_APP_KEY")
    body = _read_body(args.body_file)
    digest: signing.Digest = "hex" if args.hex else "raw"
    try:
        value = signing.sign(key, args.method, args.path, args.query, body, digest)
        canonical = signing.canonical_bytes(key, args.method, args.path, args.query, body)
    except signing.SigningError as exc:
        raise UsageError(str(exc)) from None
    if args.explain:
        md5 = hashlib.md5(canonical, usedforsecurity=False)
        print(f"signed string: {signing.explain(args.method, args.path, args.query, body, mask_body_bytes(body))}")
        print(f"signed bytes:  {len(canonical)} ({len(canonical) - len(key.encode())} after the key; body {len(body)})")
        print(f"md5 (hex):     {md5.hexdigest()}")
        print(f"digest:        {digest}")
        print(f"Authorization: {value}")
    else:
        print(value)
    return 0
