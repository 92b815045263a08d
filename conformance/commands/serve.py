"""``conformance serve``: the reference server (the sandbox) on the command line.

Prints its URL, the configured appIds (never their keys) and the data
directory, then serves until interrupted. Without ``--app`` the documented
sandbox credentials are used; ``--identity`` adds to the sandbox identities.
A flag with a bad value is a one-line usage error (exit 2).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
from pathlib import Path

from .. import signing, spec
from ..cli import UsageError
from ..masking import mask_id_number, mask_name

HELP = "run the reference server (the sandbox) on loopback"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default 8080)")
    parser.add_argument("--app", action="append", default=[], metavar="ID:KEY", help="an issued appId and its key (repeatable; default: the sandbox app)")
    parser.add_argument("--rate-limit", type=int, default=spec.rate_limit()[0], metavar="N", help="requests per appId per 60-second window (default %(default)s)")
    parser.add_argument("--data-dir", type=Path, help="where the SQLite database lives (default: a temporary directory, removed on exit)")
    parser.add_argument("--identity", action="append", default=[], metavar="NAME:IDNUMBER", help="register an identity besides the sandbox ones (repeatable)")
    parser.add_argument("--max-body-bytes", type=int, metavar="N", help="largest request body accepted (default: the largest valid photo upload)")
    parser.add_argument("--digest", choices=signing.DIGESTS, default=spec.signing()["digest"], help="signature digest variant (default %(default)s)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"], help="server log level (default info)")


def _apps(values: list[str]) -> dict[str, str]:
    pattern = re.compile(spec.load()["components"]["parameters"]["AppId"]["schema"]["pattern"])
    apps: dict[str, str] = {}
    for value in values:
        app_id, sep, key = value.partition(":")
        if not sep or not key or not app_id:
            raise UsageError("--app needs ID:KEY with a non-empty appId and key")
        if not pattern.fullmatch(app_id) or len(app_id) > 64:
            raise UsageError(f"--app: appId {app_id!r} is not 1-64 printable ASCII characters")
        apps[app_id] = key
    return apps


def _identities(values: list[str]) -> list[tuple[str, str]]:
    from ..contract import check_body

    auth_path = next(path for path, op in spec.operations().items() if op["operationId"] == "authenticateIdentity")
    pairs = []
    for value in values:
        name, sep, number = value.rpartition(":")
        if not sep:
            raise UsageError("--identity needs NAME:IDNUMBER")
        rejected = check_body(auth_path, {"name": name, "idNumber": number})  # the same rules as a request
        if rejected is not None:
            shown = mask_name(name) if rejected.error.field == "name" else mask_id_number(number)
            raise UsageError(f"--identity {shown!r}: {rejected.message} ({rejected.error.description})")
        pairs.append((name, number))
    return pairs


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..server import SANDBOX_APP_ID, ServerConfig
    from ..server.app import create_app
    from ..server.running import bind, uvicorn_config

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be 0-65535, got {args.port}")
    if args.rate_limit < 0:
        raise UsageError(f"--rate-limit must be >= 0, got {args.rate_limit}")
    if args.max_body_bytes is not None and args.max_body_bytes < 1:
        raise UsageError(f"--max-body-bytes must be >= 1, got {args.max_body_bytes}")
    config = ServerConfig(host=args.host, port=args.port, rate_limit=args.rate_limit, digest=args.digest)
    if args.app:
        config.apps = _apps(args.app)
    config.identities += _identities(args.identity)
    if args.max_body_bytes is not None:
        config.max_body_bytes = args.max_body_bytes
    temporary = None
    if args.data_dir is None:
        temporary = tempfile.TemporaryDirectory(prefix="miot-sandbox-")
        config.data_dir = Path(temporary.name)
    else:
        try:
            args.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--data-dir {str(args.data_dir)!r}: {exc.strerror}") from None
        config.data_dir = args.data_dir
    try:
        sock = bind(args.host, args.port)
    except (OSError, OverflowError) as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {getattr(exc, 'strerror', None) or exc}") from None
    config.port = sock.getsockname()[1]
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stderr)
    app = create_app(config)
    host = f"[{args.host}]" if ":" in args.host else args.host
    sandbox = " (the sandbox app: see the README)" if config.app_ids == [SANDBOX_APP_ID] else ""
    print(f"reference server: http://{host}:{config.port}", flush=True)
    print(f"appIds: {', '.join(config.app_ids)}{sandbox}", flush=True)
    print(f"digest: {config.digest}; rate limit: {config.rate_limit}/window per appId; max body: {config.max_body_bytes} bytes", flush=True)
    print(f"data dir: {config.data_dir}{' (temporary, removed on exit)' if temporary else ''}", flush=True)
    try:
        uvicorn.Server(uvicorn_config(app, log_level=args.log_level)).run(sockets=[sock])
    finally:
        app.state.store.close()
        sock.close()
        if temporary is not None:
            temporary.cleanup()
    return 0
