"""The ``conformance`` command: one sub-command a module under ``conformance.commands``.

Each command module has ``HELP``, ``configure(parser)`` and ``run(args) -> int``;
modules are imported only when their command runs, so ``conformance sign``
does not pay for the server's imports. A user mistake is one line on stderr
and exit code 2 (``UsageError``), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["UsageError", "main"]

COMMANDS = {
    "sign": ("conformance.commands.sign", "sign a request body and print its Authorization value"),
    "serve": ("conformance.commands.serve", "run the reference server (the sandbox) on loopback"),
    "docs": ("conformance.commands.docs", "regenerate (or --check) the documentation from the contract"),
}


class UsageError(Exception):
    """A mistake of the user's: reported as one line, exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="conformance", description="MIoT identity API contract tools.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    name = next((a for a in argv if not a.startswith("-")), None)
    for command, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(command, help=help_text, description=help_text)
        if command == name:  # configure only the command being run: its imports stay lazy
            importlib.import_module(module).configure(p)
    args = parser.parse_args(argv)
    try:
        return int(importlib.import_module(COMMANDS[args.command][0]).run(args))
    except UsageError as exc:
        print(f"conformance {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
