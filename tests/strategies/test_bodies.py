"""Body strategies against the contract's request schemas: valid bodies validate; schema-level defects do not; domain-level ones do."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from conformance import spec
from conformance.strategies import (
    Reason,
    authentication_bodies,
    invalid_authentication_bodies,
    invalid_photo_bodies,
    photo_bodies,
)
from conformance.strategies.bodies import invalid_bodies
from conformance.strategies.rules import AUTHENTICATION_PATH, PHOTO_PATH
from tests.strategies.support import ecma_valid, examples

AUTH_SCHEMA = spec.request_schema_name(AUTHENTICATION_PATH)
PHOTO_SCHEMA = spec.request_schema_name(PHOTO_PATH)
SLOW_FIRST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # the photo pool renders once


@settings(max_examples=100)
@given(authentication_bodies())
def test_valid_authentication_bodies_validate(body: dict) -> None:
    assert spec.validator(AUTH_SCHEMA).is_valid(body) and ecma_valid(AUTH_SCHEMA, body)


@settings(SLOW_FIRST, max_examples=40)
@given(photo_bodies())
def test_valid_photo_bodies_validate(body: dict) -> None:
    assert list(body) == ["photoType", "photoBase64Str", "phoneNumber", "operator"]
    assert spec.validator(PHOTO_SCHEMA).is_valid(body)


def check(bad, schema: str) -> None:
    body, field = bad.value, bad.field
    properties = spec.load()["components"]["schemas"][schema]["properties"]
    if bad.reason is Reason.MISSING:
        assert field in properties and field not in body
    elif bad.reason is Reason.UNEXPECTED_FIELD:
        assert field in body and field not in properties
    else:
        assert field in body and set(body) == set(properties)
    if bad.schema_level:
        assert not ecma_valid(schema, body), bad
    else:
        assert spec.validator(schema).is_valid(body), bad
    row = bad.error()
    assert row.status in (400, 413) and (row.field in (field, None))


@settings(max_examples=200)
@given(invalid_authentication_bodies())
def test_invalid_authentication_bodies_have_one_predictable_defect(bad) -> None:
    check(bad, AUTH_SCHEMA)


@settings(SLOW_FIRST, max_examples=100)
@given(invalid_photo_bodies())
def test_invalid_photo_bodies_have_one_predictable_defect(bad) -> None:
    check(bad, PHOTO_SCHEMA)


def test_invalid_bodies_cover_missing_wrong_type_and_unexpected_fields_for_every_field() -> None:
    for path, schema in ((AUTHENTICATION_PATH, AUTH_SCHEMA), (PHOTO_PATH, PHOTO_SCHEMA)):
        fields = set(spec.load()["components"]["schemas"][schema]["properties"])
        for reason in ("missing", "wrong-type"):
            assert {b.field for b in examples(invalid_bodies(path, reasons={reason}), 60)} == fields
        extra = examples(invalid_bodies(path, reasons={"unexpected-field"}), 30)
        assert all(b.field not in fields for b in extra)
    numbers = [b.value["phoneNumber"] for b in examples(invalid_photo_bodies(reasons={"wrong-type"}, fields={"phoneNumber"}), 60)]
    assert any(isinstance(n, int) and len(str(n)) in (11, 13) for n in numbers)  # 13800138000 sent as a number


def test_fields_narrow_the_defect() -> None:
    found = examples(invalid_authentication_bodies(fields={"idNumber"}), 150)
    assert {b.field for b in found} == {"idNumber"}
    assert {Reason.CHECKSUM, Reason.MISSING, Reason.WRONG_TYPE} <= {b.reason for b in found}
