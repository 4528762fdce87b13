"""The rows of the attendance export: one per person, pupils counted per class.

Columns: name, organisation, audience, age band, group, checked in (yes/no), first
check-in (local time), desk, checked out, and the number of people the row stands for
and of them checked in. Pupils are never named here: each class is one row with its
counts, because no consent an attendee record holds (photos, being contacted) covers
being listed by name. Labels are in the document's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mscd_desktop.core.attendance import AttendanceRecord, attendance_records, local_time
from mscd_desktop.core.documents.language import DocumentLanguage
from mscd_desktop.core.events import Event
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", N_("Name")),
    ("organisation", N_("Organisation")),
    ("audience", N_("Audience")),
    ("age_band", N_("Age band")),
    ("group", N_("Group")),
    ("checked_in", N_("Checked in")),
    ("first_checkin", N_("First check-in")),
    ("desk", N_("Desk")),
    ("checked_out", N_("Checked out")),
    ("people", N_("People")),
    ("people_checked_in", N_("People checked in")),
)


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the export: a person, or a school class counted (``is_class``)."""

    name: str
    organisation: str
    audience: str  # translated label
    age_band: str
    group: str
    checked_in: bool | None  # None for a class row
    first_checkin: datetime | None  # local, aware
    desk: str
    checked_out: bool | None
    people: int
    people_checked_in: int
    is_class: bool = False


def _person_row(record: AttendanceRecord, lang: DocumentLanguage) -> AttendanceRow:
    person, presence = record.attendee, record.presence
    return AttendanceRow(
        name=person.name,
        organisation=person.organisation,
        audience=lang.audience(person.audience),
        age_band=person.age_band or "",
        group=record.group_label,
        checked_in=presence is not None,
        first_checkin=local_time(presence.first_in_at) if presence else None,
        desk=presence.first_desk if presence else "",
        checked_out=presence.checked_out if presence else False,
        people=1,
        people_checked_in=int(presence is not None),
    )


def _class_row(pupils: list[AttendanceRecord], lang: DocumentLanguage) -> AttendanceRow:
    came = [p.presence for p in pupils if p.presence is not None]
    first = min(came, key=lambda p: p.first_in_at) if came else None
    sample = pupils[0].attendee
    return AttendanceRow(
        name=lang.tr.ngettext(
            "{n} pupil (counted, not named)", "{n} pupils (counted, not named)", len(pupils)
        ).format(n=len(pupils)),
        organisation=sample.organisation,
        audience=lang.audience(sample.audience),
        age_band=sample.age_band or "",
        group=pupils[0].group_label or lang.tr.gettext("Pupils without a class"),
        checked_in=None,
        first_checkin=local_time(first.first_in_at) if first else None,
        desk=first.first_desk if first else "",
        checked_out=None,
        people=len(pupils),
        people_checked_in=len(came),
        is_class=True,
    )


def attendance_rows(store: Store, event: Event, lang: DocumentLanguage) -> list[AttendanceRow]:
    """The export's rows: people by name, then one counted row per school class."""
    people: list[AttendanceRow] = []
    classes: dict[str, list[AttendanceRecord]] = {}
    for record in attendance_records(store, event.id):
        if record.attendee.role == "pupil":
            classes.setdefault(record.attendee.group_id or "", []).append(record)
        else:
            people.append(_person_row(record, lang))
    counted = [_class_row(pupils, lang) for pupils in classes.values()]
    return people + sorted(counted, key=lambda row: row.group.casefold())


def headers(lang: DocumentLanguage) -> list[str]:
    """The column titles in *lang*."""
    return [lang.tr.gettext(title) for _key, title in COLUMNS]
