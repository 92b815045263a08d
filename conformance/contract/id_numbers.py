"""Resident identity card numbers (GB 11643-1999), as strict as the contract.

An 18-character number: a six-digit region code (GB/T 2260), the birth date
as YYYYMMDD, a three-digit sequence and an ISO 7064 MOD 11-2 check character
(``0``-``9`` or an upper-case ``X``). python-stdnum's ``cn.ric`` computes the
check character and its ``cn/loc`` data file knows the region codes.

This module differs from ``stdnum.cn.ric.validate`` where the contract does:
nothing is compacted (a space or a lower-case ``x`` is a format error), the
birth date must fall between the contract's minimum and today, and a region
code is valid if it existed in *any* year (stdnum rejects a code whose years
exclude the birth year, and raises ``KeyError`` for a code known only by its
province, such as 110199).

>>> validate('11010519491231002X')
'11010519491231002X'
>>> validate('11010519491231002x')
Traceback (most recent call last):
    ...
conformance.contract.id_numbers.InvalidIdNumber: format: not 17 digits then a digit or upper-case X
>>> is_valid('110105194912310021')
False
"""

from __future__ import annotations

import datetime
import functools
import re
import time

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from .. import spec

__all__ = ["REASONS", "InvalidIdNumber", "validate", "is_valid", "birth_date_range"]

REASONS = ("length", "format", "checksum", "birth-date", "region")


class InvalidIdNumber(ValidationError):
    """The number breaks one GB 11643 rule; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}")


@functools.cache
def _schema() -> dict:
    return spec.load()["components"]["schemas"]["IdNumber"]


@functools.cache
def _pattern() -> re.Pattern[str]:
    return re.compile(_schema()["pattern"])


@functools.cache
def _birth_date_min() -> datetime.date:
    return datetime.date.fromisoformat(_schema()["x-birth-date-min"])


class _Today:
    """``datetime.date.today()``, recomputed only when the clock leaves the local day it was computed for."""

    def __init__(self) -> None:
        self._day: tuple[float, float, datetime.date] = (0.0, 0.0, datetime.date.min)

    def __call__(self) -> datetime.date:
        now = time.time()
        start, end, today = self._day
        if not start <= now < end:
            today = datetime.date.fromtimestamp(now)
            midnight = datetime.datetime.combine(today, datetime.time.min)
            self._day = (midnight.timestamp(), (midnight + datetime.timedelta(days=1)).timestamp(), today)
        return today


_today = _Today()


def birth_date_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The accepted birth dates: the contract's minimum to ``today``, inclusive."""
    return _birth_date_min(), today or _today()


@functools.cache
def _region_known(code: str) -> bool:
    # A code is real when cn/loc names a county for it, whatever years the entry carries.
    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def validate(number: object, today: datetime.date | None = None) -> str:
    """The number unchanged if valid, else ``InvalidIdNumber`` naming the first broken rule."""
    if not isinstance(number, str):
        raise InvalidIdNumber("format", "not a string")
    schema = _schema()
    if not schema["minLength"] <= len(number) <= schema["maxLength"]:
        raise InvalidIdNumber("length", f"{len(number)} characters, expected {schema['maxLength']}")
    if not _pattern().match(number):
        raise InvalidIdNumber("format", "not 17 digits then a digit or upper-case X")
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidIdNumber("checksum", "check character does not match (ISO 7064 MOD 11-2)")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber("birth-date", "not a calendar date") from None
    first, last = birth_date_range(today)
    if not first <= born <= last:
        raise InvalidIdNumber("birth-date", f"outside {first.isoformat()} to today")
    if not _region_known(number[:6]):
        raise InvalidIdNumber("region", "not a GB/T 2260 region code of any year")
    return number


def is_valid(number: object) -> bool:
    """Whether ``validate`` accepts the number."""
    try:
        return bool(validate(number))
    except InvalidIdNumber:
        return False
