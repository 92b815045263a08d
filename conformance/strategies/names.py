"""Personal names as they appear on identity cards: valid ones and the mistakes people make.

Han names are a surname (single or compound: 司马, 诸葛, 上官 …) and a given
name, from real surname and given-name lists (``data/``). Ethnic-minority
names join transliterated parts with U+00B7 MIDDLE DOT (买买提·艾力) and run
up to the contract's maximum length. Rare characters outside the Basic
Multilingual Plane (CJK Extension B and later: 𠮷, 𫖯) appear in real names
and break UTF-16 and 3-byte storage; they count as one character each.
The length limits come from the contract's ``Name`` schema.

>>> from hypothesis import find
>>> find(names(), lambda n: "·" in n).count("·")
1
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st

from conformance.strategies import rules
from conformance.strategies.invalid import Invalid, Reason, by_reason

__all__ = [
    "defects",    "SEPARATOR", "LOOK_ALIKE_SEPARATORS", "surnames", "given_names", "rare_characters", "han_names",
    "minority_names", "rare_names", "longest_names", "names", "invalid_names",
]

SEPARATOR = "\u00b7"
#: What people type instead of U+00B7: bullet, katakana middle dot, full-width full stop,
#: hyphenation point, half-width katakana middle dot.
LOOK_ALIKE_SEPARATORS = ("\u2022", "\u30fb", "\uff0e", "\u2027", "\uff65")
_SCHEMA = "Name"
_WHITESPACE = (" ", "\t", "\u3000", "\u00a0")  # "\n" last is its own reason: Python's "$" lets it through


@functools.cache
def _lines(name: str) -> tuple[str, ...]:
    text = (importlib.resources.files("conformance.strategies") / "data" / name).read_text(encoding="utf-8")
    return tuple(line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#"))


def surnames() -> st.SearchStrategy[str]:
    """A surname: single (commonest first, shrinks to 王) or, as often, compound (欧阳, 司马, 诸葛 …)."""
    all_names = _lines("surnames.txt")
    return st.one_of(st.sampled_from([s for s in all_names if len(s) == 1]), st.sampled_from([s for s in all_names if len(s) > 1]))


def given_names() -> st.SearchStrategy[str]:
    """A one- or two-character given name."""
    return st.sampled_from(_lines("given_names.txt"))


def rare_characters() -> st.SearchStrategy[str]:
    """A Han character outside the BMP: one known from real names, or any of CJK Extension B."""
    return st.one_of(st.sampled_from(_lines("rare_characters.txt")), st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF))


def han_names() -> st.SearchStrategy[str]:
    """Surname + given name, 2–4 characters (王伟, 司马光明)."""
    return st.builds(str.__add__, surnames(), given_names())


def rare_names() -> st.SearchStrategy[str]:
    """A Han name holding a character outside the BMP (赵孟𫖯, 𠮷 in the middle or at the end)."""
    return st.builds(lambda s, r, g: s + r + g, surnames(), rare_characters(), st.one_of(st.just(""), given_names()))


def _minority_parts() -> st.SearchStrategy[str]:
    return st.sampled_from(_lines("minority_name_parts.txt"))


def minority_names() -> st.SearchStrategy[str]:
    """Two to four transliterated parts joined by U+00B7 (买买提·艾力)."""
    return st.lists(_minority_parts(), min_size=2, max_size=4).map(SEPARATOR.join).filter(
        lambda n: len(n) <= rules.max_length(_SCHEMA)
    )


@st.composite
def longest_names(draw: st.DrawFn) -> str:
    """A minority name of exactly the contract's maximum length, sometimes with astral characters."""
    limit = rules.max_length(_SCHEMA)
    part = st.one_of(_minority_parts(), st.builds(str.__add__, _minority_parts(), rare_characters()))
    parts = draw(st.lists(part, min_size=limit // 3 + 1, max_size=limit // 3 + 1))  # parts are >= 2 characters
    name = SEPARATOR.join(parts)[:limit]
    return name[:-1] + parts[0][0] if name.endswith(SEPARATOR) else name


def _short_names() -> st.SearchStrategy[str]:
    """Valid names with room to add a character without going over the maximum."""
    return st.one_of(han_names(), minority_names(), rare_names())


def names() -> st.SearchStrategy[str]:
    """A valid name: Han, minority (with ``·``), rare astral characters, or of maximum length."""
    return st.one_of(_short_names(), longest_names())


# --- invalid names: a valid one plus one defect ---------------------------------------------------

@st.composite
def _inserted(draw: st.DrawFn, pieces: st.SearchStrategy[str], at_end: bool = True) -> str:
    """A short valid name with a drawn piece inserted (``at_end=False``: never after the last character)."""
    name = draw(_short_names())
    at = draw(st.integers(0, len(name) if at_end else len(name) - 1))
    return name[:at] + draw(pieces) + name[at:]


@st.composite
def _surrounded(draw: st.DrawFn) -> str:
    space = st.text(st.sampled_from(_WHITESPACE), max_size=2)
    lead, name, trail = draw(space), draw(_short_names()), draw(space)
    return lead + name + (trail if lead or trail else " ")


@st.composite
def _look_alike(draw: st.DrawFn) -> str:
    return draw(minority_names()).replace(SEPARATOR, draw(st.sampled_from(LOOK_ALIKE_SEPARATORS)))


@st.composite
def _misplaced(draw: st.DrawFn) -> str:
    name = draw(_short_names())
    where = draw(st.sampled_from(["doubled", "leading", "trailing"]))
    if where == "leading":
        return SEPARATOR + name
    if where == "trailing":
        return name + SEPARATOR
    if SEPARATOR in name:
        return name.replace(SEPARATOR, SEPARATOR * 2, 1)
    at = draw(st.integers(1, len(name) - 1))
    return name[:at] + SEPARATOR * 2 + name[at:]


def defects() -> dict[Reason, Callable[[], st.SearchStrategy[Any]]]:
    """Reason → builder of the raw invalid values; the keys are the reasons :func:`invalid_names` knows."""
    too_short = rules.min_length(_SCHEMA) - 1
    return {
        Reason.EMPTY: lambda: st.just(""),
        Reason.TOO_SHORT: lambda: han_names().map(lambda n: n[:too_short]),
        Reason.TOO_LONG: lambda: st.builds(str.__add__, longest_names(), st.lists(given_names(), min_size=1, max_size=3).map("".join)),
        Reason.BLANK: lambda: st.text(st.sampled_from(_WHITESPACE + ("\n",)), min_size=1, max_size=4),
        Reason.SURROUNDING_WHITESPACE: lambda: _surrounded(),
        Reason.TRAILING_NEWLINE: lambda: _short_names().map(lambda n: n + "\n"),
        Reason.LOOK_ALIKE_SEPARATOR: lambda: _look_alike(),
        Reason.MISPLACED_SEPARATOR: lambda: _misplaced(),
        Reason.DIGIT: lambda: _inserted(st.text(st.sampled_from("0123456789０１２３４５６７８９"), min_size=1, max_size=2)),
        Reason.LATIN: lambda: _inserted(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1, max_size=5)),
        Reason.EMOJI: lambda: _inserted(st.characters(min_codepoint=0x1F600, max_codepoint=0x1F64F)),
        Reason.CONTROL: lambda: _inserted(st.characters(categories=["Cc"]), at_end=False),
    }


def invalid_names(reasons: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """A name the contract rejects, labelled with why; ``reasons`` narrows (e.g. ``{"look-alike-separator"}``).

    Every reason here is schema-level (the ``Name`` pattern or length rejects it);
    ``trailing-newline`` is the one Python's ``re``-based validators miss.
    """
    return by_reason(defects(), reasons, rules.field_for(_SCHEMA))
