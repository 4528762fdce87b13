"""Offline bundles: applied idempotently; damaged, altered or foreign ones refused whole."""

from __future__ import annotations

import gzip

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sync_support import records as make

from mscd_desktop.core.sync.bundles import BundleRefused, build_bundle, write_bundle
from mscd_desktop.hub.bundle_import import import_bundle
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.devices import revoke_device
from mscd_desktop.hub.schema import records


def stored(engine) -> int:
    with reading(engine) as db:
        return db.execute(select(func.count()).select_from(records)).scalar()


@pytest.fixture
def batch():
    event = make.event()
    return [event, *make.many(event["event_id"], 59)]


def test_a_bundle_is_applied_once_and_importing_it_again_writes_nothing(
    engine, valladolid, batch, tmp_path
):
    path = tmp_path / "valladolid.mscdbundle"
    write_bundle(path, valladolid.device_id, valladolid.key, batch)
    first = import_bundle(engine, path.read_bytes())
    assert first.outcome.counts()["accepted"] == 60
    second = import_bundle(engine, path.read_bytes())
    assert second.outcome.counts() == {"accepted": 0, "duplicate": 60, "conflict": 0, "rejected": 0}
    assert stored(engine) == 60


def test_a_bundle_with_one_byte_changed_is_refused_and_nothing_applied(engine, valladolid, batch):
    data = bytearray(build_bundle(valladolid.device_id, valladolid.key, batch))
    spot = data.index(b'"energy_wh":') + len(b'"energy_wh":')
    data[spot] = ord("9") if data[spot] != ord("9") else ord("8")
    with pytest.raises(BundleRefused, match="altered"):
        import_bundle(engine, bytes(data))
    assert stored(engine) == 0


def test_a_truncated_bundle_is_refused_and_nothing_applied(engine, valladolid, batch, tmp_path):
    data = gzip.compress(build_bundle(valladolid.device_id, valladolid.key, batch))
    with pytest.raises(BundleRefused, match="cut short"):
        import_bundle(engine, data[: len(data) // 2])
    plain = build_bundle(valladolid.device_id, valladolid.key, batch)
    with pytest.raises(BundleRefused, match="cut short"):
        import_bundle(engine, plain[:-40])
    assert stored(engine) == 0


def test_a_bundle_signed_with_another_key_or_by_a_revoked_device_is_refused(
    engine, valladolid, batch
):
    forged = build_bundle(valladolid.device_id, Ed25519PrivateKey.generate(), batch)
    with pytest.raises(BundleRefused):
        import_bundle(engine, forged)
    revoke_device(engine, valladolid.device_id)
    genuine = build_bundle(valladolid.device_id, valladolid.key, batch)
    with pytest.raises(BundleRefused, match="revoked"):
        import_bundle(engine, genuine)
    assert stored(engine) == 0


def test_a_bundle_of_an_unknown_device_or_not_a_bundle_is_refused(engine, batch):
    with pytest.raises(BundleRefused, match="does not know"):
        import_bundle(engine, build_bundle(make.event()["id"], Ed25519PrivateKey.generate(), batch))
    with pytest.raises(BundleRefused, match="not an mscd sync bundle"):
        import_bundle(engine, b'{"hello": "world"}')


def test_another_venues_laptop_can_carry_a_bundle_to_the_hub(
    client, engine, valladolid, lund, batch
):
    data = build_bundle(valladolid.device_id, valladolid.key, batch)
    answer = client.post("/api/v1/bundles", content=data, headers=lund.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["counts"]["accepted"] == 60
    assert answer.json()["device_id"] == valladolid.device_id
    # the records belong to Valladolid, whoever carried them
    own = client.get(
        "/api/v1/records", params={"event_id": batch[0]["event_id"]}, headers=valladolid.headers
    )
    assert len(own.json()["records"]) == 60
    tampered = data.replace(b"Valladolid", b"Vallad0lid", 1)
    refused = client.post("/api/v1/bundles", content=tampered, headers=lund.headers)
    assert (refused.status_code, refused.json()["error"]) == (422, "bundle_refused")


def test_mscd_hub_import_applies_a_bundle_file(db_url, engine, valladolid, batch, tmp_path, capsys):
    import json

    from mscd_desktop.hub.cli import main

    path = tmp_path / "stick.mscdbundle"
    write_bundle(path, valladolid.device_id, valladolid.key, batch)
    assert main(["--db", db_url, "import", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["accepted"] == 60
    assert main(["--db", db_url, "import", str(path)]) == 0
    assert "Accepted: 0; already there: 60;" in capsys.readouterr().out
    path.write_bytes(path.read_bytes()[:100])
    assert main(["--db", db_url, "import", str(path)]) == 1
    assert "mscd-hub:" in capsys.readouterr().err
