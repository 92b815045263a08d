"""The reference server's settings, with the sandbox as default.

``max_body_bytes`` defaults to the longest valid photo body: the base64 text
of a photo at the contract's size limit plus room for the other fields,
``\\uXXXX`` escapes and whitespace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import signing, spec
from ..contract import BodyValidator, check_body
from ..contract.photos import max_base64_length
from .sandbox import SANDBOX_APP_ID, SANDBOX_APP_KEY, SANDBOX_IDENTITIES

__all__ = ["ServerConfig", "default_max_body_bytes", "BODY_HEADROOM"]

BODY_HEADROOM = 16 * 1024
"""Bytes allowed beside the photo text: the other fields, escapes and whitespace."""


def default_max_body_bytes() -> int:
    """The largest valid upload body, derived from the contract's photo limit."""
    return max_base64_length() + BODY_HEADROOM


@dataclass
class ServerConfig:
    """How to run one reference server; ``apps`` maps appId to appKey (never shown in ``repr``)."""

    host: str = "127.0.0.1"
    port: int = 8080
    apps: dict[str, str] = field(default_factory=lambda: {SANDBOX_APP_ID: SANDBOX_APP_KEY}, repr=False)
    identities: list[tuple[str, str]] = field(default_factory=lambda: list(SANDBOX_IDENTITIES), repr=False)
    rate_limit: int = field(default_factory=lambda: spec.rate_limit()[0])
    rate_window_ms: int = field(default_factory=lambda: spec.rate_limit()[1])
    """The contract's window; shorter only for tests that must see a window end."""
    max_body_bytes: int = field(default_factory=default_max_body_bytes)
    data_dir: Path | None = None
    digest: signing.Digest = "raw"
    validate_body: BodyValidator = field(default=check_body, repr=False)
    """Swappable for tests that break one domain rule on purpose."""

    @property
    def app_ids(self) -> list[str]:
        return list(self.apps)
