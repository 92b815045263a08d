"""Whole request bodies for each operation: valid ones, and ones with exactly one thing wrong.

The fields, their schemas and which are required are read from the
contract's request schemas; each field's values come from the strategy for
its schema. An invalid body is a valid one with one defect: a required
field missing, a field of the wrong JSON type, one field's value invalid
for one reason, or a field the operation does not define. Its
:class:`~conformance.strategies.invalid.Invalid` names the wrong ``field``,
so :meth:`~conformance.strategies.invalid.Invalid.error` predicts the
contract's error row.

>>> from hypothesis import find
>>> sorted(find(authentication_bodies(), lambda b: True))
['idNumber', 'name']
>>> bad = find(invalid_authentication_bodies(reasons={"missing"}, fields={"idNumber"}), lambda b: True)
>>> list(bad.value), bad.error().key
(['name'], 'invalid_id_number')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance.strategies import rules
from conformance.strategies.id_numbers import defects as id_number_defects, id_numbers
from conformance.strategies.names import defects as name_defects, names
from conformance.strategies.operators import defects as operator_defects, operators
from conformance.strategies.phone_numbers import defects as phone_number_defects, phone_numbers
from conformance.strategies.photo_types import defects as photo_type_defects, photo_types
from conformance.strategies.photos import defects as photo_defects, photos
from conformance.strategies.invalid import Invalid, Reason, narrow

__all__ = ["authentication_bodies", "photo_bodies", "invalid_authentication_bodies", "invalid_photo_bodies", "bodies", "invalid_bodies"]

_Defects = Callable[[], dict[Reason, Callable[[], st.SearchStrategy[Any]]]]
#: For each component schema a request field uses: its defects and its valid values.
_KINDS: dict[str, tuple[_Defects, Callable[[], st.SearchStrategy[Any]]]] = {
    "Name": (name_defects, names),
    "IdNumber": (id_number_defects, id_numbers),
    "PhotoType": (photo_type_defects, photo_types),
    "PhotoBase64": (photo_defects, photos),
    "PhoneNumber": (phone_number_defects, phone_numbers),
    "Operator": (operator_defects, operators),
}


def _values(schema_name: str) -> st.SearchStrategy[Any]:
    return _KINDS[schema_name][1]()


def bodies(path: str, **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A valid request body for the operation at ``path``, fields in contract order.

    Keyword arguments replace a field's strategy with a narrower valid one,
    e.g. ``bodies(path, idNumber=id_numbers("X"))``.
    """
    known = rules.request_fields(path)
    unknown = set(fields) - set(known)
    if unknown:
        raise InvalidArgument(f"{path} has no field {sorted(unknown)}; its fields are {list(known)}")
    drawn = [fields[name] if name in fields else _values(schema) for name, schema in known.items()]
    return st.tuples(*drawn).map(lambda values: dict(zip(known, values)))


def authentication_bodies(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``{"name": ..., "idNumber": ...}`` for 身份证信息验证 (``fields`` as in :func:`bodies`)."""
    return bodies(rules.AUTHENTICATION_PATH, **fields)


def photo_bodies(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``{"photoType": ..., "photoBase64Str": ..., "phoneNumber": ..., "operator": ...}`` for 实名照片上传."""
    return bodies(rules.PHOTO_PATH, **fields)


def body_defects(path: str) -> list[tuple[str | None, Reason]]:
    """Every ``(field, reason)`` an invalid body of ``path`` can have (``None``: an unexpected field)."""
    required = set(rules.required_fields(path))
    pairs: list[tuple[str | None, Reason]] = [
        (field, reason) for field in rules.request_fields(path) for reason in _field_defects(path, field, field in required)
    ]
    return pairs + [(None, Reason.UNEXPECTED_FIELD)]


def _not_of_type(json_type: str, schema_name: str) -> st.SearchStrategy[Any]:
    """JSON values of any type but ``json_type`` (strings: numbers, including the digits themselves as one)."""
    others: list[st.SearchStrategy[Any]] = [
        st.none(), st.booleans(), st.lists(_values(schema_name), min_size=1, max_size=2),
        st.dictionaries(st.sampled_from(["value"]), _values(schema_name), min_size=1),
    ]
    if json_type == "string":
        as_number = _values(schema_name).map(lambda v: int(v) if v.isdecimal() else len(v))  # 13800138000 as a number
        others += [as_number, st.integers(), st.floats(allow_nan=False, allow_infinity=False)]
    else:
        others.append(_values(schema_name).map(str))  # 10 sent as "10"
    return st.one_of(others)


def _replaced(path: str, field: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda body, value: {**body, field: value}, bodies(path), values)


def _field_defects(path: str, field: str, required: bool) -> dict[Reason, Callable[[], st.SearchStrategy[Any]]]:
    schema_name = rules.request_fields(path)[field]
    defects = _KINDS[schema_name][0]()
    found: dict[Reason, Callable[[], st.SearchStrategy[Any]]] = {}
    if required:
        found[Reason.MISSING] = lambda: bodies(path).map(lambda body: {k: v for k, v in body.items() if k != field})
    if Reason.WRONG_TYPE not in defects:
        json_type = rules.schema(schema_name)["type"]
        found[Reason.WRONG_TYPE] = lambda: _replaced(path, field, _not_of_type(json_type, schema_name))
    for reason, values in defects.items():
        found[reason] = lambda values=values: _replaced(path, field, values())
    return found


def _extra_names(path: str) -> st.SearchStrategy[str]:
    """Field names the operation does not define: case variants, other operations' fields, anything."""
    own = set(rules.request_fields(path))
    near = sorted({v for f in own for v in (f.upper(), f.lower(), f[:1].upper() + f[1:])} - own)
    others = sorted({f for p in (rules.AUTHENTICATION_PATH, rules.PHOTO_PATH) for f in rules.request_fields(p)} - own)
    anything = st.from_regex(r"[a-z][a-zA-Z_]{0,15}", fullmatch=True)
    return st.one_of(st.sampled_from(near + others), anything).filter(lambda name: name not in own)


@st.composite
def _with_extra(draw: st.DrawFn, path: str) -> Invalid:
    name = draw(_extra_names(path))
    body = draw(bodies(path))
    return Invalid({**body, name: draw(st.one_of(st.just(""), st.text(max_size=8), st.integers()))}, Reason.UNEXPECTED_FIELD, name)


def invalid_bodies(path: str, reasons: Iterable[str] | None = None, fields: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """A body for ``path`` with exactly one defect, as ``Invalid(body, reason, field)``.

    ``reasons`` narrows the defects, ``fields`` the fields that may be wrong (an
    ``unexpected-field`` defect is only drawn when ``fields`` is not given).
    """
    known = list(rules.request_fields(path))
    wanted = None if fields is None else set(fields)
    chosen = known if wanted is None else [f for f in known if f in wanted]
    if wanted is not None and (not wanted or wanted - set(known)):
        raise InvalidArgument(f"fields must be a non-empty subset of {known}; got {sorted(wanted)}")
    required = set(rules.required_fields(path))
    per_field = {field: _field_defects(path, field, field in required) for field in chosen}
    all_reasons = list(dict.fromkeys(r for defects in per_field.values() for r in defects))
    builders: dict[Reason, Callable[[], st.SearchStrategy[Invalid]]] = {
        reason: lambda reason=reason: st.one_of([
            defects[reason]().map(lambda body, field=field: Invalid(body, reason, field))
            for field, defects in per_field.items() if reason in defects
        ])
        for reason in all_reasons
    }
    if wanted is None:
        builders[Reason.UNEXPECTED_FIELD] = lambda: _with_extra(path)
    return st.one_of([st.deferred(builders[r]) for r in narrow(builders, reasons)])


def invalid_authentication_bodies(reasons: Iterable[str] | None = None, fields: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """An authentication body with one defect (see :func:`invalid_bodies`)."""
    return invalid_bodies(rules.AUTHENTICATION_PATH, reasons, fields)


def invalid_photo_bodies(reasons: Iterable[str] | None = None, fields: Iterable[str] | None = None) -> st.SearchStrategy[Invalid]:
    """A photo upload body with one defect (see :func:`invalid_bodies`)."""
    return invalid_bodies(rules.PHOTO_PATH, reasons, fields)
