"""Signing: what is signed right is accepted, anything else gets the contract's error."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import spec
from conformance.checks.envelope import check_error, check_success
from conformance.client import MiotAuth
from conformance.exchanges import body_bytes

PATHS = list(spec.operations())
OTHER_PATH = {a: b for a, b in zip(PATHS, PATHS[::-1])}


def _signature_for(miot, method: str, path: str, body: bytes) -> str:
    throwaway = miot.http.build_request(method, path, content=body)
    return miot.auth.sign_request(throwaway).headers["Authorization"]


@pytest.mark.rule("signing.accepted")
@pytest.mark.parametrize("path", PATHS)
def test_signed_request_is_accepted(miot, path: str) -> None:
    check_success(miot.post(path, spec.example_body(path)), path, "signing.accepted")


MISSING_HEADERS = [
    pytest.param(header, key, names, rule, marks=pytest.mark.rule(rule), id=header)
    for header, key, names, rule in [
        ("Authorization", "missing_signature", {}, "signing.missing-authorization"),
        ("H-XM-AppId", "missing_app_id", {}, "signing.missing-app-id"),
        ("H-XM-V", "missing_header", {"header": "H-XM-V"}, "signing.version"),
    ]
]


@pytest.mark.parametrize(("header", "key", "names", "rule"), MISSING_HEADERS)
@pytest.mark.parametrize("path", PATHS)
def test_missing_header_is_rejected(miot, path: str, header: str, key: str, names: dict, rule: str) -> None:
    response = miot.post(path, spec.example_body(path), mutate=lambda r: r.headers.pop(header))
    check_error(response, key, rule, **names)


@pytest.mark.rule("signing.wrong-key")
@pytest.mark.parametrize("path", PATHS)
def test_signature_with_another_key_is_rejected(miot, miot_target, path: str) -> None:
    other = MiotAuth(miot_target.app_id, "not-the-key", miot_target.digest)
    check_error(miot.post(path, spec.example_body(path), auth=other), "bad_signature", "signing.wrong-key")


@pytest.mark.rule("signing.other-request")
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("what", ["body", "path", "method"])
def test_signature_over_another_request_is_rejected(miot, path: str, what: str) -> None:
    body = json.dumps(spec.example_body(path), ensure_ascii=False).encode()
    other = {
        "body": ("POST", path, body + b" "),
        "path": ("POST", OTHER_PATH[path], body),
        "method": ("PUT", path, body),
    }[what]
    signature = _signature_for(miot, *other)
    response = miot.post(path, body, mutate=lambda r: r.headers.__setitem__("Authorization", signature))
    check_error(response, "bad_signature", "signing.other-request")


@pytest.mark.rule("signing.other-digest")
@pytest.mark.parametrize("path", PATHS)
def test_other_digest_variant_is_rejected(miot, miot_target, path: str) -> None:
    other = MiotAuth(miot_target.app_id, miot_target.app_key, "hex" if miot_target.digest == "raw" else "raw")
    check_error(miot.post(path, spec.example_body(path), auth=other), "bad_signature", "signing.other-digest")


@pytest.mark.rule("signing.body-changed")
@pytest.mark.parametrize("path", PATHS)
def test_body_changed_after_signing_is_rejected(miot, path: str) -> None:
    body = body_bytes(spec.example_body(path))
    signed = miot.auth.sign_request(miot.http.build_request("POST", path, content=body))
    changed = httpx.Request("POST", signed.url, headers=signed.headers, content=body.replace(b":", b": ", 1))
    changed.headers["Content-Length"] = str(len(changed.content))
    check_error(miot.send(changed), "bad_signature", "signing.body-changed")


@pytest.mark.rule("signing.unknown-app-id")
@pytest.mark.parametrize("path", PATHS)
def test_unknown_app_id_is_rejected(miot, miot_target, path: str) -> None:
    stranger = MiotAuth(f"unknown-{miot_target.app_id}", miot_target.app_key, miot_target.digest)
    check_error(miot.post(path, spec.example_body(path), auth=stranger), "unknown_app_id", "signing.unknown-app-id")


@pytest.mark.rule("signing.version")
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("version", ["1.0", "2", "2.1"])
def test_wrong_version_is_rejected(miot, path: str, version: str) -> None:
    response = miot.post(path, spec.example_body(path), mutate=lambda r: r.headers.__setitem__("H-XM-V", version))
    check_error(response, "wrong_version", "signing.version")


def _serialisations(body: dict) -> st.SearchStrategy[bytes]:
    """The same JSON value written many ways: key order, whitespace, \\u escapes or raw UTF-8."""
    return st.builds(
        lambda keys, ascii_, sep, indent: json.dumps({k: body[k] for k in keys}, ensure_ascii=ascii_, separators=sep, indent=indent).encode(),
        st.permutations(list(body)), st.booleans(), st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : ")]), st.sampled_from([None, 2, "\t"]),
    )


@pytest.mark.rule("signing.equivalent-serialisations")
@pytest.mark.parametrize("path", PATHS)
def test_any_equivalent_serialisation_signed_over_its_bytes_is_accepted(miot, path: str) -> None:
    @given(_serialisations(spec.example_body(path)))
    def accepted(raw: bytes) -> None:
        check_success(miot.post(path, raw), path, "signing.equivalent-serialisations")

    accepted()
