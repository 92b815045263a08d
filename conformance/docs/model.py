"""What the templates show, built from one spec dict (never from the default contract).

Both templates (Markdown and HTML) render this same model, so the two forms
cannot disagree; everything in it is read from the spec or computed from it
(tables, exchanges, the signed example), nothing typed a second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import spec
from .exchanges import SigningExample, body_bytes, example_value, request_exchange, response_exchange, signing_example
from .fields import Field, field, merged, resolve, rows

__all__ = ["Operation", "ErrorRow", "Docs", "build"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    """One operation in the provider's layout (接口描述, URL, HTTP Method, tables, examples)."""

    anchor: str
    title: str
    description: str
    path: str
    method: str
    request_fields: list[Field]
    response_fields: list[Field]
    request_example: str | None
    response_example: str | None


@dataclass(frozen=True)
class ErrorRow:
    """One row of ``x-error-codes``."""

    key: str
    status: int
    rtn_code: int
    rtn_msg: str
    field: str
    description: str


@dataclass(frozen=True)
class Docs:
    """The whole document."""

    title: str
    version: str
    overview: str
    operations: list[Operation]
    envelope: list[Field]
    request_headers: list[Field]
    response_headers: list[Field]
    errors_intro: str
    errors: list[ErrorRow]
    signing_rule: str
    signing_parts: list[str]
    signing: SigningExample | None
    assumptions: list[tuple[str, str]]


def _media(part: dict[str, Any]) -> dict[str, Any]:
    """The (first) media type object of a request body or response."""
    return next(iter(part.get("content", {}).values()), {})


def _success(doc: dict[str, Any], operation: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for status, response in operation.get("responses", {}).items():
        if str(status).startswith("2"):
            return str(status), resolve(doc, response)
    return None


def _payload_fields(doc: dict[str, Any], schema: dict[str, Any]) -> list[Field]:
    """The rows of the envelope's ``data`` (the seed's 返回参数), or of the whole body if no envelope."""
    data = merged(doc, schema).get("properties", {}).get("data")
    return rows(doc, data if data is not None else schema)


def _operation(doc: dict[str, Any], path: str, method: str, op: dict[str, Any]) -> Operation:
    request = _media(resolve(doc, op.get("requestBody", {})))
    request_value = example_value(request)
    request_body = body_bytes(request_value) if request_value is not None else b""
    success = _success(doc, op)
    response = _media(success[1]) if success else {}
    response_value = example_value(response)
    return Operation(
        anchor=op.get("operationId") or f"{method}-{path.strip('/').replace('/', '-')}",
        title=op.get("summary") or f"{method.upper()} {path}",
        description=str(op.get("description", op.get("summary", ""))).strip(),
        path=path,
        method=method.upper(),
        request_fields=rows(doc, request["schema"]) if "schema" in request else [],
        response_fields=_payload_fields(doc, response["schema"]) if "schema" in response else [],
        request_example=request_exchange(doc, path, method, op, request_body) if request_value is not None else None,
        response_example=(response_exchange(doc, success[0], success[1], body_bytes(response_value))
                          if success and response_value is not None else None),
    )


def _unique(found: list[Field]) -> list[Field]:
    """Fields by name, first occurrence kept (operations share their headers)."""
    seen: dict[str, Field] = {}
    for f in found:
        seen.setdefault(f.name, f)
    return list(seen.values())


def _header_field(doc: dict[str, Any], name: str, header: dict[str, Any]) -> Field:
    """A header row: the parameter's or header object's own description, its schema's type and limits."""
    header = resolve(doc, header)
    return field(doc, name, {**header.get("schema", {}), "description": header.get("description", "")}, bool(header.get("required")))


def _first_sentence(text: str) -> str:
    return " ".join(text.split()).split(". ")[0].rstrip(".") + "."


def _request_body_example(doc: dict[str, Any], op: dict[str, Any]) -> Any | None:
    return example_value(_media(resolve(doc, op.get("requestBody", {}))))


def build(doc: dict[str, Any]) -> Docs:
    """The model of the docs for ``doc`` (a spec already checked by ``load_spec``)."""
    ops = [(path, method, item[method]) for path, item in doc.get("paths", {}).items() for method in _METHODS if method in item]
    successes = [s for s in (_success(doc, op) for _, _, op in ops) if s]
    schemes = [s for s in doc["components"]["securitySchemes"].values() if s.get("in") == "header"]
    params = [resolve(doc, p) for _, _, op in ops for p in op.get("parameters", [])]
    request_headers = [_header_field(doc, p["name"], p) for p in params if p.get("in") == "header"]
    # The signature header: required when the document applies security globally.
    request_headers += [Field(s["name"], bool(doc.get("security")), "string", _first_sentence(s.get("description", "")))
                        for s in schemes]
    response_headers = [_header_field(doc, name, h) for _, r in successes for name, h in r.get("headers", {}).items()]
    envelope = next((_media(r)["schema"] for _, r in successes if "schema" in _media(r)), None)
    signed = next(((path, method, op) for path, method, op in ops if _request_body_example(doc, op) is not None), None)
    codes = doc["x-error-codes"]
    return Docs(
        title=doc["info"]["title"],
        version=str(doc["info"]["version"]),
        overview=str(doc["info"].get("description", "")).strip(),
        operations=[_operation(doc, path, method, op) for path, method, op in ops],
        envelope=rows(doc, envelope, nested=False) if envelope else [],
        request_headers=_unique(request_headers),
        response_headers=_unique(response_headers),
        errors_intro=" ".join(str(codes.get("description", "")).split()),
        errors=[ErrorRow(key, row["status"], row["rtnCode"], row["rtnMsg"], row.get("field", ""), row["description"])
                for key, row in codes["codes"].items()],
        signing_rule="\n\n".join(s.get("description", "").strip() for s in schemes),
        signing_parts=[str(p) for p in doc.get("x-signing", {}).get("parts", [])],
        signing=signing_example(signed[0], signed[1], body_bytes(_request_body_example(doc, signed[2]))) if signed else None,
        assumptions=spec.assumptions(doc),
    )
