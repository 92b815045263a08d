"""What checking a request decides: accepted (with its body) or rejected (with an error-table key)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .. import spec
from .ratelimit import Quota

__all__ = ["Accepted", "Rejected"]


class Accepted(NamedTuple):
    """A request that passed every rule; ``body`` is the parsed JSON object (a named tuple: one is made per request)."""

    app_id: str
    body: dict[str, Any]
    quota: Quota | None = None


@dataclass(frozen=True)
class Rejected:
    """A request that broke a rule: ``error_key`` is a row of ``x-error-codes``.

    ``names`` fill the row's ``{field}``/``{header}`` placeholder; ``app_id``
    (when known and issued) and ``quota`` feed the log line and the headers.
    """

    error_key: str
    names: Mapping[str, str] = field(default_factory=dict)
    app_id: str | None = None
    quota: Quota | None = None

    @property
    def error(self) -> spec.ErrorCode:
        return spec.error(self.error_key)

    @property
    def message(self) -> str:
        return self.error.message(**self.names)
