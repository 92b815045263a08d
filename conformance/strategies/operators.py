"""``operator`` values: who uploads the photo; may be empty, at most the contract's length, no control characters.

>>> from hypothesis import find
>>> find(operators(), lambda s: True)
''
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st

from conformance.strategies import rules
from conformance.strategies.invalid import Invalid, Reason, by_reason
from conformance.strategies.names import names

__all__ = ["defects", "operators", "invalid_operators"]

_SCHEMA = "Operator"


def _texts() -> st.SearchStrategy[str]:
    # UTF-8-encodable characters only: a lone surrogate cannot be sent as UTF-8 JSON.
    return st.from_regex(rules.pattern(_SCHEMA), fullmatch=True, alphabet=st.characters(codec="utf-8")).filter(
        lambda s: len(s) <= rules.max_length(_SCHEMA)
    )


def operators() -> st.SearchStrategy[str]:
    """The empty string (the provider's example), a person's name, or any text the pattern allows."""
    return st.one_of(st.just(""), names(), _texts())


@st.composite
def _with_control(draw: st.DrawFn) -> str:
    text = draw(st.one_of(names(), _texts().filter(bool)).filter(lambda s: len(s) < rules.max_length(_SCHEMA)))
    at = draw(st.integers(0, len(text) - 1))  # before a character, so that "\n" is never last
    return text[:at] + draw(_controls()) + text[at:]


def _controls() -> st.SearchStrategy[str]:
    """Control characters the pattern rejects (C0 and DEL; it lets C1 through)."""
    return st.characters(categories=["Cc"]).filter(lambda c: not rules.full_match(_SCHEMA, c))


def defects() -> dict[Reason, Callable[[], st.SearchStrategy[Any]]]:
    """Reason → builder of the raw invalid values; the keys are the reasons :func:`invalid_operators` knows."""
    limit = rules.max_length(_SCHEMA)
    return {
        Reason.TOO_LONG: lambda: st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]), min_size=limit + 1, max_size=limit + 8),
        Reason.CONTROL: lambda: _with_control(),
        Reason.TRAILING_NEWLINE: lambda: operators().map(lambda s: s + "\n").filter(lambda s: len(s) <= limit),
    }


def invalid_operators(reasons: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """An ``operator`` the contract rejects: ``too-long``, ``control`` or ``trailing-newline`` (schema-level)."""
    return by_reason(defects(), reasons, rules.field_for(_SCHEMA))
