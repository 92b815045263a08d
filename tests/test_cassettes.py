"""Record against the embedded server, replay with no server: same results, clear errors, nothing secret on disk."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conformance.server.sandbox import SANDBOX_APP_ID, SANDBOX_APP_KEY, SANDBOX_IDENTITIES
from tests.suite.runner import SUITE, run_suite


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> tuple[Path, dict]:
    """One full recording of the suite against the embedded server."""
    work = tmp_path_factory.mktemp("record")
    code, rules, output = run_suite(work, str(SUITE), "--record", str(work / "cassettes"))
    assert code == 0, output[-3000:]
    return work / "cassettes", rules


def _copy(recorded_dir: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(recorded_dir, tmp_path / "cassettes"))


def test_replay_without_a_server_gives_the_same_results(recorded, tmp_path: Path) -> None:
    directory, recorded_rules = recorded
    code, rules, output = run_suite(tmp_path, str(SUITE), "--replay", str(directory))
    assert code == 0, output[-3000:]
    assert {k: r["status"] for k, r in rules.items()} == {k: r["status"] for k, r in recorded_rules.items()}
    assert "never replayed" not in output


def test_a_broken_recorded_response_fails_its_rule(recorded, tmp_path: Path) -> None:
    directory = _copy(recorded[0], tmp_path)
    (cassette,) = directory.glob("*test_every_kind_of_answer_success-headers.request-id.json")
    data = json.loads(cassette.read_text(encoding="utf-8"))
    for name_value in data["interactions"][0]["response"]["headers"]:
        if name_value[0].lower() == "xm-request-id":
            name_value[1] = "not-a-uuid"
    cassette.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, rules, output = run_suite(tmp_path, str(SUITE / "test_headers.py"), "--replay", str(directory))
    assert code == 1
    assert rules["headers.request-id"]["status"] == "failed", output[-2000:]


def test_an_unknown_request_says_the_cassette_must_be_re_recorded(recorded, tmp_path: Path) -> None:
    directory = _copy(recorded[0], tmp_path)
    (cassette,) = directory.glob("*test_signed_request_is_accepted_identity_authentication*")
    data = json.loads(cassette.read_text(encoding="utf-8"))
    data["interactions"][0]["request"]["body_sha256"] = "0" * 64
    cassette.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, output = run_suite(tmp_path, str(SUITE / "test_signing.py"), "-k", "signed_request_is_accepted", "--replay", str(directory))
    assert code == 1
    assert "test_signed_request_is_accepted" in output and "is not in cassette" in output and "must be re-recorded" in output
    assert "recorded interactions never replayed: 1" in output


def test_profiles_must_match(recorded, tmp_path: Path) -> None:
    directory = _copy(recorded[0], tmp_path)
    cassette = next(directory.glob("*.json"))
    data = json.loads(cassette.read_text(encoding="utf-8"))
    data["profile"] = "dev"
    cassette.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, output = run_suite(tmp_path, str(SUITE / "test_headers.py"), "--replay", str(directory))
    assert code == 4 and "recorded with the hypothesis profile 'dev'" in output and "--hypothesis-profile ci" in output
    assert "Traceback" not in output


def test_record_needs_the_ci_profile(tmp_path: Path) -> None:
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "pytest", str(SUITE / "test_headers.py"), "-p", "no:cacheprovider",
                           "--record", str(tmp_path / "c")], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 4
    assert "--record needs --hypothesis-profile ci" in done.stdout + done.stderr


def test_cassettes_hold_no_secret_and_no_clear_personal_data(recorded) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in recorded[0].glob("*.json"))
    assert SANDBOX_APP_KEY not in text
    assert SANDBOX_APP_ID not in text
    for name, number in SANDBOX_IDENTITIES:
        assert number not in text and f'"{name}"' not in text
    values = re.findall(r'"authorization": "([^"]*)"', text, flags=re.I)
    assert values and set(values) == {"<redacted>"}
    for field in ("name", "idNumber", "phoneNumber"):
        values = re.findall(rf'\\"{field}\\":\\"([^"\\]*)\\"', text)
        assert values, f"no {field} found: the scan would prove nothing"
        for value in values:
            assert "*" in value or len(value) <= 1, f"{field} written unmasked"
