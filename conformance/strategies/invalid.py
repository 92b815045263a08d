"""What an invalid strategy yields: a value, the one reason it is wrong, and its field.

Every invalid strategy is a valid one plus exactly one labelled defect, so the
answer a server owes is predictable: :meth:`Invalid.error` names the contract's
error row. :attr:`Invalid.schema_level` says whether the defect is visible to a
JSON Schema validator of the contract (pattern, length, type, enum, required,
additionalProperties) or only to the domain checks (checksum, birth date,
region, image decoding, decoded size).

>>> bad = Invalid("11010519491231002", Reason.LENGTH, "idNumber")
>>> bad.schema_level, bad.error().key
(True, 'invalid_id_number')
>>> Invalid("11010519491231002Y", Reason.CHECKSUM, "idNumber").schema_level
False
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Callable

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conformance import spec

__all__ = ["Reason", "Invalid", "SCHEMA_LEVEL", "DOMAIN_LEVEL", "PYTHON_RE_BLIND", "narrow", "by_reason"]


class Reason(str, enum.Enum):
    """Why a value is invalid. Compares equal to its string value (``Reason.CHECKSUM == "checksum"``)."""

    # any field
    MISSING = "missing"                        # required field absent from the body
    WRONG_TYPE = "wrong-type"                  # a JSON type other than the schema's
    UNEXPECTED_FIELD = "unexpected-field"      # a field the operation does not define
    EMPTY = "empty"
    TOO_SHORT = "too-short"
    TOO_LONG = "too-long"                      # over maxLength (for photos: base64 over maxLength)
    TRAILING_NEWLINE = "trailing-newline"      # an otherwise valid value + "\n"
    CONTROL = "control"                        # a control character inside
    FULL_WIDTH = "full-width"                  # full-width digits (U+FF10–FF19)
    LATIN = "latin"                            # Latin letters
    # names
    BLANK = "blank"                            # whitespace only
    SURROUNDING_WHITESPACE = "surrounding-whitespace"
    LOOK_ALIKE_SEPARATOR = "look-alike-separator"  # U+2022, U+30FB, U+FF0E, U+2027, U+FF65 for U+00B7
    MISPLACED_SEPARATOR = "misplaced-separator"    # leading, trailing or doubled U+00B7
    DIGIT = "digit"
    EMOJI = "emoji"
    # ID numbers
    LENGTH = "length"                          # 17 or 19 characters
    LEGACY_15 = "legacy-15"                    # the 15-digit first-generation number
    LOWERCASE_X = "lowercase-x"
    WHITESPACE = "whitespace"                  # embedded spaces
    CHECKSUM = "checksum"                      # any wrong ISO 7064 MOD 11-2 check character
    BIRTH_DATE = "birth-date"                  # impossible date, or before the contract's minimum
    FUTURE_BIRTH_DATE = "future-birth-date"
    REGION = "region"                          # a region code GB/T 2260 never had
    # phone numbers
    COUNTRY_CODE = "country-code"              # +86, 86 or 0086 in front
    SEPARATOR = "separator"                    # spaces or dashes
    FIRST_DIGIT = "first-digit"
    UNALLOCATED_PREFIX = "unallocated-prefix"  # 11 digits, but not an ordinary mobile prefix
    # photos
    ALPHABET = "alphabet"                      # characters outside the base64 alphabet
    PADDING = "padding"                        # missing, excess or misplaced "="
    URL_SAFE = "url-safe"                      # "-" and "_" for "+" and "/"
    DATA_URI = "data-uri"                      # "data:image/...;base64," prefix
    LINE_BREAKS = "line-breaks"                # MIME lines of 76 characters
    NOT_AN_IMAGE = "not-an-image"
    TRUNCATED = "truncated"
    WRONG_FORMAT = "wrong-format"              # a real image in a format the contract does not accept
    TOO_LARGE = "too-large"                    # decoded over the limit, base64 still within maxLength
    # photo types
    NOT_IN_ENUM = "not-in-enum"
    NEGATIVE = "negative"

    @property
    def schema_level(self) -> bool:
        """Whether a JSON Schema validator of the contract rejects a value with this defect."""
        return self not in DOMAIN_LEVEL

    def __str__(self) -> str:
        return self.value


#: Defects only the domain checks see: the value is valid against the contract's JSON Schema.
DOMAIN_LEVEL = frozenset({
    Reason.CHECKSUM, Reason.BIRTH_DATE, Reason.FUTURE_BIRTH_DATE, Reason.REGION,
    Reason.NOT_AN_IMAGE, Reason.TRUNCATED, Reason.WRONG_FORMAT, Reason.TOO_LARGE,
})
#: Defects a JSON Schema validator rejects (everything else).
SCHEMA_LEVEL = frozenset(Reason) - DOMAIN_LEVEL
#: Schema-level defects that Python's ``jsonschema`` misses: it applies ``pattern``
#: with ``re.search``, whose ``$`` also matches before a final newline
#: (ECMA-262's does not), so ``"张三\n"`` passes ``^…$``.
PYTHON_RE_BLIND = frozenset({Reason.TRAILING_NEWLINE})


@dataclass(frozen=True)
class Invalid:
    """An invalid ``value`` (a field value or a whole body), why, and which body field is wrong."""

    value: Any
    reason: Reason
    field: str | None = None

    @property
    def schema_level(self) -> bool:
        return self.reason.schema_level

    def __repr__(self) -> str:
        return f"Invalid(value={_abbreviated(self.value)!r}, reason={self.reason.value!r}, field={self.field!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # how hypothesis prints examples
        printer.text(repr(self))

    def error(self) -> spec.ErrorCode:
        """The contract's error row a server must answer with.

        ``unexpected_parameter`` for an extra field; the field's 413 row (``photo_too_large``)
        when the defect is the size of a field that has one; else the field's ``invalid_*`` row.
        """
        if self.field is None:
            raise ValueError("no field: the error row is the caller's to choose")
        if self.reason is Reason.UNEXPECTED_FIELD:
            return spec.error("unexpected_parameter")
        if self.reason in (Reason.TOO_LARGE, Reason.TOO_LONG):
            for row in spec.errors().values():
                if row.field == self.field and row.status == 413:
                    return row
        return spec.error_for_field(self.field)


class _Elided:
    """A long string (a photo) shown by its head and length."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"{self.text[:40]!r}…<{len(self.text)} chars>"


def _abbreviated(value: Any) -> Any:
    """``value`` with long strings elided, so that failures print readably."""
    if isinstance(value, str) and len(value) > 120:
        return _Elided(value)
    if isinstance(value, dict):
        return {k: _abbreviated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_abbreviated(v) for v in value]
    return value


def narrow(known: Iterable[Reason], reasons: Iterable[str] | None) -> list[Reason]:
    """The ``known`` reasons (in their order) that ``reasons`` selects; all when ``None``."""
    known = list(known)
    if reasons is None:
        return known
    allowed = sorted(r.value for r in known)
    try:
        wanted = {Reason(r) for r in reasons}
    except ValueError as exc:
        raise InvalidArgument(f"unknown reason ({exc}); this strategy knows {allowed}") from None
    if not wanted or wanted - set(known):
        raise InvalidArgument(f"reasons must be a non-empty subset of {allowed}; got {sorted(map(str, wanted))}")
    return [r for r in known if r in wanted]


def by_reason(
    defects: Mapping[Reason, Callable[[], st.SearchStrategy[Any]]],
    reasons: Iterable[str] | None,
    field: str | None,
) -> st.SearchStrategy[Invalid]:
    """One of the ``defects`` (reason → strategy builder) that ``reasons`` selects, each value
    wrapped as :class:`Invalid` with its reason and ``field``.

    Builders are called lazily, so a narrowed strategy never builds the others (some render
    images). Order matters: hypothesis shrinks towards the first reason.
    """
    return st.one_of([
        st.builds(Invalid, st.deferred(defects[r]), st.just(r), st.just(field)) for r in narrow(defects, reasons)
    ])
