"""The contract mock: a correct client passes, each usual mistake fails with a message naming it.

The client here is what an integrator would write: it signs by the rule
itself (hashlib and base64), not with the project's signer. Its variants
each make one mistake.
"""

from __future__ import annotations

import base64
import dataclasses
import doctest
import hashlib
import json
from typing import Any

import httpx
import pytest

from conformance import mock as mock_module
from conformance import signing, spec
from conformance.client import make_client
from conformance.mock import DEFAULT_BASE_URL, ContractMock, ContractViolation
from conformance.server import SANDBOX_APP_ID, SANDBOX_APP_KEY

from .server.wire import AUTH_PATH, PHOTO_PATH, PNG_1X1, assert_contract_headers

NAME, ID_NUMBER = "小米", "11010519491231002X"
PHONE = "13800138000"


@dataclasses.dataclass(frozen=True)
class IdentityClient:
    """A small client of the API; each flag is one mistake."""

    http: httpx.Client
    app_id: str = SANDBOX_APP_ID
    app_key: str = SANDBOX_APP_KEY
    reserialise: bool = False  # signs json.dumps' default output (\u-escaped, spaced), sends compact UTF-8
    version: bool = True  # sends H-XM-V
    hex_digest: bool = False  # base64-encodes the hex digest instead of the raw one
    photo_type_as_text: bool = False  # sends photoType as a string

    def post(self, path: str, payload: dict[str, Any]) -> httpx.Response:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        signed = json.dumps(payload).encode("utf-8") if self.reserialise else body
        md5 = hashlib.md5(self.app_key.encode() + b"POST" + path.encode() + signed)
        headers = {"H-XM-AppId": self.app_id, "Content-Type": "application/json;charset=UTF-8",
                   "Authorization": base64.b64encode(md5.hexdigest().encode() if self.hex_digest else md5.digest()).decode()}
        if self.version:
            headers["H-XM-V"] = "2.0"
        return self.http.post(path, content=body, headers=headers)

    def authenticate(self, name: str, id_number: str) -> httpx.Response:
        return self.post("/identity/authentication", {"name": name, "idNumber": id_number})

    def upload(self, photo_type: int = 10, phone: str = PHONE) -> httpx.Response:
        kind: Any = str(photo_type) if self.photo_type_as_text else photo_type
        return self.post("/identity/photos", {"photoType": kind, "photoBase64Str": PNG_1X1, "phoneNumber": phone, "operator": "张三"})


@pytest.fixture
def http():
    with httpx.Client(base_url=DEFAULT_BASE_URL, timeout=5) as client:
        yield client


def assert_answer(response: httpx.Response, path: str) -> dict[str, Any]:
    """A contract answer: every header, and the envelope valid against the operation's or the error schema."""
    assert_contract_headers(response)
    envelope = response.json()
    schema = spec.response_schema_name(path) if response.status_code == 200 else "ErrorEnvelope"
    spec.validator(schema).validate(envelope)
    return envelope


def assert_no_secret(message: str, *requests: httpx.Request) -> None:
    for secret in (SANDBOX_APP_KEY, NAME, ID_NUMBER, PHONE, "张三", *(r.headers.get("Authorization", "") for r in requests)):
        assert secret and secret not in message


def test_correct_client_passes_both_operations(http):
    client = IdentityClient(http)
    with ContractMock(identities=[(NAME, ID_NUMBER)]) as mock:
        codes = [client.authenticate(n, i) for n, i in [(NAME, ID_NUMBER), ("大米", ID_NUMBER), (NAME, "110103199001010026")]]
        first, second = client.upload(10), client.upload(20)
    assert [assert_answer(r, AUTH_PATH)["data"]["resultCode"] for r in codes] == [0, 1, 2]
    photo_ids = [assert_answer(r, PHOTO_PATH)["data"]["identityInfo"]["photoId"] for r in (first, second)]
    assert len(set(photo_ids)) == 2
    assert [(p.photo_id, p.photo_type, p.image) for p in mock.photos] == [(i, t, base64.b64decode(PNG_1X1)) for i, t in zip(photo_ids, (10, 20))]
    assert PHONE not in repr(mock.photos)
    assert [(c.request.url.path, c.response.status_code, c.problem) for c in mock.calls] == [(AUTH_PATH, 200, None)] * 3 + [(PHOTO_PATH, 200, None)] * 2
    assert len({c.response.headers["XM-Request-Id"] for c in mock.calls}) == 5


def test_project_signer_passes_with_the_hex_digest_when_configured():
    with ContractMock(digest="hex") as mock, make_client(DEFAULT_BASE_URL, mock.app_id, SANDBOX_APP_KEY, digest="hex") as client:
        response = client.post(PHOTO_PATH, json={"photoType": 11, "photoBase64Str": PNG_1X1, "phoneNumber": "1068888800000", "operator": ""})
    assert assert_answer(response, PHOTO_PATH)["data"]["identityInfo"]["photoType"] == 11


MISTAKES = [
    pytest.param({"reserialise": True}, "authenticate", "bad_signature",
                 r"Authorization does not match for \d+ body bytes signed as appKey\+POST\+/identity/authentication\+body; "
                 r"the client signed a re-serialised body \(\d+ bytes: \\u-escaped non-ASCII, spaces after , and :\)", id="re-serialised body"),
    pytest.param({"version": False}, "authenticate", "missing_header", r"missing header H-XM-V \(must be '2\.0'\)", id="no H-XM-V"),
    pytest.param({"photo_type_as_text": True}, "upload", "invalid_photo_type",
                 r"photoType must be an integer from \[10, 11, 12, 20\], got a string", id="photoType as a string"),
    pytest.param({"hex_digest": True}, "upload", "bad_signature",
                 r"signed as appKey\+POST\+/identity/photos\+body; the client base64-encoded the hex digest", id="hex digest"),
]


@pytest.mark.parametrize(("mistake", "operation", "error_key", "message"), MISTAKES)
def test_each_mistake_is_answered_and_named(http, mistake, operation, error_key, message):
    client = IdentityClient(http, **mistake)
    with pytest.raises(ContractViolation, match=message) as raised:
        with ContractMock() as mock:
            response = client.authenticate(NAME, ID_NUMBER) if operation == "authenticate" else client.upload()
    row = spec.error(error_key)
    path = response.request.url.path
    assert (response.status_code, assert_answer(response, path)) == (row.status, {"rtnCode": row.rtn_code, "rtnMsg": row.message(header="H-XM-V"), "data": None})
    text = str(raised.value)
    assert text.startswith(f"the client broke the contract in 1 of 1 calls to {DEFAULT_BASE_URL}:\n  call 1: POST {path}: ")
    assert mock.problems and mock.problems[0] in text
    assert_no_secret(text, response.request)


def test_signature_values_are_shown_by_four_characters_only(http):
    with ContractMock(strict=False) as mock:
        response = IdentityClient(http, app_key="another-key").authenticate(NAME, ID_NUMBER)
    (problem,) = mock.problems
    received = response.request.headers["Authorization"]
    expected = signing.sign(SANDBOX_APP_KEY, "POST", AUTH_PATH, body=response.request.content)
    assert f"(received '{received[:4]}…', expected '{expected[:4]}…')" in problem
    assert "check that the key is the one issued for this appId" in problem
    assert_no_secret(problem, response.request)
    assert expected not in problem and "another-key" not in problem


def test_strict_false_only_answers_and_records(http):
    with ContractMock(strict=False) as mock:
        response = IdentityClient(http, version=False).authenticate(NAME, ID_NUMBER)
    assert response.status_code == spec.error("missing_header").status
    assert mock.problems == [f"POST {AUTH_PATH}: missing header H-XM-V (must be '2.0')"]
    with pytest.raises(ContractViolation, match="missing header H-XM-V"):
        mock.assert_no_problems()


def test_violation_is_chained_onto_the_exception_propagating(http):
    with pytest.raises(ContractViolation) as raised:
        with ContractMock():
            IdentityClient(http, version=False).authenticate(NAME, ID_NUMBER).raise_for_status()
    assert isinstance(raised.value.__context__, httpx.HTTPStatusError)


def test_rate_limit_answers_429_without_blaming_the_client(http):
    client = IdentityClient(http)
    with ContractMock(rate_limit=2) as mock:
        answers = [client.authenticate(NAME, ID_NUMBER) for _ in range(3)]
    for response in answers:
        assert_answer(response, AUTH_PATH)
    assert [r.status_code for r in answers] == [200, 200, spec.error("rate_limited").status]
    assert [r.headers["X-RateLimit-Remaining"] for r in answers] == ["1", "0", "0"]
    assert answers[2].json()["rtnCode"] == spec.error("rate_limited").rtn_code
    assert mock.problems == []


def test_without_a_rate_limit_the_headers_report_the_full_quota(http):
    with ContractMock():
        response = IdentityClient(http).authenticate(NAME, ID_NUMBER)
    limit, window = spec.rate_limit()
    assert (response.headers["X-RateLimit-Limit"], response.headers["X-RateLimit-Remaining"], response.headers["X-RateLimit-Reset"]) == (str(limit), str(limit), str(window))


def test_configure_changes_credentials_while_started(http):
    with ContractMock(strict=False) as mock:
        mock.configure(app_id="acme", app_key="acme-key")
        good = IdentityClient(http, app_id="acme", app_key="acme-key").authenticate(NAME, ID_NUMBER)
        old = IdentityClient(http).authenticate(NAME, ID_NUMBER)
    assert good.status_code == 200
    assert old.status_code == spec.error("unknown_app_id").status
    assert mock.problems == [f"POST {AUTH_PATH}: H-XM-AppId 'miot-sandbox' is not an issued appId (issued: 'acme')"]


@pytest.mark.parametrize(("payload", "expected"), [
    ({"name": NAME}, "body field idNumber is missing (the contract requires name, idNumber)"),
    ({"name": NAME, "idNumber": "110105194912310021"}, "idNumber is not valid by the contract's IdNumber rules (checksum:"),
    ({"name": "X", "idNumber": ID_NUMBER}, "name must be 2 to 50 characters, got 1"),
    ({"name": NAME, "idNumber": ID_NUMBER, "age": 3}, "unexpected body field 'age' (the contract allows name, idNumber)"),
])
def test_body_problems_name_the_field_and_rule_without_the_value(http, payload, expected):
    with ContractMock(strict=False) as mock:
        IdentityClient(http).post(AUTH_PATH, payload)
    (problem,) = mock.problems
    assert expected in problem
    assert_no_secret(problem)


def test_other_header_and_body_mistakes(http):
    sign = IdentityClient(http)
    with ContractMock(strict=False) as mock:
        http.post(AUTH_PATH, content=b"{}", headers={"H-XM-AppId": SANDBOX_APP_ID, "H-XM-V": "2.0", "Authorization": "x"})
        http.post(AUTH_PATH, content=b"{}", headers={"H-XM-AppId": SANDBOX_APP_ID, "H-XM-V": "1.0", "Authorization": "x", "Content-Type": spec.CONTENT_TYPE})
        http.get(AUTH_PATH)
        body = b'{"name":"a","name":"b"}'
        md5 = hashlib.md5(SANDBOX_APP_KEY.encode() + b"POST" + AUTH_PATH.encode() + body).digest()
        http.post(AUTH_PATH, content=body, headers={"H-XM-AppId": SANDBOX_APP_ID, "H-XM-V": "2.0", "Content-Type": spec.CONTENT_TYPE,
                                                    "Authorization": base64.b64encode(md5).decode()})
        sign.post("/identity/unknown", {})
    assert [p.split(": ", 1)[1] for p in mock.problems] == [
        "missing header Content-Type (must be 'application/json;charset=UTF-8')",
        "H-XM-V must be '2.0', got '1.0'",
        "GET /identity/authentication: the contract defines only POST for this path",
        "the body is not exactly one JSON object (duplicate key)",
        f"POST /identity/unknown is not an operation of the contract (its paths: {', '.join(spec.operations())})",
    ]


def test_calls_to_other_hosts_are_not_answered(http):
    with ContractMock(), pytest.raises(AssertionError, match="not mocked"):
        httpx.get("https://example.com/identity/authentication")


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="no path"):
        ContractMock("https://api.example.com/v2")
    with pytest.raises(ValueError, match="digest must be one of raw, hex"):
        ContractMock(digest="base64")
    with pytest.raises(TypeError, match="unknown ContractMock setting"):
        ContractMock().configure(key="x")


def test_fixture_passes_a_correct_client_and_fails_a_wrong_one_at_teardown(pytester):
    pytester.makepyfile(f"""
        import httpx
        from conformance.client import MiotAuth

        def call(mock, **headers):
            auth = MiotAuth(mock.app_id, {SANDBOX_APP_KEY!r})
            return httpx.post(mock.base_url + "/identity/authentication", auth=auth, headers=headers,
                              json={{"name": "小米", "idNumber": "11010519491231002X"}})

        def test_good(miot_mock):
            assert call(miot_mock).json()["data"]["resultCode"] == 0
            assert len(miot_mock.calls) == 1

        def test_bad(miot_mock):
            assert call(miot_mock, **{{"Content-Type": "text/plain"}}).status_code == 415
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ContractViolation: the client broke the contract in 1 of 1 calls*",
                                 "*call 1: POST /identity/authentication: Content-Type must be*got 'text/plain'"])


def test_module_examples():
    assert doctest.testmod(mock_module).failed == 0
