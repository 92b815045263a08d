"""The contract's rules the strategies need, read from ``openapi/identity.yaml``.

Nothing here restates a limit: lengths, patterns and body fields come from the
component schemas through :mod:`conformance.spec`, so a change to the contract
changes what the strategies generate.

>>> max_length("Name") >= min_length("Name")
True
>>> request_fields("/identity/authentication")["idNumber"]
'IdNumber'
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from conformance import spec

__all__ = [
    "schema", "min_length", "max_length", "pattern", "full_match", "request_fields",
    "required_fields", "field_for", "birth_date_min", "AUTHENTICATION_PATH", "PHOTO_PATH",
]


def _path(operation_id: str) -> str:
    return next(path for path, op in spec.operations().items() if op["operationId"] == operation_id)


AUTHENTICATION_PATH = _path("authenticateIdentity")
PHOTO_PATH = _path("uploadIdentityPhoto")


def schema(name: str) -> dict[str, Any]:
    """``components/schemas/<name>``."""
    return spec.load()["components"]["schemas"][name]


def min_length(name: str) -> int:
    return int(schema(name).get("minLength", 0))


def max_length(name: str) -> int:
    return int(schema(name)["maxLength"])


def pattern(name: str) -> str:
    return schema(name)["pattern"]


@functools.cache
def _compiled(name: str) -> re.Pattern[str]:
    return re.compile(pattern(name))


def full_match(name: str, value: str) -> bool:
    """Whether ``value`` matches the schema's pattern as ECMA-262 reads it.

    ``re.fullmatch`` rather than ``re.search``: Python's ``$`` also matches
    before a final newline, ECMA-262's does not.
    """
    return _compiled(name).fullmatch(value) is not None


def _ref_name(prop: dict[str, Any]) -> str:
    return prop["$ref"].rsplit("/", 1)[1]


@functools.cache
def request_fields(path: str) -> dict[str, str]:
    """``{body field: component schema name}`` of the request body of ``path``, in contract order."""
    props = schema(spec.request_schema_name(path))["properties"]
    return {field: _ref_name(prop) for field, prop in props.items()}


def required_fields(path: str) -> list[str]:
    return list(schema(spec.request_schema_name(path))["required"])


@functools.cache
def field_for(schema_name: str) -> str:
    """The body field whose value is a ``schema_name`` (``"IdNumber"`` → ``"idNumber"``)."""
    for path in spec.operations():
        for field, ref in request_fields(path).items():
            if ref == schema_name:
                return field
    raise KeyError(schema_name)


def birth_date_min() -> datetime.date:
    """The earliest birth date the contract accepts in an ID number."""
    return datetime.date.fromisoformat(schema("IdNumber")["x-birth-date-min"])
