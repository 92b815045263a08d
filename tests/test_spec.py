"""The contract itself: valid OpenAPI 3.1, faithful to the seed, every non-seed fact marked."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from conformance import spec

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_a7b97e6b4c66fd30.txt"

# The seed's tables, as (field, required, type), copied from the provider's page.
SEED_FIELDS = {
    ("/identity/authentication", "request"): [("name", True, "string"), ("idNumber", True, "string")],
    ("/identity/authentication", "response"): [("resultCode", True, "integer"), ("resultDesc", True, "string")],
    ("/identity/photos", "request"): [
        ("photoType", True, "integer"), ("photoBase64Str", True, "string"),
        ("phoneNumber", True, "string"), ("operator", True, "string"),
    ],
    ("/identity/photos", "response"): [("identityInfo", True, "object")],
}
SEED_DESCRIPTIONS = {"name": "姓名", "idNumber": "身份号码", "resultCode": "身份验证结果", "resultDesc": "身份验证结果描述",
                     "photoType": "照片类型", "photoBase64Str": "要上传的照片的base64字符串", "phoneNumber": "手机号",
                     "operator": "操作人", "identityInfo": "身份信息"}


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = spec.load()["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _object_schema(path: str, side: str) -> dict:
    if side == "request":
        return _resolve({"$ref": f"#/components/schemas/{spec.request_schema_name(path)}"})
    envelope = spec.load()["components"]["schemas"][spec.response_schema_name(path)]
    data = next(part["properties"]["data"] for part in envelope["allOf"] if "data" in part.get("properties", {}))
    return _resolve(data)


def test_spec_is_valid_openapi_31() -> None:
    assert spec.load()["openapi"].startswith("3.1")
    validate(spec.load())


@pytest.mark.parametrize(("key", "fields"), SEED_FIELDS.items(), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_seed_fields_types_and_required_flags(key: tuple[str, str], fields: list) -> None:
    schema = _object_schema(*key)
    for name, required, type_ in fields:
        assert name in schema["properties"], name
        assert (name in schema.get("required", [])) is required, name
        prop = _resolve(schema["properties"][name])
        assert prop["type"] == type_, name
        assert SEED_DESCRIPTIONS[name] in prop["description"], name


def test_seed_table_matches_this_test() -> None:
    """The fields copied above are the ones on the provider's page (guards a typo here)."""
    if not SEED.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    text = SEED.read_text(encoding="utf-8")
    rows = re.findall(r"^(\w+) \| 是 \| (\w+) \| (\S+) \|$", text, re.M)
    seed = {(n, {"string": "string", "int": "integer", "object": "object"}[t]) for n, t, _ in rows}
    ours = {(n, t) for fields in SEED_FIELDS.values() for n, _, t in fields}
    assert seed == ours


def test_seed_examples_are_in_the_spec_and_valid() -> None:
    for path, op in spec.operations().items():
        (req,) = op["requestBody"]["content"].values()
        body = req["examples"]["seed"]["value"]
        assert not list(spec.validator(spec.request_schema_name(path)).iter_errors(body))
        (res,) = op["responses"]["200"]["content"].values()
        assert not list(spec.validator(spec.response_schema_name(path)).iter_errors(res["examples"]["seed"]["value"]))
    photo = spec.operations()["/identity/photos"]["responses"]["200"]["content"]
    assert next(iter(photo.values()))["examples"]["seed"]["value"]["data"]["identityInfo"]["photoId"] == "a873c134-02fa-4507-b16a-6136dd0bad13"


def test_every_response_uses_the_envelope_and_carries_every_header() -> None:
    components = spec.load()["components"]
    for op in spec.operations().values():
        for status, response in op["responses"].items():
            if "$ref" in response:
                response = components["responses"][response["$ref"].rsplit("/", 1)[1]]
            assert set(response["headers"]) == set(spec.response_header_names()), status
            assert int(status) in {200} | {e.status for e in spec.errors().values()}
    schemas = components["schemas"]
    for name in ("AuthenticationResponse", "PhotoResponse", "ErrorEnvelope"):
        base = schemas[name]["allOf"][0]["$ref"].rsplit("/", 1)[1]
        assert base == "Envelope" or schemas[base]["allOf"][0] == {"$ref": "#/components/schemas/Envelope"}, name


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ("HttpDate", "Thu, 15 May 2014 11:18:32 GMT", ["Thu, 15 May 2014 11:18:32 +0000", "2014-05-15T11:18:32Z", "Thu, 15 May 2014 11:18:32 GMT, Thu, 15 May 2014 11:18:32 GMT"]),
        ("UuidV4", "97ad742e-7a17-42fa-ad05-b5e559699335", ["97ad742e-7a17-12fa-ad05-b5e559699335", "97AD742E-7A17-42FA-AD05-B5E559699335", "97ad742e7a1742faad05b5e559699335"]),
        ("PhoneNumber", "1068888800000", ["+8613800138000", "1440000000", "14000000000", "138 0013 8000", "１３８００１３８０００"]),
        ("Operator", "", ["a\nb", "x" * 65, "a\x85", "\n"]),
        ("Name", "阿依古丽·买买提", ["张", "张·", "·张三", "张··三", "张•三", "Zhang San", "张三 ", "张三\n"]),
        ("IdNumber", "11010519491231002X", ["11010519491231002x", "110105194912310", "１１０１０５１９４９１２３１００２X"]),
    ],
)
def test_patterns_are_tight(schema: str, good: str, bad: list[str]) -> None:
    v = spec.validator(schema)
    assert v.is_valid(good)
    for value in bad:
        assert not v.is_valid(value), value


def test_header_patterns_reject_wrong_values() -> None:
    headers = spec.load()["components"]["headers"]

    def ok(name: str, value: str) -> bool:
        return spec.schema_validator(headers[name]["schema"]).is_valid(value)

    assert ok("Content-Type", "application/json;charset=UTF-8") and not ok("Content-Type", "application/json")
    assert ok("X-RateLimit-Reset", "60000") and not ok("X-RateLimit-Reset", "-1") and not ok("X-RateLimit-Reset", "1.5")


def test_error_table_is_complete_and_consistent() -> None:
    codes = spec.errors()
    assert {"missing_signature", "bad_signature", "unknown_app_id", "missing_app_id", "missing_header", "wrong_version",
            "wrong_content_type", "invalid_json", "invalid_encoding", "body_too_large", "rate_limited", "unknown_path",
            "wrong_method", "server_error", "photo_too_large"} <= set(codes)
    assert {e.status for e in codes.values()} == {400, 401, 403, 404, 405, 413, 415, 429, 500}
    assert len({e.rtn_code for e in codes.values()}) == len(codes), "rtnCodes are unique"
    for schema in ("AuthenticationRequest", "PhotoRequest"):
        for field in spec.load()["components"]["schemas"][schema]["properties"]:
            assert spec.error_for_field(field).status == 400


def test_every_assumption_is_listed_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Assumptions to confirm against staging", 1)[1].split("\n## ", 1)[0]
    for pointer, _ in spec.assumptions():
        assert f"`{pointer}`" in section, f"README does not list the assumption at {pointer}"


def test_installed_wheel_carries_the_one_spec(tmp_path: Path) -> None:
    """A non-editable wheel ships the spec inside the package and finds it there."""
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read("conformance/openapi/identity.yaml") == (ROOT / "openapi" / "identity.yaml").read_bytes()
        zf.extractall(tmp_path / "site")
    probe = subprocess.run([sys.executable, "-c", "from conformance import spec; print(spec.spec_path())"],
                           capture_output=True, text=True, timeout=60, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site")})
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.strip()) == tmp_path / "site" / "conformance" / "openapi" / "identity.yaml"
    assert [p.name for p in ROOT.rglob("identity.yaml") if "site-packages" not in str(p) and ".venv" not in str(p)] == ["identity.yaml"]

