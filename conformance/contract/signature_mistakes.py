"""Why an ``Authorization`` value does not match: the usual client mistakes, tried one by one.

A mismatch says nothing by itself, and the provider's docs warn that most
come from encoding. ``diagnose`` recomputes the signature the way a client
typically gets it wrong (the other digest form, a re-serialised body, a part
left out or added) and names the mistake whose result equals the value
received. Only MD5s of the request's own parts are computed, so the search is
cheap (a few hundred hashes) and needs no guessing of the key.

Nothing secret is shown: the key never, received and expected values by
their first four characters only, the body by its size.

>>> from conformance import signing
>>> body = '{"name":"小米"}'.encode()
>>> escaped = b'{"name":"\\\\u5c0f\\\\u7c73"}'
>>> sent = signing.sign("k", "POST", "/identity/authentication", body=escaped)
>>> print(diagnose(sent, "k", "POST", "/identity/authentication", b"", body))
Authorization does not match for 17 body bytes signed as appKey+POST+/identity/authentication+body; the client signed a re-serialised body (23 bytes: \\u-escaped non-ASCII) instead of the 17 bytes it sent (received 'oJQY…', expected 'iFY6…')
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

from .. import signing

__all__ = ["diagnose", "shown"]

_Parts = tuple[bytes, bytes, bytes, bytes, bytes]  # key, method, path, query, body


def shown(value: str) -> str:
    """At most the first four characters of a signature-like value, never the whole of it."""
    return repr(value[:4] + "…") if len(value) > 4 else repr("…")


def _encodings(digest: bytes) -> dict[str, str]:
    """The contract's two forms and the other forms clients produce, by what the client did."""
    hex_digest = digest.hex()
    return {
        "raw": base64.b64encode(digest).decode("ascii"),
        "hex": base64.b64encode(hex_digest.encode("ascii")).decode("ascii"),
        "sent the hex digest without base64-encoding it": hex_digest,
        "base64-encoded the upper-case hex digest": base64.b64encode(hex_digest.upper().encode("ascii")).decode("ascii"),
        "used URL-safe base64": base64.urlsafe_b64encode(digest).decode("ascii"),
        "dropped the base64 padding": base64.b64encode(digest).decode("ascii").rstrip("="),
    }


def _digest_mistake(form: str, digest: signing.Digest) -> str | None:
    if form == digest:
        return None
    if form == "hex":
        return "base64-encoded the hex digest (this API base64-encodes the raw 16-byte MD5 digest)"
    if form == "raw":
        return "base64-encoded the raw 16-byte digest (this API is configured for the 32-character hex digest)"
    return form


def _non_ascii_text(body: bytes) -> bool:
    try:
        return not body.decode("utf-8").isascii()
    except UnicodeDecodeError:
        return False


def _bodies(body: bytes) -> Iterator[tuple[str | None, bytes]]:
    """The body as sent, then re-serialisations of it that differ from it (fewest changes first)."""
    yield None, body
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        return
    seen = {body}
    non_ascii = _non_ascii_text(body)
    reordered = isinstance(parsed, dict) and list(parsed) != sorted(parsed)
    for ascii_, spaced, sort in sorted(itertools.product((False, True), repeat=3), key=sum):
        text = json.dumps(parsed, ensure_ascii=ascii_, separators=(", ", ": ") if spaced else (",", ":"), sort_keys=sort)
        variant = text.encode("utf-8")
        if variant in seen:
            continue
        seen.add(variant)
        traits = [t for t, on in (("\\u-escaped non-ASCII", ascii_ and non_ascii), ("spaces after , and :", spaced), ("keys sorted", sort and reordered)) if on]
        yield f"signed a re-serialised body ({len(variant)} bytes: {', '.join(traits) or 'another layout'}) instead of the {len(body)} bytes it sent", variant
    as_repr = str(parsed).encode("utf-8")
    if as_repr not in seen:
        yield "signed the Python repr of the parsed body instead of the JSON bytes it sent", as_repr


def _shapes(query: bytes, app_id: str, url_prefix: str) -> list[tuple[str | None, Callable[[_Parts], bytes]]]:
    """How the parts are put together: the rule first, then the usual mistakes."""
    shapes: list[tuple[str | None, Callable[[_Parts], bytes]]] = [
        (None, lambda p: b"".join(p)),
        ("left the appKey out", lambda p: b"".join(p[1:])),
        ("signed with the appId in place of the appKey", lambda p: app_id.encode("utf-8") + b"".join(p[1:])),
        ("left the method out", lambda p: p[0] + b"".join(p[2:])),
        ("put the method in lower case", lambda p: p[0] + p[1].lower() + b"".join(p[2:])),
        ("left the path out", lambda p: p[0] + p[1] + p[3] + p[4]),
        ("left the body out", lambda p: b"".join(p[:4])),
    ]
    if url_prefix:
        shapes.append(("signed the full URL instead of the path", lambda p: p[0] + p[1] + url_prefix.encode("utf-8") + b"".join(p[2:])))
    if query:
        shapes.append(("left the query out", lambda p: p[0] + p[1] + p[2] + p[4]))
        shapes.append(("kept the '?' before the query", lambda p: p[0] + p[1] + p[2] + b"?" + p[3] + p[4]))
    for sep in ("\n", "&", " ", "+"):
        shapes.append((f"put {sep!r} between the parts", lambda p, s=sep.encode(): s.join(x for x in p if x)))
    return shapes


def _find(received: str, parts: _Parts, digest: signing.Digest, app_id: str, url_prefix: str) -> list[str] | None:
    """The mistakes that reproduce ``received``, or ``None`` if no combination does."""
    key, method, path, query, body = parts
    shapes = _shapes(query, app_id, url_prefix)
    for body_mistake, variant in _bodies(body):
        for shape_mistake, join in shapes:
            md5 = hashlib.md5(join((key, method, path, query, variant)), usedforsecurity=False).digest()
            for form, value in _encodings(md5).items():
                if value == received:
                    return [m for m in (_digest_mistake(form, digest), shape_mistake, body_mistake) if m]
    return None


def diagnose(
    received: str,
    app_key: str,
    method: str,
    path: str | bytes,
    query: str | bytes,
    body: bytes,
    digest: signing.Digest = "raw",
    *,
    app_id: str = "",
    url_prefix: str = "",
) -> str:
    """One sentence on why ``received`` is not the signature of this request, never showing a secret.

    ``url_prefix`` (``scheme://host``) lets a signed full URL be recognised.
    """
    path_b = path.encode("utf-8") if isinstance(path, str) else path
    query_b = query.encode("utf-8") if isinstance(query, str) else query
    expected = signing.sign(app_key, method, path_b, query_b, body, digest)
    rule = "appKey+" + method.upper() + "+" + path_b.decode("utf-8", "replace") + ("+" + query_b.decode("utf-8", "replace") if query_b else "") + "+body"
    head = f"Authorization does not match for {len(body)} body bytes signed as {rule}"
    value = received.strip()
    prefix = ""
    if " " in value:  # a scheme such as "MD5 " or "Basic " before the value
        prefix, value = value.rsplit(" ", 1)
    parts = (app_key.encode("utf-8"), method.upper().encode("ascii"), path_b, query_b, body)
    mistakes = ["sent whitespace around the value"] if value == expected else _find(value, parts, digest, app_id, url_prefix)
    if prefix and mistakes is not None:
        mistakes.insert(0, f"sent a {prefix[:12]!r} prefix before the value")
    if mistakes:
        diagnosis = "the client " + " and ".join(mistakes)
    else:
        hints = ["no common mistake reproduces it (the other digest form, re-serialised bodies, parts left out or added)",
                 "check that the key is the one issued for this appId and that the bytes signed are exactly the bytes sent"]
        if _non_ascii_text(body):
            hints.append("the client may have signed a re-serialised body (\\u-escaped Chinese?)")
        if prefix:
            hints.append(f"the value starts with {prefix[:12]!r}, while the contract's value is the bare base64")
        if len(value) not in (24, 44):
            hints.append(f"the value has {len(value)} characters, while base64 of the raw digest has 24 and of the hex digest 44")
        diagnosis = "; ".join(hints)
    return f"{head}; {diagnosis} (received {shown(received)}, expected {shown(expected)})"
