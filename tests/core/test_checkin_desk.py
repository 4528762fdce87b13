"""The desk's own work, the same for the screen and the CLI: closed events, walk-ins,
joined scans, undo and redo, and noticing check-ins made elsewhere."""

from __future__ import annotations

from datetime import date

import pytest

from mscd_desktop.core import attendees as at
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import presence
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.outcomes import Outcome, Reason
from mscd_desktop.core.store import Store

DAY = date(2026, 6, 10)


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Torrelago",
            project="CITyFiED",
            city="Valladolid",
            date=DAY.isoformat(),
            audiences=("school_children", "citizens", "press"),
        ),
    )


@pytest.fixture
def people(store, event):
    ana = at.add_attendee(store, event.id, at.AttendeeDraft(name="Ana García", audience="citizens"))
    bo = at.add_attendee(store, event.id, at.AttendeeDraft(name="Bo Nilsson", audience="press"))
    group = at.add_school_group(
        store, event.id, "CEIP Torrelago", "5º A", "Marta Ruiz", ["Lucía", "Pablo"], "8-11"
    )
    tk.issue_missing_tickets(store, event.id)
    return ana, bo, group


@pytest.fixture
def desk(store, event):
    return ci.CheckInDesk(store, event.id, "A", today=lambda: DAY)


def _code(store, event, attendee_id=None, group_id=None):
    return next(
        t.code
        for t in tk.list_tickets(store, event.id)
        if (attendee_id and t.attendee_id == attendee_id and not t.group_id)
        or (group_id and t.group_id == group_id)
    )


def test_a_closed_event_refuses_every_way_in_but_lets_people_out(store, event, people, desk):
    ana, bo, group = people
    desk.check_in_attendee(bo.id)
    ev.close_event(store, event.id)  # while the desk is open
    refused = [
        desk.scan(_code(store, event, ana.id)),
        desk.check_in_attendee(ana.id),
        desk.check_in_group(group.id),
        desk.scan(_code(store, event, group_id=group.id)),
    ]
    for verdict in refused:
        assert (verdict.status, verdict.reason) == (Outcome.EVENT_CLOSED, Reason.EVENT_CLOSED)
        assert not verdict.admits and verdict.title() == "Event closed"
    assert refused[0].attendee.id == ana.id and "Reopen" in refused[0].message()
    assert desk.check_out(bo.id).status == Outcome.CHECKED_OUT
    assert ci.checked_in_ids(store, event.id) == {bo.id}
    ev.reopen_event(store, event.id)
    assert desk.check_in_attendee(ana.id).status == Outcome.VALID


def test_a_walk_in_is_ticketed_and_admitted_in_one_go(store, event, desk):
    dana = at.register_walk_in(store, event.id, "Dana Öberg", "press")
    verdict = desk.admit_walk_in(dana.id)
    assert verdict.status == Outcome.VALID and verdict.attendee.id == dana.id
    (ticket,) = [t for t in tk.list_tickets(store, event.id) if t.attendee_id == dana.id]
    with store.read() as db:
        row = db.execute(
            "SELECT ticket_id, method, desk FROM checkins WHERE attendee_id = ?", [dana.id]
        ).fetchone()
    assert row == (ticket.id, "walk_in", "A")
    assert desk.scan(ticket.code).status == Outcome.JUST_SCANNED  # its own ticket works


def test_a_class_registered_at_the_desk_gets_its_tickets(store, event, desk):
    group = at.add_school_group(
        store, event.id, "Linero skola", "4B", "Eva Holm", ["Alva", "Noah", "Elsa"], "8-11"
    )
    assert desk.ticket_group(group.id) == 5  # a class ticket, the teacher and three pupils
    assert desk.ticket_group(group.id) == 0
    verdict = desk.scan(_code(store, event, group_id=group.id))
    assert verdict.status == Outcome.VALID and verdict.admitted == 4


def test_two_codes_run_together_are_two_check_ins(store, event, people, desk):
    ana, bo, _group = people
    joined = _code(store, event, ana.id) + _code(store, event, bo.id)
    verdicts = list(desk.scan_each(joined))
    assert [v.attendee.name for v in verdicts] == ["Ana García", "Bo Nilsson"]
    assert all(v.status == Outcome.VALID for v in verdicts)
    assert [v.status for v in desk.scan_each(_code(store, event, ana.id))] == [Outcome.JUST_SCANNED]


def test_undo_says_who_and_redo_puts_them_back(store, event, people, desk):
    ana, _bo, group = people
    desk.check_in_attendee(ana.id)
    undone = desk.undo_last()
    assert undone.names == ("Ana García",) and undone.group is None
    assert ci.checked_in_ids(store, event.id) == set()
    again = desk.redo(undone)
    assert again.names == ("Ana García",)
    assert ci.checked_in_ids(store, event.id) == {ana.id}
    desk.check_in_group(group.id)
    undone = desk.undo_last()
    assert undone.group == "5º A, CEIP Torrelago" and undone.count == 3
    desk.redo(undone)
    assert desk.counters().checked_in == 4


def test_a_repeat_remembers_what_it_repeats(store, event, people, desk):
    code = _code(store, event, people[0].id)
    assert desk.scan(code).admits
    repeat = desk.scan(code)
    assert repeat.status == Outcome.JUST_SCANNED and repeat.repeat_of == Outcome.VALID
    assert repeat.admits and not repeat.admitted_now
    junk = desk.scan("0" * 40)
    assert not junk.admits and not desk.scan("0" * 40).admits


def test_search_marks_who_is_inside(store, event, people, desk):
    desk.check_in_attendee(people[1].id)
    assert [(a.name, inside) for a, inside in desk.search("nilsson")] == [("Bo Nilsson", True)]


def test_a_check_in_from_another_process_changes_the_change_count(store, event, people, data_dir):
    before = presence.change_count(store)
    assert presence.change_count(store) == before  # nothing happened
    with Store.open(data_dir) as cli_store:  # the CLI: another connection
        ci.CheckInDesk(cli_store, event.id, "CLI", today=lambda: DAY).check_in_attendee(
            people[0].id
        )
    assert presence.change_count(store) != before
    assert ci.counters(store, event.id).checked_in == 1


def test_presence_is_a_record_not_a_tuple(store, event, people, desk):
    desk.check_in_attendee(people[0].id)
    with store.read() as db:
        state = presence.presence_of(db, people[0].id)
    assert state.inside and state.first_desk == "A" and state.last_desk == "A"
    assert state.first_in_at == state.last_at


def test_a_scan_retried_after_a_failed_write_is_checked_again(store, event, people, desk):
    import sqlite3
    from contextlib import contextmanager

    code = _code(store, event, people[0].id)
    working = store.transaction

    @contextmanager
    def full_disk():
        raise sqlite3.OperationalError("database or disk is full")
        yield

    store.transaction = full_disk
    with pytest.raises(sqlite3.OperationalError):
        desk.scan(code)
    store.transaction = working
    assert desk.scan(code).status == Outcome.VALID  # not "just scanned": it was never stored
