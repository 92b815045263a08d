"""Checks of the contract's response headers, on any response, success or error.

Patterns come from the spec's header schemas; only what a schema cannot say
(exactly once, skew, body length, Remaining <= Limit) is coded here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx
import jsonschema

from .. import spec
from .rules import RuleViolation

__all__ = ["RateLimit", "check_present_once", "check_date", "check_content_type", "check_content_length",
           "check_rate_limit", "check_request_id", "HEADER_RULES"]

# which rule a header's own schema belongs to
HEADER_RULES = {
    "Date": "headers.date",
    "Content-Type": "headers.content-type",
    "Content-Length": "headers.content-length",
    "X-RateLimit-Limit": "headers.rate-limit",
    "X-RateLimit-Remaining": "headers.rate-limit",
    "X-RateLimit-Reset": "headers.rate-limit",
    "XM-Request-Id": "headers.request-id",
}


@functools.cache
def _header_validator(name: str) -> jsonschema.protocols.Validator:
    return spec.schema_validator(spec.load()["components"]["headers"][name]["schema"])


def _value(response: httpx.Response, name: str) -> str:
    value = response.headers.get(name)
    if value is None:
        raise RuleViolation("headers.once", f"{name} is missing")
    if not _header_validator(name).is_valid(value):
        raise RuleViolation(HEADER_RULES[name], f"{name} {value!r} does not match the contract's schema")
    return value


def check_present_once(response: httpx.Response) -> None:
    """Every contract header exactly once (two ``Date`` headers merge into an unparseable value)."""
    for name in spec.response_header_names():
        count = len(response.headers.get_list(name))
        if count != 1:
            raise RuleViolation("headers.once", f"{name} present {count} times, expected exactly once")


def check_date(response: httpx.Response, skew_seconds: float, now: datetime | None = None) -> None:
    value = _value(response, "Date")
    when = parsedate_to_datetime(value)
    now = now or datetime.now(timezone.utc)
    off = abs((now - when).total_seconds())
    if off > skew_seconds:
        raise RuleViolation("headers.date", f"Date {value!r} is {off:.0f} s from local time, over the {skew_seconds:g} s skew")


def check_content_type(response: httpx.Response) -> None:
    _value(response, "Content-Type")


def check_content_length(response: httpx.Response) -> None:
    value = int(_value(response, "Content-Length"))
    if value != len(response.content):
        raise RuleViolation("headers.content-length", f"Content-Length {value} but the body has {len(response.content)} bytes")


@dataclass(frozen=True)
class RateLimit:
    limit: int
    remaining: int
    reset_ms: int


def check_rate_limit(response: httpx.Response) -> RateLimit:
    limit, remaining, reset = (int(_value(response, f"X-RateLimit-{part}")) for part in ("Limit", "Remaining", "Reset"))
    if remaining > limit:
        raise RuleViolation("headers.rate-limit", f"X-RateLimit-Remaining {remaining} is above X-RateLimit-Limit {limit}")
    _, window_ms = spec.rate_limit()
    if reset > window_ms:
        raise RuleViolation("headers.rate-limit", f"X-RateLimit-Reset {reset} ms is beyond the {window_ms} ms window")
    return RateLimit(limit, remaining, reset)


def check_request_id(response: httpx.Response) -> str:
    return _value(response, "XM-Request-Id")
