"""Attendees of an event: people, school groups and walk-ins.

Adults are stored with their full name; pupils by first name or nickname only, never with
a surname or an e-mail (GDPR Art. 8 and Recital 38: children merit specific protection).
A school group is a teacher plus the pupils of one class, written in one transaction.
Spreadsheet imports live in :mod:`mscd_desktop.core.attendee_import` and reuse the
validation and record building here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

import sqlite_utils

from mscd_desktop.core.errors import NotFoundError, ValidationError
from mscd_desktop.core.events import AUDIENCES, get_event
from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.core.store import Store
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


def looks_like_formula(text: str | None) -> bool:
    """Whether a spreadsheet would evaluate *text* (CSV injection, CWE-1236)."""
    return bool(text) and text.startswith(_FORMULA_START)


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
            "id": self.id, "event_id": self.event_id, "name": self.name,
            "organisation": self.organisation, "email": self.email,
            "audience": self.audience, "age_band": self.age_band, "role": self.role,
            "group_id": self.group_id, "consent_photo": self.consent_photo,
            "consent_contact": self.consent_contact, "notes": self.notes,
            "source": self.source, "flags": list(self.flags),
            "created_at": self.created_at, "updated_at": self.updated_at,
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
            "id": self.id, "event_id": self.event_id, "school": self.school,
            "class_name": self.class_name, "teacher_attendee_id": self.teacher_attendee_id,
            "age_band": self.age_band, "pupil_count": self.pupil_count,
            "created_at": self.created_at, "updated_at": self.updated_at,
        }


# -- schema -------------------------------------------------------------------------------

def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE school_groups (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            school TEXT NOT NULL,
            class_name TEXT NOT NULL,
            teacher_attendee_id TEXT REFERENCES attendees(id) DEFERRABLE INITIALLY DEFERRED,
            age_band TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE attendees (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            name TEXT NOT NULL,
            organisation TEXT NOT NULL DEFAULT '',
            email TEXT,
            audience TEXT,
            age_band TEXT,
            role TEXT NOT NULL CHECK (role IN ('adult', 'teacher', 'pupil')),
            group_id TEXT REFERENCES school_groups(id),
            consent_photo INTEGER NOT NULL DEFAULT 0,
            consent_contact INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            import_key TEXT,
            name_fold TEXT NOT NULL DEFAULT '',
            organisation_fold TEXT NOT NULL DEFAULT '',
            flags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_attendees_event ON attendees(event_id)")
    db.execute("CREATE INDEX idx_attendees_lower_name ON attendees(lower(name))")
    db.execute("CREATE INDEX idx_attendees_email ON attendees(email)")
    db.execute("CREATE INDEX idx_attendees_fold ON attendees(event_id, name_fold)")
    db.execute("CREATE INDEX idx_attendees_group ON attendees(group_id)")
    db.execute("CREATE UNIQUE INDEX idx_attendees_import_key "
               "ON attendees(event_id, import_key) WHERE import_key IS NOT NULL")
    db.execute("CREATE INDEX idx_school_groups_event ON school_groups(event_id)")


MIGRATIONS = [_create_tables]


# -- validation ---------------------------------------------------------------------------

def clean_email(email: str | None) -> str | None:
    """*email* trimmed and lower-cased, None when empty."""
    email = (email or "").strip()
    return email.lower() or None


def validate_draft(draft: AttendeeDraft) -> dict[str, str]:
    """Every problem with *draft*, by field name (empty when it is fine)."""
    errors: dict[str, str] = {}
    name = " ".join(draft.name.split())
    if not name:
        errors["name"] = _("The name is empty.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("The name is too long ({max} characters at most).").format(
            max=NAME_MAX)
    elif draft.role == "pupil" and not _PUPIL_NAME.match(name):
        errors["name"] = _("Pupils are recorded by first name or nickname only: '{name}' "
                           "looks like it has a surname. Write one word, e.g. 'Lucía', "
                           "'María-José' or 'Lucía G.'.").format(name=name)
    if draft.role not in ROLES:
        errors["role"] = _("Unknown role '{role}'. Choose from: {known}.").format(
            role=draft.role, known=", ".join(ROLES))
    email = clean_email(draft.email)
    if email and draft.role == "pupil":
        errors["email"] = _("Pupils are not recorded with an e-mail address.")
    elif email and not _EMAIL.match(email):
        errors["email"] = _("'{email}' is not an e-mail address.").format(email=email)
    if draft.audience is not None and draft.audience not in AUDIENCES:
        errors["audience"] = _("Unknown audience '{audience}'. Choose from: {known}.").format(
            audience=draft.audience, known=", ".join(AUDIENCES))
    if draft.age_band is not None and draft.age_band not in AGE_BANDS:
        errors["age_band"] = _("Unknown age band '{band}'. Choose from: {known}.").format(
            band=draft.age_band, known=", ".join(AGE_BANDS))
    if draft.source not in SOURCES:
        errors["source"] = _("Unknown source '{source}'.").format(source=draft.source)
    if len(draft.organisation.strip()) > NAME_MAX:
        errors["organisation"] = _("The organisation is too long ({max} characters at "
                                   "most).").format(max=NAME_MAX)
    if len(draft.notes) > TEXT_MAX:
        errors["notes"] = _("The notes are too long ({max} characters at most).").format(
            max=TEXT_MAX)
    return errors


def raise_if(errors: dict[str, str]) -> None:
    """Raise a ValidationError carrying *errors* when there are any."""
    if errors:
        first = next(iter(errors))
        raise ValidationError(" ".join(errors.values()), field=first, errors=errors)


def build_record(event_id: str, draft: AttendeeDraft, *, now: str | None = None) -> dict:
    """The row stored for a valid *draft* (new id, stamps, folded search keys, flags)."""
    now = now or utc_now()
    name = " ".join(draft.name.split())
    organisation = " ".join(draft.organisation.split())
    flags = [FORMULA_FLAG] if looks_like_formula(name) or looks_like_formula(
        organisation) else []
    return {
        "id": new_id(), "event_id": event_id, "name": name, "organisation": organisation,
        "email": clean_email(draft.email), "audience": draft.audience,
        "age_band": draft.age_band, "role": draft.role, "group_id": draft.group_id,
        "consent_photo": int(bool(draft.consent_photo)),
        "consent_contact": int(bool(draft.consent_contact)),
        "notes": draft.notes.strip(), "source": draft.source, "import_key": draft.import_key,
        "name_fold": fold(name), "organisation_fold": fold(organisation),
        "flags": json.dumps(flags), "created_at": now, "updated_at": now,
    }


def attendee_from_row(row: dict) -> Attendee:
    """An :class:`Attendee` from a row of the ``attendees`` table."""
    return Attendee(
        id=row["id"], event_id=row["event_id"], name=row["name"],
        organisation=row["organisation"] or "", email=row["email"],
        audience=row["audience"], age_band=row["age_band"], role=row["role"],
        group_id=row["group_id"], consent_photo=bool(row["consent_photo"]),
        consent_contact=bool(row["consent_contact"]), notes=row["notes"] or "",
        source=row["source"], import_key=row["import_key"],
        flags=tuple(json.loads(row["flags"] or "[]")),
        created_at=row["created_at"], updated_at=row["updated_at"],
    )


# -- people -------------------------------------------------------------------------------

def add_attendee(store: Store, event_id: str, draft: AttendeeDraft) -> Attendee:
    """Store one attendee; ValidationError (nothing stored) when *draft* is wrong."""
    get_event(store, event_id)
    raise_if(validate_draft(draft))
    record = build_record(event_id, draft)
    with store.transaction() as db:
        db["attendees"].insert(record)
    return attendee_from_row(record)


def register_walk_in(
    store: Store, event_id: str, name: str, audience: str, organisation: str = "",
    email: str | None = None, age_band: str | None = None, consent_photo: bool = False,
    consent_contact: bool = False,
) -> Attendee:
    """Register someone who turned up without registering (an adult, source ``walk_in``)."""
    if not audience:
        raise ValidationError(_("Choose who the person is (an audience)."), field="audience")
    draft = AttendeeDraft(
        name=name, audience=audience, organisation=organisation, email=email,
        age_band=age_band, role="adult", consent_photo=consent_photo,
        consent_contact=consent_contact, source="walk_in",
    )
    return add_attendee(store, event_id, draft)


def update_attendee(store: Store, attendee_id: str, draft: AttendeeDraft) -> Attendee:
    """Change an attendee's details (id, event, source and creation time stay)."""
    old = get_attendee(store, attendee_id)
    raise_if(validate_draft(draft))
    record = build_record(old.event_id, draft)
    changes = {k: v for k, v in record.items()
               if k not in ("id", "event_id", "source", "import_key", "created_at")}
    with store.transaction() as db:
        db["attendees"].update(attendee_id, changes)
    return get_attendee(store, attendee_id)


def get_attendee(store: Store, attendee_id: str) -> Attendee:
    """The attendee with *attendee_id*, or NotFoundError."""
    with store.read() as db:
        rows = list(db["attendees"].rows_where("id = ?", [attendee_id]))
    if not rows:
        raise NotFoundError(_("There is no attendee with id {id}.").format(id=attendee_id))
    return attendee_from_row(rows[0])


def list_attendees(store: Store, event_id: str) -> list[Attendee]:
    """Everyone registered for the event, by name."""
    with store.read() as db:
        rows = db["attendees"].rows_where("event_id = ?", [event_id],
                                          order_by="name_fold, id")
        return [attendee_from_row(r) for r in rows]


def search_attendees(store: Store, event_id: str, text: str, limit: int = 20) -> list[Attendee]:
    """Attendees whose name, organisation or e-mail contains *text* (accents and case
    ignored); names starting with it come first."""
    needle = fold(text)
    if not needle:
        return []
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = (
        "SELECT * FROM attendees WHERE event_id = ? AND (name_fold LIKE ? ESCAPE '\\' "
        "OR organisation_fold LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\') "
        "ORDER BY CASE WHEN name_fold LIKE ? ESCAPE '\\' THEN 0 "
        "WHEN name_fold LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END, name_fold, id LIMIT ?"
    )
    prefix = pattern[1:]
    word = "% " + prefix
    with store.read() as db:
        cursor = db.execute(sql, [event_id, pattern, pattern, pattern, prefix, word, limit])
        columns = [c[0] for c in cursor.description]
        return [attendee_from_row(dict(zip(columns, row, strict=True))) for row in cursor]


def count_by_audience(store: Store, event_id: str) -> dict[str, int]:
    """How many attendees of each audience the event has (unknown audience under "")."""
    with store.read() as db:
        rows = db.execute(
            "SELECT coalesce(audience, ''), count(*) FROM attendees WHERE event_id = ? "
            "GROUP BY 1 ORDER BY 1", [event_id]).fetchall()
    return {audience: count for audience, count in rows}


# -- school groups ------------------------------------------------------------------------

def _clean_children(children: list[str]) -> list[str]:
    return [" ".join(c.split()) for c in children if c.strip()]


def _validate_group(school: str, class_name: str, teacher_name: str, children: list[str],
                    age_band: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not school.strip():
        errors["school"] = _("The group needs the name of its school.")
    if not class_name.strip():
        errors["class_name"] = _("The group needs a class, e.g. '5º A'.")
    teacher = validate_draft(AttendeeDraft(name=teacher_name, role="teacher"))
    if "name" in teacher:
        errors["teacher"] = _("Teacher: {problem}").format(problem=teacher["name"])
    if age_band not in AGE_BANDS:
        errors["age_band"] = _("Unknown age band '{band}'. Choose from: {known}.").format(
            band=age_band, known=", ".join(AGE_BANDS))
    if not children:
        errors["children"] = _("Add the children's first names, one per line.")
    for number, child in enumerate(children, start=1):
        if "@" in child:
            problem = _("Pupils are not recorded with an e-mail address.")
        else:
            problem = validate_draft(AttendeeDraft(name=child, role="pupil")).get("name")
        if problem:
            errors["children"] = _("Child {number}: {problem}").format(
                number=number, problem=problem)
            break
    return errors


def add_school_group(
    store: Store, event_id: str, school: str, class_name: str, teacher_name: str,
    children: list[str], age_band: str,
) -> SchoolGroup:
    """Store a class with its teacher (role ``teacher``) and pupils (role ``pupil``, first
    name or nickname only) in one transaction; ValidationError stores nothing."""
    event = get_event(store, event_id)
    children = _clean_children(children)
    raise_if(_validate_group(school, class_name, teacher_name, children, age_band))
    now = utc_now()
    school, class_name = " ".join(school.split()), " ".join(class_name.split())
    group = {"id": new_id(), "event_id": event.id, "school": school,
             "class_name": class_name, "teacher_attendee_id": None, "age_band": age_band,
             "created_at": now, "updated_at": now}
    teacher = build_record(event.id, AttendeeDraft(
        name=teacher_name, audience="school_children", organisation=school, age_band="18+",
        role="teacher", group_id=group["id"], source="group",
        notes=_("Teacher of {class_name}").format(class_name=class_name)), now=now)
    group["teacher_attendee_id"] = teacher["id"]
    pupils = [build_record(event.id, AttendeeDraft(
        name=child, audience="school_children", organisation=school, age_band=age_band,
        role="pupil", group_id=group["id"], source="group"), now=now) for child in children]
    with store.transaction() as db:
        db["school_groups"].insert(group)
        db["attendees"].insert_all([teacher, *pupils])
    return get_group(store, group["id"])


def _group_from_row(row: dict, member_ids: list[str]) -> SchoolGroup:
    return SchoolGroup(
        id=row["id"], event_id=row["event_id"], school=row["school"],
        class_name=row["class_name"], teacher_attendee_id=row["teacher_attendee_id"],
        age_band=row["age_band"], pupil_count=row.get("pupil_count", 0),
        created_at=row["created_at"], updated_at=row["updated_at"], member_ids=member_ids,
    )


_GROUP_SQL = (
    "SELECT g.*, (SELECT count(*) FROM attendees a WHERE a.group_id = g.id "
    "AND a.role = 'pupil') AS pupil_count FROM school_groups g "
)


def get_group(store: Store, group_id: str) -> SchoolGroup:
    """The school group with *group_id*, or NotFoundError."""
    with store.read() as db:
        cursor = db.execute(_GROUP_SQL + "WHERE g.id = ?", [group_id])
        columns = [c[0] for c in cursor.description]
        row = cursor.fetchone()
        if row is None:
            raise NotFoundError(_("There is no school group with id {id}.").format(
                id=group_id))
        members = [r[0] for r in db.execute(
            "SELECT id FROM attendees WHERE group_id = ? ORDER BY role = 'pupil', name_fold",
            [group_id])]
    return _group_from_row(dict(zip(columns, row, strict=True)), members)


def list_groups(store: Store, event_id: str) -> list[SchoolGroup]:
    """The event's school groups, by school and class."""
    with store.read() as db:
        cursor = db.execute(_GROUP_SQL + "WHERE g.event_id = ? ORDER BY g.school, "
                            "g.class_name", [event_id])
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    return [_group_from_row(r, []) for r in rows]


def group_members(store: Store, group_id: str) -> list[Attendee]:
    """The teacher first, then the pupils by name."""
    with store.read() as db:
        rows = db["attendees"].rows_where(
            "group_id = ?", [group_id], order_by="role = 'pupil', name_fold, id")
        return [attendee_from_row(r) for r in rows]
