from __future__ import annotations

import json

from conformance.masking import REDACTED, mask_body, mask_body_bytes, mask_id_number, mask_name, mask_phone, redact_headers


def test_examples_from_the_guide() -> None:
    assert mask_name("张三") == "张*"
    assert mask_id_number("11010119900101123X") == "110101********123X"
    assert mask_phone("1068888800000") == "106******0000"


def test_short_values_are_fully_masked() -> None:
    assert mask_id_number("12345") == "*****"
    assert mask_phone("123") == "***"


def test_body_masking_at_any_depth_and_non_json() -> None:
    body = {"name": "欧阳娜娜", "nested": [{"idNumber": "11010519491231002X"}], "photoType": 10}
    masked = mask_body(body)
    assert masked == {"name": "欧***", "nested": [{"idNumber": "110105********002X"}], "photoType": 10}
    text = mask_body_bytes(json.dumps(body, ensure_ascii=False).encode())
    assert "欧阳娜娜" not in text and "11010519491231002X" not in text
    assert "not a JSON object" in mask_body_bytes("张三 11010519491231002X".encode())
    assert "张三" not in mask_body_bytes("张三 11010519491231002X".encode())


def test_photo_is_shown_by_size_and_hash() -> None:
    assert mask_body({"photoBase64Str": "QUJD"})["photoBase64Str"].startswith("<base64 4 chars sha256:")


def test_redact_headers_and_extra_secrets() -> None:
    out = redact_headers({"Authorization": "abc", "X-Echo": "key=s3cret", "H-XM-AppId": "app"}, secrets=["s3cret"])
    assert out == {"Authorization": REDACTED, "X-Echo": f"key={REDACTED}", "H-XM-AppId": "app"}
