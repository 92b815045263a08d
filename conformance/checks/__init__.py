"""Response checks: each function checks one named rule and raises :class:`RuleViolation`.

The checks know nothing of pytest or of how a request was sent; the suite
calls them on every exchange (``universal``) or where a test expects a
particular outcome.
"""

from .rules import RULES, Rule, RuleViolation, rule

__all__ = ["RULES", "Rule", "RuleViolation", "rule"]
