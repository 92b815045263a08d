import json

import pytest

from conformance import spec
from conformance.contract import check_body
from conformance.contract.body import field_order

AUTH, PHOTO = list(spec.operations())
PNG = spec.operations()[PHOTO]["requestBody"]["content"][spec.CONTENT_TYPE]["examples"]["seed"]["value"]


def test_contract_examples_pass():
    for path, op in spec.operations().items():
        example = op["requestBody"]["content"][spec.CONTENT_TYPE]["examples"]["seed"]["value"]
        assert check_body(path, example) is None


@pytest.mark.parametrize(("path", "body", "key", "names"), [
    (AUTH, {"name": "小米", "idNumber": "11010519491231002X", "zz": 1, "aa": 2}, "unexpected_parameter", {"field": "zz"}),
    (AUTH, {}, "invalid_name", {}),
    (AUTH, {"name": "小米"}, "invalid_id_number", {}),
    (AUTH, {"name": 5, "idNumber": 5}, "invalid_name", {}),
    (AUTH, {"name": "小米", "idNumber": "110105194912310021"}, "invalid_id_number", {}),
    (PHOTO, {**PNG, "photoType": True}, "invalid_photo_type", {}),
    (PHOTO, {**PNG, "photoType": 10.0}, "invalid_photo_type", {}),
    (PHOTO, {**PNG, "photoBase64Str": "A" * 2_000_000}, "photo_too_large", {}),
    (PHOTO, {**PNG, "phoneNumber": "12012345678", "operator": "\x00"}, "invalid_phone_number", {}),
    (PHOTO, {**PNG, "operator": "x" * 65}, "invalid_operator", {}),
    (PHOTO, {**PNG, "phoneNumber": "13800138000\n"}, "invalid_phone_number", {}),  # ECMA-262 "$", not Python's
    (PHOTO, {**PNG, "operator": "ok\n"}, "invalid_operator", {}),
    (AUTH, {"name": "小米\n", "idNumber": "11010519491231002X"}, "invalid_name", {}),
    (AUTH, {"name": json.loads("[" * 500 + "]" * 500), "idNumber": "x"}, "invalid_name", {}),  # too deep for the validator
])
def test_first_failure_in_schema_order(path, body, key, names):
    rejected = check_body(path, body)
    assert (rejected.error_key, dict(rejected.names)) == (key, names)
    assert "小米" not in rejected.message and "110105" not in rejected.message


def test_field_order_is_the_schema_order():
    assert field_order(PHOTO) == list(spec.load()["components"]["schemas"][spec.request_schema_name(PHOTO)]["properties"])
