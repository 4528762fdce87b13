"""Restoring a backup while another program has the store open is refused, naming it.

Before, the restore moved the open file aside and the running desk went on writing into
it: its acknowledged check-ins ended up only in ``*.before-restore-*``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mscd_desktop.cli import main
from mscd_desktop.core import backups as bk
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import store_lock
from mscd_desktop.core.errors import StoreInUseError
from mscd_desktop.core.store import Store, database_path

DESK = """
import sys
from mscd_desktop.core import attendees as at
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.store import Store

store = Store.open(sys.argv[1], program="mscd-desktop")
desk = CheckInDesk(store, sys.argv[2], desk="door")
print("open", flush=True)
for line in sys.stdin:
    if not line.strip():
        break
    person = at.add_attendee(store, sys.argv[2], at.AttendeeDraft(name=line.strip()))
    print(desk.check_in_attendee(person.id).status, person.id, flush=True)
store.close()
print("closed", flush=True)
"""


def _event_with_backup(data_dir: Path) -> tuple[ev.Event, bk.Backup]:
    with Store.open(data_dir) as store:
        event = ev.create_event(
            store, ev.EventDraft(name="Door", project="R2CITIES", city="Genova", date="2026-06-12")
        )
        return event, bk.create_backup(store)


def _start_desk(tmp_path: Path, data_dir: Path, event_id: str) -> subprocess.Popen:
    script = tmp_path / "desk.py"
    script.write_text(DESK)
    desk = subprocess.Popen(
        [sys.executable, str(script), str(data_dir), event_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert desk.stdout.readline().strip() == "open"
    return desk


def _check_in(desk: subprocess.Popen, name: str) -> str:
    desk.stdin.write(name + "\n")
    desk.stdin.flush()
    status, attendee_id = desk.stdout.readline().split()
    assert status == "valid"
    return attendee_id


def test_restore_is_refused_while_the_desk_has_the_store_open(data_dir, tmp_path, capsys):
    event, _backup = _event_with_backup(data_dir)
    desk = _start_desk(tmp_path, data_dir, event.id)
    try:
        admitted = [_check_in(desk, "Before Restore")]
        with pytest.raises(StoreInUseError) as caught:
            bk.restore_backup(data_dir, "latest")
        assert f"mscd-desktop (process {desk.pid}, open since" in str(caught.value)
        status = main(["--data-dir", str(data_dir), "backup", "restore", "latest"])
        err = capsys.readouterr().err
        admitted += [_check_in(desk, f"After Refusal {n}") for n in range(5)]
        desk.stdin.write("\n")
        desk.stdin.flush()
        assert desk.stdout.readline().strip() == "closed"
    finally:
        desk.kill()
        desk.wait()
    assert status == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"is open in mscd-desktop (process {desk.pid}" in err
    assert "Close that program first" in err
    assert not list(data_dir.glob("*.before-restore-*"))  # nothing was moved aside
    with Store.open(data_dir) as store:
        assert ci.checked_in_ids(store, event.id) == set(admitted)


def test_restore_goes_ahead_once_the_desk_has_closed(data_dir, tmp_path):
    event, backup = _event_with_backup(data_dir)
    desk = _start_desk(tmp_path, data_dir, event.id)
    _check_in(desk, "Later")
    desk.stdin.write("\n")
    desk.stdin.flush()
    assert desk.stdout.readline().strip() == "closed"
    desk.wait(timeout=30)
    restored, aside = bk.restore_backup(data_dir, "latest")
    assert restored == backup.name and aside.exists()


def test_a_killed_desk_does_not_keep_the_store_locked(data_dir, tmp_path):
    event, backup = _event_with_backup(data_dir)
    desk = _start_desk(tmp_path, data_dir, event.id)
    assert [h.pid for h in store_lock.holders(database_path(data_dir))] == [desk.pid]
    os.kill(desk.pid, signal.SIGKILL)
    desk.wait(timeout=30)
    restored, _aside = bk.restore_backup(data_dir, "latest")
    assert restored == backup.name
    notes = list(store_lock.lock_folder(database_path(data_dir)).glob("*.holder"))
    assert notes == []  # the killed desk's note was cleared


def test_the_store_does_not_open_while_a_restore_replaces_it(data_dir, monkeypatch):
    _event_with_backup(data_dir)
    monkeypatch.setattr(store_lock, "WAIT_FOR_RESTORE_S", 0.3)
    restoring = store_lock.hold_exclusive(database_path(data_dir), program="mscd backup restore")
    try:
        with pytest.raises(StoreInUseError, match="is being replaced by mscd backup restore"):
            Store.open(data_dir)
    finally:
        restoring.release()
    Store.open(data_dir).close()


def test_one_program_may_open_the_store_twice(data_dir):
    first = Store.open(data_dir)
    second = Store.open(data_dir)
    assert len(store_lock.holders(database_path(data_dir))) == 2
    second.close()
    first.close()
    assert store_lock.holders(database_path(data_dir)) == []
