"""The cluster view's figures (HTML, JSON, CSV, CLI), admin sign-in and certificate checks."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sync_support import records as make

from mscd_desktop.core.documents.certificate_codes import code_for_signature
from mscd_desktop.core.ids import new_id
from mscd_desktop.core.sync.protocol import b64url, make_record
from mscd_desktop.hub.certificates import SIGNING_DOMAIN, signed_message
from mscd_desktop.hub.cli import main
from mscd_desktop.hub.ingest import apply_records


def seed(engine, device, **event_fields) -> dict:
    """Store :func:`make.visited_event`; its event record."""
    batch = make.visited_event(**event_fields)
    outcome = apply_records(engine, device_for(engine, device), new_id(), batch)
    assert outcome.counts()["accepted"] == len(batch)
    return batch[0]


def device_for(engine, venue_device):
    from mscd_desktop.hub.db import reading
    from mscd_desktop.hub.devices import get_device

    with reading(engine) as db:
        return get_device(db, venue_device.device_id)


def test_reach_counts_visitors_children_who_played_scores_and_kwh(admin_client, engine, valladolid):
    event = seed(engine, valladolid)
    reach = admin_client.get("/cluster.json").json()
    (row,) = reach["events"]
    assert row["event_id"] == event["event_id"]
    assert row["checked_in"] == 3  # Ann counted once; the no-show not at all
    assert row["by_audience"] == {"political": 1, "school_children": 1, "technical": 1}
    assert row["by_age_band"] == {"18+": 2, "8-11": 1}
    assert row["children_played"] == 2  # Lucía twice, Nils; the adult not
    assert row["games"] == 4
    assert row["average_correct_pct"] == 70.0  # (8+6+4+10) / 40
    assert row["kwh"] == 1.5  # the minute sent twice counts once
    assert reach["totals"]["checked_in"] == 3


def test_a_withdrawn_checkin_and_a_corrected_audience_change_the_figures(
    admin_client, engine, valladolid
):
    event = make.event()
    eid = event["event_id"]
    person = make.attendee(eid, audience="citizens")
    visit = make.checkin(eid, person["id"])
    device = device_for(engine, valladolid)
    apply_records(engine, device, new_id(), [event, person, visit])
    assert admin_client.get("/cluster.json").json()["totals"]["by_audience"] == {"citizens": 1}
    fix = make.correction(person, dict(person["payload"], audience="press"))
    apply_records(engine, device, new_id(), [fix])
    assert admin_client.get("/cluster.json").json()["totals"]["by_audience"] == {"press": 1}
    apply_records(engine, device, new_id(), [make.correction(visit, {"withdrawn": True})])
    assert admin_client.get("/cluster.json").json()["totals"]["checked_in"] == 0


def test_filters_apply_to_html_json_csv_and_the_cli(
    admin_client, db_url, engine, valladolid, lund, capsys
):
    seed(engine, valladolid)
    seed(engine, lund, name="Linero renovation", project="ZenN", city="Lund", date="2026-06-02")
    both = admin_client.get("/cluster.json").json()
    assert both["totals"]["events"] == 2
    assert [r["project"] for r in both["by_project"]] == ["CITyFiED", "ZenN"]
    lund_only = admin_client.get("/cluster.json", params={"city": "Lund"}).json()
    assert [r["name"] for r in lund_only["events"]] == ["Linero renovation"]
    dated = admin_client.get("/cluster.json", params={"date_from": "2026-06-01"}).json()
    assert dated["totals"]["events"] == 1
    page = admin_client.get("/cluster", params={"project": "ZenN"})
    assert page.status_code == 200
    assert "Linero renovation" in page.text and "Open House Valladolid" not in page.text
    table = admin_client.get("/cluster.csv", params={"project": "ZenN"})
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert [r["name"] for r in rows] == ["Linero renovation", "total"]
    assert rows[0]["audience_political"] == "1"
    assert main(["--db", db_url, "reach", "--json", "--city", "Valladolid"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [r["city"] for r in printed] == ["Valladolid"]
    assert printed[0]["checked_in"] == 3


def test_the_cluster_view_needs_an_admin_and_refuses_device_tokens(client, engine, valladolid):
    assert client.get("/cluster", follow_redirects=False).status_code == 303
    assert client.get("/cluster.json").status_code == 401
    with_token = client.get("/cluster", headers=valladolid.headers)
    assert (with_token.status_code, with_token.json()["error"]) == (403, "forbidden")
    assert client.get("/admin", headers=valladolid.headers).status_code == 403
    posted = client.post("/admin/venues", data={"name": "X"}, headers=valladolid.headers)
    assert posted.status_code == 403


def test_a_wrong_password_does_not_sign_in(client, engine):
    from mscd_desktop.hub import admins

    admins.set_password(engine, "coordinator", "correct horse battery")
    answer = client.post("/admin/login", data={"username": "coordinator", "password": "nope"})
    assert answer.status_code == 401
    assert "Wrong user name or password" in answer.text
    stored = admins.password_matches("correct horse battery", _hash_of(engine, "coordinator"))
    assert stored


def _hash_of(engine, username):
    from sqlalchemy import select

    from mscd_desktop.hub.db import reading
    from mscd_desktop.hub.schema import admins as table

    with reading(engine) as db:
        value = db.execute(select(table.c.password_hash).where(table.c.username == username))
        hashed = value.scalar()
    assert hashed.startswith("scrypt$") and "correct horse" not in hashed
    return hashed


def test_admin_adds_a_venue_makes_a_code_and_revokes_a_device(admin_client, engine, lund):
    page = admin_client.get("/admin")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    forged = admin_client.post("/admin/venues", data={"name": "Nantes", "csrf": "wrong"})
    assert forged.status_code == 403
    added = admin_client.post("/admin/venues", data={"name": "Nantes", "csrf": csrf})
    assert added.status_code == 200 and "Venue Nantes added." in added.text
    code = admin_client.post("/admin/enrol-codes", data={"venue": "Nantes", "csrf": csrf})
    assert "<svg" in code.text and "mscd-enrol:http://testserver#" in code.text
    shown = code.text.split('id="secret">')[1].split("<")[0]
    enrolled = admin_client.post("/api/v1/enrol", json={"code": shown, "device_name": "n"})
    assert enrolled.status_code == 201
    revoked = admin_client.post(f"/admin/devices/{lund.device_id}/revoke", data={"csrf": csrf})
    assert "can no longer push" in revoked.text
    assert admin_client.get("/api/v1/me", headers=lund.headers).status_code == 401


def test_admin_pages_speak_spanish_and_swedish(admin_client):
    spanish = admin_client.get("/admin", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert '<html lang="es">' in spanish.text
    assert "Venues and devices" not in spanish.text
    swedish = admin_client.get("/cluster", params={"lang": "sv"})
    assert '<html lang="sv">' in swedish.text
    assert "Reach across the cluster" not in swedish.text


@pytest.fixture
def certified(engine, valladolid):
    """A Valladolid event with its key on the hub and one certificate for Lucía."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from sync_support.records import public_key_text

    key = Ed25519PrivateKey.generate()
    event = make.event(
        share_certificates=True,
        signing_keys=[{"key_no": 1, "public_key": public_key_text(key)}],
    )
    eid = event["event_id"]
    who = "player:Lucía"
    signature = key.sign(SIGNING_DOMAIN + signed_message(eid, who, "Lucía", "2026-05-12"))
    payload = {
        "code": code_for_signature(signature),
        "first_name": "Lucía",
        "date": "2026-05-12",
        "key_no": 1,
        "signature": b64url(signature),
        "recipient_key": who,
    }
    forged = dict(payload, code="AAAA-BBBB-CCCC", first_name="Mallory")
    # Lucía's true signature under another code: the code must be the signature's own
    borrowed = dict(payload, code=code_for_signature(b"another signature"))
    batch = [
        event,
        make_record("certificate", eid, payload),
        make_record("certificate", eid, forged),
        make_record("certificate", eid, borrowed),
    ]
    outcome = apply_records(engine, device_for(engine, valladolid), new_id(), batch)
    assert outcome.counts()["accepted"] == 4
    return event, payload["code"], borrowed["code"]


def test_verify_shows_only_event_date_and_first_name_of_a_genuine_certificate(client, certified):
    _event, code, borrowed = certified
    page = client.get("/verify/" + code.lower().replace("-", " "))  # as typed from the paper
    assert page.status_code == 200
    assert "Genuine certificate" in page.text
    assert "Open House Valladolid" in page.text and "12/05/2026" in page.text  # en_GB
    assert "Lucía" in page.text and "player:" not in page.text
    data = client.get(f"/verify/{code}", params={"format": "json"}).json()
    assert set(data) == {"genuine", "code", "event", "date", "first_name"}
    forged = client.get("/verify/AAAA-BBBB-CCCC")
    assert forged.status_code == 404 and "Mallory" not in forged.text
    assert client.get(f"/verify/{borrowed}").status_code == 404
    assert client.get("/verify/ZZZZ-ZZZZ-ZZZZ").status_code == 404


def test_certificates_need_the_events_opt_in(engine, valladolid):
    event = make.event(share_certificates=False)
    payload = {
        "code": "7KQM-3XW9-HF4T",
        "first_name": "Lucía",
        "date": "2026-05-12",
        "key_no": 1,
        "signature": b64url(b"s" * 64),
        "recipient_key": "player:Lucía",
    }
    batch = [event, make_record("certificate", event["event_id"], payload)]
    outcome = apply_records(engine, device_for(engine, valladolid), new_id(), batch)
    assert [r.status for r in outcome.results] == ["accepted", "rejected"]


def test_the_cluster_view_writes_figures_and_dates_the_readers_way(
    admin_client, engine, valladolid
):
    seed(engine, valladolid)
    spanish = admin_client.get("/cluster", params={"lang": "es"}).text
    assert 'data-total="average_correct_pct">70,0 %<' in spanish
    assert 'data-total="kwh">1,5<' in spanish
    swedish = admin_client.get("/cluster", params={"lang": "sv"}).text
    assert 'data-total="kwh">1,5<' in swedish
    english = admin_client.get("/cluster", params={"lang": "en"}).text
    assert 'data-total="kwh">1.5<' in english
    [day] = {row["date"] for row in admin_client.get("/cluster.json").json()["events"]}
    year, month, date = day.split("-")
    assert f'<td class="nowrap">{int(date)}/{int(month)}/{year}</td>' in spanish
    assert f'<td class="nowrap">{day}</td>' in swedish
