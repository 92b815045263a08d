"""photoType strategies: the contract's enum, and the integers and JSON types it must refuse."""

from __future__ import annotations

from hypothesis import given, settings

from conformance import spec
from conformance.strategies import Reason, invalid_photo_types, photo_types
from tests.strategies.support import examples


@settings(max_examples=50)
@given(photo_types())
def test_valid_photo_types_are_the_enum(value: int) -> None:
    assert type(value) is int and value in spec.photo_types() and spec.validator("PhotoType").is_valid(value)


@settings(max_examples=200)
@given(invalid_photo_types())
def test_invalid_photo_types_are_rejected(bad) -> None:
    assert bad.field == "photoType" and bad.error().key == "invalid_photo_type" and bad.schema_level
    assert not spec.validator("PhotoType").is_valid(bad.value)
    if bad.reason is Reason.WRONG_TYPE:
        assert type(bad.value) is not int
    else:
        assert type(bad.value) is int and bad.value not in spec.photo_types()
        assert (bad.value < 0) == (bad.reason is Reason.NEGATIVE)


def test_invalid_photo_types_cover_strings_floats_booleans_negative_and_unknown() -> None:
    found = [bad.value for bad in examples(invalid_photo_types(), 200)]
    assert "10" in found or any(isinstance(v, str) and int(v) in spec.photo_types() for v in found)
    assert {type(v) for v in found} >= {int, str, float, bool, type(None)}
    assert any(isinstance(v, int) and not isinstance(v, bool) and v < 0 for v in found)
