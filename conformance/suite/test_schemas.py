"""Schemas: schemathesis generates cases from the contract; the suite's signing client sends them.

Positive cases must get a spec-conformant answer (a success, or a documented
domain error for a value the JSON schema alone cannot rule out, such as a
checksum). Negative cases whose body breaks the request schema must get a
documented 4xx. Header mutations of negative cases are overridden by the
signer, which sends the contract's headers: headers are the signing tests' job.
"""

from __future__ import annotations

import functools
import json

import pytest
from hypothesis import given

from conformance import spec
from conformance.checks.envelope import check_error, check_success
from conformance.checks.rules import RuleViolation

PATHS = list(spec.operations())
RULE = {"/identity/authentication": "schema.authentication", "/identity/photos": "schema.photos"}
FIELD_ERRORS = {e.key for e in spec.errors().values() if e.field} | {"unexpected_parameter"}
BODY_ERRORS = FIELD_ERRORS | {"invalid_json", "invalid_encoding", "body_too_large"}


@functools.cache
def _operation(path: str):
    import schemathesis  # heavy; only when these tests run

    return schemathesis.openapi.from_dict(spec.load())[path]["POST"]


def _raw_body(case) -> bytes:
    if isinstance(case.body, (bytes, bytearray)):
        return bytes(case.body)
    return json.dumps(case.body, ensure_ascii=False).encode()


def _run(miot, path: str, mode: str) -> None:
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance

    rule = RULE[path]

    @given(_operation(path).as_strategy(generation_mode=GenerationMode(mode)))
    def check(case) -> None:
        if case.body is None or case.body.__class__.__name__ == "NotSet":
            return
        body = _raw_body(case)
        response = miot.post(path, body)
        try:
            case.validate_response(response, checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                                     response_headers_conformance, response_schema_conformance])
        except AssertionError as exc:  # schemathesis's FailureGroup: its text names the check, not the data
            raise RuleViolation(rule, str(exc).splitlines()[0][:300]) from None
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = None
        if decoded is not None and spec.validator(spec.request_schema_name(path)).is_valid(decoded):
            if response.status_code != 200:
                check_error(response, FIELD_ERRORS | {"photo_too_large"}, rule)
            else:
                check_success(response, path, rule)
        else:
            check_error(response, BODY_ERRORS, rule)

    check()


@pytest.mark.rule("server.no-5xx")
@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize("path", PATHS)
def test_schemathesis_cases(miot, path: str, mode: str, request) -> None:
    request.node.add_marker(pytest.mark.rule(RULE[path]))
    _run(miot, path, mode)
