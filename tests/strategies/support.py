"""Helpers for the strategy tests: collecting examples, and a JSON Schema validator that reads patterns as ECMA-262 does."""

from __future__ import annotations

import re
from typing import Any, Iterator

import jsonschema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conformance import spec


def examples(strategy: st.SearchStrategy[Any], n: int) -> list[Any]:
    """``n`` examples of ``strategy``, the same ones on every run (derandomized, no database, no shrinking)."""
    seen: list[Any] = []

    # too_slow: the first large photo renders the pool (a fraction of a second, once per process).
    @settings(max_examples=n, derandomize=True, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def collect(value: Any) -> None:
        seen.append(value)

    collect()
    return seen


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
    # ECMA-262's "$" matches only at the end of input; Python's also before a final "\n" (so "\Z").
    if validator.is_type(instance, "string") and not re.search(pattern.replace("$", r"\Z"), instance):
        yield jsonschema.ValidationError(f"does not match {pattern!r}")


_Ecma = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})


def ecma_valid(schema_name: str, instance: Any) -> bool:
    """Whether ``instance`` is valid against ``components/schemas/<schema_name>``, patterns read as ECMA-262."""
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": spec.load()["components"]}
    return _Ecma(root).is_valid(instance)
