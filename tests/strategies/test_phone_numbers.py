"""Phone number strategies: 11-digit mobile and 13-digit 106 numbers, and the ways people get them wrong."""

from __future__ import annotations

import re

from hypothesis import find, given, settings

from conformance import spec
from conformance.strategies import PYTHON_RE_BLIND, Reason, invalid_phone_numbers, phone_numbers
from conformance.strategies.phone_numbers import defects, unallocated_prefixes
from tests.strategies.support import ecma_valid, examples

# Not ordinary mobile prefixes today, as the issue lists them.
NOT_MOBILE = {"140", "141", "142", "143", "144", "154", "163", "164", "168", "169", "179", "194"}


@settings(max_examples=200)
@given(phone_numbers())
def test_valid_numbers_are_mobile_or_106_iot(number: str) -> None:
    assert re.fullmatch(r"1[3-9][0-9]{9}|106[0-9]{10}", number)
    assert number[:3] not in NOT_MOBILE
    assert spec.validator("PhoneNumber").is_valid(number) and ecma_valid("PhoneNumber", number)


REASON_CHECKS = {
    Reason.LENGTH: lambda v: v.isdigit() and len(v) not in (11, 13),
    Reason.COUNTRY_CODE: lambda v: v.startswith(("+86", "86", "0086")),
    Reason.SEPARATOR: lambda v: (" " in v or "-" in v) and v.replace(" ", "").replace("-", "").isdigit(),
    Reason.LATIN: lambda v: any(c.isascii() and c.isalpha() for c in v),
    Reason.FIRST_DIGIT: lambda v: v.isdigit() and v[0] != "1",
    Reason.UNALLOCATED_PREFIX: lambda v: v.isdigit() and len(v) == 11 and v[:3] in unallocated_prefixes(),
    Reason.FULL_WIDTH: lambda v: all("\uff10" <= c <= "\uff19" for c in v),
    Reason.TRAILING_NEWLINE: lambda v: v.endswith("\n") and ecma_valid("PhoneNumber", v[:-1]),
}


@settings(max_examples=300)
@given(invalid_phone_numbers())
def test_invalid_numbers_are_rejected_for_their_stated_reason(bad) -> None:
    assert bad.field == "phoneNumber" and bad.error().key == "invalid_phone_number" and bad.schema_level
    assert REASON_CHECKS[bad.reason](bad.value), bad
    assert not ecma_valid("PhoneNumber", bad.value)
    assert bad.reason in PYTHON_RE_BLIND or not spec.validator("PhoneNumber").is_valid(bad.value)


def test_unallocated_prefixes_come_from_the_contract() -> None:
    assert NOT_MOBILE <= set(unallocated_prefixes())
    assert not {"130", "145", "162", "199"} & set(unallocated_prefixes())


def test_numbers_cover_mobile_iot_and_every_reason() -> None:
    found = examples(phone_numbers(), 300)
    assert any(len(n) == 11 for n in found) and any(len(n) == 13 for n in found)
    assert any(n.startswith("1064") for n in found) and any(n.startswith("106") and n[3] != "4" for n in found)
    assert {n[1] for n in found if len(n) == 11} == set("3456789")
    assert {bad.reason for bad in examples(invalid_phone_numbers(), 300)} == set(defects())


def test_numbers_shrink_to_small_readable_examples() -> None:
    no_db = settings(database=None)
    assert find(phone_numbers(), lambda n: True, settings=no_db) == "13000000000"
    assert find(phone_numbers(), lambda n: len(n) == 13, settings=no_db) == "1060000000000"
