"""The contract's request rules and answers, free of any web framework.

Shared by the reference server (``conformance.server``) and the contract
mock (``conformance.mock``): both answer through a ``ContractService``
(``check_request``'s rules, then the operation's action, shaped by
``responses``), so they cannot disagree. Nothing here imports Starlette or httpx.
"""

from .body import BodyValidator, check_body
from .outcome import Accepted, Rejected
from .ratelimit import Quota, RateLimiter
from .request import check_head, check_payload, check_request, content_type_ok, parse_json
from .responses import Response, failure, rejection, success, verify_identity
from .service import ContractService, Decision

__all__ = [
    "Accepted", "Rejected", "Quota", "RateLimiter", "Response", "BodyValidator",
    "check_request", "check_head", "check_payload", "check_body", "content_type_ok", "parse_json",
    "success", "failure", "rejection", "verify_identity", "ContractService", "Decision",
]
