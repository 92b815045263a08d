"""Parameter-table rows (参数名称 | 是否必选 | 类型 | 描述) derived from JSON schemas.

``$ref``s are followed and ``allOf`` parts merged, so a table shows what a
validator would enforce; nested objects are flattened with dotted names
(``identityInfo.photoId``), array items with ``[]`` (``items[].id``). Types use
the provider's words (``int`` for JSON Schema's ``integer``).

>>> doc = {"components": {"schemas": {"N": {"type": "string", "description": "姓名", "maxLength": 50}}}}
>>> rows(doc, {"type": "object", "required": ["name"], "properties": {"name": {"$ref": "#/components/schemas/N"}}})
[Field(name='name', required=True, type='string', description='姓名', constraints=('长度 / length: ≤ 50',))]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .source import resolve_pointer

__all__ = ["Field", "resolve", "merged", "rows", "field", "type_name"]

# The provider's tables say "int" where JSON Schema says "integer".
_TYPE_NAMES = {"integer": "int"}


@dataclass(frozen=True)
class Field:
    """One table row; ``constraints`` are the limits a reader needs, one phrase each."""

    name: str
    required: bool
    type: str
    description: str
    constraints: tuple[str, ...] = ()


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$ref`` chain followed; sibling keywords win (OpenAPI 3.1)."""
    while isinstance(schema, dict) and "$ref" in schema:
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**resolve_pointer(doc, schema["$ref"]), **siblings}
    return schema if isinstance(schema, dict) else {}


def merged(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` resolved, its ``allOf`` parts folded in (properties merged by name, required unioned)."""
    schema = resolve(doc, schema)
    if "allOf" not in schema:
        return schema
    out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, dict[str, Any]] = {}
    required: list[str] = list(schema.get("required", []))
    for part in schema["allOf"]:
        part = merged(doc, part)
        for key, value in part.items():
            if key not in ("properties", "required"):
                out.setdefault(key, value)
        for name, prop in part.get("properties", {}).items():
            properties[name] = {**properties.get(name, {}), **prop}
        required += [r for r in part.get("required", []) if r not in required]
    for name, prop in schema.get("properties", {}).items():
        properties[name] = {**properties.get(name, {}), **prop}
    return {**out, "properties": properties, "required": required}


def type_name(schema: dict[str, Any]) -> str:
    """The provider's word for the schema's type (``any`` when the schema leaves it open)."""
    kind = schema.get("type")
    if kind is None and "const" in schema:
        kind = {bool: "boolean", int: "integer", str: "string", float: "number"}.get(type(schema["const"]), "any")
    kinds = kind if isinstance(kind, list) else [kind or "any"]
    return "/".join(_TYPE_NAMES.get(k, k) for k in kinds)


def _span(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"{low}" if low == high else f"{low}–{high}"
    return f"≥ {low}" if low is not None else f"≤ {high}"


def constraints(schema: dict[str, Any]) -> tuple[str, ...]:
    """The limits in ``schema`` as short bilingual phrases (values quoted from the schema)."""
    found: list[str] = []
    if "const" in schema:
        found.append(f"固定值 / const: `{schema['const']}`")
    if "enum" in schema:
        meanings = {str(k): v for k, v in schema.get("x-enum-descriptions", {}).items()}
        found.append("取值 / values: " + "; ".join(
            f"`{v}` {meanings[str(v)]}" if str(v) in meanings else f"`{v}`" for v in schema["enum"]))
    if "minLength" in schema or "maxLength" in schema:
        found.append(f"长度 / length: {_span(schema.get('minLength'), schema.get('maxLength'))}")
    if "minimum" in schema or "maximum" in schema:
        found.append(f"范围 / range: {_span(schema.get('minimum'), schema.get('maximum'))}")
    if "format" in schema:
        found.append(f"格式 / format: {schema['format']}")
    if "contentEncoding" in schema:
        found.append(f"编码 / encoding: {schema['contentEncoding']}")
    if "pattern" in schema:
        found.append(f"正则 / pattern: `{schema['pattern']}`")
    return tuple(found)


def field(doc: dict[str, Any], name: str, schema: dict[str, Any], required: bool) -> Field:
    """The row for one named schema (a property, a header's schema)."""
    schema = merged(doc, schema)
    return Field(name, required, type_name(schema), " ".join(str(schema.get("description", "")).split()), constraints(schema))


def rows(doc: dict[str, Any], schema: dict[str, Any], prefix: str = "", nested: bool = True) -> list[Field]:
    """Rows for every property of an object schema, nested objects flattened (unless ``nested`` is False)."""
    schema = merged(doc, schema)
    required = set(schema.get("required", []))
    found: list[Field] = []
    for name, prop in schema.get("properties", {}).items():
        found.append(field(doc, prefix + name, prop, name in required))
        if not nested:
            continue
        prop = merged(doc, prop)
        if prop.get("properties"):
            found += rows(doc, prop, f"{prefix}{name}.")
        elif isinstance(prop.get("items"), dict) and merged(doc, prop["items"]).get("properties"):
            found += rows(doc, prop["items"], f"{prefix}{name}[].")
    return found
