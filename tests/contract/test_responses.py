import json
import uuid

from conformance import spec
from conformance.contract import Quota, failure, responses, success, verify_identity


def test_every_header_on_success():
    r = success(responses.authentication_data(responses.MATCH), Quota(100, 7, 1234))
    headers = dict(r.headers)
    assert [k for k, _ in r.headers][:7] == spec.response_header_names()
    assert headers["Content-Type"] == spec.CONTENT_TYPE and int(headers["Content-Length"]) == len(r.body)
    assert (headers["X-RateLimit-Limit"], headers["X-RateLimit-Remaining"], headers["X-RateLimit-Reset"]) == ("100", "7", "1234")
    assert uuid.UUID(headers["XM-Request-Id"]).version == 4 and spec.validator("HttpDate").is_valid(headers["Date"])
    assert spec.validator("AuthenticationResponse").is_valid(json.loads(r.body))
    assert "验证通过".encode() in r.body  # UTF-8, not \\u-escaped


def test_request_ids_are_fresh():
    assert len({failure("server_error", Quota(1, 1, 1)).request_id for _ in range(50)}) == 50


def test_every_error_row_is_an_error_envelope():
    for key, row in spec.errors().items():
        r = failure(key, Quota(1, 0, 1), {"field": "f", "header": "h"})
        assert r.status == row.status and spec.validator("ErrorEnvelope").is_valid(json.loads(r.body))


def test_result_codes_follow_the_enum_descriptions():
    codes = spec.result_codes()
    assert {responses.MATCH, responses.MISMATCH, responses.NO_RECORD} == set(codes)
    lookup = {"1": "甲"}.get
    assert [verify_identity(lookup, n, i) for n, i in [("甲", "1"), ("乙", "1"), ("甲", "2")]] == [responses.MATCH, responses.MISMATCH, responses.NO_RECORD]
    assert "another name" in codes[responses.MISMATCH] and "no record" in codes[responses.NO_RECORD]


def test_photo_data_matches_the_schema():
    data = responses.photo_data(str(uuid.uuid4()), spec.photo_types()[-1])
    assert spec.validator("PhotoResult").is_valid(data)
