import datetime

import pytest
from stdnum.cn import ric

from conformance.contract import id_numbers


def number(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


@pytest.mark.parametrize("value", ["11010519491231002X", number("11010319900101002"), number("11011819800101002"), number("11010519000101002")])
def test_valid(value):
    assert id_numbers.validate(value) == value and id_numbers.is_valid(value)


@pytest.mark.parametrize(("value", "reason"), [
    ("11010519491231002", "length"),
    ("11010519491231002XX", "length"),
    ("11010519491231002x", "format"),
    (" 1010519491231002X", "format"),
    ("110105194912310021", "checksum"),
    (number("11010519490230002"), "birth-date"),
    (number("11010518991231002"), "birth-date"),
    (number("11019919491231002"), "region"),  # province known, county not: stdnum raises KeyError here
    (number("99999919491231002"), "region"),
    (11010519491231002, "format"),
])
def test_invalid_with_reason(value, reason):
    with pytest.raises(id_numbers.InvalidIdNumber) as info:
        id_numbers.validate(value)
    assert info.value.reason == reason and reason in id_numbers.REASONS
    assert not id_numbers.is_valid(value)


def test_future_birth_date_is_refused():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    value = number("110105" + tomorrow.strftime("%Y%m%d") + "002")
    with pytest.raises(id_numbers.InvalidIdNumber, match="birth-date"):
        id_numbers.validate(value)
    assert id_numbers.validate(value, today=tomorrow) == value
