"""The contract as the docs generator reads it: parsed, validated, and located on error.

A spec that does not parse, is not valid OpenAPI, has a ``$ref`` that points
nowhere, or lacks a block the docs are made from, raises ``SpecError`` whose
text names the place: ``file:line:column`` for YAML, ``file:line: $.json.path``
for everything else, so the one-line message leads straight to the fix.

>>> from conformance import spec
>>> load_spec(spec.spec_path())["info"]["version"]
'2.0'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator.schemas import openapi_v31_schema_validator

__all__ = ["SpecError", "load_spec", "json_path", "resolve_pointer"]

JsonPath = Sequence[str | int]

# The blocks outside plain OpenAPI that the generated docs are made from; the
# OpenAPI meta-schema says nothing about them, so their shape is checked here.
_DOCS_NEEDS: dict[str, Any] = {
    "type": "object",
    "required": ["servers", "x-error-codes", "x-rate-limit", "components"],
    "properties": {
        "servers": {"type": "array", "minItems": 1},
        "x-rate-limit": {
            "type": "object",
            "required": ["limit", "windowMs"],
            "properties": {"limit": {"type": "integer"}, "windowMs": {"type": "integer"}},
        },
        "x-error-codes": {
            "type": "object",
            "required": ["codes"],
            "properties": {
                "codes": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["status", "rtnCode", "rtnMsg", "description"],
                        "properties": {
                            "status": {"type": "integer"}, "rtnCode": {"type": "integer"},
                            "rtnMsg": {"type": "string"}, "description": {"type": "string"},
                            "field": {"type": "string"},
                        },
                    },
                },
            },
        },
        "components": {"type": "object", "required": ["securitySchemes"]},
    },
}
_DOCS_VALIDATOR = jsonschema.Draft202012Validator(_DOCS_NEEDS)
# OpenAPI 3.1 schema objects are JSON Schema 2020-12 (plus vocabulary the meta-schema allows).
_SCHEMA_META = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class SpecError(ValueError):
    """The spec cannot be documented; the message starts with where the problem is."""


def json_path(path: JsonPath) -> str:
    """``$.paths['/identity/photos'].post``: the path as a reader types it."""
    parts = ["$"]
    for key in path:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif _IDENTIFIER.match(key):
            parts.append(f".{key}")
        else:
            parts.append(f"[{key!r}]")
    return "".join(parts)


def resolve_pointer(doc: Any, ref: str) -> Any:
    """The node a local ``$ref`` (``#/a/b``) names; ``KeyError`` if none."""
    if not ref.startswith("#"):
        raise KeyError(ref)
    node = doc
    for raw in ref[1:].split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            raise KeyError(ref)
    return node


def _line_of(tree: yaml.Node | None, path: JsonPath) -> int | None:
    """The 1-based line of the node at ``path`` in the composed YAML (the deepest one found)."""
    node, line = tree, None
    for key in path:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if str(k.value) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            node = None
    return node.start_mark.line + 1 if node is not None else line


def _dangling_refs(node: Any, doc: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                try:
                    resolve_pointer(doc, value)
                except KeyError:
                    yield path + [key], f"$ref {value!r} does not resolve"
            else:
                yield from _dangling_refs(value, doc, path + [str(key)])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _dangling_refs(value, doc, path + [i])


def _schemas(node: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], Any]]:
    """Every schema object of an OpenAPI document: the components' and each ``schema`` field."""
    if not isinstance(node, dict):
        if isinstance(node, list):
            for i, value in enumerate(node):
                yield from _schemas(value, path + [i])
        return
    for key, value in node.items():
        here = path + [str(key)]
        if here == ["components", "schemas"] and isinstance(value, dict):
            yield from ((here + [str(name)], schema) for name, schema in value.items())
        elif key == "schema":
            yield here, value
        else:
            yield from _schemas(value, here)


def _deepest(errors: Iterator[jsonschema.ValidationError], prefix: list[str | int]) -> tuple[list[str | int], str] | None:
    # The deepest path is the most precise location (jsonschema's best_match
    # cannot rank the errors of openapi-spec-validator's meta-schema validator).
    error = max(errors, key=lambda e: len(e.absolute_path), default=None)
    if error is None:
        return None
    return prefix + list(error.absolute_path), error.message.split("\n")[0]  # without the validator's schema dump


def _first_error(doc: dict[str, Any]) -> tuple[list[str | int], str] | None:
    """The first problem found, as (path, message), or None for a documentable spec."""
    for validator in (openapi_v31_schema_validator, _DOCS_VALIDATOR):
        found = _deepest(validator.iter_errors(doc), [])
        if found is not None:
            return found
    for path, schema in _schemas(doc, []):
        found = _deepest(_SCHEMA_META.iter_errors(schema), path)
        if found is not None:
            return found
    dangling = next(_dangling_refs(doc, doc, []), None)
    if dangling is not None:
        return dangling
    # The full validator also checks schemas and defaults, but reports paths
    # relative to the schema it was checking; the message is still precise.
    error = next(OpenAPIV31SpecValidator(doc).iter_errors(), None)
    if error is not None:
        inner = list(getattr(error, "absolute_path", None) or [])
        message = getattr(error, "message", None) or str(error)
        return [], message + (f" (at {json_path(inner)} inside a schema)" if inner else "")
    return None


def load_spec(path: Path | str) -> dict[str, Any]:
    """The parsed and validated spec at ``path``; ``SpecError`` says what and where if not."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: cannot read the spec: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        doc = yaml.safe_load(text)
        tree = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SpecError(f"{where}: YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise SpecError(f"{path}:1: the spec is not a YAML mapping")
    if str(doc.get("openapi", "")).split(".")[:2] != ["3", "1"]:
        raise SpecError(f"{path}:{_line_of(tree, ['openapi']) or 1}: $.openapi: expected an OpenAPI 3.1 document, got {doc.get('openapi')!r}")
    problem = _first_error(doc)
    if problem is not None:
        where, message = problem
        line = _line_of(tree, where) or 1
        raise SpecError(f"{path}:{line}: {json_path(where)}: {' '.join(message.split())}")
    return doc
