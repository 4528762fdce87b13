"""Nobody but this user reads the data: folder 0700, database, -wal/-shm and backups 0600."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from mscd_desktop.core import backups as bk
from mscd_desktop.core import events as ev
from mscd_desktop.core.private_files import create_private_file
from mscd_desktop.core.store import Store, database_path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask most desktops run with (022): files come out 0644 unless made private."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _write_something(store):
    ev.create_event(
        store, ev.EventDraft(name="Open House", project="ZenN", city="Grenoble", date="2026-06-11")
    )


def test_new_data_folder_database_and_its_wal_and_shm_are_private(tmp_path):
    data_dir = tmp_path / "fresh" / "data"
    store = Store.open(data_dir)
    _write_something(store)
    db = database_path(data_dir)
    assert mode(data_dir) == 0o700
    assert {p.name: mode(p) for p in data_dir.iterdir()} == {
        "mscd.sqlite3": 0o600,
        "mscd.sqlite3-wal": 0o600,
        "mscd.sqlite3-shm": 0o600,
        "mscd.sqlite3.lock": 0o700,  # who has the store open (core/store_lock.py)
    }
    lock_files = list((data_dir / "mscd.sqlite3.lock").iterdir())
    assert len(lock_files) == 2 and {mode(p) for p in lock_files} == {0o600}
    store.close()
    assert mode(db) == 0o600


def test_backups_restores_and_files_moved_aside_are_private(store, data_dir):
    _write_something(store)
    taken = bk.create_backup(store)
    assert mode(store.backup_dir) == 0o700
    assert mode(taken.path) == 0o600
    store.close()
    _name, aside = bk.restore_backup(data_dir, "latest")
    assert mode(database_path(data_dir)) == 0o600
    assert mode(aside) == 0o600


def test_folder_and_files_of_an_older_version_are_tightened_with_a_note(data_dir, caplog):
    store = Store.open(data_dir)
    _write_something(store)
    taken = bk.create_backup(store)
    store.close()
    db = database_path(data_dir)
    aside = data_dir / "mscd.sqlite3.before-restore-20260101T000000"
    shutil.copyfile(db, aside)
    # what an older version left behind: 0755 folders, 0644 files
    for folder in (data_dir, store.backup_dir):
        os.chmod(folder, 0o755)
    for path in (db, taken.path, aside):
        os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING), Store.open(data_dir):
        pass
    assert mode(data_dir) == mode(store.backup_dir) == 0o700
    assert mode(db) == mode(taken.path) == mode(aside) == 0o600
    noted = caplog.text
    for path in (data_dir, db, taken.path, aside):
        assert f"{path} was readable by other users" in noted


def test_tightening_never_follows_a_link_out_of_the_folder(data_dir, tmp_path):
    outside = tmp_path / "shared-notes.txt"
    outside.write_text("not ours")
    os.chmod(outside, 0o644)
    (data_dir / "mscd-notes.txt").symlink_to(outside)
    Store.open(data_dir).close()
    assert mode(outside) == 0o644


def test_private_file_is_made_0600_and_an_existing_one_is_kept_but_tightened(tmp_path):
    fresh = tmp_path / "app.lock"
    assert create_private_file(fresh) is True
    assert mode(fresh) == 0o600
    old = tmp_path / "old.lock"
    old.write_text("pid 42")
    os.chmod(old, 0o644)
    assert create_private_file(old) is False
    assert (old.read_text(), mode(old)) == ("pid 42", 0o600)


def _can_read_as_nobody(path: Path) -> bool:
    done = subprocess.run(["cat", str(path)], user="nobody", capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or shutil.which("cat") is None,
    reason="needs root to act as another user",
)
def test_another_local_user_cannot_read_the_database_or_a_backup():
    parent = Path(tempfile.mkdtemp())
    try:
        os.chmod(parent, 0o755)  # a folder other users may enter, like a home folder
        control = parent / "readme.txt"
        control.write_text("anyone may read this")
        os.chmod(control, 0o644)
        assert _can_read_as_nobody(control)  # so a refusal below is the app's doing
        store = Store.open(parent / "data")
        _write_something(store)
        taken = bk.create_backup(store)
        store.close()
        assert not _can_read_as_nobody(database_path(parent / "data"))
        assert not _can_read_as_nobody(taken.path)
    finally:
        shutil.rmtree(parent)
