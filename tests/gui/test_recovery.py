"""Opening a damaged or foreign database: a clear message, the backup offered, nothing lost."""

from __future__ import annotations

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


def test_damaged_database_is_restored_from_the_latest_backup_when_asked(
    qapp, data_dir, monkeypatch
):
    _store_with_backup(data_dir)
    _damage(database_path(data_dir))
    damaged = database_path(data_dir).read_bytes()
    asked = []

    def answer_yes(_parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
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
