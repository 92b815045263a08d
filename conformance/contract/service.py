"""The whole answer to one request: the contract's checks, then the operation's action.

The reference server and the contract mock both answer through a
``ContractService``, so they cannot disagree on what a request gets. The
service holds no storage of its own: the caller passes where names are
looked up (``registered_name``) and where photos go (``store_photo``); the
server gives its SQLite store, the mock an in-memory registry.

>>> from conformance import signing, spec
>>> service = ContractService({"a": "k"}, registered_name={"11010519491231002X": "小米"}.get,
...                           store_photo=lambda *photo: "3b241101-e2bb-4255-8caf-4136c566a962")
>>> body = '{"name":"小米","idNumber":"11010519491231002X"}'.encode()
>>> headers = {"H-XM-AppId": "a", "H-XM-V": "2.0", "Content-Type": "application/json;charset=UTF-8",
...            "Authorization": signing.sign("k", "POST", "/identity/authentication", body=body)}
>>> service.decide("POST", "/identity/authentication", headers, body).response.body.decode()
'{"rtnCode":0,"rtnMsg":"success","data":{"resultCode":0,"resultDesc":"验证通过"}}'
>>> service.decide("POST", "/identity/authentication", headers, body + b" ").outcome.error_key
'bad_signature'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from .. import signing, spec
from . import photos, responses
from .body import BodyValidator, check_body
from .outcome import Accepted, Rejected
from .ratelimit import Quota, RateLimiter
from .request import check_head, check_payload, split_target

__all__ = ["ContractService", "Decision", "NameLookup", "PhotoSink"]

NameLookup = Callable[[str], "str | None"]
"""``id_number -> registered name | None``: the identity registry."""
PhotoSink = Callable[[int, str, str, bytes], str]
"""``(photo_type, phone_number, operator, image bytes) -> new photoId`` (a UUID v4)."""


class Decision(NamedTuple):
    """What a request got: the checks' outcome and the complete answer."""

    outcome: Accepted | Rejected
    response: responses.Response


class ContractService:
    """Answers requests for the issued ``apps`` (appId -> appKey), as the contract says.

    Without a ``limiter`` nothing is counted and the rate-limit headers report
    the contract's full quota; without ``max_body_bytes`` no size limit applies.
    """

    def __init__(
        self,
        apps: Mapping[str, str],
        digest: signing.Digest = "raw",
        *,
        registered_name: NameLookup,
        store_photo: PhotoSink,
        limiter: RateLimiter | None = None,
        max_body_bytes: int | None = None,
        validate_body: BodyValidator = check_body,
    ) -> None:
        self._apps = dict(apps)
        self.digest: signing.Digest = digest
        self.limiter = limiter
        self.max_body_bytes = max_body_bytes
        self._validate_body = validate_body
        self._registered_name = registered_name
        self._store_photo = store_photo
        limit, window_ms = spec.rate_limit()
        self._full_quota = Quota(limit, limit, window_ms)
        # The contract's operations, keyed by operationId so that no path is typed here.
        by_operation = {"authenticateIdentity": self._authenticate, "uploadIdentityPhoto": self._upload}
        self._actions = {path.encode("ascii"): by_operation[op["operationId"]] for path, op in spec.operations().items()}

    def __repr__(self) -> str:  # the keys never appear in a repr
        return f"ContractService(app_ids={list(self._apps)!r}, digest={self.digest!r})"

    def quota(self, app_id: str | None) -> Quota:
        """What the rate-limit headers report for ``app_id`` now, without counting."""
        return self.limiter.peek(app_id) if self.limiter is not None else self._full_quota

    def reject(self, rejected: Rejected, extra_headers: Mapping[str, str] | None = None) -> Decision:
        """The error answer to ``rejected``."""
        return Decision(rejected, responses.rejection(rejected, self.quota(rejected.app_id), extra_headers))

    def head(self, method: str, target: str | bytes, headers: Mapping[str, str]) -> Decision | None:
        """Rules 1-6 (``check_head``): the answer if the head alone decides it, else ``None``."""
        rejected = check_head(method, target, headers, self._apps, max_body_bytes=self.max_body_bytes)
        return None if rejected is None else self.reject(rejected)

    def payload(self, method: str, target: str | bytes, headers: Mapping[str, str], body: bytes) -> Decision:
        """Rules 6-10 and the operation's action, for a request whose head passed."""
        outcome = check_payload(
            method, target, headers, body, self._apps, self.digest,
            limiter=self.limiter, max_body_bytes=self.max_body_bytes, validate_body=self._validate_body,
        )
        if isinstance(outcome, Rejected):
            return self.reject(outcome)
        return Decision(outcome, self._actions[split_target(target)[0]](outcome))

    def decide(self, method: str, target: str | bytes, headers: Mapping[str, str], body: bytes) -> Decision:
        """Every rule, then the action: ``target`` is the path and raw query (``/p?q``) as on the wire."""
        return self.head(method, target, headers) or self.payload(method, target, headers, body)

    def _authenticate(self, accepted: Accepted) -> responses.Response:
        body = accepted.body
        code = responses.verify_identity(self._registered_name, body["name"], body["idNumber"])
        return responses.authenticated(code, accepted.quota or self.quota(accepted.app_id))

    def _upload(self, accepted: Accepted) -> responses.Response:
        body = accepted.body
        image = photos.decode(body["photoBase64Str"])
        photo_id = self._store_photo(body["photoType"], body["phoneNumber"], body["operator"], image)
        return responses.success(responses.photo_data(photo_id, body["photoType"]), accepted.quota or self.quota(accepted.app_id))
