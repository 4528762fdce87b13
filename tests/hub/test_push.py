"""Pushing records: idempotent answers item by item, scope, corrections, consent."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sync_support import records as make

from mscd_desktop.core.ids import new_id
from mscd_desktop.core.sync.protocol import MAX_BATCH_RECORDS, make_record, payload_hash
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.schema import records


def push(client, device, batch: list[dict], batch_id: str | None = None):
    return client.post(
        "/api/v1/push",
        json={"batch_id": batch_id or new_id(), "records": batch},
        headers=device.headers,
    )


def statuses(answer) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["status"] for item in answer.json()["results"]]


def stored_count(engine) -> int:
    with reading(engine) as db:
        return db.execute(select(func.count()).select_from(records)).scalar()


def test_a_batch_is_accepted_then_the_same_batch_is_all_duplicates(client, engine, valladolid):
    event = make.event()
    batch = [event, *make.many(event["event_id"], 199)]
    assert statuses(push(client, valladolid, batch)) == ["accepted"] * 200
    again = push(client, valladolid, batch)
    assert statuses(again) == ["duplicate"] * 200
    assert [item["id"] for item in again.json()["results"]] == [r["id"] for r in batch]
    assert stored_count(engine) == 200


def test_same_id_with_another_payload_is_a_conflict(client, engine, valladolid):
    event = make.event()
    person = make.attendee(event["event_id"])
    push(client, valladolid, [event, person])
    changed = dict(person, payload=dict(person["payload"], audience="technical"))
    changed["payload_hash"] = payload_hash(changed["payload"])
    answer = push(client, valladolid, [changed])
    item = answer.json()["results"][0]
    assert item["status"] == "conflict"
    assert item["field"] == "payload_hash"
    assert stored_count(engine) == 2


def test_one_bad_record_in_a_hundred_is_rejected_and_the_other_99_are_stored(
    client, engine, valladolid
):
    event = make.event()
    batch = [event, *make.many(event["event_id"], 99)]
    bad = batch[50]
    bad["payload"] = dict(bad["payload"], notes="free text about a child")
    bad["payload_hash"] = payload_hash(bad["payload"])
    results = push(client, valladolid, batch).json()["results"]
    assert [r["status"] for r in results].count("accepted") == 99
    assert results[50]["status"] == "rejected"
    assert "notes" in results[50]["reason"]
    assert stored_count(engine) == 99


def test_a_payload_that_does_not_match_its_hash_is_rejected(client, valladolid):
    event = make.event()
    event["payload"]["name"] = "Changed after hashing"
    item = push(client, valladolid, [event]).json()["results"][0]
    assert (item["status"], item["field"]) == ("rejected", "payload_hash")


def test_a_childs_name_is_refused_even_if_the_laptop_sends_it(client, engine, valladolid):
    event = make.event(share_adult_contacts=True)
    pupil = make.attendee(
        event["event_id"],
        role="pupil",
        audience="school_children",
        age_band="8-11",
        contact={"name": "Lucía", "consent_contact": True},
    )
    results = push(client, valladolid, [event, pupil]).json()["results"]
    assert results[1]["status"] == "rejected"
    assert "child" in results[1]["reason"]


def test_adult_contact_details_need_consent_and_the_event_opt_in(client, valladolid):
    closed = make.event(share_adult_contacts=False)
    consented = {"name": "Ann Berg", "email": "ann@example.se", "consent_contact": True}
    results = push(
        client,
        valladolid,
        [
            closed,
            make.attendee(closed["event_id"], contact=consented),
            make.attendee(closed["event_id"], contact={"name": "No Consent"}),
        ],
    ).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected"]
    assert "opted in" in results[1]["reason"]
    assert results[2]["field"] == "consent_contact"
    opened = make.event(share_adult_contacts=True)
    results = push(
        client, valladolid, [opened, make.attendee(opened["event_id"], contact=consented)]
    ).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"]


def test_a_correction_replaces_and_a_withdrawal_takes_back(client, engine, valladolid):
    event = make.event(share_adult_contacts=True)
    person = make.attendee(event["event_id"], contact={"name": "Ann Berg", "consent_contact": True})
    push(client, valladolid, [event, person])
    fixed = make.correction(person, dict(person["payload"], audience="technical"))
    again = make.correction(person, dict(person["payload"], audience="political"))
    results = push(client, valladolid, [fixed, again]).json()["results"]
    assert results[0]["status"] == "accepted"
    assert results[1]["status"] == "rejected"  # corrects an already corrected version
    withdrawn = make.correction(fixed, {"withdrawn": True})
    assert statuses(push(client, valladolid, [withdrawn])) == ["accepted"]
    with reading(engine) as db:
        old = db.execute(select(records.c.payload).where(records.c.id == person["id"])).scalar()
    assert "Ann Berg" not in old  # the hub forgot the replaced version's name
    # a late retry of the original is still a duplicate (the hash is kept)
    assert statuses(push(client, valladolid, [person])) == ["duplicate"]


def test_a_correction_of_a_record_the_hub_lacks_is_rejected(client, valladolid):
    event = make.event()
    never_sent = make.attendee(event["event_id"])
    fix = make.correction(never_sent, dict(never_sent["payload"], audience="press"))
    results = push(client, valladolid, [event, fix]).json()["results"]
    assert results[1]["status"] == "rejected"
    assert results[1]["field"] == "corrects"


def test_a_token_cannot_write_or_read_another_venues_event(client, engine, valladolid, lund):
    event = make.event()
    push(client, valladolid, [event, make.attendee(event["event_id"])])
    intruder = [make.attendee(event["event_id"]), make.checkin(event["event_id"], new_id())]
    results = push(client, lund, intruder).json()["results"]
    assert {r["status"] for r in results} == {"rejected"}
    assert "another venue" in results[0]["reason"]
    own = client.get(
        "/api/v1/records", params={"event_id": event["event_id"]}, headers=valladolid.headers
    )
    assert len(own.json()["records"]) == 2
    other = client.get(
        "/api/v1/records", params={"event_id": event["event_id"]}, headers=lund.headers
    )
    assert other.status_code == 404
    lund_reach = client.get("/api/v1/reach", headers=lund.headers).json()
    assert lund_reach["events"] == []
    assert stored_count(engine) == 2


def test_the_same_id_from_another_venue_is_a_conflict_not_an_overwrite(
    client, engine, valladolid, lund
):
    event = make.event()
    push(client, valladolid, [event])
    assert push(client, lund, [event]).json()["results"][0]["status"] == "conflict"


def test_a_clock_a_day_off_is_stored_as_sent_with_the_hubs_own_time(client, engine, valladolid):
    event = make.event()
    event["occurred_at"] = "2026-05-13T10:00:00.000+02:00"  # the laptop thinks it is tomorrow
    answer = push(client, valladolid, [event])
    assert statuses(answer) == ["accepted"]
    with reading(engine) as db:
        row = db.execute(select(records).where(records.c.id == event["id"])).one()
    assert row.occurred_at == "2026-05-13T10:00:00.000+02:00"
    assert row.occurred_at_utc == "2026-05-13T08:00:00.000Z"
    assert row.received_at == answer.json()["received_at"]


def test_a_batch_repeating_an_id_stores_it_once(client, engine, valladolid):
    event = make.event()
    assert statuses(push(client, valladolid, [event, event])) == ["accepted", "duplicate"]
    other = dict(event, occurred_at="2026-01-01T00:00:00Z")
    second = make.event()
    answer = push(client, valladolid, [second, dict(second, occurred_at=other["occurred_at"])])
    assert statuses(answer) == ["accepted", "conflict"]
    assert stored_count(engine) == 2


def test_malformed_requests_get_a_4xx_with_a_reason(client, valladolid):
    url, headers = "/api/v1/push", valladolid.headers
    garbage = client.post(
        url, content=b"{not json", headers={**headers, "Content-Type": "application/json"}
    )
    assert (garbage.status_code, garbage.json()["error"]) == (400, "bad_json")
    latin1 = client.post(
        url,
        content='{"batch_id": "Valladolid ñ"}'.encode("latin-1"),
        headers={**headers, "Content-Type": "application/json"},
    )
    assert (latin1.status_code, latin1.json()["error"]) == (415, "bad_encoding")
    assert "UTF-8" in latin1.json()["reason"]
    text = client.post(url, content=b"hello", headers={**headers, "Content-Type": "text/plain"})
    assert text.status_code == 415
    not_batch = client.post(url, json=[1, 2, 3], headers=headers)
    assert (not_batch.status_code, not_batch.json()["error"]) == (422, "invalid_batch")
    nan = client.post(
        url,
        content=b'{"batch_id": NaN, "records": []}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert nan.status_code == 400
    event = make.event()
    too_many = client.post(
        url,
        json={"batch_id": new_id(), "records": [event] * (MAX_BATCH_RECORDS + 1)},
        headers=headers,
    )
    assert too_many.status_code == 422
    assert f"at most {MAX_BATCH_RECORDS:,} records" in too_many.json()["reason"]  # 1,000
    # and the hub still serves this device afterwards
    assert statuses(push(client, valladolid, [event])) == ["accepted"]


def test_a_body_over_the_limit_is_refused_with_413(client, valladolid):
    event = make.event()
    padding = make_record("event", event["event_id"], {"name": "x" * 10})
    body = json.dumps({"batch_id": new_id(), "records": [padding], "pad": "y" * 5_000_000})
    answer = client.post(
        "/api/v1/push",
        content=body.encode(),
        headers={**valladolid.headers, "Content-Type": "application/json"},
    )
    assert (answer.status_code, answer.json()["error"]) == (413, "too_large")


def test_unknown_missing_and_revoked_tokens_get_401(client, engine, valladolid):
    from mscd_desktop.hub.devices import revoke_device

    batch = {"batch_id": new_id(), "records": [make.event()]}
    missing = client.post("/api/v1/push", json=batch)
    assert (missing.status_code, missing.json()["error"]) == (401, "token_missing")
    assert missing.headers["www-authenticate"] == "Bearer"
    unknown = client.post("/api/v1/push", json=batch, headers={"Authorization": "Bearer mscd_x"})
    assert unknown.json()["error"] == "token_unknown"
    revoke_device(engine, valladolid.device_id)
    revoked = client.post("/api/v1/push", json=batch, headers=valladolid.headers)
    assert (revoked.status_code, revoked.json()["error"]) == (401, "token_revoked")
    assert stored_count(engine) == 0
