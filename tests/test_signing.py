from __future__ import annotations

import pytest

from conformance import signing
from tests.signing_vectors import ESCAPED_BODY, KEY, RAW_BODY, VECTORS, Vector


@pytest.mark.parametrize("v", VECTORS, ids=lambda v: v.label)
def test_sign_matches_openssl_vector(v: Vector) -> None:
    assert signing.sign(v.key, v.method, v.path, v.query, v.body, v.digest) == v.expected


@pytest.mark.parametrize("v", VECTORS, ids=lambda v: v.label)
def test_verify_accepts_vector_and_rejects_other_variant(v: Vector) -> None:
    assert signing.verify(v.expected, v.key, v.method, v.path, v.query, v.body, v.digest)
    other = "hex" if v.digest == "raw" else "raw"
    assert not signing.verify(v.expected, v.key, v.method, v.path, v.query, v.body, other)


def test_escaped_and_raw_chinese_sign_differently() -> None:
    assert signing.sign(KEY, "POST", "/p", body=RAW_BODY) != signing.sign(KEY, "POST", "/p", body=ESCAPED_BODY)


@pytest.mark.parametrize(
    "change",
    [
        {"app_key": "other-key"},
        {"method": "PUT"},
        {"path": "/identity/photos"},
        {"body": RAW_BODY + b" "},
        {"query": "a=1"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_verify_rejects_any_changed_part(change: dict) -> None:
    parts = {"app_key": KEY, "method": "POST", "path": "/identity/authentication", "query": "", "body": RAW_BODY}
    good = signing.sign(**parts)
    assert not signing.verify(good, **{**parts, **change})


def test_canonical_bytes_is_plain_concatenation() -> None:
    assert signing.canonical_bytes("k", "post", "/p", "q=1", b"{}") == b"kPOST/pq=1{}"


@pytest.mark.parametrize("signature", [None, "", "not base64!", "XxKxMjuH8ESbI5sS/ib90Q"])
def test_verify_rejects_missing_or_malformed(signature: str | None) -> None:
    assert not signing.verify(signature, KEY, "POST", "/identity/authentication", body=RAW_BODY)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "FETCH", "path": "/p"}, "unknown HTTP method"),
        ({"method": "POST", "path": "p"}, "must start with '/'"),
    ],
)
def test_bad_inputs_raise_precise_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(signing.SigningError, match=message):
        signing.sign(KEY, **kwargs)


def test_unknown_digest_variant_is_an_error() -> None:
    with pytest.raises(signing.SigningError, match="digest variant"):
        signing.sign(KEY, "POST", "/p", digest="sha1")  # type: ignore[arg-type]


def test_explain_masks_the_key() -> None:
    text = signing.explain("post", "/p", "", b"{}")
    assert text == "***POST/p{}"
