"""What a row's cells mean, read through the column mapping (see :mod:`.headers`).

Audiences, roles, yes/no answers and ages are read in English, Spanish and Swedish,
decimal commas included; an audience is also recognised by its name in every
catalogue the app ships ("Agentes políticos", "Politiska aktörer").
"""

from __future__ import annotations

import gettext
import math
import re
from dataclasses import dataclass
from functools import cache

from mscd_desktop.core.attendee_records import name_problem
from mscd_desktop.core.attendees import AGE_BANDS, ROLES, clean_text, has_letter_or_digit
from mscd_desktop.core.events import AUDIENCES
from mscd_desktop.core.importing.headers import (
    FIELDS,
    NAME_PARTS,
    check_mapping,
    compare_key,
    guess_mapping,
    is_known_header,
    is_placeholder,
    mapping_from_names,
)
from mscd_desktop.i18n import DOMAIN, _, available_languages
from mscd_desktop.paths import locale_dir

FAMILY_FIRST_PARTS = ("last_name", "second_surname", "first_name", "middle_name")

__all__ = [
    "FIELDS",
    "NAME_PARTS",
    "RowData",
    "age_band_for",
    "audience_code",
    "check_mapping",
    "guess_mapping",
    "is_known_header",
    "mapping_from_names",
    "read_row",
    "role_code",
]

_AUDIENCE_WORDS: dict[str, tuple[str, ...]] = {
    "school_children": (
        "school children",
        "school",
        "pupils",
        "children",
        "students",
        "escolares",
        "colegio",
        "alumnos",
        "niños",
        "estudiantes",
        "skolbarn",
        "elever",
        "barn",
        "skola",
    ),
    "citizens": (
        "citizens",
        "citizen",
        "public",
        "general public",
        "residents",
        "neighbours",
        "ciudadanía",
        "ciudadanos",
        "ciudadano",
        "vecinos",
        "vecino",
        "público general",
        "medborgare",
        "allmänhet",
        "boende",
        "hyresgäster",
    ),
    "political": (
        "political",
        "politician",
        "politicians",
        "political stakeholders",
        "político",
        "políticos",
        "política",
        "politiker",
        "politisk",
    ),
    "technical": (
        "technical",
        "technician",
        "engineer",
        "technical stakeholders",
        "técnico",
        "técnicos",
        "técnica",
        "teknisk",
        "tekniker",
        "ingenjör",
    ),
    "financial": (
        "financial",
        "finance",
        "investor",
        "financial stakeholders",
        "financiero",
        "financiera",
        "inversor",
        "finansiär",
        "finansiell",
        "investerare",
    ),
    "press": (
        "press",
        "media",
        "journalist",
        "prensa",
        "medios",
        "periodista",
        "journalist",
        "massmedia",
    ),
    "other": ("other", "otro", "otros", "otra", "annan", "andra", "övrig"),
}
_AUDIENCE_INDEX = {compare_key(w): code for code, words in _AUDIENCE_WORDS.items() for w in words}
_AUDIENCE_INDEX.update({compare_key(code): code for code in _AUDIENCE_WORDS})

_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "adult": ("adult", "adulto", "adulta", "vuxen"),
    "teacher": ("teacher", "profesor", "profesora", "docente", "maestro", "maestra", "lärare"),
    "pupil": (
        "pupil",
        "student",
        "child",
        "alumno",
        "alumna",
        "niño",
        "niña",
        "estudiante",
        "elev",
        "barn",
    ),
}
_ROLE_INDEX = {compare_key(w): code for code, words in _ROLE_WORDS.items() for w in words}


@cache
def _catalogue_labels() -> dict[str, dict[str, str]]:
    """The app's own names of audiences and roles in every catalogue it ships (and in
    English): {"audience": {key: code}, "role": {key: code}}. Someone who fills in a
    sheet in Swedish writes what the Swedish screens say: "Politiska aktörer"."""
    found: dict[str, dict[str, str]] = {"audience": {}, "role": {}}
    for language in available_languages():
        catalogue = gettext.translation(
            DOMAIN, localedir=str(locale_dir()), languages=[language], fallback=True
        )
        for kind, labels in (("audience", AUDIENCES), ("role", ROLES)):
            for code, label in labels.items():
                found[kind].setdefault(compare_key(catalogue.gettext(label)), code)
    return found


def audience_code(text: str) -> str | None:
    """The audience code *text* names (in the three languages, or as any catalogue
    names it), None when it names none."""
    key = compare_key(text)
    return _AUDIENCE_INDEX.get(key) or _catalogue_labels()["audience"].get(key)


def role_code(text: str) -> str | None:
    """The role code *text* names, None when it names none."""
    key = compare_key(text)
    return _ROLE_INDEX.get(key) or _catalogue_labels()["role"].get(key)


_YES = {
    compare_key(w)
    for w in (
        "yes",
        "y",
        "true",
        "1",
        "x",
        "✓",
        "✔",
        "si",
        "sí",
        "s",
        "ja",
        "j",
        "accepted",
        "acepto",
        "acepta",
        "godkänner",
        "ok",
    )
}
_NO = {compare_key(w) for w in ("no", "n", "false", "0", "nej", "no acepto", "-")}


@dataclass
class RowData:
    """One data row read through the mapping; consents None when the cell is empty."""

    name: str = ""
    organisation: str = ""
    email: str | None = None
    audience: str | None = None
    age_band: str | None = None
    role: str = "adult"
    consent_photo: bool | None = None
    consent_contact: bool | None = None
    notes: str = ""


def age_band_for(age: float) -> str | None:
    """The age band of someone *age* years old (None under 8)."""
    if age < 8:
        return None
    if age < 12:
        return "8-11"
    if age < 16:
        return "12-15"
    return "16-17" if age < 18 else "18+"


def _age_band(text: str) -> str | None:
    compact = re.sub(r"\s+", "", text).replace("–", "-").replace("—", "-")
    if compact in AGE_BANDS:
        return compact
    if compare_key(text) in {"adult", "adulto", "adulta", "vuxen", "adults", "adultos"}:
        return "18+"
    raise ValueError(
        _("Unknown age band '{band}'. Choose from: {known}.").format(
            band=text, known=", ".join(AGE_BANDS)
        )
    )


def _yes_no(text: str) -> bool | None:
    key = compare_key(text)
    if not text.strip():
        return None
    if key in _YES:
        return True
    if key in _NO or text.strip() in _NO:
        return False
    raise ValueError(_("'{value}' is neither yes nor no.").format(value=text))


def read_row(
    cells: list[str], mapping: dict[str, int], family_first: bool = False
) -> tuple[RowData, dict[str, str], list[tuple[str, str]]]:
    """The row's data, its problems by field, and warnings by field (kept, but worth a
    look). Control characters, terminal escapes and invisible formatting are removed
    from every cell, with a warning. The name is joined from its parts given name
    first, or family name first when *family_first*."""
    cleaned: list[str] = []
    texts: dict[str, str] = {}

    def raw(field_name: str) -> str:
        index = mapping.get(field_name)
        return cells[index] if index is not None and index < len(cells) else ""

    def cell(field_name: str) -> str:
        if field_name not in texts:
            written = raw(field_name)
            text = clean_text(written)
            if text != written:
                cleaned.append(field_name)
            texts[field_name] = text.strip()
        return texts[field_name]

    data, errors, warnings = RowData(), {}, []
    order = FAMILY_FIRST_PARTS if family_first else NAME_PARTS
    data.name = cell("name") or " ".join(p for p in (cell(f) for f in order) if p)
    if not has_letter_or_digit(data.name):
        written = raw("name") or " ".join(raw(f) for f in order)
        if written.strip():
            errors["name"] = name_problem(written) or ""
    data.organisation, data.notes = cell("organisation"), cell("notes")
    data.email = cell("email") or None
    if data.email and is_placeholder(data.email):  # "anonymous" in a form's account column
        data.email = None
    if cell("audience"):
        data.audience = audience_code(cell("audience"))
        if data.audience is None:
            errors["audience"] = _("Unknown audience '{value}'.").format(value=cell("audience"))
    if cell("role"):
        role = role_code(cell("role"))
        if role is None:
            errors["role"] = _("Unknown role '{value}' (adult, teacher or pupil).").format(
                value=cell("role")
            )
        else:
            data.role = role
    for name in ("consent_photo", "consent_contact"):
        try:
            setattr(data, name, _yes_no(cell(name)))
        except ValueError as exc:
            errors[name] = str(exc)
    try:
        if cell("age_band"):
            data.age_band = _age_band(cell("age_band"))
        elif cell("age"):
            age = float(cell("age").replace(",", "."))
            if not math.isfinite(age):
                raise ValueError(cell("age"))
            data.age_band = age_band_for(age)
            if data.age_band is None:
                warnings.append(
                    (
                        "age",
                        _(
                            "Age {age} is below the youngest age band; no age band was stored."
                        ).format(age=cell("age")),
                    )
                )
    except ValueError as exc:
        field_name = "age_band" if cell("age_band") else "age"
        errors[field_name] = (
            str(exc)
            if field_name == "age_band"
            else _("'{value}' is not an age.").format(value=cell("age"))
        )
    if cleaned:
        warnings.append(
            (
                cleaned[0],
                _("Control characters or invisible formatting were removed from: {fields}.").format(
                    fields=", ".join(_(FIELDS[f]) for f in cleaned)
                ),
            )
        )
    return data, errors, warnings
