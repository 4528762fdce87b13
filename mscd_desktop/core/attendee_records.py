"""Attendee records without the database: dataclasses, validation, folding, rows.

Kept apart from :mod:`mscd_desktop.core.attendees` (which re-exports all of it) so that
the import and the attendee API share one definition of what a valid attendee is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.events import AUDIENCES
from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.i18n import N_, _

AGE_BANDS: tuple[str, ...] = ("8-11", "12-15", "16-17", "18+")
ROLES: dict[str, str] = {"adult": N_("Adult"), "teacher": N_("Teacher"), "pupil": N_("Pupil")}
SOURCES: tuple[str, ...] = ("import", "walk_in", "group", "demo")
FORMULA_FLAG = "formula"
NAME_MAX = 200
TEXT_MAX = 2000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
# The combining-mark blocks: what NFKD splits off Latin, Greek and Cyrillic letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
# Terminal escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, other escapes, 8-bit CSI):
# stored, they would recolour or clear the terminal of whoever lists the attendees.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible formatting that only hides or reorders text: zero-width space, word joiner,
# BOM, soft hyphen, bidirectional embeddings, overrides, isolates and marks. The
# zero-width (non-)joiners stay: some scripts and emoji need them between letters.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_NAME_CATEGORIES = ("L", "N")
_ANGLE_ADDRESS = re.compile(r"^[^<>]*<([^<>]+)>\s*$")
# A pupil's name: one word (hyphens/apostrophes allowed: "María-José", "D'Artagnan"),
# optionally followed by one initial ("Lucía G.") to tell two pupils of a class apart.
_PUPIL_NAME = re.compile(r"^[^\W\d_][\w'’\-]*(?: [^\W\d_]\.?)?$")


def fold(text: str | None) -> str:
    """*text* compared the way people read it: case-, accent- and spacing-insensitive."""
    if not text:
        return ""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(text.casefold().split())


def clean_text(text: str) -> str:
    """*text* without terminal escape sequences, control characters (tabs and line
    breaks stay) and invisible formatting characters."""
    if text.isprintable():
        return text
    text = _ESCAPES.sub("", text)
    return _INVISIBLE.sub("", _CONTROLS.sub("", text))


def has_letter_or_digit(text: str) -> bool:
    """Whether *text* has a letter or a digit, which every name has."""
    return any(unicodedata.category(c)[0] in _NAME_CATEGORIES for c in text)


def name_problem(raw: str) -> str | None:
    """Why *raw* (as typed or read, before cleaning) cannot be a name's text, or None."""
    if not raw.strip():
        return _("The name is empty.")
    if not has_letter_or_digit(clean_text(raw)):
        return _(
            "The name has no visible letter or digit, only spaces, punctuation, control "
            "or invisible formatting characters."
        )
    return None


def looks_like_formula(text: str | None) -> bool:
    """Whether a spreadsheet would evaluate *text* (CSV injection, CWE-1236)."""
    return text is not None and text.startswith(_FORMULA_START)


def role_label(code: str) -> str:
    """The translated name of a role code."""
    return _(ROLES[code]) if code in ROLES else code


@dataclass(frozen=True)
class AttendeeDraft:
    """What is known about a person before they are stored."""

    name: str
    audience: str | None = None
    organisation: str = ""
    email: str | None = None
    age_band: str | None = None
    role: str = "adult"
    group_id: str | None = None
    consent_photo: bool = False
    consent_contact: bool = False
    notes: str = ""
    source: str = "import"
    import_key: str | None = None


@dataclass(frozen=True)
class Attendee:
    """A stored attendee."""

    id: str
    event_id: str
    name: str
    organisation: str
    email: str | None
    audience: str | None
    age_band: str | None
    role: str
    group_id: str | None
    consent_photo: bool
    consent_contact: bool
    notes: str
    source: str
    import_key: str | None
    flags: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "id": self.id,
            "event_id": self.event_id,
            "name": self.name,
            "organisation": self.organisation,
            "email": self.email,
            "audience": self.audience,
            "age_band": self.age_band,
            "role": self.role,
            "group_id": self.group_id,
            "consent_photo": self.consent_photo,
            "consent_contact": self.consent_contact,
            "notes": self.notes,
            "source": self.source,
            "flags": list(self.flags),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class SchoolGroup:
    """A school class visiting with its teacher."""

    id: str
    event_id: str
    school: str
    class_name: str
    teacher_attendee_id: str | None
    age_band: str | None
    pupil_count: int = 0
    created_at: str = ""
    updated_at: str = ""
    member_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "id": self.id,
            "event_id": self.event_id,
            "school": self.school,
            "class_name": self.class_name,
            "teacher_attendee_id": self.teacher_attendee_id,
            "age_band": self.age_band,
            "pupil_count": self.pupil_count,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


# -- validation ---------------------------------------------------------------------------


def clean_email(email: str | None) -> str | None:
    """The address in *email*, lower-cased, None when empty. ``Ana <ana@x.org>`` and
    ``mailto:ana@x.org?subject=Hi`` give ``ana@x.org``."""
    email = clean_text(email or "").strip()
    angle = _ANGLE_ADDRESS.match(email)
    if angle:
        email = angle.group(1).strip()
    if email[:7].lower() == "mailto:":
        email = email[7:].split("?", 1)[0].strip()
    return email.lower() or None


def validate_draft(draft: AttendeeDraft) -> dict[str, str]:
    """Every problem with *draft*, by field name (empty when it is fine)."""
    errors: dict[str, str] = {}
    name = " ".join(clean_text(draft.name).split())
    problem = name_problem(draft.name)
    if problem:
        errors["name"] = problem
    elif len(name) > NAME_MAX:
        errors["name"] = _("The name is too long ({max} characters at most).").format(max=NAME_MAX)
    elif draft.role == "pupil" and not _PUPIL_NAME.match(name):
        errors["name"] = _(
            "Pupils are recorded by first name or nickname only: '{name}' "
            "looks like it has a surname. Write one word, e.g. 'Lucía', "
            "'María-José' or 'Lucía G.'."
        ).format(name=name)
    if draft.role not in ROLES:
        errors["role"] = _("Unknown role '{role}'. Choose from: {known}.").format(
            role=draft.role, known=", ".join(ROLES)
        )
    email = clean_email(draft.email)
    if email and draft.role == "pupil":
        errors["email"] = _("Pupils are not recorded with an e-mail address.")
    elif email and looks_like_formula(email):
        errors["email"] = _(
            "'{email}' starts with '{start}', which makes a spreadsheet run it as a formula; "
            "an e-mail address cannot start with it."
        ).format(email=email, start=email[0])
    elif email and not _EMAIL.match(email):
        errors["email"] = _("'{email}' is not an e-mail address.").format(email=email)
    if draft.audience is not None and draft.audience not in AUDIENCES:
        errors["audience"] = _("Unknown audience '{audience}'. Choose from: {known}.").format(
            audience=draft.audience, known=", ".join(AUDIENCES)
        )
    if draft.age_band is not None and draft.age_band not in AGE_BANDS:
        errors["age_band"] = _("Unknown age band '{band}'. Choose from: {known}.").format(
            band=draft.age_band, known=", ".join(AGE_BANDS)
        )
    if draft.source not in SOURCES:
        errors["source"] = _("Unknown source '{source}'.").format(source=draft.source)
    if len(clean_text(draft.organisation).strip()) > NAME_MAX:
        errors["organisation"] = _(
            "The organisation is too long ({max} characters at most)."
        ).format(max=NAME_MAX)
    if len(draft.notes) > TEXT_MAX:
        errors["notes"] = _("The notes are too long ({max} characters at most).").format(
            max=TEXT_MAX
        )
    return errors


def raise_if(errors: dict[str, str]) -> None:
    """Raise a ValidationError carrying *errors* when there are any."""
    if errors:
        first = next(iter(errors))
        raise ValidationError(" ".join(errors.values()), field=first, errors=errors)


def build_record(event_id: str, draft: AttendeeDraft, *, now: str | None = None) -> dict:
    """The row stored for a valid *draft* (new id, stamps, folded search keys, flags)."""
    now = now or utc_now()
    name = " ".join(clean_text(draft.name).split())
    organisation = " ".join(clean_text(draft.organisation).split())
    flags = [FORMULA_FLAG] if looks_like_formula(name) or looks_like_formula(organisation) else []
    return {
        "id": new_id(),
        "event_id": event_id,
        "name": name,
        "organisation": organisation,
        "email": clean_email(draft.email),
        "audience": draft.audience,
        "age_band": draft.age_band,
        "role": draft.role,
        "group_id": draft.group_id,
        "consent_photo": int(bool(draft.consent_photo)),
        "consent_contact": int(bool(draft.consent_contact)),
        "notes": clean_text(draft.notes).strip(),
        "source": draft.source,
        "import_key": draft.import_key,
        "name_fold": fold(name),
        "organisation_fold": fold(organisation),
        "flags": json.dumps(flags),
        "created_at": now,
        "updated_at": now,
    }


def attendee_from_row(row: dict) -> Attendee:
    """An :class:`Attendee` from a row of the ``attendees`` table."""
    return Attendee(
        id=row["id"],
        event_id=row["event_id"],
        name=row["name"],
        organisation=row["organisation"] or "",
        email=row["email"],
        audience=row["audience"],
        age_band=row["age_band"],
        role=row["role"],
        group_id=row["group_id"],
        consent_photo=bool(row["consent_photo"]),
        consent_contact=bool(row["consent_contact"]),
        notes=row["notes"] or "",
        source=row["source"],
        import_key=row["import_key"],
        flags=tuple(json.loads(row["flags"] or "[]")),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
