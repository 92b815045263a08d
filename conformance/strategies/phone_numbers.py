"""Phone numbers as the photo upload takes them: 11-digit mobile or 13-digit 106 IoT numbers.

Valid numbers are generated from the contract's ``PhoneNumber`` pattern itself
(so only prefixes allocated for ordinary mobile service today, and the 106
IoT/M2M range such as the provider's ``1068888800000``, including 1064).
Prefixes the pattern leaves out (140–144, 154, 163, 164, 168, 169, 179, 194 …)
are computed from it, not listed.

>>> from hypothesis import find
>>> find(phone_numbers(), lambda n: len(n) == 13)
'1060000000000'
>>> "154" in unallocated_prefixes()
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st

from conformance.strategies import rules
from conformance.strategies.invalid import Invalid, Reason, by_reason

__all__ = ["defects", "phone_numbers", "unallocated_prefixes", "invalid_phone_numbers"]

_SCHEMA = "PhoneNumber"
_MOBILE_LENGTH = 11  # the shape of a mainland mobile number: 1 + 2-digit network + 8 digits


def phone_numbers(length: int | None = None) -> st.SearchStrategy[str]:
    """A number the contract accepts (shrinks to ``13000000000``); ``length=13``: IoT numbers only."""
    numbers = st.from_regex(rules.pattern(_SCHEMA), fullmatch=True)
    if length is None:
        return numbers
    # the pattern is a union of an 11-digit and a 13-digit alternative, drawn about equally often
    return numbers.filter(lambda n: len(n) == length)


@functools.cache
def unallocated_prefixes() -> tuple[str, ...]:
    """Three-digit prefixes 100–199 whose 11-digit numbers the contract rejects."""
    return tuple(
        p for p in map(str, range(100, 200))
        if not any(rules.full_match(_SCHEMA, p + tail * (_MOBILE_LENGTH - 3)) for tail in "0123456789")
    )


@st.composite
def _wrong_length(draw: st.DrawFn) -> str:
    number = draw(phone_numbers())
    if draw(st.booleans()):
        at = draw(st.integers(0, len(number) - 1))
        return number[:at] + number[at + 1:]
    return number + draw(st.sampled_from("0123456789"))


@st.composite
def _separated(draw: st.DrawFn) -> str:
    number, sep = draw(phone_numbers()), draw(st.sampled_from([" ", "-"]))
    if draw(st.booleans()):
        return sep.join([number[:3], number[3:7], number[7:]])  # 138 0013 8000, as people write it
    at = draw(st.integers(1, len(number) - 1))
    return number[:at] + sep + number[at:]


@st.composite
def _replaced(draw: st.DrawFn, pieces: st.SearchStrategy[str], first: bool = False) -> str:
    number = draw(phone_numbers())
    at = 0 if first else draw(st.integers(1, len(number) - 1))
    return number[:at] + draw(pieces) + number[at + 1:]


def defects() -> dict[Reason, Callable[[], st.SearchStrategy[Any]]]:
    """Reason → builder of the raw invalid values; the keys are the reasons :func:`invalid_phone_numbers` knows."""
    mobiles = phone_numbers().filter(lambda n: len(n) == _MOBILE_LENGTH)
    return {
        Reason.LENGTH: lambda: _wrong_length(),
        Reason.COUNTRY_CODE: lambda: st.builds(str.__add__, st.sampled_from(["+86", "86", "0086", "+86 ", "+86-"]), mobiles),
        Reason.SEPARATOR: lambda: _separated(),
        Reason.LATIN: lambda: _replaced(st.sampled_from("OolIabcxyzABC")),
        Reason.FIRST_DIGIT: lambda: _replaced(st.sampled_from("023456789"), first=True),
        Reason.UNALLOCATED_PREFIX: lambda: st.builds(
            str.__add__, st.sampled_from(unallocated_prefixes()), st.from_regex(rf"[0-9]{{{_MOBILE_LENGTH - 3}}}", fullmatch=True)
        ),
        Reason.FULL_WIDTH: lambda: phone_numbers().map(lambda n: "".join(chr(ord(c) + 0xFEE0) for c in n)),
        Reason.TRAILING_NEWLINE: lambda: phone_numbers().map(lambda n: n + "\n"),
    }


def invalid_phone_numbers(reasons: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """A number the contract rejects, labelled with why; all reasons are schema-level.

    ``length`` (10, 12 or 14 digits), ``country-code`` (+86, 86, 0086), ``separator``
    (spaces, dashes), ``latin`` (a letter for a digit, O for 0), ``first-digit``,
    ``unallocated-prefix``, ``full-width``, ``trailing-newline``.
    """
    return by_reason(defects(), reasons, rules.field_for(_SCHEMA))
