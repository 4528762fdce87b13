"""Events: an Open House day of one cluster project in one city.

Create, edit, open (make current), close and reopen events; the organiser PIN that guards
kiosk exit and admin actions is kept only as a keyed scrypt hash, and checked with a
growing wait after wrong tries (:mod:`mscd_desktop.core.organiser_pin`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils
from babel import Locale, UnknownLocaleError

from mscd_desktop.core.errors import NotFoundError, ValidationError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.ids import stamped, utc_now
from mscd_desktop.core.organiser_pin import check_pin as check_pin
from mscd_desktop.core.organiser_pin import hash_pin, reset_attempts
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _, ngettext

DEFAULT_PROJECTS = ("CITyFiED", "R2CITIES", "ZenN", "EU-GUGLE", "CELSIUS", "SINFONIA")

AUDIENCES: dict[str, str] = {
    "school_children": N_("School children"),
    "citizens": N_("Citizens"),
    "political": N_("Political stakeholders"),
    "technical": N_("Technical stakeholders"),
    "financial": N_("Financial stakeholders"),
    "press": N_("Press"),
    "other": N_("Other"),
}

CURRENT_EVENT_KEY = "current_event_id"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PIN = re.compile(r"^\d{4,8}$")


def audience_label(code: str) -> str:
    """The translated name of an audience code."""
    return _(AUDIENCES[code]) if code in AUDIENCES else code


@dataclass(frozen=True)
class EventDraft:
    """What a person fills in to create or edit an event."""

    name: str
    project: str
    city: str
    date: str
    venue: str = ""
    audiences: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    pin: str | None = None  # None keeps the current PIN when editing


@dataclass(frozen=True)
class Event:
    """A stored event."""

    id: str
    name: str
    project: str
    city: str
    venue: str
    date: str
    audiences: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    status: str = "open"
    has_pin: bool = False
    created_at: str = ""
    updated_at: str = ""

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "id": self.id,
            "name": self.name,
            "project": self.project,
            "city": self.city,
            "venue": self.venue,
            "date": self.date,
            "audiences": list(self.audiences),
            "languages": list(self.languages),
            "status": self.status,
            "has_pin": self.has_pin,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


def _create_tables(db: sqlite_utils.Database) -> None:
    db.table("projects").create({"name": str, "created_at": str}, pk="name")
    db.table("projects").insert_all(
        [{"name": p, "created_at": utc_now()} for p in DEFAULT_PROJECTS]
    )
    db.table("events").create(
        {
            "id": str,
            "name": str,
            "project": str,
            "city": str,
            "venue": str,
            "date": str,
            "audiences": str,
            "languages": str,
            "status": str,
            "pin_hash": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"name", "project", "city", "date", "status"},
    )
    db.table("events").create_index(["date"])


MIGRATIONS = [_create_tables]


# -- validation -------------------------------------------------------------------------


def _language_ok(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def validate_event(draft: EventDraft, projects: list[str]) -> dict[str, str]:
    """Every problem with *draft*, by field name (empty when it is fine)."""
    errors: dict[str, str] = {}
    if not draft.name.strip():
        errors["name"] = _("The event needs a name.")
    elif len(draft.name.strip()) > 200:
        errors["name"] = _("The name is too long (200 characters at most).")
    if not draft.project:
        errors["project"] = _("Choose the cluster project.")
    elif draft.project not in projects:
        errors["project"] = _("Unknown project '{project}'. Known projects: {known}.").format(
            project=draft.project, known=", ".join(projects)
        )
    if not draft.city.strip():
        errors["city"] = _("The event needs a city.")
    if not _DATE.match(draft.date.strip()):
        errors["date"] = _("'{date}' is not a date; write it as YYYY-MM-DD.").format(
            date=draft.date
        )
    else:
        try:
            date.fromisoformat(draft.date.strip())
        except ValueError:
            errors["date"] = _("'{date}' is not a real day of the calendar.").format(
                date=draft.date
            )
    bad = [a for a in draft.audiences if a not in AUDIENCES]
    if bad:
        errors["audiences"] = _("Unknown audience '{audience}'. Choose from: {known}.").format(
            audience=bad[0], known=", ".join(AUDIENCES)
        )
    if not draft.languages:
        errors["languages"] = _("Choose at least one language.")
    else:
        bad = [code for code in draft.languages if not _language_ok(code)]
        if bad:
            errors["languages"] = _("'{code}' is not a language code (e.g. en, es, sv).").format(
                code=bad[0]
            )
    if draft.pin is not None and draft.pin != "" and not _PIN.match(draft.pin):
        errors["pin"] = _("The PIN must be 4 to 8 digits.")
    return errors


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        first = next(iter(errors))
        raise ValidationError(" ".join(errors.values()), field=first, errors=errors)


# -- records ----------------------------------------------------------------------------


def _event_from_row(row: dict) -> Event:
    return Event(
        id=row["id"],
        name=row["name"],
        project=row["project"],
        city=row["city"],
        venue=row["venue"] or "",
        date=row["date"],
        audiences=json.loads(row["audiences"] or "[]"),
        languages=json.loads(row["languages"] or "[]"),
        status=row["status"],
        has_pin=bool(row["pin_hash"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def list_projects(store: Store) -> list[str]:
    """The cluster projects an event can belong to."""
    with store.read() as db:
        return [r["name"] for r in db["projects"].rows_where(order_by="name COLLATE NOCASE")]


def add_project(store: Store, name: str) -> str:
    """Add a project to the editable list; returns the cleaned name."""
    name = name.strip()
    if not name:
        raise ValidationError(_("A project needs a name."), field="project")
    with store.transaction() as db:
        db.table("projects").insert({"name": name, "created_at": utc_now()}, ignore=True)
    return name


def remove_project(store: Store, name: str) -> None:
    """Remove a project nobody's event uses."""
    with store.transaction() as db:
        used = db.execute("SELECT count(*) FROM events WHERE project = ?", [name]).fetchone()[0]
        if used:
            raise ValidationError(
                ngettext(
                    "'{project}' is used by {count} event and stays in the list.",
                    "'{project}' is used by {count} events and stays in the list.",
                    used,
                ).format(project=name, count=current_formats().integer(used)),
                field="project",
            )
        db.table("projects").delete_where("name = ?", [name])


def _duplicate_of(db: sqlite_utils.Database, draft: EventDraft, skip_id: str | None) -> bool:
    row = db.execute(
        "SELECT id FROM events WHERE lower(trim(name)) = lower(?) AND date = ? "
        "AND lower(trim(city)) = lower(?) AND id IS NOT ?",
        [draft.name.strip(), draft.date.strip(), draft.city.strip(), skip_id],
    ).fetchone()
    return row is not None


def _fields(draft: EventDraft) -> dict:
    return {
        "name": draft.name.strip(),
        "project": draft.project,
        "city": draft.city.strip(),
        "venue": draft.venue.strip(),
        "date": draft.date.strip(),
        "audiences": json.dumps(list(dict.fromkeys(draft.audiences))),
        "languages": json.dumps(list(dict.fromkeys(draft.languages))),
    }


def _duplicate_error() -> ValidationError:
    message = _("An event with this name, city and date already exists.")
    return ValidationError(message, field="name")


def create_event(store: Store, draft: EventDraft) -> Event:
    """Store a new event; raises ValidationError (nothing stored) when *draft* is wrong."""
    _raise_if(validate_event(draft, list_projects(store)))
    with store.transaction() as db:
        if _duplicate_of(db, draft, None):
            raise _duplicate_error()
        record = stamped(
            {
                **_fields(draft),
                "status": "open",
                "pin_hash": hash_pin(draft.pin) if draft.pin else None,
            }
        )
        db.table("events").insert(record)
    return get_event(store, record["id"])


def update_event(store: Store, event_id: str, draft: EventDraft) -> Event:
    """Change an event; ``draft.pin`` None keeps the PIN, "" removes it."""
    get_event(store, event_id)
    _raise_if(validate_event(draft, list_projects(store)))
    with store.transaction() as db:
        if _duplicate_of(db, draft, event_id):
            raise _duplicate_error()
        changes = {**_fields(draft), "updated_at": utc_now()}
        if draft.pin is not None:
            changes["pin_hash"] = hash_pin(draft.pin) if draft.pin else None
            reset_attempts(db, event_id)  # a new PIN ends the wait the old one earned
        db.table("events").update(event_id, changes)
    return get_event(store, event_id)


def get_event(store: Store, event_id: str) -> Event:
    """The event with *event_id*, or NotFoundError."""
    with store.read() as db:
        rows = list(db["events"].rows_where("id = ?", [event_id]))
    if not rows:
        raise NotFoundError(_("There is no event with id {id}.").format(id=event_id))
    return _event_from_row(rows[0])


def list_events(store: Store) -> list[Event]:
    """All events, newest date first."""
    with store.read() as db:
        rows = db["events"].rows_where(order_by="date DESC, name COLLATE NOCASE")
        return [_event_from_row(r) for r in rows]


def open_event(store: Store, event_id: str) -> Event:
    """Make *event_id* the current event (the one commands use without ``--event``)."""
    event = get_event(store, event_id)
    store.set_state(CURRENT_EVENT_KEY, event.id)
    return event


def current_event(store: Store) -> Event | None:
    """The event opened last, if it still exists."""
    event_id = store.get_state(CURRENT_EVENT_KEY)
    if not event_id:
        return None
    try:
        return get_event(store, event_id)
    except NotFoundError:
        return None


def resolve_event(store: Store, event_id: str | None) -> Event:
    """*event_id*'s event, or the current one; a clear error when there is none."""
    if event_id:
        return get_event(store, event_id)
    event = current_event(store)
    if event is None:
        raise NotFoundError(
            _("No event is open. Create one (mscd event create) or pass --event ID.")
        )
    return event


def _set_status(store: Store, event_id: str, status: str) -> Event:
    get_event(store, event_id)
    with store.transaction() as db:
        db.table("events").update(event_id, {"status": status, "updated_at": utc_now()})
    return get_event(store, event_id)


def close_event(store: Store, event_id: str) -> Event:
    """Mark the event finished; it stays readable for reports and sync."""
    event = _set_status(store, event_id, "closed")
    if store.get_state(CURRENT_EVENT_KEY) == event_id:
        store.set_state(CURRENT_EVENT_KEY, None)
    return event


def reopen_event(store: Store, event_id: str) -> Event:
    """Undo :func:`close_event`."""
    return _set_status(store, event_id, "open")
