"""The privacy filter, against the protocol's allow-list: what may leave the laptop."""

from __future__ import annotations

import json

from sync_support.laptop import (
    ADULT,
    ADULT_EMAIL,
    CHILD_NAMES,
    NICKNAME,
    NOTES,
    SHY_ADULT,
    SHY_EMAIL,
    acknowledge_all,
    freeze_all,
    open_house,
    outbox_rows,
)

from mscd_desktop.core import ticket_keys
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync.protocol import CONTACT_FIELDS
from mscd_desktop.core.sync.record_checks import ALLOWED_FIELDS, check_record


def frozen_payloads(store) -> list[tuple[str, dict]]:
    freeze_all(store)
    return [(row["kind"], json.loads(row["payload"])) for row in outbox_rows(store, state="ready")]


def body_text(store) -> str:
    return "\n".join(batch.body.decode("utf-8") for batch in freeze_all(store))


def test_every_payload_holds_only_the_fields_its_kind_allows(store):
    open_house(store)
    found = frozen_payloads(store)
    assert {kind for kind, _p in found} == set(ALLOWED_FIELDS) - {"certificate"}
    for kind, payload in found:
        assert set(payload) <= ALLOWED_FIELDS[kind], (kind, sorted(payload))
    for row in outbox_rows(store, state="ready"):
        wire = {
            "id": row["record_id"],
            "kind": row["kind"],
            "event_id": row["event_id"],
            "occurred_at": row["occurred_at"],
            "payload_hash": row["payload_hash"],
            "payload": json.loads(row["payload"]),
            "corrects": row["corrects"],
        }
        check_record(wire)  # what the hub applies: it would accept every one


def test_children_leave_only_as_counts_and_pseudonyms(store):
    day = open_house(store)
    sent = body_text(store)
    for name in (*CHILD_NAMES, NICKNAME, "Karin Lind", "Linero skola 5B", "5B", "fox", NOTES):
        assert name not in sent, name
    pupils = [p for kind, p in frozen_payloads(store) if kind == "attendee"]
    for payload in pupils:
        if payload["role"] == "pupil":
            assert not set(payload) & {*CONTACT_FIELDS, "consent_contact"}
    games = [p for kind, p in frozen_payloads(store) if kind == "game_result"]
    assert len(games) == 2 and all(len(g["player"]) == 32 for g in games)
    assert day.pupils[0].name not in json.dumps(games)


def test_without_the_organisers_opt_in_no_adult_name_or_email_leaves(store):
    open_house(store)
    sent = body_text(store)
    for text in (ADULT, ADULT_EMAIL, "Lunds kommun", SHY_ADULT, SHY_EMAIL, NOTES):
        assert text not in sent


def test_with_the_opt_in_only_consenting_adults_names_and_emails_leave(store):
    day = open_house(store)
    settings.set_share_adult_contacts(store, day.event.id, True)
    sent = body_text(store)
    assert ADULT in sent and ADULT_EMAIL in sent and "Lunds kommun" in sent
    for text in (SHY_ADULT, SHY_EMAIL, NOTES, *CHILD_NAMES, "Karin Lind"):
        assert text not in sent
    event = next(p for kind, p in frozen_payloads(store) if kind == "event")
    assert event["share_adult_contacts"] is True


def test_turning_the_opt_in_on_after_a_sync_sends_the_event_first_then_the_names(store):
    day = open_house(store)
    acknowledge_all(store)
    assert settings.set_share_adult_contacts(store, day.event.id, True) == 1
    freeze_all(store)
    new = [r for r in outbox_rows(store, state="ready")]
    assert [r["kind"] for r in new] == ["event", "attendee"]  # the hub checks in this order
    assert json.loads(new[1]["payload"])["name"] == ADULT
    assert new[1]["corrects"] == day.adult.id
    acknowledge_all(store)
    settings.set_share_adult_contacts(store, day.event.id, False)
    freeze_all(store)
    latest = outbox_rows(store, kind="attendee", subject=day.adult.id)[-1]
    assert "name" not in json.loads(latest["payload"])  # the hub forgets the name


def test_no_secret_ever_leaves_the_laptop(store):
    day = open_house(store)
    ticket_keys.rotate_key(store, day.event.id)
    settings.set_share_adult_contacts(store, day.event.id, True)
    sent = body_text(store)
    with store.read() as db:
        secrets = [row[0] for row in db.execute("SELECT private_key FROM ticket_keys")]
        secrets += [
            row[0]
            for row in db.execute("SELECT value FROM app_state WHERE key LIKE 'sync.%'")
            if row[0].startswith("sealed1$")
        ]
        secrets += [row[0] for row in db.execute("SELECT pin_hash FROM events") if row[0]]
    venue_key = settings.venue_key(store)
    assert secrets
    for secret in secrets:
        assert secret not in sent
    assert venue_key.hex() not in sent and "sealed1$" not in sent


def test_pseudonyms_are_keyed_with_a_key_of_this_laptop(store, tmp_path):
    from mscd_desktop.core.store import Store

    day = open_house(store)
    mine = sorted(p["player"] for kind, p in frozen_payloads(store) if kind == "game_result")
    with Store.open(tmp_path / "other") as other:  # another laptop, another venue key
        open_house(other)
        theirs = sorted(p["player"] for kind, p in frozen_payloads(other) if kind == "game_result")
    assert day.event and mine != theirs
    assert settings.get_value(store, settings.VENUE_KEY).startswith("sealed1$")
