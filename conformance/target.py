"""What the suite runs against: a live server (``--base-url``) or the embedded reference server.

Options, environment variables and the sandbox defaults are resolved here into
one :class:`Target`, so tests never read options themselves.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from . import signing, spec
from .masking import mask_name

if TYPE_CHECKING:
    from .cassettes import Replayer

__all__ = ["Target", "TargetError", "embedded_target", "parse_identities", "probe", "replayed_target", "REPLAY_BASE_URL"]

REPLAY_BASE_URL = "http://replay.invalid"  # never resolved: respx answers before any connection


class TargetError(ValueError):
    """The options do not describe a usable target (told to the user in one line)."""


def parse_identities(values: list[str]) -> list[tuple[str, str]]:
    """``NAME:IDNUMBER`` strings as pairs; a malformed one is named masked, never echoed."""
    pairs = []
    for value in values:
        name, sep, number = value.strip().partition(":")
        if not (sep and name and number):
            raise TargetError(f"identity {mask_name(value.strip())!r} is not NAME:IDNUMBER")
        pairs.append((name, number))
    return pairs


@dataclass
class Target:
    base_url: str
    app_id: str
    app_key: str = field(repr=False)
    digest: signing.Digest
    identities: list[tuple[str, str]]
    embedded: bool
    clock_skew: float = 300.0
    strict_security: bool = False
    run_rate_limit: bool = False
    timeout: float = 10.0

    @classmethod
    def from_options(cls, base_url: str | None, app_id: str | None, app_key: str | None, digest: str,
                     identities: list[str], **rest: object) -> "Target":
        if digest not in signing.DIGESTS:
            raise TargetError(f"--signing-digest must be raw or hex, not {digest!r}")
        parsed = parse_identities(identities + [s for s in os.environ.get("MIOT_IDENTITIES", "").replace(";", ",").split(",") if s])
        app_id = app_id or os.environ.get("MIOT_APP_ID")
        app_key = app_key or os.environ.get("MIOT_APP_KEY")
        if not base_url:
            return cls("", app_id or "", app_key or "", digest, parsed, embedded=True, **rest)  # type: ignore[arg-type]
        if not (app_id and app_key):
            raise TargetError("a live server needs credentials: --app-id/--app-key or MIOT_APP_ID/MIOT_APP_KEY")
        return cls(base_url.rstrip("/"), app_id, app_key, digest, parsed, embedded=False, **rest)  # type: ignore[arg-type]


@contextlib.contextmanager
def embedded_target(target: Target, rate_limit: int, window_ms: int | None = None) -> Iterator[Target]:
    """Start the reference server with the sandbox app and identities (plus the target's) on loopback."""
    from .server import sandbox
    from .server.config import ServerConfig
    from .server.running import running

    app_id = target.app_id or sandbox.SANDBOX_APP_ID
    app_key = target.app_key or sandbox.SANDBOX_APP_KEY
    identities = list(sandbox.SANDBOX_IDENTITIES) + target.identities
    config = ServerConfig(apps={app_id: app_key}, identities=identities, rate_limit=rate_limit, digest=target.digest,
                          rate_window_ms=window_ms or spec.rate_limit()[1])
    with running(config) as server:
        yield Target(server.base_url, app_id, app_key, target.digest, identities, embedded=True,
                     clock_skew=target.clock_skew, strict_security=target.strict_security,
                     run_rate_limit=True, timeout=target.timeout)


def probe(target: Target) -> None:
    """One unsigned request, so that a URL that is not this API stops the run at once, in one line."""
    url = f"{target.base_url}/identity/authentication"
    try:
        response = httpx.post(url, content=b"{}", timeout=target.timeout, headers={"Accept-Encoding": "identity"})
    except httpx.HTTPError as exc:
        raise TargetError(f"cannot reach {url}: {type(exc).__name__}: {exc or 'no answer'}") from None
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        excerpt = response.content[:120].decode("utf-8", "replace").replace("\n", " ")
        raise TargetError(f"{url} answered HTTP {response.status_code} {response.headers.get('Content-Type')!r}, "
                          f"not the API's JSON envelope: {excerpt!r}")


@contextlib.contextmanager
def replayed_target(target: Target, replayer: "Replayer") -> Iterator[Target]:
    """The target as recorded: respx answers everything, and httpx reaches no network while it is on."""
    import respx

    from .server import sandbox

    identities = target.identities or list(sandbox.SANDBOX_IDENTITIES)
    with respx.mock(assert_all_called=False) as router:
        router.route().mock(side_effect=replayer)
        yield Target(REPLAY_BASE_URL, "replayed-app", "k" * replayer.key_length, target.digest, identities,
                     embedded=False, clock_skew=target.clock_skew, strict_security=target.strict_security,
                     run_rate_limit=True, timeout=target.timeout)
