"""The generated files, as bytes: ``identity.md``, ``index.html`` and ``openapi.json``.

Rendering is a pure function of the spec dict: no clock, no randomness, no
file paths, so the same spec always gives the same bytes and ``--check`` can
compare byte for byte.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .model import build

__all__ = ["OUTPUTS", "render", "openapi_json"]

# Output file name → template name (None: not a template).
OUTPUTS: dict[str, str | None] = {"identity.md": "identity.md.j2", "index.html": "index.html.j2", "openapi.json": None}
_CODE = re.compile(r"`([^`]+)`")


def _md_cell(text: Any) -> str:
    """Text safe inside a Markdown table cell: no line breaks, pipes escaped."""
    return " ".join(str(text).split("\n")).replace("|", "\\|")


def _md_code(text: Any) -> str:
    return f"`{text}`"


def _inline_code(text: Any) -> Markup:
    """Escaped text with Markdown-style `code` spans turned into <code>."""
    return Markup(_CODE.sub(lambda m: Markup("<code>{}</code>").format(m.group(1)), str(escape(text))))


def _paragraphs(text: Any) -> Markup:
    """Blank-line separated text as <p> elements (inline code kept)."""
    blocks = [b for b in re.split(r"\n\s*\n", str(text).strip()) if b.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(_inline_code(" ".join(b.split()))) for b in blocks)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("conformance.docs", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md_cell=_md_cell, md_code=_md_code, inline_code=_inline_code, paragraphs=_paragraphs)
    return env


def _jsonable(node: Any) -> Any:
    """YAML's extra types made JSON's: int keys (``x-enum-descriptions``) as strings, dates as ISO text."""
    if isinstance(node, dict):
        return {str(k): _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    return node


def openapi_json(doc: dict[str, Any]) -> bytes:
    """The spec as JSON in document order, UTF-8 text unescaped, one trailing newline."""
    return (json.dumps(_jsonable(doc), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _tidy(text: str) -> str:
    """At most one blank line in a row and exactly one final newline (templates stay readable)."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def render(doc: dict[str, Any]) -> dict[str, bytes]:
    """Every generated file for ``doc``, by file name."""
    env, model = _environment(), build(doc)
    return {
        name: openapi_json(doc) if template is None else _tidy(env.get_template(template).render(docs=model)).encode("utf-8")
        for name, template in OUTPUTS.items()
    }
