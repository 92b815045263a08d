"""Name strategies: every valid name is CJK ideographs joined by U+00B7 within the contract's lengths; every invalid one is rejected for its reason."""

from __future__ import annotations

import unicodedata

from hypothesis import find, given, settings

from conformance import spec
from conformance.strategies import PYTHON_RE_BLIND, Reason, invalid_names, names
from conformance.strategies.names import LOOK_ALIKE_SEPARATORS, SEPARATOR, defects, surnames
from tests.strategies.support import ecma_valid, examples

SCHEMA = spec.load()["components"]["schemas"]["Name"]
COMPOUND = {"司马", "诸葛", "上官", "欧阳"}
NO_DATABASE = settings(database=None)


def ideograph(c: str) -> bool:
    return unicodedata.name(c, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


@settings(max_examples=200)
@given(names())
def test_valid_names_are_ideographs_joined_by_one_middle_dot(name: str) -> None:
    assert SCHEMA["minLength"] <= len(name) <= SCHEMA["maxLength"]
    parts = name.split(SEPARATOR)
    assert all(parts) and all(ideograph(c) for part in parts for c in part)
    assert spec.validator("Name").is_valid(name) and ecma_valid("Name", name)


REASON_CHECKS = {
    Reason.EMPTY: lambda v: v == "",
    Reason.TOO_SHORT: lambda v: 0 < len(v) < SCHEMA["minLength"],
    Reason.TOO_LONG: lambda v: len(v) > SCHEMA["maxLength"],
    Reason.BLANK: lambda v: v != "" and v.isspace(),
    Reason.SURROUNDING_WHITESPACE: lambda v: v != v.strip() and not v.strip().isspace(),
    Reason.TRAILING_NEWLINE: lambda v: v.endswith("\n") and ecma_valid("Name", v[:-1]),
    Reason.LOOK_ALIKE_SEPARATOR: lambda v: any(s in v for s in LOOK_ALIKE_SEPARATORS) and SEPARATOR not in v,
    Reason.MISPLACED_SEPARATOR: lambda v: v.startswith(SEPARATOR) or v.endswith(SEPARATOR) or SEPARATOR * 2 in v,
    Reason.DIGIT: lambda v: any(unicodedata.category(c) == "Nd" for c in v),
    Reason.LATIN: lambda v: any(c.isascii() and c.isalpha() for c in v),
    Reason.EMOJI: lambda v: any(unicodedata.category(c) == "So" and ord(c) > 0xFFFF for c in v),
    Reason.CONTROL: lambda v: any(unicodedata.category(c) == "Cc" for c in v[:-1]),
}


@settings(max_examples=300)
@given(invalid_names())
def test_invalid_names_are_rejected_for_their_stated_reason(bad) -> None:
    assert bad.field == "name" and bad.error().key == "invalid_name" and bad.schema_level
    assert REASON_CHECKS[bad.reason](bad.value), bad
    assert not ecma_valid("Name", bad.value)
    assert bad.reason in PYTHON_RE_BLIND or not spec.validator("Name").is_valid(bad.value)


def test_valid_names_cover_compound_surnames_minority_names_astral_characters_and_the_maximum() -> None:
    found = examples(names(), 400)
    assert any(n[:2] in COMPOUND for n in found)
    assert any(SEPARATOR in n for n in found)
    assert any(ord(c) > 0xFFFF for n in found for c in n)
    assert any(len(n) == SCHEMA["maxLength"] for n in found)
    assert {len(n) for n in found} >= {2, 3, 4}
    assert COMPOUND <= set(examples(surnames(), 300))


def test_invalid_names_cover_every_reason_and_every_look_alike() -> None:
    assert {bad.reason for bad in examples(invalid_names(), 400)} == set(defects())
    look_alikes = {c for bad in examples(invalid_names(reasons={"look-alike-separator"}), 60) for c in bad.value}
    assert set(LOOK_ALIKE_SEPARATORS) <= look_alikes
    misplaced = [bad.value for bad in examples(invalid_names(reasons={"misplaced-separator"}), 60)]
    assert any(v.startswith(SEPARATOR) for v in misplaced) and any(v.endswith(SEPARATOR) for v in misplaced)
    assert any(SEPARATOR * 2 in v for v in misplaced)


def test_names_shrink_to_small_readable_examples() -> None:
    assert find(names(), lambda n: True, settings=NO_DATABASE) == "王伟"
    dotted = find(names(), lambda n: SEPARATOR in n, settings=NO_DATABASE)
    assert dotted.count(SEPARATOR) == 1 and len(dotted) <= 9
    astral = find(names(), lambda n: any(ord(c) > 0xFFFF for c in n), settings=NO_DATABASE)
    assert len(astral) == 2
