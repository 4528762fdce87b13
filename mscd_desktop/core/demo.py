"""The demo event: an Open House in Valladolid (Torrelago) for CITyFiED, with sample data.

Other capabilities add their sample data by listing a function in ``DEMO_CONTRIBUTORS``
(imported here; called with the store and the demo event).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from mscd_desktop.core import events as ev
from mscd_desktop.core.attendee_demo import add_demo_attendees
from mscd_desktop.core.checkin import add_demo_checkins
from mscd_desktop.core.energy.demo import add_demo_energy
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.quiz.demo import add_demo_games
from mscd_desktop.core.store import Store

DEMO_EVENT_KEY = "demo_event_id"
DEMO_PIN = "1234"

DEMO_CONTRIBUTORS: tuple[Callable[[Store, ev.Event], None], ...] = (
    add_demo_energy,
    add_demo_attendees,
    add_demo_checkins,
    add_demo_games,
)


def demo_draft(day: date | None = None) -> ev.EventDraft:
    """The demo event's fields; it takes place today, so every screen has something live."""
    return ev.EventDraft(
        name="Open House Torrelago: biomass district heating",
        project="CITyFiED",
        city="Valladolid",
        venue="Torrelago district heating plant, Laguna de Duero",
        date=(day or date.today()).isoformat(),
        audiences=("school_children", "citizens", "technical", "press"),
        languages=("es", "en"),
        pin=DEMO_PIN,
    )


def create_demo(store: Store) -> ev.Event:
    """Create the demo event with its sample data (once) and open it."""
    existing = store.get_state(DEMO_EVENT_KEY)
    if existing:
        try:
            return ev.open_event(store, existing)
        except NotFoundError:
            pass
    draft = demo_draft()
    event = next(
        (e for e in ev.list_events(store) if e.name == draft.name and e.date == draft.date), None
    )
    if event is None:
        event = ev.create_event(store, draft)
    for contribute in DEMO_CONTRIBUTORS:
        contribute(store, event)
    store.set_state(DEMO_EVENT_KEY, event.id)
    return ev.open_event(store, event.id)
