"""One event moves to another laptop in a passphrase-sealed file, whole or not at all."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest

from mscd_desktop.core import checkin, event_file, local_secret
from mscd_desktop.core import event_transfer as et
from mscd_desktop.core import events as ev
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.attendees import list_attendees, register_walk_in
from mscd_desktop.core.demo import create_demo
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.outcomes import Outcome
from mscd_desktop.core.store import Store
from mscd_desktop.core.ticket_checks import check_scan
from mscd_desktop.core.ticket_keys import load_keyring

PASSPHRASE = "correct horse battery"


@pytest.fixture
def laptop_a(tmp_path, monkeypatch):
    """The organiser's laptop: the demo event, with its own key folder."""
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path / "keys-a"))
    store = Store.open(tmp_path / "a")
    event = create_demo(store)
    local_secret.take_notice()
    yield store, event
    store.close()


@pytest.fixture
def exported(laptop_a, tmp_path):
    store, event = laptop_a
    result = et.export_event(store, event.id, tmp_path / "day.mscd-event", PASSPHRASE)
    return result


@pytest.fixture
def laptop_b(tmp_path, monkeypatch, exported):
    """Another laptop: its own data folder and its own key folder (another secret)."""
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path / "keys-b"))
    store = Store.open(tmp_path / "b")
    other = ev.create_event(
        store, ev.EventDraft(name="Linero", project="CITyFiED", city="Lund", date="2026-06-10")
    )
    yield store, other
    store.close()


def _rows(store, event_id):
    """Every row that hangs off the event, by table, without what does not travel."""
    with store.read() as db:
        links = et.event_links(db)
        found = {}
        for link in links:
            rows = db.execute(
                f"SELECT * FROM [{link.table}] WHERE {et._where(links, link)}", [event_id]
            )
            names = [c[0] for c in rows.description]
            found[link.table] = sorted(
                (
                    tuple(
                        (n, v)
                        for n, v in zip(names, row, strict=True)
                        if n not in ("private_key", "pin_hash")
                        and not (link.table == "sync_outbox" and n == "seq")  # this laptop's order
                    )
                    for row in rows.fetchall()
                ),
                key=repr,
            )
        return found


def _counts(store):
    with store.read() as db:
        return {t: db[t].count for t in db.table_names() if t != "schema_versions"}


def test_an_event_moves_whole_and_its_keys_sign_on_the_new_laptop(laptop_a, exported, laptop_b):
    store_a, event = laptop_a
    store_b, _other = laptop_b
    imported = et.import_event(store_b, exported.path, PASSPHRASE)
    assert imported.rows == exported.rows and exported.keys == 1
    assert exported.rows["attendees"] > 50 and exported.rows["quiz_answers"] > 0
    assert exported.rows["energy_minutes"] > 0 and exported.rows["checkins"] > 0
    assert _rows(store_b, event.id) == _rows(store_a, event.id)
    assert ev.current_event(store_b).id == event.id
    # a badge printed on laptop A checks in at laptop B ...
    ticket = next(
        t
        for t in tk.list_tickets(store_a, event.id)
        if t.attendee_id and t.attendee_id not in checkin.checked_in_ids(store_a, event.id)
    )
    desk = checkin.CheckInDesk(
        store_b, event.id, desk="B", today=lambda: date.fromisoformat(event.date)
    )
    assert desk.scan(ticket.code).status == "valid"
    # ... and laptop B signs new tickets with the event's key, which A's desks accept
    new = tk.reissue_ticket(store_b, ticket.id)
    check = check_scan(new.code, load_keyring(store_a), event.id, date.fromisoformat(event.date))
    assert check.outcome is Outcome.VALID
    # the PIN does not travel (keyed with laptop A's secret): the import says so
    assert not ev.get_event(store_b, event.id).has_pin
    assert any("PIN" in note for note in imported.notes)


def test_the_file_reveals_no_name_and_no_key_without_the_passphrase(laptop_a, exported):
    store, event = laptop_a
    raw = exported.path.read_bytes()
    with store.read() as db:
        key = et.key_storage.load_private_key(db, event.id, 1).private_bytes_raw()
    assert key.hex().encode() not in raw and base64.b64encode(key) not in raw
    for person in list_attendees(store, event.id)[:20]:
        for spelling in (person.name, json.dumps(person.name)[1:-1]):
            assert spelling.encode() not in raw
    assert json.dumps(event.name)[1:-1].encode() in raw  # the header says which event it is
    assert exported.path.stat().st_mode & 0o777 == 0o600


def test_a_wrong_passphrase_changes_nothing(laptop_b, exported):
    store_b, _other = laptop_b
    before = _counts(store_b)
    with pytest.raises(event_file.WrongPassphraseError, match="passphrase does not open"):
        et.import_event(store_b, exported.path, "not the passphrase")
    assert _counts(store_b) == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda raw: raw[: len(raw) // 2], "not readable as JSON"),
        (lambda raw: b"\x00\xff" + raw, "not readable as JSON"),
        (lambda raw: raw.replace(b'"content": "', b'"content": "AAAA'), "changed or cut short"),
        (lambda raw: raw.replace(b"Torrelago", b"Torrelagp", 1), "changed or cut short"),
        (lambda raw: json.dumps({"header": {"format": "zip"}}).encode(), "not an event file"),
    ],
    ids=["cut-short", "garbage", "content-changed", "header-changed", "foreign-json"],
)
def test_a_damaged_file_is_named_and_changes_nothing(laptop_b, exported, damage, message):
    store_b, _other = laptop_b
    exported.path.write_bytes(damage(exported.path.read_bytes()))
    before = _counts(store_b)
    with pytest.raises(event_file.EventFileError, match=message) as caught:
        et.import_event(store_b, exported.path, PASSPHRASE)
    assert str(exported.path) in str(caught.value)
    assert _counts(store_b) == before


def _edit_header(path, **changes):
    document = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        document["header"][key] = value
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_file_from_a_newer_version_is_refused_before_the_passphrase(laptop_b, exported):
    store_b, _other = laptop_b
    before = _counts(store_b)
    _edit_header(exported.path, format_version=99, app_version="9.0.0")
    with pytest.raises(event_file.NewerEventFileError, match=r"newer version.*9\.0\.0"):
        et.import_event(store_b, exported.path, "any passphrase at all")
    _edit_header(exported.path, format_version=1, schema={"tickets": 99})
    with pytest.raises(event_file.NewerEventFileError, match="part 'tickets', version 99"):
        et.check_importable(store_b, exported.path)
    assert _counts(store_b) == before


def test_the_same_event_twice_is_refused_unless_replaced(laptop_a, laptop_b, exported):
    store_a, event = laptop_a
    store_b, _other = laptop_b
    et.import_event(store_b, exported.path, PASSPHRASE)
    register_walk_in(store_b, event.id, "Only On Laptop B", "citizens")
    before = _counts(store_b)
    with pytest.raises(MscdError, match=r"already has the event.*--replace"):
        et.import_event(store_b, exported.path, PASSPHRASE)
    assert _counts(store_b) == before
    et.import_event(store_b, exported.path, PASSPHRASE, replace=True)
    assert _rows(store_b, event.id) == _rows(store_a, event.id)  # the file's copy, whole
    assert "Only On Laptop B" not in [a.name for a in list_attendees(store_b, event.id)]


def _feedback_tables(store):
    with store.transaction() as db:
        db.execute(
            "CREATE TABLE feedback_cards "
            "(id TEXT PRIMARY KEY, event_id TEXT REFERENCES events(id), code TEXT)"
        )
        db.execute(
            "CREATE TABLE feedback_pages (cert_id TEXT REFERENCES feedback_cards(id), n INTEGER)"
        )


def test_a_table_added_later_travels_too(laptop_a, tmp_path, monkeypatch):
    store_a, event = laptop_a
    _feedback_tables(store_a)
    with store_a.transaction() as db:
        db.execute("INSERT INTO feedback_cards VALUES ('c1', ?, 'X7')", [event.id])
        db.execute("INSERT INTO feedback_pages VALUES ('c1', 1)")
    result = et.export_event(store_a, event.id, tmp_path / "e.mscd-event", PASSPHRASE)
    assert result.rows["feedback_cards"] == 1 and result.rows["feedback_pages"] == 1
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path / "keys-c"))
    with Store.open(tmp_path / "c") as older:  # a version without the table refuses it
        with pytest.raises(event_file.EventFileError, match=r"does not know.*feedback_cards"):
            et.import_event(older, result.path, PASSPHRASE)
        assert ev.list_events(older) == []
    with Store.open(tmp_path / "d") as same:
        _feedback_tables(same)
        et.import_event(same, result.path, PASSPHRASE)
        assert _rows(same, event.id) == _rows(store_a, event.id)


def test_a_short_passphrase_is_refused_and_nothing_is_written(laptop_a, tmp_path):
    store, event = laptop_a
    with pytest.raises(ValidationError, match="at least 8 characters"):
        et.export_event(store, event.id, tmp_path / "short.mscd-event", "1234")
    assert not (tmp_path / "short.mscd-event").exists()


def test_an_interrupted_export_leaves_the_old_file_whole(laptop_a, exported, monkeypatch):
    store, event = laptop_a
    old = exported.path.read_bytes()

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(event_file.json, "dump", fail)
    with pytest.raises(OSError, match="disk full"):
        et.export_event(store, event.id, exported.path, PASSPHRASE)
    assert exported.path.read_bytes() == old
    assert [p.name for p in exported.path.parent.glob("*.part")] == []


def test_a_key_that_cannot_sign_here_travels_without_its_private_part(
    laptop_a, tmp_path, monkeypatch
):
    store, event = laptop_a
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path / "keys-elsewhere"))  # A's secret gone
    result = et.export_event(store, event.id, tmp_path / "e.mscd-event", PASSPHRASE)
    assert result.keys == 0 and any("cannot sign" in note for note in result.notes)
