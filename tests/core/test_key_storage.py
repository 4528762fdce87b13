"""Private signing keys are sealed with a secret kept outside the database."""

from __future__ import annotations

import base64
import os
import shutil
import sqlite3
import stat
from datetime import date

import pytest

from mscd_desktop.core import backups as bk
from mscd_desktop.core import events as ev
from mscd_desktop.core import key_storage as ks
from mscd_desktop.core import local_secret, ticket_keys
from mscd_desktop.core import ticket_checks as checks
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.errors import StoreError
from mscd_desktop.core.local_secret import SecretMissingError
from mscd_desktop.core.store import Store, database_path

DAY = date(2026, 6, 10)


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(name="Open House Linero", project="CITyFiED", city="Lund", date="2026-06-10"),
    )


def _private_keys(store, event_id):
    with store.read() as db:
        numbers = [r[0] for r in db.execute("SELECT key_no FROM ticket_keys ORDER BY key_no")]
        return [ks.load_private_key(db, event_id, n).private_bytes_raw() for n in numbers]


def _spellings(raw: bytes) -> list[bytes]:
    """The ways a 32-byte key is usually written down."""
    b64 = base64.b64encode(raw)
    url = base64.urlsafe_b64encode(raw)
    return [raw, raw.hex().encode(), raw.hex().upper().encode(), b64, b64.rstrip(b"="), url]


def _move_to_another_computer(monkeypatch, tmp_path):
    """Another computer: its own (empty) key folder, no keyring holding our secret."""
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path / "other-computer-keys"))


def _verifies(store, event, ticket):
    return (
        checks.check_scan(ticket.code, ticket_keys.load_keyring(store), event.id, DAY).outcome
        == "valid"
    )


def test_copied_database_alone_holds_no_readable_private_key(
    store, data_dir, event, tmp_path, monkeypatch
):
    tk.issue_ticket(store, event.id, role="adult")
    ticket_keys.rotate_key(store, event.id)
    tk.issue_ticket(store, event.id, role="adult")
    keys = _private_keys(store, event.id)
    assert len(keys) == 2
    taken = bk.create_backup(store)
    store.close()
    elsewhere = tmp_path / "usb-stick"
    elsewhere.mkdir()
    shutil.copy(database_path(data_dir), elsewhere / "copied.sqlite3")
    shutil.copy(taken.path, elsewhere / "backup.sqlite3")
    for copied in elsewhere.iterdir():
        content = copied.read_bytes()
        for raw in keys:
            for spelling in _spellings(raw):
                assert spelling not in content, (copied.name, spelling)
    # and what the rows hold does not open without this computer's secret
    _move_to_another_computer(monkeypatch, tmp_path)
    conn = sqlite3.connect(elsewhere / "copied.sqlite3")
    rows = conn.execute("SELECT event_id, key_no, private_key FROM ticket_keys").fetchall()
    conn.close()
    assert len(rows) == 2
    for event_id, key_no, stored in rows:
        assert stored.startswith("sealed1$")
        with pytest.raises(SecretMissingError):
            ks.open_private_key(stored, event_id, key_no)


def test_sealed_keys_sign_after_reopening_and_old_tickets_still_verify(store, data_dir, event):
    first = tk.issue_ticket(store, event.id, role="adult")
    store.close()
    with Store.open(data_dir) as reopened:
        second = tk.issue_ticket(reopened, event.id, role="adult")
        assert second.key_no == first.key_no == 1
        assert _verifies(reopened, event, first) and _verifies(reopened, event, second)


def test_without_a_keyring_the_secret_is_a_private_key_file_and_said_once(store, event, tmp_path):
    tk.issue_ticket(store, event.id, role="adult")
    key_file = local_secret.key_dir() / local_secret.KEY_FILE_NAME
    assert key_file.is_file()
    assert database_path(store.path.parent).parent not in key_file.parents
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    notice = local_secret.take_notice()
    assert str(key_file) in notice and "No system keyring" in notice
    assert "copy of the database" in notice
    ticket_keys.rotate_key(store, event.id)
    assert local_secret.take_notice() is None


def test_a_working_keyring_keeps_the_secret_and_no_key_file_is_made(memory_keyring, store, event):
    ticket = tk.issue_ticket(store, event.id, role="adult")
    assert list(memory_keyring.passwords) == [
        (local_secret.KEYRING_SERVICE, local_secret.KEYRING_ACCOUNT)
    ]
    assert not (local_secret.key_dir() / local_secret.KEY_FILE_NAME).exists()
    assert "test memory keyring" in local_secret.take_notice()
    assert _verifies(store, event, ticket)


def test_a_restored_backup_signs_on_the_same_computer(store, data_dir, event):
    kept = tk.issue_ticket(store, event.id, role="adult")
    bk.create_backup(store)
    ticket_keys.rotate_key(store, event.id)
    store.close()
    bk.restore_backup(data_dir, "latest")
    with Store.open(data_dir) as restored:
        again = tk.issue_ticket(restored, event.id, role="adult")
        assert again.key_no == kept.key_no
        assert _verifies(restored, event, kept) and _verifies(restored, event, again)


def test_on_another_computer_signing_says_what_to_do_and_a_new_key_works(
    store, data_dir, event, tmp_path, monkeypatch
):
    old = tk.issue_ticket(store, event.id, role="adult")
    store.close()
    _move_to_another_computer(monkeypatch, tmp_path)
    with Store.open(data_dir) as moved:
        with pytest.raises(SecretMissingError, match="key rotation") as caught:
            tk.issue_ticket(moved, event.id, role="adult")
        assert "Tickets already issued still verify" in str(caught.value)
        assert _verifies(moved, event, old)
        ticket_keys.rotate_key(moved, event.id)
        fresh = tk.issue_ticket(moved, event.id, role="adult")
        assert fresh.key_no == 2 and _verifies(moved, event, fresh)


def test_a_sealed_key_moved_onto_another_row_does_not_open(store, event):
    tk.issue_ticket(store, event.id, role="adult")
    ticket_keys.rotate_key(store, event.id)
    with store.transaction() as db:
        first = db.execute("SELECT private_key FROM ticket_keys WHERE key_no = 1").fetchone()[0]
        db.execute("UPDATE ticket_keys SET private_key = ? WHERE key_no = 2", [first])
    with store.read() as db, pytest.raises(StoreError, match="altered"):
        ks.load_private_key(db, event.id, 2)


def test_a_secret_made_without_the_keyring_still_opens_when_the_keyring_returns(
    store, event, memory_keyring
):
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # e.g. a session over SSH: the keyring is away
    tk.issue_ticket(store, event.id, role="adult")
    keyring.set_keyring(memory_keyring)  # the desktop session again
    local_secret.take_notice()
    assert tk.issue_ticket(store, event.id, role="adult").key_no == 1
    assert memory_keyring.passwords == {}  # the file's secret is used, no second one made


def test_the_cli_says_once_where_the_secret_lives(capsys, data_dir):
    from mscd_desktop.cli import main

    create = ["--data-dir", str(data_dir), "event", "create", "--name", "Open House"]
    create += ["--project", "ZenN", "--city", "Grenoble", "--date", "2026-06-11", "--pin", "4821"]
    assert main(create) == 0
    err = capsys.readouterr().err
    key_file = local_secret.key_dir() / local_secret.KEY_FILE_NAME
    assert f"kept in the file {key_file}" in " ".join(err.split())
    assert main(["--data-dir", str(data_dir), "event", "list"]) == 0
    assert main([*create[:5], "Open House 2", *create[6:]]) == 0
    assert "keyring" not in capsys.readouterr().err
