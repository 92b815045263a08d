"""``conformance docs``: writes, checks for drift, and rejects a broken spec with its location."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conformance import spec
from conformance.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "identity.yaml"
    shutil.copyfile(spec.spec_path(), copy)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _docs(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["docs", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_committed_docs_are_in_sync_with_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """The CI gate: a contract change without regenerated docs fails here."""
    code, out, _ = _docs(capsys, "--check", "--out", str(ROOT / "docs"))
    assert code == 0, f"docs/ is stale; run `conformance docs`:\n{out}"


@pytest.mark.parametrize(("old", "new", "visible"), [
    ("        idNumber: {$ref: \"#/components/schemas/IdNumber\"}\n",
     "        idNumber: {$ref: \"#/components/schemas/IdNumber\"}\n        channel: {type: string, description: 渠道 / channel}\n",
     "| channel | 否 | string | 渠道 / channel |"),
    ("description: 手机号 / phone number\n", "description: 手机号码 / the subscriber's phone number\n",
     "手机号码 / the subscriber's phone number"),
])
def test_an_edited_spec_makes_check_fail_until_regenerated(
    capsys: pytest.CaptureFixture[str], spec_copy: Path, tmp_path: Path, old: str, new: str, visible: str,
) -> None:
    out_dir = tmp_path / "docs"
    assert _docs(capsys, "--spec", str(spec_copy), "--out", str(out_dir))[0] == 0
    assert _docs(capsys, "--spec", str(spec_copy), "--out", str(out_dir), "--check")[0] == 0
    _edit(spec_copy, old, new)
    code, out, _ = _docs(capsys, "--spec", str(spec_copy), "--out", str(out_dir), "--check")
    assert code == 1
    assert f"stale: {out_dir / 'identity.md'}" in out and f"stale: {out_dir / 'index.html'}" in out
    assert "+" + visible in out or visible in out  # the diff excerpt shows the change
    assert _docs(capsys, "--spec", str(spec_copy), "--out", str(out_dir))[0] == 0
    assert _docs(capsys, "--spec", str(spec_copy), "--out", str(out_dir), "--check")[0] == 0
    assert visible in (out_dir / "identity.md").read_text(encoding="utf-8")


def test_check_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _docs(capsys, "--check", "--out", str(tmp_path / "none"))
    assert code == 1 and "(missing)" in out
    assert not (tmp_path / "none").exists()


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize(("old", "new", "where"), [
    ("  version: \"2.0\"\n", "  version: [\"2.0\"\n", None),  # YAML: file:line:column
    ("      minLength: 2\n", "      minLength: two\n", "$.components.schemas.Name.minLength"),
    ("schemas/PhotoRequest\"}", "schemas/PhotoRequst\"}", "$.paths['/identity/photos'].post.requestBody"),
    ("bad_signature: {status: 401, rtnCode: 40102,", "bad_signature: {status: 401, rtnCode: \"40102\",",
     "$.x-error-codes.codes.bad_signature.rtnCode"),
])
def test_a_broken_spec_is_one_line_with_its_location(
    capsys: pytest.CaptureFixture[str], spec_copy: Path, tmp_path: Path, old: str, new: str, where: str | None,
) -> None:
    line = _line_of(spec_copy, old.strip("\n").split("\n")[0]) if where else None
    _edit(spec_copy, old, new)
    code, out, err = _docs(capsys, "--spec", str(spec_copy), "--out", str(tmp_path / "docs"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"conformance docs: error: {spec_copy}:")
    if where is None:
        assert "YAML" in err and err.split(":")[3].strip().isdigit()  # path:line:column
    else:
        assert f"{spec_copy}:{line}: {where}" in err
    assert not (tmp_path / "docs").exists()


def test_a_missing_spec_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _docs(capsys, "--spec", str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml" in err and err.count("\n") == 1
