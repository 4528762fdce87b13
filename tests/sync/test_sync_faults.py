"""Pushes cut at random points, through a loopback proxy the test controls: afterwards the
hub and the laptop agree record for record, nothing lost and nothing stored twice."""

from __future__ import annotations

import random

import pytest
from sync_support.cut_proxy import CutProxy
from sync_support.laptop import game, make_event, outbox_rows
from sync_support.running_hub import enrol

from mscd_desktop.core import attendees as at
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.sync import batches, push, reconcile, settings
from mscd_desktop.core.sync import status as st

pytestmark = pytest.mark.slow
PUSHES = 100
BATCH = 25  # small batches, so that a push is several batches and a cut can fall between


def a_busy_minute(store, event_id, desk, rng, people):
    """What happens at the door and the kiosk between two syncs."""
    for _i in range(rng.randint(0, 30)):
        person = at.register_walk_in(
            store,
            event_id,
            f"Visitor {len(people)}",
            rng.choice(["citizens", "press"]),
            age_band="18+",
        )
        people.append(person)
        desk.check_in_attendee(person.id)
    if people and rng.random() < 0.5:  # an edit of someone who may have been sent already
        person = rng.choice(people)
        at.update_attendee(
            store,
            person.id,
            at.AttendeeDraft(
                name=person.name, audience=rng.choice(["technical", "financial"]), age_band="18+"
            ),
        )
    if rng.random() < 0.3:
        desk.undo_last()
    if rng.random() < 0.5:
        game(store, event_id, f"Kid{rng.randint(0, 50)}", rng.randint(0, 800))


def test_cut_at_random_points_over_100_pushes_hub_and_laptop_agree(store, hub, monkeypatch):
    monkeypatch.setattr(batches, "MAX_BATCH_RECORDS", BATCH)
    rng = random.Random(20260512)
    event = make_event(store)
    enrol(store, hub)
    token = settings.token(store)
    desk = CheckInDesk(store, event.id, desk="Door A")
    proxy = CutProxy(hub.server.port)
    people: list = []
    failures = 0
    try:
        for _round in range(PUSHES):
            a_busy_minute(store, event.id, desk, rng, people)
            duplicates_before = {r["seq"] for r in outbox_rows(store, hub_status="duplicate")}
            direction = rng.choice(["up", "down", "none"])
            # somewhere inside the exchange: requests are ~10 kB, answers ~2 kB
            limit = rng.randint(0, 12_000 if direction == "up" else 2_500)
            if direction == "none":
                proxy.cut_after(None)
            else:
                proxy.cut_after(limit, direction)
            report = push.push(store, hub_url=proxy.url, token=token)
            if report.error:
                failures += 1
                assert report.error_kind == "transient", report.error
                assert report.next_attempt_at  # retried later with backoff
            resent = [
                r
                for r in outbox_rows(store, hub_status="duplicate")
                if r["seq"] not in duplicates_before
            ]
            assert len({r["batch_id"] for r in resent}) <= 1  # at most one batch sent twice
        proxy.cut_after(None)
        final = push.push(store, hub_url=proxy.url, token=token)
    finally:
        proxy.close()
    assert final.finished and final.remaining == 0, final
    assert failures >= 30 and proxy.cuts >= 30  # the faults really happened
    comparison = reconcile.compare_with_hub(store, event.id)
    assert comparison.agree and comparison.in_flight == 0, comparison
    sent = outbox_rows(store, state="sent")
    on_hub = hub.stored()
    assert len(on_hub) == len(sent) == comparison.agreeing  # none lost, none twice
    for row in sent:
        assert on_hub[row["record_id"]][:3] == (row["kind"], row["payload_hash"], row["corrects"])
    assert st.sync_status(store).quarantined == []
    duplicates = outbox_rows(store, hub_status="duplicate")
    assert duplicates  # some answers were cut after the hub had stored the batch
