"""Check-in verdicts, undo, check-out, group check-in and counters."""

from __future__ import annotations

import time
from datetime import date

import pytest

from mscd_desktop.core import attendees as at
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import ticket_keys as keys
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.outcomes import Outcome, Reason

DAY = date(2026, 6, 10)


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


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
        store, event.id, "CEIP Torrelago", "5º A", "Marta Ruiz", ["Lucía", "Pablo", "Iker"], "8-11"
    )
    tk.issue_missing_tickets(store, event.id)
    return ana, bo, group


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def desk(store, event, clock):
    return ci.CheckInDesk(store, event.id, "A", today=lambda: DAY, clock=clock, wall=clock)


def _ticket(store, event, attendee_id=None, group_id=None):
    return next(
        t
        for t in tk.list_tickets(store, event.id)
        if (attendee_id and t.attendee_id == attendee_id and not t.group_id)
        or (group_id and t.group_id == group_id)
    )


def test_valid_scan_admits_and_is_on_disk(store, event, people, desk, data_dir):
    ana = people[0]
    verdict = desk.scan(_ticket(store, event, ana.id).code + "\r")
    assert verdict.status == Outcome.VALID and verdict.attendee.id == ana.id
    assert verdict.audience == "Citizens" and verdict.title() == "Ana García"
    from mscd_desktop.core.store import Store

    with Store.open(data_dir) as other:  # a second connection sees the committed row
        assert ci.checked_in_ids(other, event.id) == {ana.id}


def test_same_code_within_seconds_is_just_scanned_then_already(store, event, people, desk, clock):
    code = _ticket(store, event, people[0].id).code
    assert desk.scan(code).status == Outcome.VALID
    clock.now += 1
    assert desk.scan(code).status == Outcome.JUST_SCANNED
    clock.now += 10
    again = desk.scan(code)
    assert again.status == Outcome.ALREADY and again.first_desk == "A"
    assert "desk A" in again.message() and again.first_at


def test_another_desk_sees_already_checked_in(store, event, people, desk):
    code = _ticket(store, event, people[0].id).code
    desk.scan(code)
    other = ci.CheckInDesk(store, event.id, "B", today=lambda: DAY)
    verdict = other.scan(code)
    assert verdict.status == Outcome.ALREADY and verdict.first_desk == "A"


def test_misread_forged_altered_other_event(store, event, people, desk):
    code = _ticket(store, event, people[0].id).code
    flipped = code[:10] + str((int(code[10]) + 3) % 10) + code[11:]
    assert desk.scan(flipped).status == Outcome.MISREAD
    assert desk.scan("hello world").status == Outcome.UNREADABLE
    # altered: role changed from adult to class and the check digit recomputed
    from mscd_desktop.core import ticket_codes as tc

    payload, sig = tc.split_code(code)
    changed = bytes([payload[0] | 0b1000]) + payload[1:]
    verdict = desk.scan(tc.encode_code(changed, sig))
    assert (verdict.status, verdict.reason) == (Outcome.FORGED, Reason.ALTERED)
    other = ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Linero", project="CITyFiED", city="Lund", date=DAY.isoformat()
        ),
    )
    verdict = ci.CheckInDesk(store, other.id, "A", today=lambda: DAY).scan(code)
    assert verdict.status == Outcome.OTHER_EVENT and "Open House Torrelago" in verdict.message()
    assert ci.checked_in_ids(store, event.id) == set()


def test_cancelled_and_replaced_tickets_are_refused(store, event, people, desk):
    old = _ticket(store, event, people[0].id)
    new = tk.reissue_ticket(store, old.id)
    verdict = desk.scan(old.code)
    assert (verdict.status, verdict.reason) == (Outcome.CANCELLED, Reason.REPLACED)
    tk.revoke_ticket(store, _ticket(store, event, people[1].id).id)
    assert desk.scan(_ticket_code_of_revoked(store, event, people[1].id)).reason == Reason.REVOKED
    assert desk.scan(new.code).status == Outcome.VALID


def _ticket_code_of_revoked(store, event, attendee_id):
    return next(
        t.code
        for t in tk.list_tickets(store, event.id, active_only=False)
        if t.attendee_id == attendee_id and t.revoked
    )


def test_short_code_typed_by_hand_admits(store, event, people, desk):
    ticket = _ticket(store, event, people[1].id)
    assert desk.scan(ticket.short_code).status == Outcome.VALID
    digits = ticket.short_code.replace("-", "")
    wrong = digits[:3] + str((int(digits[3]) + 1) % 10) + digits[4:]
    assert desk.scan(wrong).status == Outcome.MISREAD  # the check digit caught it


def test_class_ticket_admits_the_whole_group(store, event, people, desk, clock):
    group = people[2]
    verdict = desk.scan(_ticket(store, event, group_id=group.id).code)
    assert verdict.status == Outcome.VALID and verdict.admitted == 4 and verdict.group_size == 4
    assert ci.counters(store, event.id).by_audience["school_children"] == (4, 4, 4)
    clock.now += 10
    assert desk.scan(_ticket(store, event, group_id=group.id).code).status == Outcome.ALREADY


def test_group_check_in_skips_those_already_inside(store, event, people, desk):
    group = people[2]
    pupil = next(a for a in at.group_members(store, group.id) if a.role == "pupil")
    desk.check_in_attendee(pupil.id)
    verdict = desk.check_in_group(group.id)
    assert verdict.admitted == 3 and verdict.group_size == 4
    assert desk.undo_last().count == 3
    assert ci.checked_in_ids(store, event.id) == {pupil.id}


def test_undo_takes_back_the_last_check_in_only(store, event, people, desk):
    ana, bo, _group = people
    desk.check_in_attendee(ana.id)
    desk.check_in_attendee(bo.id)
    assert desk.undo_last().names == ("Bo Nilsson",)
    assert ci.checked_in_ids(store, event.id) == {ana.id}
    assert desk.undo_last().count == 1 and desk.undo_last() is None
    assert desk.scan(_ticket(store, event, ana.id).code).status == Outcome.VALID


def test_check_out_and_inside_count(store, event, people, desk, clock):
    ana, bo, _group = people
    desk.check_in_attendee(ana.id)
    desk.check_in_attendee(bo.id)
    assert desk.check_out(ana.id).status == Outcome.CHECKED_OUT
    assert desk.check_out(ana.id).status == Outcome.NOT_INSIDE
    counts = desk.counters()
    assert (counts.registered, counts.checked_in, counts.inside) == (6, 2, 1)
    clock.now += 10
    verdict = desk.scan(_ticket(store, event, ana.id).code)
    assert (verdict.status, verdict.reason) == (Outcome.VALID, Reason.REENTRY)
    assert desk.counters().inside == 2 and desk.counters().checked_in == 2


def test_scan_at_exit_mode_checks_out(store, event, people, desk):
    code = _ticket(store, event, people[0].id).code
    desk.scan(code)
    exit_desk = ci.CheckInDesk(store, event.id, "exit", today=lambda: DAY)
    assert exit_desk.scan(code, mode="out").status == Outcome.CHECKED_OUT
    assert desk.counters().inside == 0


def test_search_fallback_shows_who_is_inside(store, event, people, desk):
    ana = people[0]
    desk.check_in_attendee(ana.id)
    found = desk.search("garcia")
    assert [(a.id, inside) for a, inside in found] == [(ana.id, True)]


def test_verdict_json_has_status_reason_attendee(store, event, people, desk):
    data = desk.scan(_ticket(store, event, people[0].id).code).as_dict()
    assert data["status"] == "valid" and data["reason"] == "first"
    assert data["attendee"]["name"] == "Ana García"


def test_demo_has_tickets_and_a_few_check_ins_once(store):
    from mscd_desktop.core.demo import create_demo

    event = create_demo(store)
    counts = ci.counters(store, event.id)
    assert counts.checked_in > 12 and counts.registered > counts.checked_in
    assert len(tk.list_tickets(store, event.id)) > counts.registered
    ci.add_demo_checkins(store, event)
    assert ci.counters(store, event.id) == counts


@pytest.mark.parametrize("text", ["12345", "hello", "0" * 185, "https://example.org/t/1"])
def test_junk_is_unreadable_not_a_bad_signature(desk, text):
    verdict = desk.scan(text)
    assert (verdict.status, verdict.reason) == (Outcome.UNREADABLE, Reason.UNREADABLE)


def test_ticket_of_a_withdrawn_key_is_cancelled_not_forged(store, event, people, desk):
    code = _ticket(store, event, people[0].id).code
    keys.rotate_key(store, event.id)
    keys.retire_key(store, event.id, 1)
    fresh = ci.CheckInDesk(store, event.id, "A", today=lambda: DAY)
    verdict = fresh.scan(code)
    assert (verdict.status, verdict.reason) == (Outcome.CANCELLED, Reason.KEY_RETIRED)
    assert verdict.attendee.id == people[0].id
