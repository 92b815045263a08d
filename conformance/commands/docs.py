"""``conformance docs``: regenerate the documentation from the contract, or check it is current.

Without ``--check`` the files are written to ``--out`` (default ``docs/``).
With ``--check`` nothing is written: the files are rendered in memory and
compared byte for byte; any that differ are listed with a unified-diff
excerpt and the exit code is 1, so CI fails when the contract changed but
the committed docs did not.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from ..cli import UsageError

HELP = "regenerate (or --check) the documentation from the contract"
DIFF_LINES = 40  # per stale file: enough to see what changed, short enough for a CI log


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", type=Path, help="the contract to document (default: the packaged openapi/identity.yaml)")
    parser.add_argument("--out", type=Path, default=Path("docs"), help="directory of the generated files (default: docs/)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 listing the files that are stale")


def _diff_excerpt(name: str, committed: bytes | None, fresh: bytes) -> list[str]:
    old = [] if committed is None else committed.decode("utf-8", "replace").splitlines()
    diff = list(difflib.unified_diff(old, fresh.decode("utf-8").splitlines(), f"{name} (committed)", f"{name} (from the spec)", n=1, lineterm=""))
    more = len(diff) - DIFF_LINES
    return diff[:DIFF_LINES] + ([f"... {more} more diff lines"] if more > 0 else [])


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def _check(out: Path, files: dict[str, bytes]) -> int:
    stale = {name: _read(out / name) for name in files}
    stale = {name: committed for name, committed in stale.items() if committed != files[name]}
    if not stale:
        print(f"{out}/ is in sync with the contract ({len(files)} files)")
        return 0
    for name, committed in stale.items():
        print(f"stale: {out / name}" + (" (missing)" if committed is None else ""))
        print("\n".join(_diff_excerpt(str(out / name), committed, files[name])))
    print(f"{len(stale)} of {len(files)} files in {out}/ are stale: run `conformance docs` and commit the result")
    return 1


def _write(out: Path, files: dict[str, bytes]) -> int:
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (out / name).write_bytes(content)
    except OSError as exc:
        raise UsageError(f"cannot write to {exc.filename or out}: {exc.strerror}") from None
    print(f"wrote {', '.join(str(out / name) for name in files)}")
    return 0


def run(args: argparse.Namespace) -> int:
    from .. import docs, spec  # lazily: Jinja and the OpenAPI validator only load for this command

    try:
        files = docs.render(docs.load_spec(args.spec or spec.spec_path()))
    except docs.SpecError as exc:
        raise UsageError(str(exc)) from None
    return _check(args.out, files) if args.check else _write(args.out, files)
