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

import jsonschema

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


def _is_json_integer(_checker: object, value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@functools.cache
def _validator(path: str) -> jsonschema.protocols.Validator:
    base = spec.validator(spec.request_schema_name(path))
    cls = jsonschema.validators.extend(type(base), type_checker=type(base).TYPE_CHECKER.redefine("integer", _is_json_integer))
    return cls(base.schema, format_checker=base.format_checker)


@functools.cache
def _schema(path: str) -> dict[str, Any]:
    return spec.load()["components"]["schemas"][spec.request_schema_name(path)]


def field_order(path: str) -> list[str]:
    """The operation's body fields in the schema's order."""
    return list(_schema(path)["properties"])


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


def _domain_error(path: str, field: str, value: Any) -> str | None:
    rule = DOMAIN_RULES.get(_field_components(path).get(field, ""))
    if rule is None:
        return None
    try:
        rule(value)
    except photos.PhotoTooLarge:
        return _field_error(field, too_large=True)
    except ValueError:  # stdnum's ValidationError and InvalidPhoto are ValueErrors
        return _field_error(field)
    return None


def check_body(path: str, body: Mapping[str, Any]) -> Rejected | None:
    """``None`` if the body obeys every rule of the operation at ``path``, else the first failure."""
    if not isinstance(body, Mapping):
        return Rejected("invalid_json")
    order = field_order(path)
    failed: dict[str, str] = {}
    for error in _validator(path).iter_errors(body):
        if error.validator == "additionalProperties" or (error.path and error.path[0] not in order):
            unexpected = next(k for k in body if k not in order)
            return Rejected("unexpected_parameter", {"field": unexpected})
        if error.validator == "required" and not error.path:
            for name in error.validator_value:
                if name not in body:
                    failed.setdefault(name, _field_error(name))
        elif error.path:
            name = error.path[0]
            failed.setdefault(name, _field_error(name, too_large=error.validator == "maxLength" and len(error.path) == 1))
    for name in order:
        if name in failed:
            return Rejected(failed[name])
        if name in body:
            key = _domain_error(path, name, body[name])
            if key:
                return Rejected(key)
    return None
