"""index.html: well-formed, self-contained (nothing fetched from anywhere) and navigable by operation."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conformance import spec

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # any scheme or a protocol-relative URL


class StrictPage(HTMLParser):
    """Collects problems: unclosed or mismatched tags, external references; and the ids and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.problems.append(f"duplicate id {value}")
                self.ids.add(value or "")
            if name in ("href", "src", "action", "srcset", "poster", "data") and value is not None:
                self.links.append(value)
            if name == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> at line {self.getpos()[0]} closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


@pytest.fixture(scope="module")
def page(rendered: dict[str, bytes]) -> StrictPage:
    parser = StrictPage()
    parser.feed(rendered["index.html"].decode("utf-8"))
    parser.close()
    return parser


def test_page_is_well_formed(page: StrictPage, rendered: dict[str, bytes]) -> None:
    assert page.problems == []
    assert page.open == []
    assert rendered["index.html"].startswith(b"<!DOCTYPE html>")


def test_page_references_nothing_external(page: StrictPage, rendered: dict[str, bytes]) -> None:
    assert [link for link in page.links if EXTERNAL.match(link)] == []
    css = "\n".join(page.styles)
    assert page.styles and "@import" not in css and "url(" not in css
    html = rendered["index.html"].decode("utf-8")
    assert not re.search(r"<(script|link|iframe|img|object)\b", html)


def test_every_link_lands_on_an_anchor_and_every_operation_has_one(page: StrictPage) -> None:
    assert all(link.startswith("#") and link[1:] in page.ids for link in page.links)
    for operation in spec.operations().values():
        assert f"#{operation['operationId']}" in page.links


def test_page_carries_the_same_content(rendered: dict[str, bytes]) -> None:
    html = rendered["index.html"].decode("utf-8")
    for heading in ("接口描述", "请求参数", "返回参数", "HTTP请求示例", "成功响应示例"):
        assert html.count(f"<h3>{heading}</h3>") == len(spec.operations())
    for row in spec.errors().values():
        assert f"<td>{row.rtn_code}</td>" in html
