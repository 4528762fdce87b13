"""Move one event to another laptop: ``mscd event export`` and ``mscd event import``.

What travels is found from the schema itself, so a table added later travels too: the
event's row, every table with an ``event_id`` (attendees, school groups, tickets, signing
keys, check-ins, presence, quiz games, energy minutes …) and every table whose foreign key
points at one of those (quiz answers). Tables listed in :data:`LOCAL_TABLES` stay on the
laptop that made them.

The private signing keys are read with :func:`key_storage.load_private_key`, travel inside
the passphrase-sealed file (:mod:`mscd_desktop.core.event_file`) and are sealed again on
the new laptop with :func:`key_storage.seal_private_key`. The organiser PIN does not
travel: its hash is keyed with a secret of the old laptop and cannot be checked anywhere
else, so the imported event has no PIN until one is set there.

An import is one transaction: a file from a newer version, a damaged file or a wrong
passphrase changes nothing. The same event imported twice is refused, unless ``replace``
is asked for: then this laptop's copy of the event is replaced by the file's, whole.
"""

from __future__ import annotations

import base64
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mscd_desktop import __version__
from mscd_desktop.core import events as ev
from mscd_desktop.core import key_storage
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.event_file import (
    EventFileError,
    NewerEventFileError,
    read_event_file,
    read_header,
    write_event_file,
)
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.local_secret import SecretMissingError
from mscd_desktop.core.store import Store, schema_components
from mscd_desktop.core.sync import outbox
from mscd_desktop.i18n import _

LOCAL_TABLES = frozenset({"pin_attempts"})
"""Tables about an event that belong to this laptop only (wrong PINs typed here)."""


@dataclass(frozen=True)
class _Link:
    """Rows of *table* belong to the event through *column*, pointing at *parent*.*target*."""

    table: str
    column: str
    parent: str | None = None  # None: the column is the event's id itself
    target: str = ""


@dataclass(frozen=True)
class TransferResult:
    """What an export or import did."""

    event: ev.Event
    path: Path
    rows: dict[str, int]
    keys: int  # private signing keys carried
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """For ``--json``."""
        return {
            "event": self.event.as_dict(),
            "file": str(self.path),
            "rows": self.rows,
            "private_keys": self.keys,
            "notes": list(self.notes),
        }


def _columns(db: sqlite_utils.Database, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info([{table}])").fetchall()]


def event_links(db: sqlite_utils.Database) -> list[_Link]:
    """How each table's rows hang off one event, parents before children."""
    tables = [t for t in db.table_names() if t not in LOCAL_TABLES]
    links = [_Link("events", "id")]
    links += [
        _Link(t, "event_id") for t in tables if t != "events" and "event_id" in _columns(db, t)
    ]
    linked = {link.table for link in links}
    grew = True
    while grew:  # children of linked tables, then their children
        grew = False
        for table in tables:
            if table in linked:
                continue
            for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
                parent, column, target = fk[2], fk[3], fk[4]
                if parent in linked:
                    links.append(_Link(table, column, parent, target or "id"))
                    linked.add(table)
                    grew = True
                    break
    return links


def _where(links: list[_Link], link: _Link) -> str:
    """SQL selecting the rows of *link*'s table that belong to the event (parameter: id)."""
    if link.parent is None:
        return f"[{link.column}] = ?"
    parent = next(p for p in links if p.table == link.parent)
    inner = f"SELECT [{link.target}] FROM [{parent.table}] WHERE {_where(links, parent)}"
    return f"[{link.column}] IN ({inner})"


def _encode(value: Any) -> Any:
    return {"$base64": base64.b64encode(value).decode()} if isinstance(value, bytes) else value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


def _collect(db: sqlite_utils.Database, event_id: str) -> dict[str, list[dict]]:
    links = event_links(db)
    tables: dict[str, list[dict]] = {}
    for link in links:
        cursor = db.execute(f"SELECT * FROM [{link.table}] WHERE {_where(links, link)}", [event_id])
        names = [c[0] for c in cursor.description]
        tables[link.table] = [
            {n: _encode(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()
        ]
    return tables


def export_event(store: Store, event_id: str | None, out: Path, passphrase: str) -> TransferResult:
    """Write the event (the one opened last when *event_id* is None) to *out*."""
    event = ev.resolve_event(store, event_id)
    notes: list[str] = []
    private_keys: dict[str, str] = {}
    with store.read() as db:
        tables = _collect(db, event.id)
        for row in tables.get("ticket_keys", []):
            if row.get("private_key"):
                try:
                    key = key_storage.load_private_key(db, event.id, row["key_no"])
                except SecretMissingError:
                    notes.append(
                        _(
                            "Signing key {key_no} cannot sign on this laptop either, so it "
                            "travels without its private part; its tickets still verify."
                        ).format(key_no=row["key_no"])
                    )
                else:
                    private_keys[str(row["key_no"])] = key.private_bytes_raw().hex()
            row["private_key"] = None
        for row in tables["events"]:
            row["pin_hash"] = None  # keyed with this laptop's secret: useless elsewhere
        schema = store.schema_versions()
    header = {
        "app_version": __version__,
        "schema": schema,
        "event_id": event.id,
        "event_name": event.name,
        "event_date": event.date,
        "exported_at": utc_now(),
    }
    content = {"tables": tables, "private_keys": private_keys}
    write_event_file(out, header, content, passphrase)
    rows = {name: len(found) for name, found in tables.items()}
    return TransferResult(event, Path(out), rows, len(private_keys), tuple(notes))


def _check_schema(path: Path, schema: dict[str, int]) -> None:
    known = {name: len(steps) for name, steps in schema_components()}
    for part, version in schema.items():
        if part not in known or version > known[part]:
            raise NewerEventFileError(
                _(
                    "{file} was written by a newer version of mscd-desktop (part '{part}', "
                    "version {version}). Update the app on this laptop to import it; nothing "
                    "was changed."
                ).format(file=path, part=part, version=version)
            )


def _delete_event(db: sqlite_utils.Database, event_id: str) -> None:
    links = event_links(db)
    for link in reversed(links):  # children first
        db.execute(f"DELETE FROM [{link.table}] WHERE {_where(links, link)}", [event_id])
    db.execute("DELETE FROM pin_attempts WHERE event_id = ?", [event_id])


def _insert(db: sqlite_utils.Database, path: Path, tables: dict[str, list[dict]]) -> None:
    present = set(db.table_names())
    for table, rows in tables.items():
        if table not in present or table in LOCAL_TABLES:
            raise EventFileError(
                _("{file} holds a table this version does not know ({table}).").format(
                    file=path, table=table
                )
            )
        columns = set(_columns(db, table))
        for row in rows:
            unknown = set(row) - columns
            if unknown:
                raise EventFileError(
                    _("{file} holds columns this version does not know ({columns}).").format(
                        file=path, columns=", ".join(sorted(unknown))
                    )
                )
            if table == outbox.TABLE:
                continue  # after every other table: see _restore_outbox
            names = list(row)
            db.execute(
                f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) "
                f"VALUES ({', '.join('?' for _n in names)})",
                [_decode(row[n]) for n in names],
            )


def _restore_outbox(db: sqlite_utils.Database, event_id: str, rows: list[dict]) -> None:
    """Put the event's sync state from the file in place of what the triggers noted while
    its rows were inserted (or deleted, on replace): what the hub already has stays sent,
    what it has not is still to send. Each version gets a new ``seq`` after this
    laptop's own, in the order it had on the old laptop."""
    db.execute(f"DELETE FROM {outbox.TABLE} WHERE event_id = ?", [event_id])
    for row in sorted(rows, key=lambda r: r.get("seq") or 0):
        names = [n for n in row if n != "seq"]
        db.execute(
            f"INSERT INTO {outbox.TABLE} ({', '.join(f'[{n}]' for n in names)}) "
            f"VALUES ({', '.join('?' for _n in names)})",
            [_decode(row[n]) for n in names],
        )


def resolve_for_export(store: Store, event_id: str | None) -> ev.Event:
    """The event an export would write (NotFoundError before a passphrase is asked)."""
    return ev.resolve_event(store, event_id)


def _already_here(name: str, event_id: str) -> MscdError:
    return MscdError(
        _(
            "This laptop already has the event “{name}” ({id}). Nothing was changed. "
            "To replace everything this laptop holds for it with the file's copy, "
            "import again with --replace."
        ).format(name=name, id=event_id)
    )


def check_importable(store: Store, path: Path, *, replace: bool = False) -> None:
    """Refuse, before a passphrase is asked, a file that is not an event file, is
    damaged, comes from a newer version, or holds an event that is here already (unless
    *replace*)."""
    header = read_header(Path(path))
    _check_schema(Path(path), header.schema)
    with store.read() as db:
        exists = db.execute("SELECT name FROM events WHERE id = ?", [header.event_id]).fetchone()
    if exists and not replace:
        raise _already_here(exists[0], header.event_id)


def import_event(
    store: Store, path: Path, passphrase: str, *, replace: bool = False
) -> TransferResult:
    """Add the event in the file at *path* to this laptop and open it.

    Refused (nothing changed) when the file is from a newer version, damaged, the
    passphrase is wrong, or the event is here already and *replace* is False.
    """
    path = Path(path)
    check_importable(store, path, replace=replace)
    header, content = read_event_file(path, passphrase)
    try:
        tables = content["tables"]
        keys = {int(k): bytes.fromhex(v) for k, v in content.get("private_keys", {}).items()}
        event_rows = tables["events"]
        if len(event_rows) != 1 or event_rows[0]["id"] != header.event_id:
            raise ValueError("events")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise EventFileError(
            _("{file} is not an mscd-desktop event file, or it is damaged ({reason}).").format(
                file=path, reason=exc
            )
        ) from exc
    event_id = header.event_id
    with store.transaction() as db:
        exists = db.execute("SELECT name FROM events WHERE id = ?", [event_id]).fetchone()
        if exists and not replace:
            raise _already_here(exists[0], event_id)
        db.execute("PRAGMA defer_foreign_keys = ON")  # rows arrive in any order
        if exists:
            _delete_event(db, event_id)
        for row in tables.get("ticket_keys", []):
            private = keys.get(int(row["key_no"]))
            if private is not None:
                key = Ed25519PrivateKey.from_private_bytes(private)
                row["private_key"] = key_storage.seal_private_key(key, event_id, row["key_no"])
        project = event_rows[0].get("project")
        if project:
            db.execute(
                "INSERT OR IGNORE INTO projects (name, created_at) VALUES (?, ?)",
                [project, utc_now()],
            )
        try:
            _insert(db, path, tables)
            _restore_outbox(db, event_id, tables.get(outbox.TABLE, []))
            broken = db.execute("PRAGMA foreign_key_check").fetchone()
        except sqlite3.Error as exc:
            raise EventFileError(
                _("{file} cannot be imported: {error}. Nothing was changed.").format(
                    file=path, error=exc
                )
            ) from exc
        if broken:  # checked here: a failed COMMIT would leave the transaction open
            raise EventFileError(
                _(
                    "{file} cannot be imported: a row of {table} points at a row that is "
                    "not there. Nothing was changed."
                ).format(file=path, table=broken[0])
            )
    event = ev.open_event(store, event_id)
    notes = [
        _(
            "The organiser PIN does not travel. Set one on this laptop: mscd event edit "
            "--event {id} --pin NEW_PIN"
        ).format(id=event_id)
    ]
    rows = {name: len(found) for name, found in tables.items()}
    return TransferResult(event, path, rows, len(keys), tuple(notes))
