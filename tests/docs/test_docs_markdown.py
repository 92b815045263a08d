"""identity.md: the seed's tables, the signed examples and the contract's blocks, all present and right."""

from __future__ import annotations

import json
import re

import pytest

from conformance import docs, signing, spec
from conformance.server.sandbox import SANDBOX_APP_KEY

# The provider's tables (seed page "1.5.1 实名类 API"), in the provider's words.
SEED_TABLES = {
    "authenticateIdentity": {
        "请求参数": [("name", "是", "string", "姓名"), ("idNumber", "是", "string", "身份号码")],
        "返回参数": [("resultCode", "是", "int", "身份验证结果"), ("resultDesc", "是", "string", "身份验证结果描述")],
    },
    "uploadIdentityPhoto": {
        "请求参数": [("photoType", "是", "int", "照片类型"), ("photoBase64Str", "是", "string", "要上传的照片的base64字符串"),
                 ("phoneNumber", "是", "string", "手机号"), ("operator", "是", "string", "操作人")],
        "返回参数": [("identityInfo", "是", "object", "身份信息")],
    },
}
LAYOUT = ["接口描述", "URL", "HTTP Method", "请求参数", "返回参数", "HTTP请求示例", "成功响应示例"]


def _section(markdown: str, anchor: str) -> str:
    start = markdown.index(f'<a id="{anchor}"></a>')
    end = markdown.find('<a id="', start + 1)
    return markdown[start:end]


def _subsection(section: str, heading: str) -> str:
    return section.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]


def _table(text: str) -> list[list[str]]:
    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]  # without the header row
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def _exchanges(section: str) -> list[str]:
    return re.findall(r"```http\n(.*?)\n```", section, re.S)


@pytest.mark.parametrize("anchor", sorted(SEED_TABLES))
def test_each_operation_speaks_the_seed_layout_in_order(markdown: str, anchor: str) -> None:
    section = _section(markdown, anchor)
    positions = [section.index(f"### {heading}\n") for heading in LAYOUT]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("anchor", "table"), [(a, t) for a in sorted(SEED_TABLES) for t in ("请求参数", "返回参数")])
def test_seed_fields_listed_with_seed_flags_types_and_descriptions(markdown: str, anchor: str, table: str) -> None:
    rows = {row[0]: row for row in _table(_subsection(_section(markdown, anchor), table))}
    for name, required, kind, description in SEED_TABLES[anchor][table]:
        assert name in rows, f"{name} missing from {anchor} {table}"
        assert rows[name][1:3] == [required, kind]
        assert rows[name][3].startswith(description)


def test_nested_objects_are_flattened_with_dotted_names(markdown: str) -> None:
    rows = {row[0] for row in _table(_subsection(_section(markdown, "uploadIdentityPhoto"), "返回参数"))}
    assert {"identityInfo.bucket", "identityInfo.photoId", "identityInfo.photoType"} <= rows


def test_limits_come_from_the_spec(markdown: str) -> None:
    rows = {row[0]: row[3] for row in _table(_subsection(_section(markdown, "uploadIdentityPhoto"), "请求参数"))}
    for value in spec.photo_types():
        assert f"`{value}`" in rows["photoType"]
    pattern = spec.load()["components"]["schemas"]["PhoneNumber"]["pattern"]
    assert pattern.replace("|", "\\|") in rows["phoneNumber"]


@pytest.mark.parametrize("anchor", sorted(SEED_TABLES))
def test_request_examples_are_signed_for_real(markdown: str, anchor: str) -> None:
    request, response = _exchanges(_section(markdown, anchor))
    head, body = request.split("\n\n", 1)
    method, target, _ = head.splitlines()[0].split(" ")
    headers = dict(line.split(": ", 1) for line in head.splitlines()[1:])
    assert signing.verify(headers["Authorization"], SANDBOX_APP_KEY, method, target, body=body.encode("utf-8"))
    assert int(headers["Content-Length"]) == len(body.encode("utf-8"))
    assert headers["H-XM-V"] == spec.API_VERSION and headers["Content-Type"] == spec.CONTENT_TYPE
    json.loads(body)
    status, rest = response.split("\n", 1)
    assert status == "HTTP/1.1 200 OK"
    response_headers = dict(line.split(": ", 1) for line in rest.split("\n\n")[0].splitlines())
    assert list(response_headers) == spec.response_header_names()
    assert json.loads(rest.split("\n\n", 1)[1])["rtnCode"] == 0


def test_worked_signing_example_verifies(markdown: str) -> None:
    block = _subsection(markdown.split('<a id="signing"></a>', 1)[1], "计算示例 / Worked example")
    fields = dict(re.findall(r"^([A-Za-z0-9 ()-]+):(?: (.*))?$", re.search(r"```text\n(.*?)\n```", block, re.S)[1], re.M))
    key, method, path, query, body = (fields[k] for k in ("appKey", "method", "path", "query", "body"))
    assert key == SANDBOX_APP_KEY  # only ever the sandbox's published demo key
    assert fields["signed string"] == key + method + path + query + body
    assert signing.verify(fields["Authorization"], key, method, path, query, body.encode("utf-8"))
    assert signing.verify(fields["Authorization (hex variant)"], key, method, path, query, body.encode("utf-8"), digest="hex")
    assert "openssl dgst -md5 -binary" in block


def test_error_table_and_assumptions_cover_the_contract(markdown: str) -> None:
    errors = markdown.split('<a id="error-codes"></a>', 1)[1]
    for row in spec.errors().values():
        assert f"| {row.rtn_code} | {row.status} | `{row.rtn_msg}` |" in errors
    assumptions = markdown.split('<a id="assumptions"></a>', 1)[1]
    for pointer, text in spec.assumptions():
        assert f"- `{pointer}`: {text}" in assumptions


def test_headers_tables_list_the_contract_headers(markdown: str) -> None:
    request = {row[0] for row in _table(markdown.split('<a id="request-headers"></a>', 1)[1].split("<a id=", 1)[0])}
    response = {row[0] for row in _table(markdown.split('<a id="response-headers"></a>', 1)[1].split("<a id=", 1)[0])}
    assert set(spec.request_header_names()) | {"Authorization"} == request
    assert set(spec.response_header_names()) == response


def test_openapi_json_is_the_spec(rendered: dict[str, bytes]) -> None:
    text = rendered["openapi.json"].decode("utf-8")
    assert text.endswith("}\n") and "小米" in text  # raw UTF-8, not \\u escapes
    bundled = json.loads(text)
    assert bundled["paths"].keys() == spec.load()["paths"].keys()
    assert bundled["components"]["schemas"]["PhotoType"]["x-enum-descriptions"]["10"]


def test_same_spec_same_bytes(rendered: dict[str, bytes]) -> None:
    assert docs.render(docs.load_spec(spec.spec_path())) == rendered
