"""A small Open House to report on: adults, a school class, check-ins, kiosk games."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from report_helpers import NAMES, play

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.checkin import CheckInDesk


@dataclass
class Day:
    """The event and the people of the fixture, by name."""

    event: ev.Event
    people: dict[str, at.Attendee]
    group: at.SchoolGroup


@pytest.fixture
def day(store) -> Day:
    """An event in Spanish (then English): four adults with names from four scripts, one
    of them a phone-number organisation, one not checked in, and a class of three pupils
    who all came; two pupils played at the kiosk (one in Swedish)."""
    event = ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Torrelago",
            project="CITyFiED",
            city="Valladolid",
            venue="Torrelago",
            date="2026-11-25",
            audiences=("school_children", "citizens", "technical", "political"),
            languages=("es", "en"),
        ),
    )
    people = {}
    for name, audience, organisation in zip(
        NAMES,
        ("technical", "citizens", "political", "technical"),
        ('=HYPERLINK("http://x")', "+34 600 000 000", "  @SUM(A1)", "Universidad de Valladolid"),
        strict=True,
    ):
        people[name] = at.register_walk_in(store, event.id, name, audience, organisation)
    people["Absent Person"] = at.register_walk_in(
        store, event.id, "Absent Person", "citizens", "-5"
    )
    group = at.add_school_group(
        store, event.id, "CEIP Torrelago", "5º A", "Marta Ruiz", ["Lucía", "Hugo", "Leo"], "8-11"
    )
    for member in at.group_members(store, group.id):
        people[member.name] = member
    desk = CheckInDesk(store, event.id, "B")
    for name in NAMES:
        desk.check_in_attendee(people[name].id)
    desk.check_in_group(group.id)
    play(
        store,
        event.id,
        "Lucía",
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
        attendee=people["Lucía"].id,
        group=group.id,
    )
    play(
        store,
        event.id,
        "Hugo",
        [1, 0, 0, 1],
        language="sv",
        attendee=people["Hugo"].id,
        group=group.id,
    )
    return Day(event, people, group)
