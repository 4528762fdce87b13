"""The store: durability settings, migrations, refusing files that are not ours."""

from __future__ import annotations

import sqlite3

import pytest

from mscd_desktop.core import store as store_module
from mscd_desktop.core.errors import (
    CorruptDatabaseError,
    NewerDatabaseError,
    NotOurDatabaseError,
)
from mscd_desktop.core.store import Store, database_path


def test_store_uses_wal_full_sync_and_foreign_keys(store):
    with store.read() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID


def test_every_component_is_migrated_to_its_latest_version(store):
    expected = {name: len(steps) for name, steps in store_module.schema_components()}
    assert store.schema_versions() == expected


def test_opening_an_older_database_upgrades_it_in_one_go(data_dir, monkeypatch):
    Store.open(data_dir).close()
    added = []

    def new_step(db):
        db["extra"].create({"id": str}, pk="id")
        added.append(True)

    original = store_module.schema_components
    monkeypatch.setattr(
        store_module,
        "schema_components",
        lambda: [*original(), ("extra", [new_step])],
    )
    reopened = Store.open(data_dir)
    assert added == [True]
    assert reopened.schema_versions()["extra"] == 1
    assert "extra" in reopened.db.table_names()
    reopened.close()


def test_a_failing_migration_leaves_the_database_as_it_was(data_dir, monkeypatch):
    Store.open(data_dir).close()

    def half_done(db):
        db["half"].create({"id": str}, pk="id")
        raise RuntimeError("boom")

    original = store_module.schema_components
    monkeypatch.setattr(
        store_module, "schema_components", lambda: [*original(), ("half", [half_done])]
    )
    with pytest.raises(RuntimeError):
        Store.open(data_dir)
    monkeypatch.setattr(store_module, "schema_components", original)
    reopened = Store.open(data_dir)
    assert "half" not in reopened.db.table_names()
    assert "half" not in reopened.schema_versions()
    reopened.close()


def test_a_newer_database_is_refused_untouched(data_dir):
    Store.open(data_dir).close()
    path = database_path(data_dir)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_versions SET version = 99 WHERE component = 'events'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version"):
        Store.open(data_dir)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(data_dir):
    path = database_path(data_dir)
    path.write_bytes(b"name,email\nAna,ana@example.org\n")
    with pytest.raises(NotOurDatabaseError, match="not SQLite"):
        Store.open(data_dir)
    assert path.read_bytes() == b"name,email\nAna,ana@example.org\n"


def test_another_programs_database_is_refused_and_left_alone(data_dir):
    path = database_path(data_dir)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotOurDatabaseError, match="another program"):
        Store.open(data_dir)
    assert path.read_bytes() == before


def test_a_corrupt_database_is_refused_and_names_the_latest_backup(data_dir):
    from mscd_desktop.core.backups import create_backup

    store = Store.open(data_dir)
    with store.transaction() as db:
        db["app_state"].insert_all(
            [{"key": f"k{i}", "value": "x" * 500, "updated_at": ""} for i in range(400)]
        )
    backup = create_backup(store)
    store.close()
    path = database_path(data_dir)
    raw = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(raw) - page, page):
        raw[offset : offset + 200] = b"\xde\xad" * 100  # scribble over every page header
    path.write_bytes(bytes(raw))
    damaged = path.read_bytes()
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(data_dir)
    assert caught.value.latest_backup == str(backup.path)
    assert path.read_bytes() == damaged


def test_state_values_round_trip_and_can_be_removed(store):
    store.set_state("current_event_id", "abc")
    assert store.get_state("current_event_id") == "abc"
    store.set_state("current_event_id", None)
    assert store.get_state("current_event_id", "none") == "none"


def test_a_failed_transaction_writes_nothing(store):
    with pytest.raises(ZeroDivisionError), store.transaction() as db:
        db["app_state"].insert({"key": "a", "value": "1", "updated_at": ""})
        1 / 0  # noqa: B018
    assert store.get_state("a") is None
