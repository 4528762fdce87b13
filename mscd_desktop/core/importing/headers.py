"""Which spreadsheet column holds which attendee field, recognised from its header.

Headers are recognised in the EU's languages ("Nombre", "E-post", "Vorname",
"Nazwisko", ...), and so are the questions that form tools (Google Forms, Microsoft
Forms, Typeform, EUSurvey) use as headers: "What's your name?", "¿Cuál es tu correo
electrónico?", "Ditt namn". A question is reduced to its last clause without filler
words ("your", "tu", "ditt") and compared again. When several columns fit one field,
the one whose first rows hold real values wins ("anonymous" is not a name). A mapping
given by the person (``COLUMN=FIELD``) overrides the guess.
"""

from __future__ import annotations

import re

from mscd_desktop.core.attendees import fold
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.importing.header_words import (
    AMBIGUOUS_FIRST_WORDS,
    AMBIGUOUS_LAST_WORDS,
    FAMILY_NAME_FIRST_WORDS,
    FILLER_WORDS,
    HEADER_WORDS,
)
from mscd_desktop.i18n import N_, _

# Field -> label shown in the mapping step. Order = order of the mapping step.
FIELDS: dict[str, str] = {
    "name": N_("Full name"),
    "first_name": N_("First name"),
    "middle_name": N_("Middle name"),
    "last_name": N_("Surname"),
    "second_surname": N_("Second surname"),
    "organisation": N_("Organisation"),
    "email": N_("E-mail"),
    "audience": N_("Audience"),
    "age_band": N_("Age band"),
    "age": N_("Age"),
    "role": N_("Role"),
    "consent_photo": N_("Photo consent"),
    "consent_contact": N_("Contact consent"),
    "notes": N_("Notes"),
}

# The parts a name is joined from when there is no full-name column, in order.
NAME_PARTS = ("first_name", "middle_name", "last_name", "second_surname")

_PLACEHOLDERS = frozenset(("anonymous", "anonimo", "anonym", "anonyme", "n/a", "na", "-", "none"))


def compare_key(text: str) -> str:
    """A header compared without case, accents, spaces or punctuation (letters of any
    script kept: "Име", "Όνομα")."""
    return re.sub(r"[\W_]", "", fold(text))


def _question_key(text: str) -> str:
    """The key of a form question: its last clause, without brackets, "*" and fillers."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|\*", " ", text)
    # Sentences only: a comma or semicolon may be a CSV separator still to be detected.
    clauses = [c for c in re.split(r"[.!?:¿¡]", text) if c.strip()]
    if not clauses:
        return ""
    words = re.findall(r"[^\W_]+", fold(clauses[-1]))
    return "".join(w for w in words if w not in FILLER_WORDS)


_HEADER_INDEX: dict[str, str] = {
    compare_key(n): f for f, names in HEADER_WORDS.items() for n in names
}
_AMBIGUOUS_FIRST = {compare_key(w) for w in AMBIGUOUS_FIRST_WORDS}
_AMBIGUOUS_LAST = {compare_key(w) for w in AMBIGUOUS_LAST_WORDS}
_FAMILY_FIRST = {compare_key(w) for w in FAMILY_NAME_FIRST_WORDS}


def _question_index() -> dict[str, str]:
    """Question key -> field, for keys that name one field only."""
    found: dict[str, set[str]] = {}
    for field, names in HEADER_WORDS.items():
        for name in names:
            key = _question_key(name)
            if key:
                found.setdefault(key, set()).add(field)
    return {
        key: fields.pop()
        for key, fields in found.items()
        if len(fields) == 1 and _HEADER_INDEX.get(key, next(iter(fields))) in fields
    }


_QUESTION_INDEX = _question_index()


def header_key(cell: str) -> str:
    """The key *cell* is recognised by: its own, or its question key when only that is
    known (empty when neither is)."""
    key = compare_key(cell)
    if key in _HEADER_INDEX or key in _AMBIGUOUS_FIRST or key in _AMBIGUOUS_LAST:
        return key
    question = _question_key(cell)
    if question in _QUESTION_INDEX or question in _AMBIGUOUS_FIRST | _AMBIGUOUS_LAST:
        return question
    return ""


def is_known_header(cell: str) -> bool:
    """Whether *cell* names an attendee field (in any EU language, or as a question)."""
    return bool(header_key(cell))


def _field_of(key: str) -> str | None:
    return _HEADER_INDEX.get(key) or _QUESTION_INDEX.get(key)


def is_placeholder(value: str) -> bool:
    """Whether *value* stands for "no value" ("anonymous", "n/a", "-")."""
    return fold(value) in _PLACEHOLDERS


def _useful(rows: list[list[str]], index: int) -> int:
    """How many of *rows* hold a real value in column *index*."""
    values = (row[index].strip() for row in rows if index < len(row))
    return sum(1 for v in values if v and not is_placeholder(v))


_TEXT_FIELDS = ("name", *NAME_PARTS, "organisation")


def _plausible(field: str, rows: list[list[str]], index: int) -> bool:
    """Whether the values in column *index* can be *field*'s: a name has letters (not
    Eventbrite's "Attendee #"), an e-mail an @. Without values, any column can."""
    values = [row[index].strip() for row in rows if index < len(row) and row[index].strip()]
    if not values:
        return True
    if field in _TEXT_FIELDS:
        return any(any(c.isalpha() for c in v) for v in values)
    if field == "email":
        return any("@" in v for v in values)
    return True


def family_name_first(header: list[str], mapping: dict[str, int]) -> bool:
    """Whether the surname column is named in a language that writes the family name
    first (Hungarian "Vezetéknév"), so the joined name is "Kovács Gyöngyi"."""
    index = mapping.get("last_name")
    return index is not None and index < len(header) and compare_key(header[index]) in _FAMILY_FIRST


def guess_mapping(header: list[str], rows: list[list[str]] | None = None) -> dict[str, int]:
    """Field -> column index, from the header names and, given the first *rows*, their
    values: a column whose values cannot be the field's is left out, and when several
    columns fit a field the one with the most real values wins, else the first."""
    keys = [header_key(cell) for cell in header]
    fields = {_field_of(k) for k in keys}
    candidates: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        found: str | None
        if key in _AMBIGUOUS_FIRST:  # "Nombre": first name beside "Apellidos", else name
            found = "first_name" if "last_name" in fields else "name"
        elif key in _AMBIGUOUS_LAST and "last_name" not in fields:
            found = "last_name" if "first_name" in fields else "name"
        else:
            found = _field_of(key)
        if found and _plausible(found, rows or [], index):
            candidates.setdefault(found, []).append(index)
    rows = rows or []
    return {
        field: max(indexes, key=lambda i: (_useful(rows, i), -i))
        for field, indexes in candidates.items()
    }


def check_mapping(mapping: dict[str, int], header: list[str]) -> None:
    """Raise ValidationError unless *mapping* gives every attendee a name."""
    unknown = [f for f in mapping if f not in FIELDS]
    if unknown:
        raise ValidationError(
            _("Unknown field '{field}' in the column mapping.").format(field=unknown[0]),
            field="mapping",
        )
    bad = [i for i in mapping.values() if not 0 <= i < max(len(header), 1)]
    if bad:
        raise ValidationError(
            _("The column mapping points at column {number}, but the file has {count}.").format(
                number=bad[0] + 1, count=len(header)
            ),
            field="mapping",
        )
    if "name" not in mapping and "first_name" not in mapping:
        raise ValidationError(
            _(
                "No column with the attendees' names was recognised (columns found: {columns}). "
                "The import needs a column with the full name, or one with the first name: "
                "name it 'Name', 'Nombre' or 'Namn', or map it by hand."
            ).format(columns=", ".join(repr(h) for h in header) or "-"),
            field="mapping",
        )


def column_index(column: str, header: list[str]) -> int | None:
    """The index of the column named *column* (or numbered, from 1), None if there is none."""
    if column.isdigit() and 1 <= int(column) <= len(header):
        return int(column) - 1
    folded = [fold(h) for h in header]
    return folded.index(fold(column)) if fold(column) in folded else None


def mapping_from_names(names: dict[str, str], header: list[str]) -> dict[str, int]:
    """A mapping written as field -> column header name (or 1-based number)."""
    mapping: dict[str, int] = {}
    for field_name, column in names.items():
        index = column_index(column, header)
        if index is None:
            raise _no_column(column, header)
        mapping[field_name] = index
    return mapping


def _no_column(column: str, header: list[str]) -> ValidationError:
    return ValidationError(
        _("There is no column '{column}' in the file (columns: {columns}).").format(
            column=column, columns=", ".join(header)
        ),
        field="mapping",
    )


def mapping_from_pairs(pairs: list[str], header: list[str]) -> dict[str, int]:
    """Field -> column index from ``COLUMN=FIELD`` pairs ("Your full name=name", or a
    column number: "3=email"). A pair written the other way round (``FIELD=COLUMN``)
    is refused with a message naming both sides."""
    mapping: dict[str, int] = {}
    for pair in pairs:
        column, sep, field_name = pair.rpartition("=")
        column, field_name = column.strip(), field_name.strip()
        if not sep or not column:
            raise ValidationError(
                _(
                    'Write a column mapping as COLUMN=FIELD, e.g. "Your full name=name" '
                    "(got '{pair}')."
                ).format(pair=pair),
                field="mapping",
            )
        if field_name not in FIELDS:
            if column in FIELDS and column_index(field_name, header) is not None:
                raise ValidationError(
                    _(
                        "'{pair}' is the wrong way round: '{field}' is a field and "
                        "'{column}' a column. Write COLUMN=FIELD: \"{column}={field}\"."
                    ).format(pair=pair, field=column, column=field_name),
                    field="mapping",
                )
            raise ValidationError(
                _("Unknown field '{field}' in '{pair}'. The fields are: {fields}.").format(
                    field=field_name, pair=pair, fields=", ".join(FIELDS)
                ),
                field="mapping",
            )
        index = column_index(column, header)
        if index is None:
            raise _no_column(column, header)
        mapping[field_name] = index
    return mapping
