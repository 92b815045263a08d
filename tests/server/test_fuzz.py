"""Schemathesis against the running reference server: no 5xx, no answer the contract does not allow.

Each generated case is sent twice as a real HTTP request: signed with the
sandbox credentials (so the body is what is judged) and as generated
(random or broken headers). Positive and negative generation both run.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conformance import spec
from conformance.client import MiotAuth
from conformance.server import SANDBOX_APP_ID, SANDBOX_APP_KEY, ServerConfig, running

from .wire import TIMEOUT, assert_contract_headers

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance, response_schema_conformance]
SCHEMA = schemathesis.openapi.from_path(spec.spec_path())
EXAMPLES = 15


@pytest.fixture(scope="module")
def client():
    with running(ServerConfig(rate_limit=100_000)) as server, httpx.Client(base_url=server.base_url, timeout=TIMEOUT) as c:
        yield c


def _request(case: schemathesis.Case, client: httpx.Client) -> httpx.Request:
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url))
    return client.build_request(kwargs["method"], kwargs["url"], headers=kwargs["headers"], json=kwargs.get("json"), content=kwargs.get("data"))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("path", list(spec.operations()))
def test_fuzz(client, path, mode):
    signer = MiotAuth(SANDBOX_APP_ID, SANDBOX_APP_KEY)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(SCHEMA[path]["POST"].as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        for signed in (True, False):
            request = _request(case, client)
            if signed:
                signer.sign_request(request)
            response = client.send(request)
            assert response.status_code < 500, response.text
            assert_contract_headers(response)
            case.validate_response(response, checks=CHECKS)

    run()
