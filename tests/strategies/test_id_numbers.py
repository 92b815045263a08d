"""ID number strategies against independent oracles: a textbook GB 11643 checksum, python-stdnum and its region data."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter

import pytest
from hypothesis import find, given, settings
from hypothesis.errors import InvalidArgument
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from conformance import spec
from conformance.strategies import Reason, id_numbers, invalid_id_numbers
from conformance.strategies.id_numbers import defects, region_codes
from tests.strategies.support import ecma_valid, examples

# GB 11643-1999 weights 2^(17-i) mod 11 and the check character for each sum mod 11, as printed in the standard.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
MIN_DATE = datetime.date(1900, 1, 1)
NO_DATABASE = settings(database=None)


def textbook_check(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def known_region(code: str) -> bool:
    """python-stdnum's data holds a county for ``code`` in some year."""
    return any("county" in props for _, props in numdb.get("cn/loc").info(code))


def birth_date(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def is_valid_number(number: str) -> bool:
    born = birth_date(number)
    return (number[17] == textbook_check(number[:17]) and born is not None
            and MIN_DATE <= born < datetime.date.today() and known_region(number[:6]))


def stdnum_accepts(number: str) -> bool:
    try:
        return ric.is_valid(number)
    except KeyError:  # python-stdnum 2.2 raises it for some unknown county codes (e.g. 110199)
        return False


@settings(max_examples=200)
@given(id_numbers())
def test_valid_numbers_pass_every_independent_check(number: str) -> None:
    assert len(number) == 18 and number[:17].isdigit()
    assert number[17] == textbook_check(number[:17]) == ric.calc_check_digit(number)
    assert MIN_DATE <= ric.get_birth_date(number) < datetime.date.today()
    assert known_region(number[:6])
    try:
        ric.validate(number)
    except InvalidComponent:  # stdnum wants the code to exist in the birth year; the contract does not
        with pytest.raises(InvalidComponent):
            ric.get_birth_place(number)
    assert spec.validator("IdNumber").is_valid(number) and ecma_valid("IdNumber", number)


def one_defect(bad: object) -> bool:
    value, reason = bad.value, bad.reason
    if reason is Reason.CHECKSUM:
        return value[17] != textbook_check(value[:17]) and birth_date(value) is not None and known_region(value[:6])
    if reason is Reason.BIRTH_DATE:
        born = birth_date(value)
        return (born is None or born < MIN_DATE) and value[17] == textbook_check(value[:17]) and known_region(value[:6])
    if reason is Reason.FUTURE_BIRTH_DATE:
        born = birth_date(value)
        return born is not None and born > datetime.date.today() and value[17] == textbook_check(value[:17])
    if reason is Reason.REGION:
        return not known_region(value[:6]) and birth_date(value) is not None and value[17] == textbook_check(value[:17])
    if reason is Reason.LOWERCASE_X:
        return value.endswith("x") and textbook_check(value[:17]) == "X"
    if reason is Reason.LEGACY_15:
        return len(value) == 15 and value.isdigit() and known_region(value[:6])
    if reason is Reason.LENGTH:
        return len(value) in (17, 19)
    if reason is Reason.FULL_WIDTH:
        return any("\uff10" <= c <= "\uff19" for c in value)
    if reason is Reason.WHITESPACE:
        return " " in value and is_valid_number(value.replace(" ", ""))
    raise AssertionError(reason)


STDNUM_SEES = {Reason.CHECKSUM, Reason.REGION, Reason.LENGTH, Reason.LEGACY_15}  # it reads full-width digits too


@settings(max_examples=300)
@given(invalid_id_numbers())
def test_invalid_numbers_fail_for_their_stated_reason_only(bad) -> None:
    assert bad.field == "idNumber" and bad.error().key == "invalid_id_number"
    assert one_defect(bad), bad
    if bad.schema_level:
        assert not ecma_valid("IdNumber", bad.value)
    else:
        assert spec.validator("IdNumber").is_valid(bad.value)
    # stdnum upper-cases and strips spaces, and has neither a minimum nor a maximum birth date.
    if bad.reason in STDNUM_SEES or (bad.reason is Reason.BIRTH_DATE and birth_date(bad.value) is None):
        assert not stdnum_accepts(bad.value)


def test_region_codes_are_every_code_in_stdnums_data_of_any_year() -> None:
    codes = set(region_codes())
    assert all(len(c) == 6 and known_region(c) for c in codes)
    assert {"110103", "110104", "110118"} <= codes  # 崇文区, 宣武区 (retired 2010) and 密云区 (from 2015)


def test_valid_numbers_cover_the_edge_cases() -> None:
    numbers = examples(id_numbers(), 400)
    dates = [ric.get_birth_date(n) for n in numbers]
    assert any(n.endswith("X") for n in numbers)
    assert any((d.month, d.day) == (2, 29) for d in dates)
    assert {int(n[16]) % 2 for n in numbers} == {0, 1}
    assert min(dates).year < 1950 and max(dates).year > 2000


def test_invalid_numbers_cover_every_reason_and_case() -> None:
    found = examples(invalid_id_numbers(), 400)
    assert {bad.reason for bad in found} == set(defects())
    lengths = {len(b.value) for b in found if b.reason is Reason.LENGTH}
    assert lengths == {17, 19}
    dates = [b.value[6:14] for b in examples(invalid_id_numbers(reasons={"birth-date"}), 150)]
    assert any(d[4:] == "0229" and not calendar.isleap(int(d[:4])) for d in dates)
    assert any(d[4:6] == "02" and int(d[6:]) in (30, 31) for d in dates)
    assert any(int(d[4:6]) > 12 for d in dates) and any(d[6:] == "00" for d in dates) and any(d[4:6] == "00" for d in dates)
    assert any(d < "1900" for d in dates)
    wrong_checks = {b.value[17] for b in examples(invalid_id_numbers(reasons={"checksum"}), 150)}
    assert wrong_checks == set("0123456789X")


def test_numbers_shrink_to_small_readable_examples() -> None:
    first = region_codes()[0]
    with_x = find(id_numbers(), lambda n: n.endswith("X"), settings=NO_DATABASE)
    assert with_x[:6] == first and with_x[10:14] == "0101" and int(with_x[14:17]) < 100, with_x
    assert find(invalid_id_numbers(reasons={"region"}), lambda b: True, settings=NO_DATABASE).value[:6] == "000000"
    assert find(invalid_id_numbers(reasons={"checksum"}), lambda b: True, settings=NO_DATABASE).value[:6] == first


def test_reasons_narrow_and_unknown_ones_are_refused() -> None:
    assert Counter(b.reason for b in examples(invalid_id_numbers(reasons={"checksum", "region"}), 40)).keys() == {
        Reason.CHECKSUM, Reason.REGION}
    with pytest.raises(InvalidArgument, match="checksum"):
        find(invalid_id_numbers(reasons={"no-such-reason"}), lambda b: True)
