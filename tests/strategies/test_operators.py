"""Operator strategies: empty or up to the contract's length with no control characters; invalid ones rejected."""

from __future__ import annotations

from hypothesis import given, settings

from conformance import spec
from conformance.strategies import PYTHON_RE_BLIND, invalid_operators, operators
from tests.strategies.support import ecma_valid, examples


@settings(max_examples=150)
@given(operators())
def test_valid_operators_fit_the_contract(value: str) -> None:
    assert spec.validator("Operator").is_valid(value) and ecma_valid("Operator", value)
    value.encode("utf-8")  # sendable: no lone surrogates


@settings(max_examples=150)
@given(invalid_operators())
def test_invalid_operators_are_rejected(bad) -> None:
    assert bad.field == "operator" and bad.error().key == "invalid_operator"
    assert not ecma_valid("Operator", bad.value)
    assert bad.reason in PYTHON_RE_BLIND or not spec.validator("Operator").is_valid(bad.value)


def test_operators_include_the_empty_string() -> None:
    assert "" in examples(operators(), 50)
