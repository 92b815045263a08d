"""The body rules of an operation: the contract's JSON Schema, then the domain rules.

Every failure maps to one row of the error table, so the answer says which
field is wrong without echoing its value (jsonschema's messages quote the
value, so they are never passed on). When several things are wrong the
answer is deterministic: an unexpected field first (in body order), then the
first failing field in the order of the schema's ``properties``.

Domain rules go beyond what JSON Schema can say and are keyed by the field's
component schema: ``IdNumber`` (GB 11643 check character, birth date,
region) and ``PhotoBase64`` (strict base64, size, an image Pillow loads).
A JSON number with a fraction (``10.0``) is not an integer here, although
JSON Schema counts it as one: it would be stored and echoed as a float.

>>> check_body("/identity/authentication", {"name": "小米", "idNumber": "11010519491231002X"}) is None
True
>>> check_body("/identity/authentication", {"name": "小米", "idNumber": "110105194912310021"}).error_key
'invalid_id_number'
>>> check_body("/identity/authentication", {"name": "小米", "idNumber": "11010519491231002X", "x": 1}).names
{'field': 'x'}
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema_rs

from .. import spec
from . import id_numbers, photos
from .outcome import Rejected

__all__ = ["BodyValidator", "DOMAIN_RULES", "check_body", "field_order"]

BodyValidator = Callable[[str, Mapping[str, Any]], "Rejected | None"]
"""``(operation path, parsed body) -> Rejected | None``; the server's validator is swappable."""

DOMAIN_RULES: dict[str, Callable[[Any], Any]] = {
    "IdNumber": id_numbers.validate,
    "PhotoBase64": photos.validate,
}
"""Component schema name -> a callable raising ``ValueError`` for a value the schema let through."""


def _inline(node: Any, schemas: Mapping[str, Any]) -> Any:
    """``node`` with every ``#/components/schemas/`` reference replaced by its target, ``x-`` notes dropped.

    Request schemas are not recursive, so references can be substituted once;
    the notes are annotations (and some have integer keys, which JSON cannot hold).
    """
    if isinstance(node, list):
        return [_inline(item, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _inline(v, schemas) for k, v in node.items() if k != "$ref" and not str(k).startswith("x-")}
    if "$ref" in node:
        target = _inline(schemas[node["$ref"].rsplit("/", 1)[1]], schemas)
        return {**out, "allOf": [*out.get("allOf", []), target]} if out else target
    return out


@functools.cache
def _validator(path: str) -> jsonschema_rs.Validator:
    # jsonschema-rs rather than the pure-Python jsonschema: Python's ``re`` lets ``$`` match before a
    # trailing newline, so "13800138000\n" would pass the contract's patterns, while JSON Schema
    # patterns are ECMA-262 regexes where ``$`` is the end of the text. It is also ~100x faster on
    # this hot path. (jsonschema-rs comes with schemathesis.)
    return jsonschema_rs.validator_for(_inline(_schema(path), spec.load()["components"]["schemas"]))


@functools.cache
def _integer_fields(path: str) -> frozenset[str]:
    schemas = spec.load()["components"]["schemas"]
    return frozenset(name for name, prop in _schema(path)["properties"].items() if _inline(prop, schemas).get("type") == "integer")


@functools.cache
def _schema(path: str) -> dict[str, Any]:
    return spec.load()["components"]["schemas"][spec.request_schema_name(path)]


@functools.cache
def _field_order(path: str) -> tuple[str, ...]:
    return tuple(_schema(path)["properties"])


@functools.cache
def _field_set(path: str) -> frozenset[str]:
    return frozenset(_field_order(path))


def field_order(path: str) -> list[str]:
    """The operation's body fields in the schema's order."""
    return list(_field_order(path))


@functools.cache
def _field_components(path: str) -> dict[str, str]:
    return {name: prop["$ref"].rsplit("/", 1)[1] for name, prop in _schema(path)["properties"].items() if "$ref" in prop}


@functools.cache
def _too_large_rows() -> dict[str, str]:
    """field -> the 413 row for a value over its size limit (``photo_too_large``)."""
    return {row.field: row.key for row in spec.errors().values() if row.field and row.status == 413}


def _field_error(field: str, too_large: bool = False) -> str:
    if too_large and field in _too_large_rows():
        return _too_large_rows()[field]
    return spec.error_for_field(field).key


def _domain_error(rule: Callable[[Any], Any], field: str, value: Any) -> str | None:
    try:
        rule(value)
    except photos.PhotoTooLarge:
        return _field_error(field, too_large=True)
    except ValueError:  # stdnum's ValidationError and InvalidPhoto are ValueErrors
        return _field_error(field)
    return None


def _schema_failures(path: str, body: Mapping[str, Any]) -> dict[str, str]:
    """field -> error key for every field the schema rejects (the fields are all known here)."""
    failed: dict[str, str] = {}
    try:
        errors = list(_validator(path).iter_errors(body))
    except ValueError:  # a value nested too deeply to validate: no field of ours holds a container
        return {name: _field_error(name) for name, value in body.items() if isinstance(value, (dict, list))}
    for error in errors:
        kind = type(error.kind).__name__
        if kind == "Required" and not error.instance_path:
            failed.setdefault(error.kind.property, _field_error(error.kind.property))
        elif error.instance_path:
            name = error.instance_path[0]
            failed.setdefault(name, _field_error(name, too_large=kind == "MaxLength" and len(error.instance_path) == 1))
    for name in _integer_fields(path):
        if isinstance(body.get(name), float):  # JSON Schema counts 10.0 as an integer; the contract means 10
            failed.setdefault(name, _field_error(name))
    return failed


def check_body(path: str, body: Mapping[str, Any]) -> Rejected | None:
    """``None`` if the body obeys every rule of the operation at ``path``, else the first failure."""
    if type(body) is not dict and not isinstance(body, Mapping):  # the type test first: an ABC check costs more
        return Rejected("invalid_json")
    order = _field_order(path)
    if not _field_set(path).issuperset(body):
        return Rejected("unexpected_parameter", {"field": next(key for key in body if key not in order)})
    instance = body if isinstance(body, dict) else dict(body)
    integers = _integer_fields(path)
    try:
        valid = _validator(path).is_valid(instance) and not (integers and any(isinstance(body.get(n), float) for n in integers))
    except ValueError:  # nested too deeply to validate
        valid = False
    failed = {} if valid else _schema_failures(path, instance)
    components = _field_components(path)
    for name in order:
        if name in failed:
            return Rejected(failed[name])
        rule = DOMAIN_RULES.get(components.get(name, ""))
        if rule is not None and name in body:
            key = _domain_error(rule, name, body[name])
            if key:
                return Rejected(key)
    return None
