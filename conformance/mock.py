"""The contract as a respx mock: test an httpx client of the API with no server at all.

``ContractMock`` intercepts every httpx call to the API's base URL and
answers it through the same ``ContractService`` as the reference server, so
the client gets exactly what that server would answer: a spec-valid success
(a configurable identity registry decides ``resultCode``, uploads get fresh
photoIds) or the documented error envelope, with every contract header and,
when a rate limit is configured, 429 once the window is spent.

A request the contract rejects is still answered, and the mock records a
*problem*: a sentence saying what the client did wrong (which header, which
body field against which rule, which signing mistake reproduces the
``Authorization`` received). On leaving the ``with`` block, or at the
teardown of the ``miot_mock`` fixture, the problems are raised as one
``ContractViolation`` (an ``AssertionError``); ``strict=False`` only records
them. A 429 is the contract working, not a client mistake, so it is no problem.
Messages never show the key or an ``Authorization`` value beyond four
characters, nor a name, ID number or phone number.

>>> import httpx
>>> from conformance.client import MiotAuth
>>> with ContractMock() as mock:
...     auth = MiotAuth(mock.app_id, "sandbox-key-not-a-secret")
...     answer = httpx.post(mock.base_url + "/identity/authentication", auth=auth,
...                         json={"name": "小米", "idNumber": "11010519491231002X"})
>>> answer.json()["data"]["resultCode"], len(mock.calls), mock.problems
(0, 1, [])

Clients on other HTTP libraries get the same answers from ``conformance serve``.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple

import httpx
import pytest
import respx

from . import spec
from .masking import mask_name, mask_phone

if TYPE_CHECKING:  # the contract (Pillow, stdnum, jsonschema-rs) is imported when a mock is built
    from .contract.service import ContractService

__all__ = ["ContractMock", "ContractViolation", "Call", "UploadedPhoto", "DEFAULT_BASE_URL", "miot_mock"]

DEFAULT_BASE_URL: str = spec.load()["servers"][0]["url"]
"""The contract's first server: the host the provider's examples name."""

_NOT_CLIENT_MISTAKES = frozenset({"rate_limited"})
_SETTINGS = ("base_url", "app_id", "app_key", "digest", "identities", "rate_limit", "rate_window_ms", "max_body_bytes", "strict")


class ContractViolation(AssertionError):
    """The client broke the contract; the message has one line per call that did."""


class Call(NamedTuple):
    """One intercepted call; ``problem`` says what the client did wrong, or is ``None``."""

    request: httpx.Request
    response: httpx.Response
    problem: str | None


@dataclass(frozen=True)
class UploadedPhoto:
    """A photo the mock accepted (kept in memory for assertions)."""

    photo_id: str
    photo_type: int
    phone_number: str
    operator: str
    image: bytes

    def __repr__(self) -> str:  # phone numbers and operators are personal data: masked in any printout
        return (f"UploadedPhoto(photo_id={self.photo_id!r}, photo_type={self.photo_type}, phone_number={mask_phone(self.phone_number)!r}, "
                f"operator={mask_name(self.operator)!r}, image=<{len(self.image)} bytes>)")


class ContractMock:
    """The API at ``base_url`` for the client under test, as the reference server would answer it.

    Defaults are the sandbox's (its appId, key and identities, the contract's
    server and digest). ``identities`` are ``(name, id_number)`` pairs: a
    registered pair verifies, a registered number under another name and an
    unknown number get the contract's other resultCodes. ``rate_limit``
    (requests per ``rate_window_ms``, default the contract's window) turns on
    429s; without it nothing is counted and the headers report the full quota.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        app_id: str | None = None,
        app_key: str | None = None,
        digest: str = "raw",
        identities: Iterable[tuple[str, str]] | None = None,
        rate_limit: int | None = None,
        rate_window_ms: int | None = None,
        max_body_bytes: int | None = None,
        strict: bool = True,
    ) -> None:
        from .server.config import default_max_body_bytes
        from .server.sandbox import SANDBOX_APP_ID, SANDBOX_APP_KEY, SANDBOX_IDENTITIES

        self.calls: list[Call] = []
        self.photos: list[UploadedPhoto] = []
        self._lock = threading.Lock()
        self._router: respx.MockRouter | None = None
        self._settings: dict[str, Any] = {}
        self.configure(
            base_url=base_url, app_id=app_id or SANDBOX_APP_ID, app_key=app_key or SANDBOX_APP_KEY, digest=digest,
            identities=SANDBOX_IDENTITIES if identities is None else identities, rate_limit=rate_limit,
            rate_window_ms=rate_window_ms, max_body_bytes=max_body_bytes or default_max_body_bytes(), strict=strict,
        )

    def __repr__(self) -> str:  # never the key
        return f"ContractMock(base_url={self.base_url!r}, app_id={self.app_id!r}, digest={self.digest!r}, calls={len(self.calls)})"

    def configure(self, **settings: Any) -> ContractMock:
        """Change any constructor setting (e.g. ``app_id``, ``app_key``, ``identities``), even while started."""
        unknown = sorted(set(settings) - set(_SETTINGS))
        if unknown:
            raise TypeError(f"unknown ContractMock setting(s): {', '.join(unknown)}; expected some of {', '.join(_SETTINGS)}")
        merged = {**self._settings, **settings}
        merged["base_url"] = _origin(merged["base_url"])
        merged["identities"] = list(merged["identities"])
        self._service = _build_service(merged, self._store_photo)
        self._settings = merged
        if self._router is not None:  # started: route the (maybe new) base URL
            self._router.stop(quiet=True)
            self._router = None
            self.start()
        return self

    @property
    def base_url(self) -> str:
        """The intercepted origin, ``scheme://host[:port]``."""
        return self._settings["base_url"]

    @property
    def app_id(self) -> str:
        """The issued appId."""
        return self._settings["app_id"]

    @property
    def digest(self) -> str:
        """Which MD5 form ``Authorization`` base64-encodes (``raw`` or ``hex``)."""
        return self._settings["digest"]

    @property
    def strict(self) -> bool:
        """Whether problems are raised when the mock stops."""
        return self._settings["strict"]

    @property
    def problems(self) -> list[str]:
        """What the client did wrong so far, one sentence per faulty call."""
        return [call.problem for call in self.calls if call.problem]

    def start(self) -> ContractMock:
        """Intercept httpx calls to ``base_url`` (calls to other hosts raise respx's "not mocked")."""
        if self._router is None:
            router = respx.MockRouter(base_url=self.base_url, assert_all_called=False)
            router.route().mock(side_effect=self._answer)
            router.start()
            self._router = router
        return self

    def stop(self, check: bool | None = None) -> None:
        """Stop intercepting; then raise the problems as ``ContractViolation`` if ``check`` (default: ``strict``)."""
        if self._router is not None:
            self._router.stop(quiet=True)
            self._router = None
        if self.strict if check is None else check:
            self.assert_no_problems()

    def assert_no_problems(self) -> None:
        """Raise ``ContractViolation`` listing every faulty call so far."""
        faulty = [(n, call) for n, call in enumerate(self.calls, 1) if call.problem]
        if faulty:
            lines = [f"call {n}: {call.problem}" for n, call in faulty]
            raise ContractViolation(f"the client broke the contract in {len(faulty)} of {len(self.calls)} calls to {self.base_url}:\n  " + "\n  ".join(lines))

    def __enter__(self) -> ContractMock:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()  # a ContractViolation raised here carries the propagating exception as its __context__

    def _store_photo(self, photo_type: int, phone_number: str, operator: str, image: bytes) -> str:
        photo_id = str(uuid.uuid4())
        with self._lock:
            self.photos.append(UploadedPhoto(photo_id, photo_type, phone_number, operator, image))
        return photo_id

    def _answer(self, request: httpx.Request) -> httpx.Response:
        from .contract import Rejected
        from .contract.explain import explain

        body = request.read()
        target = request.url.raw_path  # path and query exactly as on the wire
        headers = dict(request.headers.items())
        service = self._service
        outcome, answer = service.decide(request.method, target, headers, body)
        problem = None
        if isinstance(outcome, Rejected) and outcome.error_key not in _NOT_CLIENT_MISTAKES:
            s = self._settings
            reason = explain(outcome, request.method, target, headers, body, {s["app_id"]: s["app_key"]}, s["digest"],
                             max_body_bytes=s["max_body_bytes"], url_prefix=s["base_url"])
            problem = f"{request.method} {request.url.path}: {reason}"
        response = httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)
        with self._lock:
            self.calls.append(Call(request, response, problem))
        return response


def _origin(base_url: str) -> str:
    """``scheme://host[:port]``; the contract's paths are at the root, so a base path would be a mistake."""
    url = httpx.URL(base_url)
    if url.scheme not in ("http", "https") or not url.host or url.path not in ("", "/") or url.query:
        raise ValueError(f"base_url must be http(s)://host[:port] with no path or query (the contract's paths start at /), got {base_url!r}")
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def _build_service(settings: dict[str, Any], store_photo: Any) -> ContractService:
    from . import signing
    from .contract import ContractService, RateLimiter

    if settings["digest"] not in signing.DIGESTS:
        raise ValueError(f"digest must be one of {', '.join(signing.DIGESTS)}, got {settings['digest']!r}")
    registry = {id_number: name for name, id_number in settings["identities"]}
    limiter = None if settings["rate_limit"] is None else RateLimiter(settings["rate_limit"], settings["rate_window_ms"])
    return ContractService({settings["app_id"]: settings["app_key"]}, settings["digest"], registered_name=registry.get,
                           store_photo=store_photo, limiter=limiter, max_body_bytes=settings["max_body_bytes"])


@pytest.fixture
def miot_mock() -> Iterator[ContractMock]:
    """A started ``ContractMock`` with the sandbox's defaults; its problems fail the test at teardown.

    Change credentials or the registry with ``miot_mock.configure(app_id=..., app_key=..., identities=[...])``.
    """
    with ContractMock() as mock:
        yield mock
