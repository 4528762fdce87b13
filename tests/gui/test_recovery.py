"""Opening a damaged or foreign database: a clear message, the backup offered, nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from mscd_desktop.core import backups
from mscd_desktop.core import events as ev
from mscd_desktop.core.store import Store, database_path
from mscd_desktop.gui.shell.app import open_store_or_recover


def _damage(path):
    raw = bytearray(path.read_bytes())
    for offset in range(2 * 4096, len(raw) - 4096, 4096):
        raw[offset : offset + 200] = b"\xde\xad" * 100
    path.write_bytes(bytes(raw))


def _store_with_backup(data_dir):
    store = Store.open(data_dir)
    ev.create_event(
        store, ev.EventDraft(name="Kept", project="SINFONIA", city="Innsbruck", date="2026-06-09")
    )
    with store.transaction() as db:
        db["app_state"].insert_all(
            [{"key": f"k{i}", "value": "x" * 500, "updated_at": ""} for i in range(400)]
        )
    backups.create_backup(store)
    store.close()


def _answer_yes_to_questions(monkeypatch) -> list[tuple[str, str]]:
    """Answer every question box with Yes; returns the (title, text) asked, as they come."""
    asked = []

    def answer_yes(_parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    return asked


def test_damaged_database_is_restored_from_the_latest_backup_when_asked(
    qapp, data_dir, monkeypatch
):
    _store_with_backup(data_dir)
    _damage(database_path(data_dir))
    damaged = database_path(data_dir).read_bytes()
    asked = _answer_yes_to_questions(monkeypatch)
    store = open_store_or_recover(data_dir)
    assert store is not None
    assert [e.name for e in ev.list_events(store)] == ["Kept"]
    store.close()
    assert "damaged" in asked[0][0] and "mscd-" in asked[0][1]
    kept_aside = list(data_dir.glob("mscd.sqlite3.before-restore-*"))
    assert [p.read_bytes() for p in kept_aside if not p.name.endswith(("-wal", "-shm"))] == [
        damaged
    ]


def test_declining_the_restore_leaves_the_damaged_file_alone(qapp, data_dir, monkeypatch):
    _store_with_backup(data_dir)
    _damage(database_path(data_dir))
    damaged = database_path(data_dir).read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert open_store_or_recover(data_dir) is None
    assert database_path(data_dir).read_bytes() == damaged


def test_foreign_file_gets_a_clear_message_and_is_untouched(qapp, data_dir, monkeypatch):
    path = database_path(data_dir)
    path.write_text("id;name\n1;Ana\n")
    shown = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, title, text, *a, **k: shown.append(text)
    )
    assert open_store_or_recover(data_dir) is None
    assert "not an mscd-desktop database" in shown[0]
    assert path.read_text() == "id;name\n1;Ana\n"


def test_an_empty_database_next_to_backups_offers_the_latest_backup(qapp, data_dir, monkeypatch):
    _store_with_backup(data_dir)
    database_path(data_dir).write_bytes(b"")
    asked = _answer_yes_to_questions(monkeypatch)
    store = open_store_or_recover(data_dir)
    assert store is not None
    assert [e.name for e in ev.list_events(store)] == ["Kept"]  # not a fresh, empty store
    store.close()
    title, text = asked[0]
    assert title == "The database is empty"
    assert "is empty (0 bytes), but there are backups" in text and "The empty file is kept" in text


HOLDER = """
import sys
from mscd_desktop.core import store_lock
from pathlib import Path
held = store_lock.hold_shared(Path(sys.argv[1]), program="mscd-desktop")
print("holding", flush=True)
sys.stdin.readline()
held.release()
"""


def test_a_restore_refused_because_another_program_has_the_file_open_is_explained(
    qapp, data_dir, tmp_path, monkeypatch
):
    _store_with_backup(data_dir)
    _damage(database_path(data_dir))
    damaged = database_path(data_dir).read_bytes()
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    holder = subprocess.Popen(
        [sys.executable, str(script), str(database_path(data_dir))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    shown = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, title, text, *a, **k: shown.append((title, text))
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert open_store_or_recover(data_dir) is None
    finally:
        holder.communicate("\n", timeout=30)
    title, text = shown[0]
    assert title == "Cannot restore the backup"
    assert f"is open in mscd-desktop (process {holder.pid}" in text
    assert database_path(data_dir).read_bytes() == damaged
    assert not list(data_dir.glob("*.before-restore-*"))
