"""Attendees of an event: people, school groups and walk-ins.

Adults are stored with their full name; pupils by first name or nickname only, never with
a surname or an e-mail (GDPR Art. 8 and Recital 38: children merit specific protection).
A school group is a teacher plus the pupils of one class, written in one transaction.
Spreadsheet imports live in :mod:`mscd_desktop.core.importing`; the dataclasses and the
validation shared with them live in :mod:`mscd_desktop.core.attendee_records` and are
re-exported here.
"""

from __future__ import annotations

import sqlite_utils

from mscd_desktop.core.attendee_records import (
    AGE_BANDS,
    FORMULA_FLAG,
    NAME_MAX,
    ROLES,
    SOURCES,
    TEXT_MAX,
    Attendee,
    AttendeeDraft,
    SchoolGroup,
    attendee_from_row,
    build_record,
    clean_email,
    clean_text,
    fold,
    has_letter_or_digit,
    looks_like_formula,
    raise_if,
    role_label,
    validate_draft,
)
from mscd_desktop.core.errors import NotFoundError, ValidationError
from mscd_desktop.core.events import get_event
from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

__all__ = [
    "AGE_BANDS",
    "FORMULA_FLAG",
    "MIGRATIONS",
    "NAME_MAX",
    "ROLES",
    "SOURCES",
    "TEXT_MAX",
    "Attendee",
    "AttendeeDraft",
    "SchoolGroup",
    "add_attendee",
    "add_school_group",
    "attendee_from_row",
    "build_record",
    "clean_email",
    "clean_text",
    "count_by_audience",
    "find_similar",
    "fold",
    "get_attendee",
    "get_group",
    "group_members",
    "has_letter_or_digit",
    "list_attendees",
    "list_groups",
    "looks_like_formula",
    "raise_if",
    "register_walk_in",
    "role_label",
    "search_attendees",
    "update_attendee",
    "validate_draft",
]


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
    db.execute(
        "CREATE UNIQUE INDEX idx_attendees_import_key "
        "ON attendees(event_id, import_key) WHERE import_key IS NOT NULL"
    )
    db.execute("CREATE INDEX idx_school_groups_event ON school_groups(event_id)")


def _drop_unused_indexes(db: sqlite_utils.Database) -> None:
    """No query uses the e-mail index (duplicates are found through the event's folded
    names), and it costs a page written at a random place per row imported. The
    ``lower(name)`` index is unused too but stays: it holds each name a second time, which
    lets ``PRAGMA integrity_check`` notice a name damaged on disk."""
    db.execute("DROP INDEX IF EXISTS idx_attendees_email")


MIGRATIONS = [_create_tables, _drop_unused_indexes]


# -- people -------------------------------------------------------------------------------


def add_attendee(store: Store, event_id: str, draft: AttendeeDraft) -> Attendee:
    """Store one attendee; ValidationError (nothing stored) when *draft* is wrong."""
    get_event(store, event_id)
    raise_if(validate_draft(draft))
    record = build_record(event_id, draft)
    with store.transaction() as db:
        db.table("attendees").insert(record)
    return attendee_from_row(record)


def register_walk_in(
    store: Store,
    event_id: str,
    name: str,
    audience: str,
    organisation: str = "",
    email: str | None = None,
    age_band: str | None = None,
    consent_photo: bool = False,
    consent_contact: bool = False,
) -> Attendee:
    """Register someone who turned up without registering (an adult, source ``walk_in``)."""
    if not audience:
        raise ValidationError(_("Choose who the person is (an audience)."), field="audience")
    draft = AttendeeDraft(
        name=name,
        audience=audience,
        organisation=organisation,
        email=email,
        age_band=age_band,
        role="adult",
        consent_photo=consent_photo,
        consent_contact=consent_contact,
        source="walk_in",
    )
    return add_attendee(store, event_id, draft)


def update_attendee(store: Store, attendee_id: str, draft: AttendeeDraft) -> Attendee:
    """Change an attendee's details (id, event, source and creation time stay)."""
    old = get_attendee(store, attendee_id)
    raise_if(validate_draft(draft))
    record = build_record(old.event_id, draft)
    changes = {
        k: v
        for k, v in record.items()
        if k not in ("id", "event_id", "source", "import_key", "created_at")
    }
    with store.transaction() as db:
        db.table("attendees").update(attendee_id, changes)
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
        rows = db["attendees"].rows_where("event_id = ?", [event_id], order_by="name_fold, id")
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
            "GROUP BY 1 ORDER BY 1",
            [event_id],
        ).fetchall()
    return {audience: count for audience, count in rows}


def find_similar(
    store: Store, event_id: str, name: str, email: str | None = None, limit: int = 5
) -> list[Attendee]:
    """Adults already registered under the same name (accents and case ignored) or the
    same e-mail: at the door, a "walk-in" is often someone who registered."""
    name_key, email_key = fold(name), clean_email(email)
    if not name_key and not email_key:
        return []
    with store.read() as db:
        rows = db["attendees"].rows_where(
            "event_id = ? AND role != 'pupil' AND (name_fold = ? OR (? IS NOT NULL AND email = ?))",
            [event_id, name_key, email_key, email_key],
            order_by="name_fold, id",
            limit=limit,
        )
        return [attendee_from_row(r) for r in rows]


# -- school groups ------------------------------------------------------------------------


def _clean_children(children: list[str]) -> list[str]:
    return [" ".join(c.split()) for c in children if c.strip()]


def _validate_group(
    school: str, class_name: str, teacher_name: str, children: list[str], age_band: str
) -> dict[str, str]:
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
            band=age_band, known=", ".join(AGE_BANDS)
        )
    if not children:
        errors["children"] = _("Add the children's first names, one per line.")
    for number, child in enumerate(children, start=1):
        problem: str | None
        if "@" in child:
            problem = _("Pupils are not recorded with an e-mail address.")
        else:
            problem = validate_draft(AttendeeDraft(name=child, role="pupil")).get("name")
        if problem:
            errors["children"] = _("Child {number}: {problem}").format(
                number=number, problem=problem
            )
            break
    return errors


def add_school_group(
    store: Store,
    event_id: str,
    school: str,
    class_name: str,
    teacher_name: str,
    children: list[str],
    age_band: str,
) -> SchoolGroup:
    """Store a class with its teacher (role ``teacher``) and pupils (role ``pupil``, first
    name or nickname only) in one transaction; ValidationError stores nothing."""
    event = get_event(store, event_id)
    children = _clean_children(children)
    raise_if(_validate_group(school, class_name, teacher_name, children, age_band))
    now = utc_now()
    school, class_name = " ".join(school.split()), " ".join(class_name.split())
    group_id = new_id()
    group = {
        "id": group_id,
        "event_id": event.id,
        "school": school,
        "class_name": class_name,
        "teacher_attendee_id": None,
        "age_band": age_band,
        "created_at": now,
        "updated_at": now,
    }
    teacher = build_record(
        event.id,
        AttendeeDraft(
            name=teacher_name,
            audience="school_children",
            organisation=school,
            age_band="18+",
            role="teacher",
            group_id=group["id"],
            source="group",
            notes=_("Teacher of {class_name}").format(class_name=class_name),
        ),
        now=now,
    )
    group["teacher_attendee_id"] = teacher["id"]
    pupils = [
        build_record(
            event.id,
            AttendeeDraft(
                name=child,
                audience="school_children",
                organisation=school,
                age_band=age_band,
                role="pupil",
                group_id=group["id"],
                source="group",
            ),
            now=now,
        )
        for child in children
    ]
    with store.transaction() as db:
        db.table("school_groups").insert(group)
        db.table("attendees").insert_all([teacher, *pupils])
    return get_group(store, group_id)


def _group_from_row(row: dict, member_ids: list[str]) -> SchoolGroup:
    return SchoolGroup(
        id=row["id"],
        event_id=row["event_id"],
        school=row["school"],
        class_name=row["class_name"],
        teacher_attendee_id=row["teacher_attendee_id"],
        age_band=row["age_band"],
        pupil_count=row.get("pupil_count", 0),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        member_ids=member_ids,
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
            raise NotFoundError(_("There is no school group with id {id}.").format(id=group_id))
        members = [
            r[0]
            for r in db.execute(
                "SELECT id FROM attendees WHERE group_id = ? ORDER BY role = 'pupil', name_fold",
                [group_id],
            )
        ]
    return _group_from_row(dict(zip(columns, row, strict=True)), members)


def list_groups(store: Store, event_id: str) -> list[SchoolGroup]:
    """The event's school groups, by school and class."""
    with store.read() as db:
        cursor = db.execute(
            _GROUP_SQL + "WHERE g.event_id = ? ORDER BY g.school, g.class_name", [event_id]
        )
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    return [_group_from_row(r, []) for r in rows]


def group_members(store: Store, group_id: str) -> list[Attendee]:
    """The teacher first, then the pupils by name."""
    with store.read() as db:
        rows = db["attendees"].rows_where(
            "group_id = ?", [group_id], order_by="role = 'pupil', name_fold, id"
        )
        return [attendee_from_row(r) for r in rows]
