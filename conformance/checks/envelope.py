"""Checks of the response body: the envelope, the operation's success schema, an error row."""

from __future__ import annotations

import json
from typing import Any

import httpx

from .. import spec
from .rules import RuleViolation

__all__ = ["parse_envelope", "check_success", "check_error", "excerpt"]


def excerpt(response: httpx.Response, limit: int = 200) -> str:
    text = response.content[:limit].decode("utf-8", "replace")
    return text + ("…" if len(response.content) > limit else "")


def _errors(schema_name: str, instance: Any) -> list[str]:
    # messages name the failing location and keyword, never the value (it may be personal data)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.validator} {e.validator_value!r}"[:160]
            for e in spec.validator(schema_name).iter_errors(instance)]


def parse_envelope(response: httpx.Response) -> dict[str, Any]:
    """The decoded envelope; a violation of ``envelope`` if the body is not one."""
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        raise RuleViolation("envelope", f"body is not JSON ({response.headers.get('Content-Type')!r}): {excerpt(response)!r}") from None
    problems = _errors("Envelope", body)
    if problems:
        raise RuleViolation("envelope", f"body is not the envelope: {'; '.join(problems)}")
    if (body["rtnCode"] == 0) != (response.status_code < 400):
        raise RuleViolation("envelope", f"HTTP {response.status_code} with rtnCode {body['rtnCode']}: success is 2xx with rtnCode 0, errors 4xx/5xx with a non-zero code")
    if body["rtnCode"] != 0:
        problems = _errors("ErrorEnvelope", body)
        if problems:
            raise RuleViolation("envelope", f"error body breaks ErrorEnvelope: {'; '.join(problems)}")
        known = {e.rtn_code: e for e in spec.errors().values()}
        row = known.get(body["rtnCode"])
        if row is None or row.status != response.status_code:
            raise RuleViolation("envelope", f"rtnCode {body['rtnCode']} with HTTP {response.status_code} is not a row of the error table")
    return body


def check_success(response: httpx.Response, path: str, rule_name: str) -> dict[str, Any]:
    """A 200 whose body validates against the operation's success schema; returns ``data``."""
    body = parse_envelope(response)
    if response.status_code != 200 or body["rtnCode"] != 0:
        raise RuleViolation(rule_name, f"expected HTTP 200 rtnCode 0, got HTTP {response.status_code} rtnCode {body['rtnCode']} {body['rtnMsg']!r}")
    problems = _errors(spec.response_schema_name(path), body)
    if problems:
        raise RuleViolation(rule_name, f"success body breaks {spec.response_schema_name(path)}: {'; '.join(problems)}")
    return body["data"]


def check_error(response: httpx.Response, key: str | set[str], rule_name: str, **names: str) -> spec.ErrorCode:
    """The documented status, rtnCode and rtnMsg of error row ``key`` (or any of a set); returns the row."""
    body = parse_envelope(response)
    rows = [spec.error(k) for k in ([key] if isinstance(key, str) else sorted(key))]
    for row in rows:
        if (response.status_code, body["rtnCode"]) == (row.status, row.rtn_code):
            if body["rtnMsg"] != row.message(**names) and not (names == {} and "{" in row.rtn_msg):
                raise RuleViolation(rule_name, f"{row.key}: rtnMsg {body['rtnMsg']!r}, expected {row.message(**names)!r}")
            return row
    expected = " or ".join(f"HTTP {r.status} rtnCode {r.rtn_code} ({r.key})" for r in rows)
    raise RuleViolation(rule_name, f"expected {expected}, got HTTP {response.status_code} rtnCode {body['rtnCode']} {body['rtnMsg']!r}")
