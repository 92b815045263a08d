"""The contract, ``openapi/identity.yaml``, read at run time.

Everything the project needs from the contract (schemas, limits, enums, the
error table, the signing parameters) is read from here so that nothing is
typed a second time. The file is found next to the package when installed
from a wheel (``conformance/openapi/``) and at the repository root in a
checkout or an editable install.

>>> error("bad_signature").status
401
>>> 10 in photo_types()
True
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

__all__ = [
    "SPEC_NAME", "ErrorCode", "spec_path", "load", "error", "errors", "error_for_field",
    "validator", "schema_validator", "ecma_pattern", "example_body", "request_schema_name", "response_schema_name", "operations",
    "photo_types", "result_codes", "max_photo_bytes", "image_formats",
    "rate_limit", "signing", "response_header_names", "request_header_names",
    "assumptions", "CONTENT_TYPE", "API_VERSION",
]

SPEC_NAME = "identity.yaml"


def spec_path() -> Path:
    """Where the contract is: packaged beside the code, else the checkout's ``openapi/``."""
    packaged = importlib.resources.files("conformance") / "openapi" / SPEC_NAME
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "openapi" / SPEC_NAME


@functools.cache
def load(path: Path | None = None) -> dict[str, Any]:
    """The parsed contract (cached; ``path`` for a copy under test)."""
    with open(path or spec_path(), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class ErrorCode:
    """One row of the contract's error table (``x-error-codes``)."""

    key: str
    status: int
    rtn_code: int
    rtn_msg: str
    description: str
    field: str | None = None

    def message(self, **names: str) -> str:
        """``rtnMsg`` with its ``{field}``/``{header}`` placeholder filled."""
        return self.rtn_msg.format(**names) if names else self.rtn_msg


@functools.cache
def errors() -> dict[str, ErrorCode]:
    """The error table, by key."""
    return {
        key: ErrorCode(key, row["status"], row["rtnCode"], row["rtnMsg"], row["description"], row.get("field"))
        for key, row in load()["x-error-codes"]["codes"].items()
    }


def error(key: str) -> ErrorCode:
    """One error row; a ``KeyError`` names a key the contract lacks."""
    return errors()[key]


def error_for_field(field: str) -> ErrorCode:
    """The ``invalid_*`` row for a body field (the row whose ``field`` it is, status 400)."""
    for row in errors().values():
        if row.field == field and row.status == 400:
            return row
    raise KeyError(field)


def operations() -> dict[str, dict[str, Any]]:
    """``{path: operation}`` for the contract's POST operations."""
    return {path: item["post"] for path, item in load()["paths"].items()}


def _media(op_part: dict[str, Any]) -> dict[str, Any]:
    (media,) = op_part["content"].values()
    return media


def request_schema_name(path: str) -> str:
    """The component name of the request body schema of ``path``."""
    return _media(operations()[path]["requestBody"])["schema"]["$ref"].rsplit("/", 1)[1]


def response_schema_name(path: str) -> str:
    """The component name of the 200 response schema of ``path``."""
    return _media(operations()[path]["responses"]["200"])["schema"]["$ref"].rsplit("/", 1)[1]


def ecma_pattern(pattern: str) -> str:
    r"""A contract pattern for Python's ``re`` with ECMA-262's ``$``: end of input only.

    Python's ``$`` also matches before a final newline, so ``re.search`` would
    let ``"张三\n"`` through ``^...$``. The contract's patterns use ``$`` only as
    an anchor, never escaped or inside a class, so ``\Z`` replaces it.
    """
    return pattern.replace("$", r"\Z")


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if isinstance(instance, str) and not re.search(ecma_pattern(pattern), instance):
        yield jsonschema.ValidationError(f"does not match {pattern!r}")


# jsonschema's own ``pattern`` uses Python's ``$``; this validator class fixes that, nothing else.
_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


def schema_validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    """A JSON Schema validator for ``schema``, whose ``$ref``s may point into the contract.

    The components ride along in the root so that the spec's own ``$ref``s
    resolve; unknown root keywords are ignored by JSON Schema.
    """
    root = {**schema, "components": load()["components"]}
    return _Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def validator(schema_name: str) -> jsonschema.protocols.Validator:
    """A validator for ``components/schemas/<schema_name>``."""
    return schema_validator({"$ref": f"#/components/schemas/{schema_name}"})


def example_body(path: str) -> dict[str, Any]:
    """A copy of the request example of ``path`` (the seed's, made valid), a known-good body."""
    return dict(_media(operations()[path]["requestBody"])["examples"]["seed"]["value"])


def _schema(name: str) -> dict[str, Any]:
    return load()["components"]["schemas"][name]


def photo_types() -> list[int]:
    """The ``photoType`` enum."""
    return list(_schema("PhotoType")["enum"])


def result_codes() -> dict[int, str]:
    """``resultCode`` value → its description (Chinese / English)."""
    prop = _schema("AuthenticationResult")["properties"]["resultCode"]
    return {int(k): v for k, v in prop["x-enum-descriptions"].items()}


def max_photo_bytes() -> int:
    """The decoded photo size limit in bytes."""
    return int(_schema("PhotoBase64")["x-max-decoded-bytes"])


def image_formats() -> list[str]:
    """Accepted image formats, as Pillow names them (``JPEG``, ``PNG``)."""
    return list(_schema("PhotoBase64")["x-image-formats"])


def rate_limit() -> tuple[int, int]:
    """``(requests per window, window in ms)``."""
    rl = load()["x-rate-limit"]
    return int(rl["limit"]), int(rl["windowMs"])


def signing() -> dict[str, Any]:
    """The ``x-signing`` block (default digest, variants)."""
    return load()["x-signing"]


def request_header_names() -> list[str]:
    """Names of the request header parameters, in contract order."""
    params = load()["components"]["parameters"]
    return [params[ref["$ref"].rsplit("/", 1)[1]]["name"] for ref in next(iter(operations().values()))["parameters"]]


def response_header_names() -> list[str]:
    """Names of the headers every response carries."""
    return list(load()["components"]["headers"])


def assumptions(doc: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """Every ``x-assumption`` note as ``(JSON pointer, text)``, in document order (of ``doc``, default the contract)."""
    found: list[tuple[str, str]] = []

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "x-assumption":
                    found.append((pointer or "/", " ".join(str(value).split())))
                else:
                    walk(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{pointer}/{i}")

    walk(load() if doc is None else doc, "")
    return found


CONTENT_TYPE: str = load()["components"]["headers"]["Content-Type"]["schema"]["const"]
API_VERSION: str = load()["components"]["parameters"]["Version"]["schema"]["const"]
