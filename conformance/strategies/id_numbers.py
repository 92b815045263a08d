"""Resident identity card numbers (GB 11643-1999): valid ones and near misses.

A number is a 6-digit region code (GB/T 2260), the birth date as YYYYMMDD, a
3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check
character, ``0``–``9`` or ``X`` (about one number in eleven). Region codes are
every code python-stdnum's GB/T 2260 data has ever held, whatever its years:
a code is assigned at first registration, so a retired or renamed one stays
on older cards and one newer than the birth year is real too.

>>> check_character("11010519491231002")
'X'
>>> "110105" in region_codes()
True

In an integrator's tests::

    @given(id_numbers())
    def test_accepts_every_valid_number(number): ...

    @given(invalid_id_numbers(reasons={"checksum", "birth-date"}))
    def test_rejects(bad): assert my_validator(bad.value) is False, bad.reason
"""

from __future__ import annotations

import calendar
import datetime
import functools
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric

from conformance.strategies import rules
from conformance.strategies.invalid import Invalid, Reason, by_reason

__all__ = [
    "defects",    "CHECK_CHARACTERS", "region_codes", "regions", "birth_dates", "sequences", "check_character",
    "id_numbers", "invalid_id_numbers",
]

#: The ISO 7064 MOD 11-2 alphabet: the value 10 is written ``X``.
CHECK_CHARACTERS = "0123456789X"
#: A day's margin either side of today, so that client and server agree on "today" across time zones.
_MARGIN = datetime.timedelta(days=1)
_LAST_DATE = datetime.date(9999, 12, 31)


@functools.cache
def region_codes() -> tuple[str, ...]:
    """Every 6-digit code in python-stdnum's ``cn/loc.dat`` (any year), sorted."""

    def expand(low: str, high: str) -> range:
        return range(int(low), int(high) + 1)

    codes = set()
    for _, low, high, _, counties in numdb.get("cn/loc").prefixes:
        for province in expand(low, high):
            for length, c_low, c_high, props, _ in counties:
                if "county" in props:
                    codes.update(f"{province:02d}{county:0{length}d}" for county in expand(c_low, c_high))
    return tuple(sorted(codes))


def regions() -> st.SearchStrategy[str]:
    """A region code that GB/T 2260 has held at some time (shrinks to ``110000``)."""
    return st.sampled_from(region_codes())


def _today() -> datetime.date:
    return datetime.date.today()


@functools.cache
def _leap_days(low: datetime.date, high: datetime.date) -> tuple[datetime.date, ...]:
    days = (datetime.date(y, 2, 29) for y in range(low.year, high.year + 1) if calendar.isleap(y))
    return tuple(d for d in days if low <= d <= high)


@st.composite
def birth_dates(draw: st.DrawFn, min_value: datetime.date | None = None, max_value: datetime.date | None = None) -> datetime.date:
    """A birth date the contract accepts (its minimum to yesterday), Feb 29 of a leap year drawn often.

    The leap day is drawn after a plain date, as an optional override, so that
    shrinking ends at the minimum (1900-01-01) rather than at a leap day.
    """
    low = min_value or rules.birth_date_min()
    high = max_value or _today() - _MARGIN
    plain = draw(st.dates(low, high))
    leap_days = _leap_days(low, high)
    leap = draw(st.one_of(st.none(), st.sampled_from(leap_days))) if leap_days else None
    return plain if leap is None else leap


def sequences() -> st.SearchStrategy[str]:
    """The 3-digit sequence, both parities (odd for men, even for women)."""
    return st.integers(0, 999).map("{:03d}".format)


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    # python-stdnum's function takes a whole number and ignores its last character.
    return ric.calc_check_digit(first17 + "?")


def _with_check(first17: str) -> str:
    return first17 + check_character(first17)


def _first17(dates: st.SearchStrategy[datetime.date] | None = None, region: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    return st.builds(
        lambda r, d, s: f"{r}{d:%Y%m%d}{s}",
        regions() if region is None else region,
        birth_dates() if dates is None else dates,
        sequences(),
    )


@st.composite
def _numbers(draw: st.DrawFn, checks: st.SearchStrategy[str] | None = None) -> str:
    """Region, birth date, then the sequence nearest to a drawn one that gives a drawn check character.

    Drawing the check character (uniformly, so ``X`` is one in eleven as in real
    numbers) rather than computing it lets hypothesis shrink the other parts
    freely: a number ending in ``X`` shrinks to ``110000YYYY0101`` + sequence + ``X``.
    """
    prefix = f"{draw(regions())}{draw(birth_dates()):%Y%m%d}"
    start = int(draw(sequences()))
    wanted = draw(st.sampled_from(CHECK_CHARACTERS) if checks is None else checks)
    for step in range(1000):
        first17 = f"{prefix}{(start + step) % 1000:03d}"
        if check_character(first17) == wanted:
            return first17 + wanted
    raise AssertionError(f"no sequence gives {wanted}")  # every residue mod 11 occurs among 1000 sequences


def id_numbers(check_characters: str | None = None) -> st.SearchStrategy[str]:
    """A valid 18-character number: region, birth date, sequence and check character.

    ``check_characters`` narrows the check character (``"X"``: only numbers ending in X).

    >>> from hypothesis import find
    >>> find(id_numbers(), lambda n: n.endswith("X"))[:6]
    '110000'
    >>> find(id_numbers("X"), lambda n: True)[-1]
    'X'
    """
    return _numbers(None if check_characters is None else st.sampled_from(sorted(set(check_characters))))


# --- near misses: a valid number plus one defect -------------------------------------------------

@st.composite
def _wrong_check(draw: st.DrawFn) -> str:
    first17 = draw(_first17())
    right = check_character(first17)
    return first17 + draw(st.sampled_from([c for c in CHECK_CHARACTERS if c != right]))


def _legacy_15() -> st.SearchStrategy[str]:
    """The first-generation number: region, YYMMDD of a 19xx birth date, sequence, no check character."""
    dates = birth_dates(max_value=datetime.date(1999, 12, 31))
    return st.builds(lambda r, d, s: f"{r}{d:%y%m%d}{s}", regions(), dates, sequences())


@st.composite
def _wrong_length(draw: st.DrawFn) -> str:
    number = draw(id_numbers())
    if draw(st.booleans()):
        at = draw(st.integers(0, len(number) - 1))
        return number[:at] + number[at + 1:]
    at = draw(st.integers(0, len(number)))
    return number[:at] + draw(st.sampled_from("0123456789")) + number[at:]


@st.composite
def _full_width(draw: st.DrawFn) -> str:
    number = draw(id_numbers())
    at = draw(st.sets(st.integers(0, len(number) - 2), min_size=1))
    return "".join(chr(ord(c) + 0xFEE0) if i in at else c for i, c in enumerate(number))


@st.composite
def _embedded_spaces(draw: st.DrawFn) -> str:
    number = draw(id_numbers())
    if draw(st.booleans()):
        return f"{number[:6]} {number[6:14]} {number[14:]}"  # grouped as printed on forms
    at = draw(st.integers(1, len(number) - 1))
    return number[:at] + " " + number[at:]


@st.composite
def _impossible_dates(draw: st.DrawFn) -> str:
    """YYYYMMDD that is no date, or a real date before the contract's minimum."""
    low, high = rules.birth_date_min(), _today() - _MARGIN
    kind = draw(st.sampled_from(["feb-30", "feb-29", "past-month-end", "day-00", "month-00", "month-13", "before-minimum"]))
    if kind == "before-minimum":
        return f"{draw(st.dates(datetime.date(1800, 1, 1), low - datetime.timedelta(days=1))):%Y%m%d}"
    if kind == "feb-29":
        year = draw(st.integers(low.year, high.year).filter(lambda y: not calendar.isleap(y)))
        return f"{year}0229"
    year = draw(st.integers(low.year, high.year))
    if kind == "feb-30":
        return f"{year}02{draw(st.sampled_from([30, 31]))}"
    if kind == "month-13":
        return f"{year}{draw(st.integers(13, 99)):02d}{draw(st.integers(1, 28)):02d}"
    if kind == "month-00":
        return f"{year}00{draw(st.integers(1, 28)):02d}"
    month = draw(st.integers(1, 12))
    if kind == "day-00":
        return f"{year}{month:02d}00"
    last = calendar.monthrange(year, month)[1]
    return f"{year}{month:02d}{draw(st.integers(last + 1, 39)):02d}"  # Apr 31, day 32 ...


def _with_date(dates: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda r, d, s: _with_check(r + d + s), regions(), dates, sequences())


def _future_dates() -> st.SearchStrategy[datetime.date]:
    return st.dates(_today() + 2 * _MARGIN, _LAST_DATE)


def _unknown_regions() -> st.SearchStrategy[str]:
    """A 6-digit code GB/T 2260 never had: anywhere, or a county that a known prefecture never had."""
    known = frozenset(region_codes())
    anywhere = st.integers(0, 999_999).map("{:06d}".format)
    near_known = st.builds(lambda code, county: f"{code[:4]}{county:02d}", regions(), st.integers(0, 99))
    return st.one_of(anywhere, near_known).filter(lambda code: code not in known)


def defects() -> dict[Reason, Callable[[], st.SearchStrategy[Any]]]:
    """Reason → builder of the raw invalid values; the keys are the reasons :func:`invalid_id_numbers` knows."""
    return {
        Reason.CHECKSUM: lambda: _wrong_check(),
        Reason.BIRTH_DATE: lambda: _with_date(_impossible_dates()),
        Reason.FUTURE_BIRTH_DATE: lambda: _first17(dates=_future_dates()).map(_with_check),
        Reason.REGION: lambda: _first17(region=_unknown_regions()).map(_with_check),
        Reason.LOWERCASE_X: lambda: _numbers(checks=st.just("X")).map(str.lower),
        Reason.LEGACY_15: _legacy_15,
        Reason.LENGTH: lambda: _wrong_length(),
        Reason.FULL_WIDTH: lambda: _full_width(),
        Reason.WHITESPACE: lambda: _embedded_spaces(),
    }


def invalid_id_numbers(reasons: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """A near miss, labelled with why it is invalid; ``reasons`` narrows (e.g. ``{"checksum"}``).

    Domain-level reasons (``checksum``, ``birth-date``, ``future-birth-date``,
    ``region``) keep the number schema-valid and its check character right
    for the digits, so only the stated check can fail.
    """
    return by_reason(defects(), reasons, rules.field_for("IdNumber"))
