"""The outbox: written with every synced record, frozen once built, corrected, never edited."""

from __future__ import annotations

import json

import pytest
from sync_support.laptop import (
    acknowledge_all,
    freeze_all,
    game,
    make_event,
    open_house,
    outbox_rows,
)

from mscd_desktop.core import attendees as at
from mscd_desktop.core import ticket_keys
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.energy.energy_minutes import MinuteRow, save_minutes
from mscd_desktop.core.quiz import results
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import batches, payloads
from mscd_desktop.core.sync.batches import WITHDRAWN_HASH, current_batch, mark_answer
from mscd_desktop.core.sync.protocol import payload_hash


def walk_in(store, event_id, name="Eva Berg", audience="citizens"):
    return at.register_walk_in(store, event_id, name, audience, age_band="18+")


def test_every_synced_record_gets_its_outbox_row_in_the_same_transaction(store):
    day = open_house(store)
    kinds = [row["kind"] for row in outbox_rows(store)]
    assert kinds.count("event") == 1
    assert kinds.count("attendee") == 2 + 1 + 3  # two adults, the teacher, three pupils
    assert kinds.count("school_group") == 1
    assert kinds.count("checkin") == 1 + 4  # the adult, then the class with its teacher
    assert kinds.count("game_result") == 2
    assert kinds.count("energy_minute") == 3
    rows = outbox_rows(store)
    assert [row["seq"] for row in rows] == sorted(row["seq"] for row in rows)
    assert {row["state"] for row in rows} == {"pending"}
    first = outbox_rows(store, kind="attendee", subject=day.adult.id)[0]
    assert first["record_id"] == day.adult.id  # the subject's first version has its id
    assert first["occurred_at"] == day.adult.created_at  # the laptop time it happened


def test_a_rolled_back_write_leaves_no_outbox_row(store):
    event = make_event(store)
    before = len(outbox_rows(store))
    record = at.build_record(event.id, at.AttendeeDraft(name="Ghost", audience="citizens"))
    with pytest.raises(RuntimeError), store.transaction() as db:
        db["attendees"].insert(record)
        assert len(outbox_rows_in(db)) == before + 1
        raise RuntimeError("power cut")
    assert len(outbox_rows(store)) == before


def outbox_rows_in(db):
    return db.execute("SELECT seq FROM sync_outbox").fetchall()


def test_edits_before_the_first_send_fold_into_one_version(store):
    event = make_event(store)
    person = walk_in(store, event.id)
    for audience in ("technical", "financial", "press"):
        at.update_attendee(
            store, person.id, at.AttendeeDraft(name=person.name, audience=audience, age_band="18+")
        )
    rows = outbox_rows(store, kind="attendee", subject=person.id)
    assert len(rows) == 1 and rows[0]["revision"] == 3
    [batch] = freeze_all(store)
    sent = outbox_rows(store, kind="attendee", subject=person.id)[0]
    assert json.loads(sent["payload"])["audience"] == "press"
    assert sent["state"] == "ready" and sent["batch_id"] == batch.batch_id


def test_editing_a_sent_record_yields_a_correction_not_an_in_place_change(store):
    event = make_event(store)
    person = walk_in(store, event.id)
    acknowledge_all(store)
    [original] = outbox_rows(store, kind="attendee", subject=person.id)
    at.update_attendee(
        store, person.id, at.AttendeeDraft(name=person.name, audience="technical", age_band="18+")
    )
    freeze_all(store)
    versions = outbox_rows(store, kind="attendee", subject=person.id)
    assert len(versions) == 2
    assert versions[0] == original  # the sent version is frozen: not one column changed
    correction = versions[1]
    assert correction["corrects"] == original["record_id"]
    assert correction["record_id"] not in (None, original["record_id"])
    assert json.loads(correction["payload"])["audience"] == "technical"
    assert json.loads(original["payload"])["audience"] == "citizens"
    assert correction["payload_hash"] == payload_hash(json.loads(correction["payload"]))


def test_a_change_the_hub_would_not_see_makes_no_new_version(store):
    event = make_event(store)
    person = walk_in(store, event.id)
    acknowledge_all(store)
    at.update_attendee(  # notes never leave the laptop
        store,
        person.id,
        at.AttendeeDraft(name=person.name, audience="citizens", age_band="18+", notes="vip"),
    )
    at.update_attendee(  # nor does the name without consent and the organiser's opt-in
        store,
        person.id,
        at.AttendeeDraft(name="Eva Bergström", audience="citizens", age_band="18+", notes="vip"),
    )
    freeze_all(store)
    assert len(outbox_rows(store, kind="attendee", subject=person.id)) == 1


def test_a_version_edited_while_its_batch_is_built_waits_for_the_next_batch(store, monkeypatch):
    event = make_event(store)
    person = walk_in(store, event.id)
    real_build = payloads.PayloadBuilder.build

    def build_and_edit_meanwhile(self, wanted):
        built = real_build(self, wanted)  # read before the edit below
        at.update_attendee(
            store,
            person.id,
            at.AttendeeDraft(name=person.name, audience="financial", age_band="18+"),
        )
        return built

    monkeypatch.setattr(payloads.PayloadBuilder, "build", build_and_edit_meanwhile)
    reader = store.open_reader()
    try:
        batches.seal_next_batch(store, reader, b"k" * 32)
    finally:
        reader.close()
    monkeypatch.setattr(payloads.PayloadBuilder, "build", real_build)
    row = outbox_rows(store, kind="attendee", subject=person.id)[0]
    assert row["state"] == "pending"  # not frozen with the stale payload
    freeze_all(store)
    row = outbox_rows(store, kind="attendee", subject=person.id)[0]
    assert json.loads(row["payload"])["audience"] == "financial"


def test_an_undone_sent_checkin_is_withdrawn_and_a_redo_stands_again(store):
    event = make_event(store)
    person = walk_in(store, event.id)
    desk = CheckInDesk(store, event.id, desk="A")
    desk.check_in_attendee(person.id)
    acknowledge_all(store)
    [checkin] = outbox_rows(store, kind="checkin")
    desk.undo_last()
    freeze_all(store)
    withdrawal = outbox_rows(store, kind="checkin")[-1]
    assert withdrawal["corrects"] == checkin["record_id"]
    assert json.loads(withdrawal["payload"]) == {"withdrawn": True}
    assert withdrawal["payload_hash"] == WITHDRAWN_HASH
    acknowledge_all(store)
    with store.transaction() as db:  # a redo lets the undone check-in stand again
        db.execute("UPDATE checkins SET undone_at = NULL WHERE id = ?", [checkin["subject"]])
    freeze_all(store)
    again = outbox_rows(store, kind="checkin")[-1]
    assert again["corrects"] == withdrawal["record_id"]
    assert json.loads(again["payload"]) == json.loads(checkin["payload"])


def test_a_record_deleted_before_it_was_ever_sent_leaves_nothing_to_send(store):
    event = make_event(store)
    person = walk_in(store, event.id)
    with store.transaction() as db:
        db.execute("DELETE FROM attendees WHERE id = ?", [person.id])
    freeze_all(store)
    assert outbox_rows(store, kind="attendee") == []


def test_a_rewritten_energy_minute_is_corrected_and_an_identical_one_is_not(store):
    event = make_event(store)
    minute = MinuteRow("plug", 1_778_572_800, 100.0, 150.0, 1.7, 60)
    save_minutes(store, event.id, [minute])
    acknowledge_all(store)
    save_minutes(store, event.id, [minute])  # the same minute again: nothing changed
    freeze_all(store)
    assert len(outbox_rows(store, kind="energy_minute")) == 1
    save_minutes(store, event.id, [MinuteRow("plug", 1_778_572_800, 110.0, 150.0, 1.8, 61)])
    freeze_all(store)
    first, second = outbox_rows(store, kind="energy_minute")
    assert second["corrects"] == first["record_id"]
    assert json.loads(second["payload"])["energy_wh"] == 1.8


def test_resetting_the_leaderboard_touches_nothing_that_syncs(store):
    event = make_event(store)
    game(store, event.id, "Kit", 300)
    acknowledge_all(store)
    before = outbox_rows(store)
    assert results.reset_leaderboard(store, event.id) == 1
    freeze_all(store)
    assert outbox_rows(store) == before  # results stay, for the hub too


def test_a_new_signing_key_sends_a_new_version_of_the_event(store):
    event = make_event(store)
    ticket_keys.rotate_key(store, event.id)
    acknowledge_all(store)
    ticket_keys.rotate_key(store, event.id)
    freeze_all(store)
    versions = outbox_rows(store, kind="event")
    assert len(versions) == 2
    keys = json.loads(versions[-1]["payload"])["signing_keys"]
    assert [k["key_no"] for k in keys] == [1, 2]
    ticket_keys.retire_key(store, event.id, 1)  # a stolen laptop's key verifies nothing more
    freeze_all(store)
    keys = json.loads(outbox_rows(store, kind="event")[-1]["payload"])["signing_keys"]
    assert [k["key_no"] for k in keys] == [2]


def test_a_pupil_joining_a_sent_class_corrects_the_class_size(store):
    event = make_event(store)
    group = at.add_school_group(store, event.id, "Linero", "5B", "Karin Lind", ["Olle"], "8-11")
    acknowledge_all(store)
    at.add_attendee(
        store,
        event.id,
        at.AttendeeDraft(
            name="Maja", role="pupil", age_band="8-11", group_id=group.id, source="group"
        ),
    )
    freeze_all(store)
    sizes = [json.loads(r["payload"])["size"] for r in outbox_rows(store, kind="school_group")]
    assert sizes == [1, 2]


def test_a_fixed_version_of_a_refused_record_goes_out_under_the_refused_id(store):
    event = make_event(store)
    person = walk_in(store, event.id)
    freeze_all(store)
    batch = current_batch(store)
    answers = [
        {"id": i, "status": "rejected", "reason": "bad"}
        if i == person.id
        else {"id": i, "status": "accepted"}
        for i in batch.record_ids
    ]
    mark_answer(store, batch, answers)
    assert outbox_rows(store, kind="attendee")[0]["state"] == "quarantined"
    at.update_attendee(
        store, person.id, at.AttendeeDraft(name=person.name, audience="press", age_band="18+")
    )
    freeze_all(store)
    [fixed] = outbox_rows(store, kind="attendee")
    assert fixed["record_id"] == person.id and fixed["corrects"] is None
    assert fixed["state"] == "ready"


def test_an_outbox_appears_for_data_stored_before_sync_existed(data_dir, monkeypatch):
    from mscd_desktop.core import schema
    from mscd_desktop.core.sync import outbox

    without_sync = tuple(c for c in schema.COMPONENTS if c is not outbox)
    monkeypatch.setattr(schema, "COMPONENTS", without_sync)
    with Store.open(data_dir) as old:
        open_house(old)
    monkeypatch.undo()
    with Store.open(data_dir) as upgraded:
        kinds = [row["kind"] for row in outbox_rows(upgraded)]
        assert kinds[0] == "event" and len(kinds) == 18
        walk_in(upgraded, kinds and outbox_rows(upgraded)[0]["event_id"])
        assert len(outbox_rows(upgraded)) == 19  # and the triggers are in place


def test_batches_follow_the_outbox_order_and_the_body_limit(store, monkeypatch):
    event = make_event(store)
    for i in range(30):
        walk_in(store, event.id, name=f"Person {i}")
    monkeypatch.setattr(batches, "_BODY_ROOM", 3000)
    frozen = freeze_all(store)
    assert len(frozen) > 3
    seqs = [seq for batch in frozen for seq in batch.seqs]
    assert seqs == sorted(seqs) and len(seqs) == 31
    assert all(len(batch.body) < 3000 + 1000 for batch in frozen)
