"""Children's names purged after a confirmed sync; one person exported or erased on request;
an event never deleted while the hub still waits for it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sync_support.laptop import (
    ADULT,
    ADULT_EMAIL,
    CHILD_NAMES,
    NICKNAME,
    acknowledge_all,
    freeze_all,
    open_house,
    outbox_rows,
)

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core import persons
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.event_removal import delete_event
from mscd_desktop.core.quiz import results
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync.guards import UnsyncedRecordsError
from mscd_desktop.core.sync.purge import PURGED_NAME, purge_children_data
from mscd_desktop.core.sync.status import unsynced_count

LATER = datetime.now(UTC) + timedelta(days=31)


def names(store, event_id) -> set[str]:
    return {a.name for a in at.list_attendees(store, event_id)}


def test_childrens_names_stay_until_the_hub_confirmed_them_and_the_days_passed(store):
    day = open_house(store)
    assert purge_children_data(store, now=LATER).attendees == 0  # nothing confirmed yet
    acknowledge_all(store)
    assert purge_children_data(store).attendees == 0  # confirmed today: kept 30 days
    report = purge_children_data(store, now=LATER)
    assert (report.attendees, report.games, report.days) == (3, 2, 30)
    left = names(store, day.event.id)
    assert not left & set(CHILD_NAMES)
    assert {ADULT, "Karin Lind"} <= left  # adults and the teacher keep their names
    players = {g.player_name for g in results.games(store, day.event.id)}
    assert players == {PURGED_NAME} and NICKNAME not in players
    pupils = [a for a in at.list_attendees(store, day.event.id) if a.role == "pupil"]
    assert {(p.age_band, p.group_id) for p in pupils} == {("8-11", day.group.id)}
    assert unsynced_count(store) == 0  # the purge sends nothing: no name ever left


def test_the_purge_waits_the_configured_number_of_days(store):
    open_house(store)
    acknowledge_all(store)
    settings.set_purge_days(store, 0)
    assert purge_children_data(store).attendees == 3


def test_a_purged_game_corrected_later_keeps_its_pseudonym(store):
    day = open_house(store)
    acknowledge_all(store)
    purge_children_data(store, now=LATER)
    games = outbox_rows(store, kind="game_result")
    with store.transaction() as db:
        db.execute("UPDATE quiz_games SET score = score + 1")
    freeze_all(store)
    corrected = outbox_rows(store, kind="game_result")[len(games) :]
    before = {r["subject"]: json.loads(r["payload"])["player"] for r in games}
    after = {r["subject"]: json.loads(r["payload"])["player"] for r in corrected}
    assert after == before and day.event


def test_a_persons_export_holds_everything_about_them(store):
    day = open_house(store)
    settings.set_share_adult_contacts(store, day.event.id, True)
    acknowledge_all(store)
    data = persons.export_person(store, day.adult.id)
    assert data["person"]["name"] == ADULT and data["person"]["email"] == ADULT_EMAIL
    assert data["event"]["id"] == day.event.id
    assert len(data["checkins"]) == 1 and data["presence"]
    sent = data["sent_to_hub"]
    assert {item["kind"] for item in sent} == {"attendee", "checkin"}
    assert any(item["payload"].get("name") == ADULT for item in sent)
    json.dumps(data)  # plain data, ready for JSON
    pupil = day.pupils[0]
    assert len(persons.export_person(store, pupil.id)["quiz_games"]) == 1
    with pytest.raises(NotFoundError):
        persons.export_person(store, "nobody")


def test_erasing_a_synced_person_withdraws_them_from_the_hub(store):
    day = open_house(store)
    settings.set_share_adult_contacts(store, day.event.id, True)
    acknowledge_all(store)
    erased = persons.erase_person(store, day.adult.id)
    assert erased.withdrawals_queued == 2  # the attendee and the check-in
    assert ADULT not in names(store, day.event.id)
    with pytest.raises(NotFoundError):
        persons.export_person(store, day.adult.id)
    freeze_all(store)
    chain = outbox_rows(store, kind="attendee", subject=day.adult.id)
    assert json.loads(chain[-1]["payload"]) == {"withdrawn": True}
    assert all(row["payload"] is None for row in chain[:-1])  # no copy of the name kept
    with store.read() as db:
        outbox = " ".join(row[0] or "" for row in db.execute("SELECT payload FROM sync_outbox"))
    assert ADULT not in outbox and ADULT_EMAIL not in outbox


def test_erasing_a_pupil_corrects_the_class_size_and_takes_their_game(store):
    from mscd_desktop.core import ticket_keys
    from mscd_desktop.core.documents.certificate_records import Signee, issue_codes

    day = open_house(store)
    pupil = day.pupils[0]
    ticket_keys.rotate_key(store, day.event.id)
    issue_codes(store, day.event, [Signee(f"attendee:{pupil.id}", pupil.name, pupil.id)])
    acknowledge_all(store)
    assert len(persons.export_person(store, pupil.id)["certificates"]) == 1
    persons.erase_person(store, pupil.id)
    with store.read() as db:
        assert db.execute("SELECT count(*) FROM certificates").fetchone()[0] == 0
    freeze_all(store)
    kinds = [r["kind"] for r in outbox_rows(store, state="ready")]
    assert sorted(kinds) == ["attendee", "checkin", "game_result", "school_group"]
    sizes = [json.loads(r["payload"])["size"] for r in outbox_rows(store, kind="school_group")]
    assert sizes == [3, 2]


def test_deleting_an_event_is_refused_while_records_wait_for_the_hub(store):
    day = open_house(store)
    with pytest.raises(UnsyncedRecordsError) as refused:
        delete_event(store, day.event.id)
    assert "not yet synced" in str(refused.value) and "--discard-unsynced" in str(refused.value)
    assert ev.get_event(store, day.event.id)
    acknowledge_all(store)
    done = delete_event(store, day.event.id)
    assert done.rows_deleted > 20
    with pytest.raises(NotFoundError):
        ev.get_event(store, day.event.id)
    assert outbox_rows(store) == []  # and nothing queued: the hub keeps the event
    assert ev.current_event(store) is None


def test_an_event_can_be_deleted_with_its_unsynced_records_when_asked_explicitly(store):
    day = open_house(store)
    other = open_house(store, name="Open House Malmö")
    delete_event(store, day.event.id, discard_unsynced=True)
    assert [e.id for e in ev.list_events(store)] == [other.event.id]
    assert unsynced_count(store) == unsynced_count(store, other.event.id) > 0
