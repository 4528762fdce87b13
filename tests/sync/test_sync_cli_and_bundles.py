"""``mscd sync …``, ``mscd person …`` and ``mscd event delete`` end to end, and offline
bundles carried to a real ``mscd-hub import``."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest
from sync_support.laptop import ADULT, CHILD_NAMES, open_house, outbox_rows
from sync_support.running_hub import VENUE, HeldPush, enrol

from mscd_desktop.cli import main
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import push, reconcile

pytestmark = pytest.mark.slow


def mscd(capsys, data_dir, *args):
    status = main(["--data-dir", str(data_dir), "--json", *args])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out.strip() and status == 0 else out), err


def hub_cli(hub, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mscd_desktop.hub", "--db", hub.server.db_url, "--json", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_enrol_push_and_status_from_the_command_line(capsys, data_dir, sqlite_hub):
    with Store.open(data_dir) as store:
        open_house(store)
    status, out, err = mscd(capsys, data_dir, "sync", "status")
    assert status == 0 and out["unsynced"] == 18 and out["enrolled"] is False
    status, out, err = mscd(capsys, data_dir, "sync", "enrol", sqlite_hub.enrol_code())
    assert status == 0 and out["venue"] == VENUE, err
    status, out, err = mscd(capsys, data_dir, "sync", "push")
    assert status == 0 and out["sent"] == 18 and out["finished"], err
    status, out, err = mscd(capsys, data_dir, "sync", "status")
    assert out["unsynced"] == 0 and out["last_sync_at"] and out["quarantined"] == []
    status, out, err = mscd(capsys, data_dir, "sync", "check")
    assert status == 0 and out["agree"] and out["agreeing"] == 18
    assert main(["--data-dir", str(data_dir), "sync", "status"]) == 0
    human = capsys.readouterr().out
    assert human.startswith("0 records not yet synced; last sync: ")


def test_a_push_with_a_scripted_token_and_a_refused_one(capsys, data_dir, sqlite_hub):
    from mscd_desktop.hub import devices

    with Store.open(data_dir) as store:
        open_house(store)
    devices.add_venue(sqlite_hub.engine, "Malmö")
    token = devices.create_token(sqlite_hub.engine, "Malmö", "script").token
    status, out, err = mscd(
        capsys, data_dir, "sync", "push", "--hub", sqlite_hub.url, "--token", token
    )
    assert status == 0 and out["sent"] == 18, err
    status, out, err = mscd(
        capsys, data_dir, "sync", "push", "--hub", sqlite_hub.url, "--token", "mscd_" + "x" * 43
    )
    assert status == 1 and "does not accept this laptop's token" in err
    assert err.count("\n") == 1  # one line on stderr


def test_a_second_push_from_another_process_is_told_one_is_running(data_dir, sqlite_hub):
    with Store.open(data_dir) as store:
        open_house(store)
        enrol(store, sqlite_hub)
        with HeldPush(store) as first:
            command = [sys.executable, "-m", "mscd_desktop.cli", "--data-dir", str(data_dir)]
            other = subprocess.run(
                [*command, "sync", "push"],
                capture_output=True,
                text=True,
                timeout=120,
                env={**os.environ, "MSCD_LANGUAGE": "en"},
            )
        assert other.returncode == 1
        assert "A sync is already running (process" in other.stderr
        assert first.report.sent == 18


def test_a_bundle_round_trips_through_mscd_hub_import(capsys, data_dir, tmp_path, sqlite_hub):
    with Store.open(data_dir) as store:
        day = open_house(store)
        enrol(store, sqlite_hub)
    stick = tmp_path / "usb"
    stick.mkdir()
    bundle = stick / "lund.mscdbundle"
    status, out, err = mscd(capsys, data_dir, "sync", "bundle", "--out", str(bundle))
    assert status == 0 and out["records"] == 18, err
    assert not [p for p in stick.iterdir() if p != bundle]  # no temporary file left behind
    text = gzip.decompress(bundle.read_bytes()).decode("utf-8")
    for name in (ADULT, *CHILD_NAMES):
        assert name not in text
    imported = hub_cli(sqlite_hub, "import", str(bundle))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["counts"]["accepted"] == 18
    again = hub_cli(sqlite_hub, "import", str(bundle))
    assert json.loads(again.stdout)["counts"] == {
        "accepted": 0,
        "duplicate": 18,
        "conflict": 0,
        "rejected": 0,
    }
    with Store.open(data_dir) as store:
        assert push.push(store).sent == 18  # acknowledged now, as duplicates
        assert {r["hub_status"] for r in outbox_rows(store)} == {"duplicate"}
        assert reconcile.compare_with_hub(store, day.event.id).agree


def test_a_bundle_with_one_byte_changed_is_refused_and_nothing_applied(
    capsys, data_dir, tmp_path, sqlite_hub
):
    with Store.open(data_dir) as store:
        open_house(store)
        enrol(store, sqlite_hub)
    bundle = tmp_path / "lund.mscdbundle"
    mscd(capsys, data_dir, "sync", "bundle", "--out", str(bundle))
    plain = bytearray(gzip.decompress(bundle.read_bytes()))
    spot = plain.index(b'"energy_wh":') + len(b'"energy_wh":')
    plain[spot] = ord("9") if plain[spot] != ord("9") else ord("8")
    altered = tmp_path / "altered.mscdbundle"
    altered.write_bytes(bytes(plain))
    result = hub_cli(sqlite_hub, "import", str(altered))
    assert result.returncode != 0 and "altered" in result.stderr
    assert sqlite_hub.stored() == {}


def test_another_laptop_can_carry_the_bundle_to_the_hub(capsys, tmp_path, sqlite_hub):
    door, kiosk = tmp_path / "door", tmp_path / "kiosk"
    with Store.open(door) as store:
        open_house(store)
        enrol(store, sqlite_hub)
    with Store.open(kiosk) as store:
        enrol(store, sqlite_hub)
    bundle = tmp_path / "door.mscdbundle"
    mscd(capsys, door, "sync", "bundle", "--out", str(bundle))
    status, out, err = mscd(capsys, kiosk, "sync", "upload", str(bundle))
    assert status == 0 and out["counts"]["accepted"] == 18, err
    assert len(sqlite_hub.stored()) == 18


def test_person_export_and_erase_from_the_command_line(capsys, data_dir, tmp_path, sqlite_hub):
    with Store.open(data_dir) as store:
        day = open_house(store)
        enrol(store, sqlite_hub)
        push.push(store)
    out_file = tmp_path / "anna.json"
    status, out, err = mscd(
        capsys, data_dir, "person", "export", day.adult.id, "--out", str(out_file)
    )
    assert status == 0, err
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert exported["person"]["name"] == ADULT and exported["checkins"]
    assert oct(out_file.stat().st_mode & 0o777) == "0o600"
    status, out, err = mscd(capsys, data_dir, "person", "erase", day.adult.id, "--yes")
    assert status == 0 and out["withdrawals_queued"] == 2, err
    status, out, err = mscd(capsys, data_dir, "sync", "push")
    assert out["sent"] == 2
    status, out, err = mscd(capsys, data_dir, "person", "export", day.adult.id)
    assert status == 1 and "no person" in err


def test_event_delete_is_refused_while_unsynced_and_allowed_after_a_sync(
    capsys, data_dir, sqlite_hub
):
    with Store.open(data_dir) as store:
        day = open_house(store)
        enrol(store, sqlite_hub)
    status, out, err = mscd(capsys, data_dir, "event", "delete", day.event.id)
    assert status == 1 and "18 records not yet synced" in err
    mscd(capsys, data_dir, "sync", "push")
    status, out, err = mscd(capsys, data_dir, "event", "delete", day.event.id)
    assert status == 0 and out["name"] == day.event.name, err
    assert len(sqlite_hub.stored()) == 18  # the cluster keeps counting it
