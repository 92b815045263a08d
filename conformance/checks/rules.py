"""The suite's named rules: what each checks, for failures, the summary and the README.

A rule is ``advisory`` when breaking it is reported but does not fail the run
unless ``--strict-security`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Rule", "RULES", "rule", "RuleViolation"]


@dataclass(frozen=True)
class Rule:
    name: str
    summary: str
    advisory: bool = False


_RULES = [
    Rule("signing.accepted", "a correctly signed request is accepted"),
    Rule("signing.missing-authorization", "a request without Authorization is rejected with missing_signature"),
    Rule("signing.wrong-key", "a signature made with another key is rejected with bad_signature"),
    Rule("signing.other-request", "a signature over another body, path or method is rejected with bad_signature"),
    Rule("signing.other-digest", "a signature in the other digest variant (raw/hex) is rejected with bad_signature"),
    Rule("signing.body-changed", "a body changed after signing is rejected with bad_signature"),
    Rule("signing.unknown-app-id", "an unknown H-XM-AppId is rejected with unknown_app_id"),
    Rule("signing.missing-app-id", "a request without H-XM-AppId is rejected with missing_app_id"),
    Rule("signing.version", "a missing or wrong H-XM-V is rejected with missing_header / wrong_version"),
    Rule("signing.equivalent-serialisations", "any equivalent JSON serialisation (key order, whitespace, \\u escapes), signed over its bytes, is accepted"),
    Rule("security.replay", "an identical signed request replayed later is refused; the rule signs no time or nonce, so acceptance is reported", advisory=True),
    Rule("security.length-extension", "an MD5 length-extended body signed without the key is rejected"),
    Rule("headers.once", "every contract header is present exactly once on every response"),
    Rule("headers.date", "Date is an IMF-fixdate in GMT within the clock skew"),
    Rule("headers.content-type", "Content-Type is exactly application/json;charset=UTF-8"),
    Rule("headers.content-length", "Content-Length equals the body length"),
    Rule("headers.rate-limit", "X-RateLimit-Limit/-Remaining/-Reset are non-negative integers, Remaining <= Limit, Reset within the window"),
    Rule("headers.rate-limit-decreasing", "X-RateLimit-Remaining decreases between consecutive requests in one window"),
    Rule("headers.request-id", "XM-Request-Id is a UUID version 4"),
    Rule("headers.request-id-unique", "XM-Request-Id is unique across every response of the run"),
    Rule("envelope", "every response body is the envelope {rtnCode, rtnMsg, data}; errors use the documented rtnCode, rtnMsg and status"),
    Rule("server.no-5xx", "no request ever gets a 5xx"),
    Rule("schema.authentication", "schemathesis cases for /identity/authentication get spec-conformant responses"),
    Rule("schema.photos", "schemathesis cases for /identity/photos get spec-conformant responses"),
    Rule("authentication.valid-accepted", "valid names and ID numbers get rtnCode 0 and a resultCode from the enum"),
    Rule("authentication.invalid-rejected", "invalid names, ID numbers and bodies get their documented error"),
    Rule("authentication.known-identity", "a known identity verifies with resultCode 0"),
    Rule("authentication.unknown-identity", "a well-formed number the server does not know gets the documented non-zero resultCode"),
    Rule("photos.valid-accepted", "valid uploads get rtnCode 0, photoType echoed, a UUID v4 photoId and the bucket"),
    Rule("photos.invalid-rejected", "invalid photos, phone numbers, photo types and bodies get their documented error"),
    Rule("rate-limit.exhausted", "exhausting the window gives the documented 429 envelope with the headers"),
    Rule("rate-limit.recovers", "requests succeed again after X-RateLimit-Reset"),
]

RULES: dict[str, Rule] = {r.name: r for r in _RULES}


def rule(name: str) -> Rule:
    """The rule called ``name`` (a ``KeyError`` names an unknown rule)."""
    return RULES[name]


class RuleViolation(AssertionError):
    """A response broke ``rule``; ``detail`` says what was expected and what came back."""

    def __init__(self, rule_name: str, detail: str) -> None:
        self.rule = rule(rule_name)
        self.detail = detail
        super().__init__(f"[{rule_name}] {detail}")
