"""Hostile or broken files and disks get one clear line, and the file stays as it was.

Each test makes the hostile thing itself: a full disk, a read-only folder that still has
its ``-wal``/``-shm``, a folder where the database should be, a foreign file carrying our
application id, a file with 16 flipped bytes that passes ``quick_check``, an emptied file
next to good backups.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mscd_desktop.cli import main
from mscd_desktop.core import attendees as at
from mscd_desktop.core import backups as bk
from mscd_desktop.core import events as ev
from mscd_desktop.core import store as store_module
from mscd_desktop.core.errors import DiskFullError, EmptyDatabaseError
from mscd_desktop.core.store import Store, database_path

FLIPPED_NAME = "Zacarias Flipped Onesixteen"


def _event(store, name="Faults"):
    event = ev.create_event(
        store, ev.EventDraft(name=name, project="EU-GUGLE", city="Aachen", date="2026-06-13")
    )
    return ev.open_event(store, event.id)  # the one CLI commands act on


def _cli(capsys, data_dir, *args):
    status = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return status, out, err


def _one_clear_line(err: str) -> str:
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("mscd: "), err
    return err


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith("mscd.sqlite3")
    }


def _people(store, event_id):
    return sorted(a.name for a in at.list_attendees(store, event_id))


# -- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MiB tmpfs (needs root and permission to mount), unmounted afterwards."""
    mount_point = tmp_path / "tiny-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here; the max_page_count test covers it")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    return filler


def test_a_walk_in_on_a_full_disk_gets_one_line_and_changes_nothing(tiny_disk, capsys):
    data_dir = tiny_disk / "data"
    store = Store.open(data_dir)
    event = _event(store)
    at.add_attendee(store, event.id, at.AttendeeDraft(name="Stored Before", audience="citizens"))
    filler = _fill(tiny_disk)
    with pytest.raises(DiskFullError, match=r"is full\. Nothing of this change was saved"):
        at.add_attendee(store, event.id, at.AttendeeDraft(name="Too Many", audience="citizens"))
    status, _out, err = _cli(
        capsys,
        data_dir,
        "attendees",
        "walk-in",
        "Ana",
        "--audience",
        "citizens",
        "--event",
        event.id,
    )
    assert status == 1
    assert "is full" in _one_clear_line(err)
    filler.unlink()
    assert _people(store, event.id) == ["Stored Before"]
    with store.read() as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    at.add_attendee(store, event.id, at.AttendeeDraft(name="After Space", audience="citizens"))
    store.close()


def test_a_database_at_its_size_limit_refuses_a_class_and_keeps_what_it_had(store):
    event = _event(store)
    at.add_attendee(store, event.id, at.AttendeeDraft(name="Stored Before", audience="citizens"))
    with store.read() as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own "disk full"
    pupils = [f"Pupil{n}" for n in range(400)]
    with pytest.raises(DiskFullError) as caught:
        at.add_school_group(store, event.id, "CEIP Los Valles", "5B", "Marta Gil", pupils, "8-11")
    assert str(caught.value).startswith(f"The disk holding {store.path} is full.")
    assert _people(store, event.id) == ["Stored Before"]
    assert at.list_groups(store, event.id) == []


# -- a read-only folder that still has its -wal and -shm --------------------------------------


def _without_file_permission_override() -> None:  # pragma: no cover - runs in the child
    """Root ignores file permissions; drop that power (and only that) in the child."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            os._exit(77)


def _cli_without_override(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "mscd_desktop.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        preexec_fn=_without_file_permission_override,
        check=False,
    )
    if result.returncode == 77:
        pytest.skip("cannot drop root's file-permission override here")
    return result


@pytest.fixture
def read_only_folder(tmp_path):
    """A data folder copied while the app had it open (-wal and -shm present), then made
    read-only, like a folder on a write-protected stick."""
    live = tmp_path / "live"
    store = Store.open(live)
    event = _event(store)
    at.add_attendee(store, event.id, at.AttendeeDraft(name="In The Wal", audience="citizens"))
    folder = tmp_path / "read-only"
    folder.mkdir()
    for name in ("mscd.sqlite3", "mscd.sqlite3-wal", "mscd.sqlite3-shm"):
        shutil.copyfile(live / name, folder / name)
        (folder / name).chmod(0o400)  # private, as the app keeps them, and read-only
    store.close()
    folder.chmod(0o500)
    yield folder, event
    folder.chmod(0o755)


def test_a_read_only_folder_with_its_wal_refuses_writes_in_one_line(read_only_folder):
    folder, _event_in_wal = read_only_folder
    before = _digests(folder)
    assert {"mscd.sqlite3-wal", "mscd.sqlite3-shm"} <= set(before)
    walk_in = _cli_without_override(
        "--data-dir", str(folder), "attendees", "walk-in", "Ana", "--audience", "citizens"
    )
    backup = _cli_without_override("--data-dir", str(folder), "backup", "create")
    listing = _cli_without_override("--data-dir", str(folder), "attendees", "list")
    assert walk_in.returncode == 1 and backup.returncode == 1
    assert "is read-only (the file or its folder)" in _one_clear_line(walk_in.stderr)
    assert "No backup could be written to" in _one_clear_line(backup.stderr)
    assert listing.returncode == 0 and "In The Wal" in listing.stdout  # reading still works
    assert _digests(folder) == before


# -- files that are not what they should be ------------------------------------------------


def test_a_folder_where_the_database_should_be_gets_one_line(data_dir, capsys):
    database_path(data_dir).mkdir()
    status, _out, err = _cli(capsys, data_dir, "event", "list")
    assert status == 1
    assert "mscd.sqlite3 is a folder, not a database file" in _one_clear_line(err)
    assert database_path(data_dir).is_dir() and not any(database_path(data_dir).iterdir())


@pytest.mark.parametrize(
    "schema",
    [
        ["CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB)"],
        ["CREATE TABLE schema_versions (id INTEGER PRIMARY KEY, applied TEXT)"],
    ],
    ids=["other-tables", "other-schema-versions"],
)
def test_a_foreign_file_with_our_application_id_is_refused_untouched(data_dir, capsys, schema):
    path = database_path(data_dir)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    for statement in schema:
        conn.execute(statement)
    conn.commit()
    conn.close()
    before = path.read_bytes()
    status, _out, err = _cli(capsys, data_dir, "event", "list")
    assert status == 1
    assert "is an SQLite database of another program" in _one_clear_line(err)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


# -- a damaged file that passes quick_check ---------------------------------------------------


@pytest.fixture
def flipped_file(data_dir):
    """A store whose one attendee name had 16 bytes flipped on disk, and its backup."""
    with Store.open(data_dir) as store:
        event = _event(store)
        for n in range(40):
            at.add_attendee(store, event.id, at.AttendeeDraft(name=f"Person {n}"))
        at.add_attendee(store, event.id, at.AttendeeDraft(name=FLIPPED_NAME))
        backup = bk.create_backup(store)
    path = database_path(data_dir)
    raw = bytearray(path.read_bytes())
    assert raw.count(FLIPPED_NAME.encode()) == 1
    start = raw.index(FLIPPED_NAME.encode())
    for offset in range(start, start + 16):
        raw[offset] ^= 0xFF
    path.write_bytes(bytes(raw))
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # the tester's case
    assert check.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    check.close()
    return path, backup


def test_16_flipped_bytes_are_found_on_open_and_the_backup_offered(flipped_file, capsys):
    path, backup = flipped_file
    before = path.read_bytes()
    status, _out, err = _cli(capsys, path.parent, "attendees", "list")
    assert status == 1
    line = _one_clear_line(err)
    assert f"{path} is damaged" in line
    hint = f"To put the latest backup ({backup.name}) in its place: mscd backup restore latest"
    assert hint in line
    assert path.read_bytes() == before


def test_16_flipped_bytes_met_while_reading_a_large_file_give_a_sentence(
    flipped_file, capsys, monkeypatch
):
    path, backup = flipped_file
    monkeypatch.setattr(store_module, "FULL_CHECK_MAX_BYTES", 0)  # too big for a full check
    before = path.read_bytes()
    status, _out, err = _cli(capsys, path.parent, "attendees", "list")
    assert status == 1
    line = _one_clear_line(err)
    assert "is damaged: part of it cannot be read" in line
    assert f"Its backups are in {path.parent / 'backups'}" in line
    assert f"latest backup ({backup.name})" in line
    assert "\ufffd" not in line and "\xff" not in line  # the damaged text is not echoed
    assert path.read_bytes() == before


# -- an emptied file next to good backups -------------------------------------------------


def test_an_empty_file_next_to_backups_offers_the_latest_instead_of_starting_anew(data_dir, capsys):
    with Store.open(data_dir) as store:
        _event(store, "Kept In The Backup")
        backup = bk.create_backup(store)
    database_path(data_dir).write_bytes(b"")
    with pytest.raises(EmptyDatabaseError) as caught:
        Store.open(data_dir)
    assert caught.value.latest_backup == str(backup.path)  # what the GUI offers to restore
    status, out, err = _cli(capsys, data_dir, "event", "list")
    assert status == 1 and "No events yet" not in out
    line = _one_clear_line(err)
    assert "is empty (0 bytes), but there are backups of earlier data" in line
    assert f"mscd backup restore latest --data-dir {data_dir}" in line
    assert database_path(data_dir).read_bytes() == b""
    assert _cli(capsys, data_dir, "backup", "restore", "latest")[0] == 0
    with Store.open(data_dir) as store:
        assert [e.name for e in ev.list_events(store)] == ["Kept In The Backup"]


def test_an_empty_file_without_backups_is_a_new_database(data_dir):
    database_path(data_dir).write_bytes(b"")
    with Store.open(data_dir) as store:
        assert ev.list_events(store) == []
