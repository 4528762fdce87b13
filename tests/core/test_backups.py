"""Rotating backups: checked copies, kept ten, restored without losing the current file."""

from __future__ import annotations

import os

import pytest

from mscd_desktop.core import backups as bk
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.store import Store, database_path


def _event(store, name="Open House"):
    return ev.create_event(
        store, ev.EventDraft(name=name, project="ZenN", city="Grenoble", date="2026-06-11")
    )


def test_backup_is_a_checked_copy_that_opens(store):
    _event(store)
    taken = bk.create_backup(store)
    assert taken.path.exists() and taken.size > 0
    assert not list(store.backup_dir.glob(".partial-*"))
    copy = Store(taken.path)
    assert [e.name for e in ev.list_events(copy)] == ["Open House"]
    copy.close()


def test_only_the_newest_ten_are_kept(store):
    names = [bk.create_backup(store).name for _ in range(12)]
    kept = [b.name for b in bk.list_backups(store.backup_dir)]
    assert kept == list(reversed(names))[:10]


def test_an_interrupted_backup_never_replaces_the_last_good_one(store, monkeypatch):
    good = bk.create_backup(store)

    def power_cut(*_args):
        raise OSError("power cut")

    monkeypatch.setattr(bk.os, "replace", power_cut)
    with pytest.raises(OSError):
        bk.create_backup(store)
    monkeypatch.undo()
    assert [b.name for b in bk.list_backups(store.backup_dir)] == [good.name]
    assert good.path.exists()


def test_restore_moves_the_current_database_aside(data_dir):
    store = Store.open(data_dir)
    _event(store, "Before")
    taken = bk.create_backup(store)
    _event(store, "After")
    store.close()
    restored_name, aside = bk.restore_backup(data_dir, taken.name)
    assert restored_name == taken.name
    assert aside.exists()
    restored = Store.open(data_dir)
    assert [e.name for e in ev.list_events(restored)] == ["Before"]
    restored.close()
    kept = Store(aside)
    assert {e.name for e in ev.list_events(kept)} == {"Before", "After"}
    kept.close()
    assert database_path(data_dir).exists()


def test_restore_of_an_unknown_backup_is_refused(data_dir):
    with pytest.raises(NotFoundError, match="no backup called"):
        bk.restore_backup(data_dir, "mscd-1999.sqlite3")


def test_pacer_waits_for_activity_and_the_interval(store):
    pacer = bk.BackupPacer(store, interval_s=60)
    assert not pacer.due()
    _event(store)
    now = os.times().elapsed  # any clock: due() takes the time it is given
    assert not pacer.due(now=pacer._last_at + 10)
    assert pacer.due(now=pacer._last_at + 61)
    pacer.backup_now()
    assert not pacer.due(now=now + 1000)
    assert pacer.last_backup is not None
