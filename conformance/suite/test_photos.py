"""/identity/photos with the domain's data: valid uploads stored and answered, invalid ones rejected as documented."""

from __future__ import annotations

import pytest
from hypothesis import given

from conformance.checks.envelope import check_error, check_success
from conformance.checks.rules import RuleViolation
from conformance.suite.domain import DEFECTS, VALID, invalid, per_case_settings

PATH = "/identity/photos"


@pytest.mark.rule("photos.valid-accepted")
@pytest.mark.parametrize("case", list(VALID[PATH]))
def test_valid_uploads_are_accepted(miot, case: str) -> None:
    photo_ids: set[str] = set()

    @per_case_settings()
    @given(VALID[PATH][case])
    def accepted(body: dict) -> None:
        info = check_success(miot.post(PATH, body), PATH, "photos.valid-accepted")["identityInfo"]
        if info["photoType"] != body["photoType"]:
            raise RuleViolation("photos.valid-accepted", f"photoType {body['photoType']} sent, {info['photoType']} echoed")
        if info["photoId"] in photo_ids:
            raise RuleViolation("photos.valid-accepted", f"photoId {info['photoId']} given to two uploads")
        photo_ids.add(info["photoId"])

    accepted()


@pytest.mark.rule("photos.invalid-rejected")
@pytest.mark.parametrize(("field", "reason"), DEFECTS[PATH], ids=[f"{f or 'extra'}-{r}" for f, r in DEFECTS[PATH]])
def test_invalid_uploads_get_their_documented_error(miot, field: str | None, reason: str) -> None:
    @per_case_settings()
    @given(invalid(PATH, field, reason))
    def rejected(bad) -> None:
        check_error(miot.post(PATH, bad.value), bad.error().key, "photos.invalid-rejected", field=bad.field or "")

    rejected()
