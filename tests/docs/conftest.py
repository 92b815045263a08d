"""Shared fixtures of the docs tests: the docs rendered once from the contract."""

from __future__ import annotations

import pytest

from conformance import docs, spec


@pytest.fixture(scope="session")
def rendered() -> dict[str, bytes]:
    return docs.render(docs.load_spec(spec.spec_path()))


@pytest.fixture(scope="session")
def markdown(rendered: dict[str, bytes]) -> str:
    return rendered["identity.md"].decode("utf-8")
