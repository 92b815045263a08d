"""/identity/authentication with the domain's data: valid inputs accepted, invalid ones rejected as documented."""

from __future__ import annotations

import pytest
from hypothesis import given

from conformance.checks.envelope import check_error, check_success
from conformance.checks.rules import RuleViolation
from conformance.contract.responses import MATCH, MISMATCH, NO_RECORD
from conformance.strategies import id_numbers
from conformance.suite.domain import DEFECTS, VALID, invalid, per_case_settings

PATH = "/identity/authentication"


@pytest.mark.rule("authentication.valid-accepted")
@pytest.mark.parametrize("case", list(VALID[PATH]))
def test_valid_bodies_are_accepted(miot, case: str) -> None:
    @per_case_settings()
    @given(VALID[PATH][case])
    def accepted(body: dict) -> None:
        check_success(miot.post(PATH, body), PATH, "authentication.valid-accepted")

    accepted()


@pytest.mark.rule("authentication.invalid-rejected")
@pytest.mark.parametrize(("field", "reason"), DEFECTS[PATH], ids=[f"{f or 'extra'}-{r}" for f, r in DEFECTS[PATH]])
def test_invalid_bodies_get_their_documented_error(miot, field: str | None, reason: str) -> None:
    @per_case_settings()
    @given(invalid(PATH, field, reason))
    def rejected(bad) -> None:
        check_error(miot.post(PATH, bad.value), bad.error().key, "authentication.invalid-rejected", field=bad.field or "")

    rejected()


def _identities(target) -> list[tuple[str, str]]:
    if not target.identities:
        pytest.skip("no identity known to the server: pass --identity NAME:IDNUMBER (repeatable) or set MIOT_IDENTITIES")
    return target.identities


@pytest.mark.rule("authentication.known-identity")
def test_known_identity_verifies(miot, miot_target) -> None:
    for name, number in _identities(miot_target):
        data = check_success(miot.post(PATH, {"name": name, "idNumber": number}), PATH, "authentication.known-identity")
        if data["resultCode"] != MATCH:
            raise RuleViolation("authentication.known-identity", f"a known identity got resultCode {data['resultCode']}, expected {MATCH}")


@pytest.mark.rule("authentication.known-identity")
def test_known_number_under_another_name_is_a_mismatch(miot, miot_target) -> None:
    name, number = _identities(miot_target)[0]
    other = "司马" + ("懿" if name[-1] != "懿" else "昭")
    data = check_success(miot.post(PATH, {"name": other, "idNumber": number}), PATH, "authentication.known-identity")
    if data["resultCode"] != MISMATCH:
        raise RuleViolation("authentication.known-identity", f"a known number under another name got resultCode {data['resultCode']}, expected {MISMATCH}")


@pytest.mark.rule("authentication.unknown-identity")
def test_unknown_number_has_no_record(miot, miot_target) -> None:
    known = {number for _, number in miot_target.identities}

    @per_case_settings()
    @given(id_numbers().filter(lambda n: n not in known))
    def no_record(number: str) -> None:
        data = check_success(miot.post(PATH, {"name": "张三", "idNumber": number}), PATH, "authentication.unknown-identity")
        if data["resultCode"] != NO_RECORD:
            raise RuleViolation("authentication.unknown-identity", f"an unknown number got resultCode {data['resultCode']}, expected {NO_RECORD}")

    no_record()
