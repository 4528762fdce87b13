"""A database of the older layout (plain private keys, unkeyed PIN hashes) is sealed at open."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mscd_desktop.core import events as ev
from mscd_desktop.core import key_storage as ks
from mscd_desktop.core import organiser_pin, schema, ticket_keys
from mscd_desktop.core import ticket_checks as checks
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.ids import stamped
from mscd_desktop.core.store import Store, database_path

PIN = "2468"


def _old_layout_database(data_dir, monkeypatch) -> list[tuple[str, bytes, str]]:
    """What the version before sealing wrote: a few events with a PIN and a key each.

    Returns each event's id, raw private key and PIN digest."""
    with monkeypatch.context() as old_version:
        old_version.setattr(
            schema, "COMPONENTS", tuple(c for c in schema.COMPONENTS if c is not organiser_pin)
        )
        old_version.setattr(tk, "MIGRATIONS", tk.MIGRATIONS[:1])
        store = Store.open(data_dir)
    made = [_old_event(store, f"Open House {n}") for n in range(4)]
    store.close()
    for _event_id, raw_key, _digest in made:
        assert raw_key.hex().encode() in database_path(data_dir).read_bytes()
    return made


def _old_event(store, name) -> tuple[str, bytes, str]:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(PIN.encode(), salt=salt, n=2**14, r=8, p=1).hex()
    key = Ed25519PrivateKey.generate()
    event = stamped(
        {
            "name": name,
            "project": "CITyFiED",
            "city": "Laguna de Duero",
            "venue": "",
            "date": "2026-06-10",
            "audiences": "[]",
            "languages": '["es"]',
            "status": "open",
            "pin_hash": f"scrypt$16384$8$1${salt.hex()}${digest}",
        }
    )
    with store.transaction() as db:
        db["events"].insert(event)
        db["ticket_keys"].insert(
            stamped(
                {
                    "event_id": event["id"],
                    "key_no": 1,
                    "public_key": key.public_key().public_bytes_raw().hex(),
                    "private_key": key.private_bytes_raw().hex(),
                    "retired_at": None,
                }
            )
        )
    assert store.schema_versions()["tickets"] == 1
    return event["id"], key.private_bytes_raw(), digest


def test_old_database_is_sealed_on_open_and_nothing_is_lost(data_dir, monkeypatch):
    made = _old_layout_database(data_dir, monkeypatch)
    event_id, raw_key, _digest = made[0]
    with Store.open(data_dir) as store:
        versions = store.schema_versions()
        assert (versions["tickets"], versions["organiser_pin"]) == (2, 2)
        with store.read() as db:
            assert ks.load_private_key(db, event_id, 1).private_bytes_raw() == raw_key
            stored_pins = [r[0] for r in db.execute("SELECT pin_hash FROM events")]
        assert all(p.startswith("scrypt-hmac1$") for p in stored_pins)
        assert ev.check_pin(store, event_id, PIN).accepted
        assert not ev.check_pin(store, event_id, "1357").accepted
        ticket = tk.issue_ticket(store, event_id, role="adult", valid_from=date(2026, 6, 10))
        assert ticket.key_no == 1
        check = checks.check_scan(
            ticket.code, ticket_keys.load_keyring(store), event_id, date(2026, 6, 10)
        )
        assert check.outcome == "valid"
    content = database_path(data_dir).read_bytes()
    wal = database_path(data_dir).with_name("mscd.sqlite3-wal")
    content += wal.read_bytes() if wal.exists() else b""
    for _event_id, raw_key, pin_digest in made:
        assert raw_key.hex().encode() not in content and raw_key not in content
        assert pin_digest.encode() not in content


def test_sealing_twice_changes_nothing(data_dir, monkeypatch):
    event_id, raw_key, _digest = _old_layout_database(data_dir, monkeypatch)[0]
    Store.open(data_dir).close()
    with Store.open(data_dir) as store, store.read() as db:
        before = db.execute("SELECT private_key FROM ticket_keys").fetchone()[0]
        ks.seal_plain_private_keys(db)
        after = db.execute("SELECT private_key FROM ticket_keys").fetchone()[0]
        assert before == after
        assert ks.load_private_key(db, event_id, 1).private_bytes_raw() == raw_key


def test_a_value_replaced_by_a_shorter_one_leaves_no_trace_in_the_file(store, data_dir):
    # SQLite leaves the bytes of a freed cell in its page unless secure_delete is on: a
    # key re-sealed or a hash re-keyed could otherwise still be read from the file
    old_values = {f"k{n}": secrets.token_hex(32) for n in range(20)}
    for key, value in old_values.items():
        store.set_state(key, value)
    for key in old_values:
        store.set_state(key, "short")
    store.close()
    content = database_path(data_dir).read_bytes()
    assert not [v for v in old_values.values() if v.encode() in content]
