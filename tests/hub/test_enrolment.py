"""Enrolment by one-time code, token rotation and revocation, the enrolment rate limit."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update
from sync_support.records import public_key_text

from mscd_desktop.hub import devices as device_store
from mscd_desktop.hub.db import reading, writing
from mscd_desktop.hub.schema import devices, enrol_codes


def test_a_code_enrols_one_device_once_and_the_token_is_stored_hashed(client, engine):
    device_store.add_venue(engine, "Lund")
    code = device_store.create_enrol_code(engine, "Lund", "https://hub.example.org")
    assert code.qr_text == f"mscd-enrol:https://hub.example.org#{code.code}"
    key = public_key_text(Ed25519PrivateKey.generate())
    typed = code.code.lower().replace("-", " ")  # typed by hand: case and spacing forgiven
    body = {"code": typed, "device_name": "Lund door laptop", "device_public_key": key}
    answer = client.post("/api/v1/enrol", json=body)
    assert answer.status_code == 201, answer.text
    enrolled = answer.json()
    assert enrolled["venue"] == "Lund"
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {enrolled['token']}"})
    assert me.json()["device_name"] == "Lund door laptop"
    with reading(engine) as db:
        row = db.execute(select(devices).where(devices.c.id == enrolled["device_id"])).one()
        stored_codes = [r.code_hash for r in db.execute(select(enrol_codes))]
    assert enrolled["token"] not in row.token_hash
    assert row.token_hash == device_store.hash_secret(enrolled["token"])
    assert row.public_key == key
    assert code.code.replace("-", "") not in stored_codes
    again = client.post("/api/v1/enrol", json=body)
    assert (again.status_code, again.json()["error"]) == (401, "code_invalid")


def test_an_expired_code_is_refused(client, engine):
    device_store.add_venue(engine, "Lund")
    code = device_store.create_enrol_code(engine, "Lund")
    with writing(engine) as db:
        db.execute(update(enrol_codes).values(expires_at="2020-01-01T00:00:00.000Z"))
    answer = client.post("/api/v1/enrol", json={"code": code.code, "device_name": "x"})
    assert answer.status_code == 401


def test_ten_wrong_codes_from_one_address_are_rate_limited_in_the_database(client, engine):
    device_store.add_venue(engine, "Lund")
    good = device_store.create_enrol_code(engine, "Lund")
    for _attempt in range(device_store.FAILURE_LIMIT):
        wrong = client.post("/api/v1/enrol", json={"code": "AAAA-BBBB-CCCC", "device_name": "x"})
        assert wrong.status_code == 401
    limited = client.post("/api/v1/enrol", json={"code": good.code, "device_name": "x"})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    # a new app (another worker) agrees: the count lives in the database
    from fastapi.testclient import TestClient

    from mscd_desktop.hub.app import create_app

    with TestClient(create_app(engine=engine)) as other_worker:
        blocked = other_worker.post("/api/v1/enrol", json={"code": good.code, "device_name": "x"})
    assert blocked.status_code == 429


def test_a_bad_public_key_is_refused_at_enrolment(client, engine):
    device_store.add_venue(engine, "Lund")
    code = device_store.create_enrol_code(engine, "Lund")
    body = {"code": code.code, "device_name": "x", "device_public_key": "not-a-key"}
    answer = client.post("/api/v1/enrol", json=body)
    assert answer.status_code == 422
    assert "Ed25519" in answer.json()["reason"]


def test_a_rotated_token_replaces_the_old_one_at_once(client, engine, lund):
    issued = device_store.rotate_token(engine, lund.device_id)
    old = client.get("/api/v1/me", headers=lund.headers)
    assert old.json()["error"] == "token_unknown"
    new = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.token}"})
    assert new.json()["device_id"] == lund.device_id


def test_a_revoked_device_stays_revoked_and_gets_no_new_token(client, engine, lund):
    import pytest

    from mscd_desktop.core.errors import ValidationError

    device_store.revoke_device(engine, lund.device_id)
    assert client.get("/api/v1/me", headers=lund.headers).json()["error"] == "token_revoked"
    with pytest.raises(ValidationError):
        device_store.rotate_token(engine, lund.device_id)
