"""Why a request was rejected, in one sentence for the developer of the client.

The error answer names only the rule (``invalid parameter: photoType``); the
developer needs what their request did against it. ``explain`` turns a
``Rejected`` and the request back into a sentence naming the header, field
or signing part and the contract's rule, all read from the contract. Values
are echoed only where they are neither secret nor personal (a header such as
``H-XM-V``, an enum number); the key and ``Authorization`` never, names, ID
numbers, phone numbers, operators and photos never.

>>> explain_field("/identity/photos", "photoType", {"photoType": "10"})
'photoType must be an integer from [10, 11, 12, 20], got a string'
>>> print(explain_field("/identity/authentication", "idNumber", {"idNumber": "110105194912310021"}))
idNumber is not valid by the contract's IdNumber rules (checksum: check character does not match (ISO 7064 MOD 11-2))
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import signing, spec
from .body import DOMAIN_RULES, field_order
from .outcome import Rejected
from .request import InvalidJson, parse_json, split_target
from .signature_mistakes import diagnose

__all__ = ["explain", "explain_field", "json_type"]

_ECHOED_LIMIT = 40
_KEYWORD_ORDER = ("type", "enum", "const", "minLength", "maxLength", "pattern")


def json_type(value: Any) -> str:
    """The JSON kind of a parsed value, with its article (``a string``, ``null``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _echo(value: str) -> str:
    """A non-secret, non-personal header value, shortened."""
    return repr(value if len(value) <= _ECHOED_LIMIT else value[:_ECHOED_LIMIT] + "…")


def _component(path: str, field: str) -> tuple[str, dict[str, Any]]:
    prop = spec.load()["components"]["schemas"][spec.request_schema_name(path)]["properties"][field]
    name = prop["$ref"].rsplit("/", 1)[1]
    return name, spec.load()["components"]["schemas"][name]


def _kind(schema: Mapping[str, Any]) -> str:
    return {"integer": "an integer", "string": "a string"}.get(schema.get("type", ""), f"of type {schema.get('type')}")


def explain_field(path: str, field: str, body: Mapping[str, Any]) -> str:
    """What is wrong with ``field`` of the body of ``path``, by the contract's rule it breaks."""
    if field not in body:
        required = spec.load()["components"]["schemas"][spec.request_schema_name(path)].get("required", [])
        return f"body field {field} is missing (the contract requires {', '.join(required)})"
    name, schema = _component(path, field)
    value = body[field]
    kind = _kind(schema)
    wanted = f"{kind} from {schema['enum']}" if "enum" in schema else kind
    if schema.get("type") == "integer" and isinstance(value, float):  # JSON Schema would take 10.0 for 10
        return f"{field} must be {wanted}, got a number with a fraction"
    errors = sorted(spec.validator(name).iter_errors(value), key=lambda e: _KEYWORD_ORDER.index(e.validator) if e.validator in _KEYWORD_ORDER else 99)
    if errors:
        error = errors[0]
        rule = error.validator_value
        if error.validator == "type":
            return f"{field} must be {wanted}, got {json_type(value)}"
        if error.validator == "enum":  # enum fields are numbers, neither secret nor personal
            return f"{field} must be {wanted}, got {value!r}"
        if error.validator in ("minLength", "maxLength"):
            low, high = schema.get("minLength"), schema.get("maxLength")
            span = f"{low} to {high}" if low is not None and high is not None else f"at least {low}" if high is None else f"at most {high}"
            return f"{field} must be {span} characters, got {len(value)}"
        if error.validator == "pattern":
            return f"{field} does not match the contract's pattern {rule} ({len(value)} characters; {schema.get('description', name)})"
        return f"{field} breaks the contract's {error.validator} rule for {name}"
    rule_check = DOMAIN_RULES.get(name)
    if rule_check is not None:
        try:
            rule_check(value)
        except ValueError as exc:  # the domain modules' messages name the rule, never the value
            return f"{field} is not valid by the contract's {name} rules ({exc})"
    return f"{field} is invalid: {spec.error_for_field(field).description}"


def _json_problem(body: bytes) -> str:
    if not body:
        return "the body is empty; the contract expects one JSON object"
    text = body.decode("utf-8")
    try:
        parse_json(text)
    except InvalidJson as exc:
        reason = str(exc)
    else:
        return "the body is not a JSON object"
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    except ValueError:
        pass
    return f"the body is not exactly one JSON object ({reason})"


def explain(
    rejected: Rejected,
    method: str,
    target: str | bytes,
    headers: Mapping[str, str],
    body: bytes,
    apps: Mapping[str, str],
    digest: signing.Digest = "raw",
    *,
    max_body_bytes: int | None = None,
    url_prefix: str = "",
) -> str:
    """The sentence for ``rejected``, the outcome of checking this request against ``apps`` (appId -> key)."""
    raw_path, query = split_target(target)
    path = raw_path.decode("utf-8", "replace")
    h = {k.lower(): v for k, v in headers.items()}
    key = rejected.error_key
    if key == "unknown_path":
        return f"{method} {path} is not an operation of the contract (its paths: {', '.join(spec.operations())})"
    if key == "wrong_method":
        allowed = [m.upper() for m in spec.load()["paths"][path] if m != "parameters"]
        return f"{method} {path}: the contract defines only {', '.join(allowed)} for this path"
    if key == "missing_app_id":
        return f"missing header H-XM-AppId (the appId, here {', '.join(map(repr, apps))})"
    if key == "unknown_app_id":
        return f"H-XM-AppId {_echo(h['h-xm-appid'])} is not an issued appId (issued: {', '.join(map(repr, apps))})"
    if key == "missing_signature":
        return "missing header Authorization (base64 of the MD5 of appKey+METHOD+path+query+body)"
    if key == "missing_header":
        return f"missing header {rejected.names['header']} (must be {spec.API_VERSION!r})"
    if key == "wrong_version":
        return f"H-XM-V must be {spec.API_VERSION!r}, got {_echo(h['h-xm-v'])}"
    if key == "wrong_content_type":
        if "content-type" not in h:
            return f"missing header Content-Type (must be {spec.CONTENT_TYPE!r})"
        return f"Content-Type must be {spec.CONTENT_TYPE!r} (charset UTF-8 in any case, or none), got {_echo(h['content-type'])}"
    if key == "body_too_large":
        return f"the body is {h.get('content-length', len(body))} bytes, over the limit of {max_body_bytes} bytes"
    if key == "bad_signature":
        app_id = h["h-xm-appid"]
        return diagnose(h["authorization"], apps[app_id], method, raw_path, query, body, digest, app_id=app_id, url_prefix=url_prefix)
    if key == "rate_limited":
        limit, window = (rejected.quota.limit, rejected.quota.reset_ms) if rejected.quota else spec.rate_limit()
        return f"rate limit exceeded for appId {rejected.app_id!r}: {limit} requests per window; retry after {window} ms"
    if key == "invalid_encoding":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"the body is not UTF-8 ({exc.reason} at byte {exc.start}); the contract's text is UTF-8"
    if key == "invalid_json":
        return _json_problem(body)
    if key == "unexpected_parameter":
        return f"unexpected body field {_echo(rejected.names['field'])} (the contract allows {', '.join(field_order(path))})"
    field = rejected.error.field
    if field:
        return explain_field(path, field, parse_json(body.decode("utf-8")))
    return f"{rejected.message} ({rejected.error.description})"
