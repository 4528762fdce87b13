"""Typed short codes: one path with the QR code, hopeless to guess, typable on any keyboard."""

from __future__ import annotations

import random
import time
from datetime import date

import pytest

from mscd_desktop.core import attendees as at
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import short_codes
from mscd_desktop.core import ticket_codes as tc
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
            audiences=("citizens",),
        ),
    )


@pytest.fixture
def people(store, event):
    found = [
        at.add_attendee(store, event.id, at.AttendeeDraft(name=name, audience="citizens"))
        for name in ("Ana García", "Bo Nilsson", "Carmen Ruiz")
    ]
    tk.issue_missing_tickets(store, event.id)
    return found


@pytest.fixture
def clock():
    return Clock()


def _desk(store, event, clock, name="A"):
    return ci.CheckInDesk(store, event.id, name, today=lambda: DAY, clock=clock, wall=clock)


def _ticket(store, event, attendee):
    return next(t for t in tk.list_tickets(store, event.id) if t.attendee_id == attendee.id)


def test_short_code_of_a_retired_key_is_refused_like_its_qr(store, event, people, clock):
    ticket = _ticket(store, event, people[0])
    keys.rotate_key(store, event.id)
    keys.retire_key(store, event.id, ticket.key_no)
    for text in (ticket.short_code, ticket.code):
        verdict = _desk(store, event, clock).scan(text)
        assert (verdict.status, verdict.reason) == (Outcome.CANCELLED, Reason.KEY_RETIRED)
        assert verdict.attendee.id == people[0].id
    assert ci.checked_in_ids(store, event.id) == set()


def test_a_desk_started_before_the_key_was_retired_refuses_both_codes(store, event, people, clock):
    desk = _desk(store, event, clock)  # holds the public keys loaded before the retirement
    first, second = (_ticket(store, event, p) for p in people[:2])
    keys.retire_key(store, event.id, first.key_no)
    assert desk.scan(first.short_code).reason == Reason.KEY_RETIRED
    assert desk.scan(second.code).reason == Reason.KEY_RETIRED
    assert ci.checked_in_ids(store, event.id) == set()


def test_short_code_of_a_ticket_outside_its_dates_is_refused(store, event, people, clock):
    early = tk.issue_ticket(
        store,
        event.id,
        role="adult",
        attendee_id=people[0].id,
        valid_from=date(2026, 6, 1),
        valid_days=2,
    )
    verdict = _desk(store, event, clock).scan(early.short_code)
    assert (verdict.status, verdict.reason) == (Outcome.OUTSIDE_VALIDITY, Reason.DATES)
    assert "2026-06-01" in verdict.message() and "2026-06-02" in verdict.message()
    assert ci.checked_in_ids(store, event.id) == set()


def test_short_code_of_a_cancelled_ticket_is_refused(store, event, people, clock):
    ticket = _ticket(store, event, people[1])
    tk.revoke_ticket(store, ticket.id)
    verdict = _desk(store, event, clock).scan(ticket.short_code)
    assert (verdict.status, verdict.reason) == (Outcome.CANCELLED, Reason.REVOKED)


def test_short_code_of_another_event_names_it(store, event, people, clock):
    other = ev.create_event(
        store,
        ev.EventDraft(name="Open House Linero", project="CITyFiED", city="Lund", date="2026-06-11"),
    )
    ticket = _ticket(store, event, people[0])
    verdict = ci.CheckInDesk(store, other.id, "A", today=lambda: DAY).scan(ticket.short_code)
    assert verdict.status == Outcome.OTHER_EVENT and "Open House Torrelago" in verdict.message()


def test_short_code_at_a_closed_event_is_refused(store, event, people, clock):
    ev.close_event(store, event.id)
    verdict = _desk(store, event, clock).scan(_ticket(store, event, people[0]).short_code)
    assert (verdict.status, verdict.reason) == (Outcome.EVENT_CLOSED, Reason.EVENT_CLOSED)


def test_the_old_three_digit_short_code_no_longer_admits(store, event, people, clock):
    ticket = _ticket(store, event, people[0])
    number = f"{ticket.ticket_no:05d}"
    desk = _desk(store, event, clock)
    for bound in range(1000):  # the whole old space: one of these was the old short code
        digits = f"{number}{bound:03d}"
        verdict = desk.scan(digits + tc.damm_digit(digits))
        assert not verdict.admitted_now
    assert ci.checked_in_ids(store, event.id) == set()


def test_brute_force_at_the_desk_is_locked_out_long_before_success(store, event, people, clock):
    """A guesser types codes for a real ticket number, with a correct check digit, for a
    simulated 12-hour day, as fast as the desk lets them."""
    desk = _desk(store, event, clock)
    number = f"{_ticket(store, event, people[0]).ticket_no:05d}"
    rng = random.Random(1131098139)
    end = clock.now + 12 * 3600
    outcomes, checked = [], 0
    while clock.now < end:
        digits = number + f"{rng.randrange(10**short_codes.BOUND_DIGITS):07d}"
        verdict = desk.scan(digits + tc.damm_digit(digits))
        outcomes.append(verdict.reason)
        assert not verdict.admitted_now
        checked += verdict.reason != Reason.CODES_PAUSED  # looked up in the store
        clock.now += max(verdict.wait_seconds, 3)  # typing a code takes a few seconds
    assert outcomes[:5] == [Reason.UNKNOWN_CODE] * 5
    assert outcomes[5] == Reason.TOO_MANY_WRONG_CODES  # the sixth wrong code starts a pause
    assert checked == 23  # one chance in 10**7 each: about 1 in 430,000 in a whole day
    assert ci.checked_in_ids(store, event.id) == set()


def test_the_pause_stays_at_its_longest_however_many_codes_were_wrong():
    longest = short_codes.LONGEST_PAUSE_SECONDS
    assert [short_codes.pause_after(n) for n in (50, 1100, 10**6)] == [longest] * 3


def test_while_paused_a_genuine_short_code_waits_but_a_qr_scan_admits(store, event, people, clock):
    desk = _desk(store, event, clock)
    for guess in range(6):
        digits = f"99999{guess:07d}"
        desk.scan(digits + tc.damm_digit(digits))
    ana, bo = (_ticket(store, event, p) for p in people[:2])
    paused = desk.scan(ana.short_code)
    assert (paused.status, paused.reason) == (Outcome.LOCKED_OUT, Reason.CODES_PAUSED)
    assert 0 < paused.wait_seconds <= 30 and "30 seconds" in paused.message()
    assert desk.scan(bo.code).status == Outcome.VALID
    other_desk = _desk(store, event, clock, "B")  # the pause is per desk
    assert other_desk.scan(ana.short_code).status == Outcome.VALID
    clock.now += 31
    assert desk.scan(_ticket(store, event, people[2]).short_code).status == Outcome.VALID


def test_a_mistyped_digit_is_a_misread_and_never_counts_as_a_guess(store, event, people, clock):
    desk = _desk(store, event, clock)
    digits = _ticket(store, event, people[0]).short_code.replace("-", "")
    for i in range(len(digits)):
        wrong = digits[:i] + str((int(digits[i]) + 1) % 10) + digits[i + 1 :]
        assert desk.scan(wrong).status == Outcome.MISREAD
    assert desk.scan(digits).status == Outcome.VALID


def _with_a_six(store, event, people):
    for _ in range(200):
        ticket = tk.issue_ticket(store, event.id, role="adult", attendee_id=people[2].id)
        if "6" in ticket.short_code:
            return ticket
    raise AssertionError("no short code with a 6 in 200 tickets")


@pytest.mark.parametrize("layout", ["azerty-fr", "azerty-be", "qwertz-cz", "shifted-de"])
def test_short_code_typed_through_another_keyboard_layout_admits(
    store, event, people, clock, layout
):
    ticket = _with_a_six(store, event, people)  # "-" is the 6 on a French keyboard
    row = tc.LAYOUTS[layout]
    typed = "".join(row[(int(c) - 1) % 10] if c.isdigit() else c for c in ticket.short_code)
    verdict = _desk(store, event, clock).scan(typed)
    assert verdict.status == Outcome.VALID, typed


@pytest.mark.parametrize("spacing", ["{a} {b} {c}", "{a}{b}{c}", " {a}.{b}.{c} ", "{a}/{b}/{c}"])
def test_short_code_reads_with_any_grouping(store, event, people, clock, spacing):
    a, b, c = _ticket(store, event, people[0]).short_code.split("-")
    assert _desk(store, event, clock).scan(spacing.format(a=a, b=b, c=c)).status == Outcome.VALID


def test_old_short_codes_are_made_strong_when_the_store_opens(data_dir, event, people):
    from mscd_desktop.core.store import Store

    with Store.open(data_dir) as store:
        ticket = _ticket(store, event, people[0])
        with store.transaction() as db:
            db.execute("UPDATE tickets SET short_code = '00001-512-8' WHERE id = ?", [ticket.id])
            db.execute("UPDATE schema_versions SET version = 1 WHERE component = 'checkin'")
            db.execute("DROP TABLE short_code_guard")
    with Store.open(data_dir) as store:
        assert tk.get_ticket(store, ticket.id).short_code == ticket.short_code
