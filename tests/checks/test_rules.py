from __future__ import annotations

from pathlib import Path

import pytest

from conformance.checks.rules import RULES, RuleViolation, rule

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_rule_is_in_the_readme_rules_table() -> None:
    table = README.read_text(encoding="utf-8").split("### Rules", 1)[1].split("\n### ", 1)[0]
    for name in RULES:
        assert f"| `{name}` |" in table, f"README's rules table lacks {name}"


def test_every_rule_is_checked_by_some_suite_test() -> None:
    suite = "\n".join(p.read_text(encoding="utf-8") for p in (README.parent / "conformance").rglob("*.py"))
    for name in RULES:
        assert f'"{name}"' in suite.replace(RULES[name].summary, ""), name


def test_violation_names_its_rule() -> None:
    violation = RuleViolation("headers.date", "Date is an hour off")
    assert violation.rule is rule("headers.date")
    assert str(violation) == "[headers.date] Date is an hour off"
    with pytest.raises(KeyError):
        RuleViolation("no.such.rule", "")
