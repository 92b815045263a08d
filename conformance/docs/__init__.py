"""Human-readable forms of the contract, generated from it: never edited by hand.

``docs/identity.md`` speaks the provider's layout (接口描述, URL, HTTP Method,
请求参数, 返回参数, HTTP请求示例, 成功响应示例) and adds the error codes, the
header tables, the signing rule with a worked example and the assumptions
still to confirm; ``docs/index.html`` is the same content as one offline
page; ``docs/openapi.json`` is the spec as JSON. ``conformance docs``
writes them, ``conformance docs --check`` fails when they are stale.

>>> from conformance import spec
>>> sorted(render(load_spec(spec.spec_path())))
['identity.md', 'index.html', 'openapi.json']
"""

from .render import OUTPUTS, render
from .source import SpecError, load_spec

__all__ = ["OUTPUTS", "SpecError", "load_spec", "render"]
