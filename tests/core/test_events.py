"""Events: validation at the field, duplicates, PIN, open/close."""

from __future__ import annotations

import pytest

from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import NotFoundError, ValidationError
from mscd_desktop.core.organiser_pin import pin_matches


def draft(**changes):
    fields = dict(
        name="Open House Linero",
        project="CITyFiED",
        city="Lund",
        date="2026-06-10",
        venue="Linero",
        audiences=("political", "technical"),
        languages=("sv", "en"),
        pin="2468",
    )
    fields.update(changes)
    return ev.EventDraft(**fields)


def test_created_event_keeps_every_field(store):
    event = ev.create_event(store, draft())
    again = ev.get_event(store, event.id)
    assert (again.name, again.project, again.city, again.venue, again.date) == (
        "Open House Linero",
        "CITyFiED",
        "Lund",
        "Linero",
        "2026-06-10",
    )
    assert again.audiences == ["political", "technical"]
    assert again.languages == ["sv", "en"]
    assert again.has_pin and again.status == "open"
    assert len(again.id) == 36 and again.created_at == again.updated_at


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "  "}, "name", "needs a name"),
        ({"date": "10/06/2026"}, "date", "YYYY-MM-DD"),
        ({"date": "2026-02-30"}, "date", "not a real day"),
        ({"project": "Atlantis"}, "project", "Unknown project 'Atlantis'"),
        ({"city": ""}, "city", "needs a city"),
        ({"languages": ("xx-yy-zz",)}, "languages", "not a language code"),
        ({"audiences": ("aliens",)}, "audiences", "Unknown audience"),
        ({"pin": "12a4"}, "pin", "4 to 8 digits"),
    ],
)
def test_bad_input_is_named_at_its_field_and_nothing_is_stored(store, changes, field, words):
    with pytest.raises(ValidationError) as caught:
        ev.create_event(store, draft(**changes))
    assert field in caught.value.errors
    assert words in caught.value.errors[field]
    assert ev.list_events(store) == []


def test_duplicate_event_is_refused(store):
    ev.create_event(store, draft())
    with pytest.raises(ValidationError, match="already exists") as caught:
        ev.create_event(store, draft(name=" open house LINERO ", pin=None))
    assert caught.value.field == "name"
    assert len(ev.list_events(store)) == 1


def test_editing_keeps_the_pin_unless_a_new_one_is_given(store):
    event = ev.create_event(store, draft())
    edited = ev.update_event(store, event.id, draft(venue="Eddan block", pin=None))
    assert edited.venue == "Eddan block"
    assert ev.check_pin(store, event.id, "2468")
    ev.update_event(store, event.id, draft(pin="97531"))
    assert ev.check_pin(store, event.id, "97531")
    assert not ev.check_pin(store, event.id, "2468")


def test_pin_is_stored_hashed(store):
    event = ev.create_event(store, draft())
    with store.read() as db:
        stored = db.execute("SELECT pin_hash FROM events WHERE id=?", [event.id]).fetchone()[0]
    scheme, _secret_id, *_params, salt, tag = stored.split("$")
    assert (scheme, len(salt), len(tag)) == ("scrypt-hmac1", 32, 64)
    assert pin_matches("2468", stored) and not pin_matches("2469", stored)


def test_open_and_close_set_and_clear_the_current_event(store):
    event = ev.create_event(store, draft())
    assert ev.current_event(store) is None
    ev.open_event(store, event.id)
    assert ev.current_event(store).id == event.id
    closed = ev.close_event(store, event.id)
    assert closed.status == "closed" and ev.current_event(store) is None
    assert ev.reopen_event(store, event.id).status == "open"


def test_resolve_without_an_open_event_says_what_to_do(store):
    with pytest.raises(NotFoundError, match="No event is open"):
        ev.resolve_event(store, None)


def test_projects_list_is_editable_but_keeps_used_ones(store):
    assert set(ev.DEFAULT_PROJECTS) <= set(ev.list_projects(store))
    ev.add_project(store, "POCITYF")
    event = ev.create_event(store, draft(project="POCITYF"))
    with pytest.raises(ValidationError, match="used by 1"):
        ev.remove_project(store, "POCITYF")
    ev.update_event(store, event.id, draft(project="ZenN", pin=None))
    ev.remove_project(store, "POCITYF")
    assert "POCITYF" not in ev.list_projects(store)
