"""Which spreadsheet column holds which attendee field, and what its cells mean.

Header names are recognised in English, Spanish and Swedish ("Nombre", "E-post", ...);
a mapping given by the person overrides the guess. Cell values are read the same way:
audiences, roles, yes/no answers and ages in the three languages, decimal commas included.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from mscd_desktop.core.attendee_records import name_problem
from mscd_desktop.core.attendees import AGE_BANDS, clean_text, fold, has_visible
from mscd_desktop.core.errors import ValidationError
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

_HEADERS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "names",
        "full name",
        "fullname",
        "attendee",
        "attendees",
        "participant",
        "participants",
        "attendee name",
        "nombre completo",
        "nombre y apellidos",
        "apellidos y nombre",
        "apellidos, nombre",
        "participante",
        "participantes",
        "asistente",
        "asistentes",
        "nombres",
        "namn",
        "fullständigt namn",
        "för- och efternamn",
        "deltagare",
        "deltagarnamn",
    ),
    "first_name": (
        "first name",
        "firstname",
        "given name",
        "forename",
        "nombre de pila",
        "förnamn",
        "tilltalsnamn",
        "nickname",
        "apodo",
        "smeknamn",
    ),
    "middle_name": (
        "middle name",
        "middle names",
        "middle initial",
        "additional name",
        "segundo nombre",
        "mellannamn",
    ),
    "second_surname": ("segundo apellido", "2º apellido", "apellido 2", "second surname"),
    "last_name": (
        "last name",
        "lastname",
        "surname",
        "family name",
        "apellidos",
        "apellido",
        "primer apellido",
        "efternamn",
    ),
    "organisation": (
        "organisation",
        "organization",
        "org",
        "company",
        "institution",
        "affiliation",
        "employer",
        "school",
        "organización",
        "organizacion",
        "entidad",
        "empresa",
        "institución",
        "centro",
        "colegio",
        "escuela",
        "företag",
        "myndighet",
        "organisation/företag",
        "skola",
    ),
    "email": (
        "email",
        "e-mail",
        "mail",
        "email address",
        "e-mail address",
        "correo",
        "correo electrónico",
        "correo-e",
        "email de contacto",
        "e-post",
        "epost",
        "e-postadress",
        "mejl",
        "mejladress",
    ),
    "audience": (
        "audience",
        "profile",
        "category",
        "attendee type",
        "público",
        "publico",
        "perfil",
        "categoría",
        "tipo de asistente",
        "målgrupp",
        "kategori",
        "profil",
        "publik",
    ),
    "age_band": (
        "age band",
        "age group",
        "age range",
        "franja de edad",
        "grupo de edad",
        "rango de edad",
        "tramo de edad",
        "åldersgrupp",
        "åldersintervall",
    ),
    "age": ("age", "edad", "ålder", "years", "años", "år"),
    "role": ("role", "rol", "roll", "type", "tipo", "typ"),
    "consent_photo": (
        "photo consent",
        "consent photo",
        "photos",
        "photo",
        "photography",
        "consentimiento foto",
        "consentimiento fotos",
        "autoriza fotos",
        "fotos",
        "foto",
        "fotografías",
        "imagen",
        "fotosamtycke",
        "samtycke foto",
        "bilder",
        "fotografering",
    ),
    "consent_contact": (
        "contact consent",
        "consent contact",
        "may contact",
        "newsletter",
        "consentimiento contacto",
        "acepta contacto",
        "boletín",
        "kontaktsamtycke",
        "samtycke kontakt",
        "nyhetsbrev",
    ),
    "notes": (
        "notes",
        "note",
        "comments",
        "comment",
        "remarks",
        "observaciones",
        "notas",
        "comentarios",
        "anteckningar",
        "kommentar",
        "kommentarer",
        "övrigt",
    ),
}


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


_HEADER_INDEX: dict[str, str] = {_key(n): f for f, names in _HEADERS.items() for n in names}
_AMBIGUOUS_FIRST = {_key("nombre"), _key("förnamn")}

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
_AUDIENCE_INDEX = {_key(w): code for code, words in _AUDIENCE_WORDS.items() for w in words}
_AUDIENCE_INDEX.update({_key(code): code for code in _AUDIENCE_WORDS})

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
_ROLE_INDEX = {_key(w): code for code, words in _ROLE_WORDS.items() for w in words}

_YES = {
    _key(w)
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
_NO = {_key(w) for w in ("no", "n", "false", "0", "nej", "no acepto", "-")}


def is_known_header(cell: str) -> bool:
    """Whether *cell* names an attendee field in English, Spanish or Swedish."""
    key = _key(cell)
    return key in _HEADER_INDEX or key in _AMBIGUOUS_FIRST


def guess_mapping(header: list[str]) -> dict[str, int]:
    """Field -> column index, from the header names (the first column wins a field)."""
    mapping: dict[str, int] = {}
    keys = [_key(cell) for cell in header]
    has_surname = any(_HEADER_INDEX.get(k) == "last_name" for k in keys)
    for index, key in enumerate(keys):
        if key in _AMBIGUOUS_FIRST:  # "Nombre": first name beside "Apellidos", else name
            found = "first_name" if has_surname else "name"
        else:
            found = _HEADER_INDEX.get(key)
        if found and found not in mapping:
            mapping[found] = index
    return mapping


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
                "Name the column 'Name', 'Nombre' or 'Namn', or map it by hand."
            ).format(columns=", ".join(repr(h) for h in header) or "-"),
            field="mapping",
        )


def mapping_from_names(names: dict[str, str], header: list[str]) -> dict[str, int]:
    """A mapping written as field -> column header name (or 1-based number)."""
    mapping: dict[str, int] = {}
    folded = [fold(h) for h in header]
    for field_name, column in names.items():
        if column.isdigit():
            mapping[field_name] = int(column) - 1
        elif fold(column) in folded:
            mapping[field_name] = folded.index(fold(column))
        else:
            raise ValidationError(
                _("There is no column '{column}' in the file (columns: {columns}).").format(
                    column=column, columns=", ".join(header)
                ),
                field="mapping",
            )
    return mapping


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
    if _key(text) in {"adult", "adulto", "adulta", "vuxen", "adults", "adultos"}:
        return "18+"
    raise ValueError(
        _("Unknown age band '{band}'. Choose from: {known}.").format(
            band=text, known=", ".join(AGE_BANDS)
        )
    )


def _yes_no(text: str) -> bool | None:
    key = _key(text)
    if not text.strip():
        return None
    if key in _YES:
        return True
    if key in _NO or text.strip() in _NO:
        return False
    raise ValueError(_("'{value}' is neither yes nor no.").format(value=text))


def read_row(
    cells: list[str], mapping: dict[str, int]
) -> tuple[RowData, dict[str, str], list[tuple[str, str]]]:
    """The row's data, its problems by field, and warnings by field (kept, but worth a
    look). Control characters, terminal escapes and invisible formatting are removed
    from every cell, with a warning."""
    cleaned: list[str] = []

    def raw(field_name: str) -> str:
        index = mapping.get(field_name)
        return cells[index] if index is not None and index < len(cells) else ""

    def cell(field_name: str) -> str:
        text = clean_text(raw(field_name))
        if text != raw(field_name) and field_name not in cleaned:
            cleaned.append(field_name)
        return text.strip()

    data, errors, warnings = RowData(), {}, []
    parts = [cell(f) for f in NAME_PARTS]
    data.name = cell("name") or " ".join(p for p in parts if p)
    written = raw("name") or " ".join(raw(f) for f in NAME_PARTS)
    if written.strip() and not has_visible(data.name):
        errors["name"] = name_problem(written) or ""
    data.organisation, data.notes = cell("organisation"), cell("notes")
    data.email = cell("email") or None
    if cell("audience"):
        data.audience = _AUDIENCE_INDEX.get(_key(cell("audience")))
        if data.audience is None:
            errors["audience"] = _("Unknown audience '{value}'.").format(value=cell("audience"))
    if cell("role"):
        role = _ROLE_INDEX.get(_key(cell("role")))
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
