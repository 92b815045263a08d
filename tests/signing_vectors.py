"""Signing test vectors, each computed with openssl, independently of the code.

Every expected value was produced by the shell command beside it, e.g.
``printf '%s' 'sandbox-keyPOST/identity/authentication' | openssl dgst -md5 -binary | base64``
(``printf '%s'`` leaves ``\\u5c0f`` as the six literal characters). The hex
variant was produced with ``openssl dgst -md5 | awk '{printf "%s",$2}' | base64``.
"""

from __future__ import annotations

from typing import NamedTuple


class Vector(NamedTuple):
    label: str
    key: str
    method: str
    path: str
    query: str
    body: bytes
    digest: str
    expected: str


KEY = "sandbox-key"
RAW_BODY = '{"name":"小米","idNumber":"11010519491231002X"}'.encode()
ESCAPED_BODY = b'{"name":"\\u5c0f\\u7c73","idNumber":"11010519491231002X"}'

VECTORS = [
    # printf '%s' 'sandbox-keyPOST/identity/authentication{"name":"小米","idNumber":"11010519491231002X"}' | openssl dgst -md5 -binary | base64
    Vector("chinese-raw-utf8", KEY, "POST", "/identity/authentication", "", RAW_BODY, "raw", "XxKxMjuH8ESbI5sS/ib90Q=="),
    # printf '%s' 'sandbox-keyPOST/identity/authentication{"name":"\u5c0f\u7c73","idNumber":"11010519491231002X"}' | openssl dgst -md5 -binary | base64
    Vector("chinese-u-escaped", KEY, "POST", "/identity/authentication", "", ESCAPED_BODY, "raw", "0PXo7KrdIC1jF62pkkGKww=="),
    # printf '%s' 'sandbox-keyPOST/identity/authentication' | openssl dgst -md5 -binary | base64
    Vector("empty-body", KEY, "POST", "/identity/authentication", "", b"", "raw", "0ypcDGQJso34iwXO2FM8+w=="),
    # printf '%s' 'sandbox-keyGET/identity/authenticationname=%E5%B0%8F%E7%B1%B3&page=1' | openssl dgst -md5 -binary | base64
    Vector("percent-encoded-chinese-query", KEY, "GET", "/identity/authentication", "name=%E5%B0%8F%E7%B1%B3&page=1", b"", "raw", "LWkIjmJ/msF8HKLDbPbqcg=="),
    # printf '%s' 'sandbox-keyPOST/identity/authentication{"name":"小米","idNumber":"11010519491231002X"}' | openssl dgst -md5 | awk '{printf "%s",$2}' | base64
    Vector("hex-digest-variant", KEY, "POST", "/identity/authentication", "", RAW_BODY, "hex", "NWYxMmIxMzIzYjg3ZjA0NDliMjM5YjEyZmUyNmZkZDE="),
    # printf '%s' 'sandbox-keyPOST/identity/photos{"photoType":10,"photoBase64Str":"xxx","phoneNumber":"1068888800000","operator":""}' | openssl dgst -md5 -binary | base64
    Vector("photos-seed-body", KEY, "POST", "/identity/photos", "", b'{"photoType":10,"photoBase64Str":"xxx","phoneNumber":"1068888800000","operator":""}', "raw", "mUcpmQmGmc5P50X6e7o/9A=="),
    # printf '%s' 'k3y-中文POST/identity/authentication{}' | openssl dgst -md5 -binary | base64
    Vector("non-ascii-key", "k3y-中文", "POST", "/identity/authentication", "", b"{}", "raw", "o6ifulVYWOVID/qm5Ab+1Q=="),
]
