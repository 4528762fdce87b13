"""Writing the records a push accepted: one bulk insert (an array per column on PostgreSQL,
one multi-row statement on SQLite) whose RETURNING shows whether another worker stored some
of them first, the corrected versions marked superseded (an adult's replaced contact
details forgotten), the event row kept current and one fact row per record for the cluster
view. :mod:`.ingest` decides what is accepted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import BigInteger, Connection, Float, Integer, update

from mscd_desktop.core.sync.protocol import CONTACT_FIELDS, WireRecord, parse_time
from mscd_desktop.hub.devices import Device
from mscd_desktop.hub.schema import FACT_TABLES, events, records


class RetryBatch(Exception):
    """Another transaction changed what this one decided; run the batch again."""


@dataclass(frozen=True)
class Stored:
    """What a correction needs to know of the record it corrects."""

    kind: str
    event_id: str
    venue_id: int
    root_id: str
    superseded_by: str | None
    payload: str | None = None


def insert_ignoring(db: Connection, table, index: list[str]):
    """INSERT that skips rows whose *index* columns are already there (either dialect)."""
    if db.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table).on_conflict_do_nothing(index_elements=index)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing(index_elements=index)


@dataclass(frozen=True)
class Accepted:
    """A record the hub decided to store, with the chain it belongs to."""

    record: WireRecord
    root_id: str
    target: Stored | None


def _utc_text(occurred_at: str) -> str:
    moment = parse_time(occurred_at)
    assert moment is not None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def write_accepted(
    db: Connection, device: Device, batch_id: str, received_at: str, accepted: list[Accepted]
) -> None:
    """Store *accepted* from *device* in one go; RetryBatch when another push raced it."""
    if not accepted:
        return
    rows = [
        {
            "id": item.record.id,
            "venue_id": device.venue_id,
            "device_id": device.id,
            "batch_id": batch_id,
            "kind": item.record.kind,
            "event_id": item.record.event_id,
            "root_id": item.root_id,
            "corrects": item.record.corrects,
            "superseded_by": None,
            "occurred_at": item.record.occurred_at,
            "occurred_at_utc": _utc_text(item.record.occurred_at),
            "received_at": received_at,
            "payload_hash": item.record.payload_hash,
            "payload": item.record.canonical_payload.decode("utf-8"),
        }
        for item in accepted
    ]
    inserted = _insert_rows(db, records, rows, returning=True)
    if len(inserted) != len(rows):
        raise RetryBatch  # a concurrent push stored some of them first
    for item in accepted:
        if item.record.corrects:
            _supersede(db, item)
    facts: dict[str, list[dict]] = {}
    for item in accepted:
        if not item.record.withdraws and item.record.kind in FACT_TABLES:
            facts.setdefault(item.record.kind, []).append(_fact(item))
        elif item.record.kind == "event":
            _update_event(db, item.record)
    for kind, fact_rows in facts.items():
        _insert_rows(db, FACT_TABLES[kind], fact_rows)


def _unnest_insert(table, returning: bool) -> str:
    """PostgreSQL: one short statement with an array per column, sent in binary (constant
    text, so psycopg and the server reuse it), instead of thousands of VALUES placeholders."""
    casts = {Integer: "integer", BigInteger: "bigint", Float: "double precision"}
    arrays = ", ".join(
        f"%({column.name})b::{casts.get(type(column.type), 'varchar')}[]"
        for column in table.columns
    )
    names = ", ".join(column.name for column in table.columns)
    primary = table.primary_key.columns.keys()[0]
    text = f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({arrays})"
    text += f" ON CONFLICT ({primary}) DO NOTHING"
    return text + (f" RETURNING {primary}" if returning else "")


def _insert_rows(db: Connection, table, rows: list[dict], returning: bool = False) -> set[str]:
    """Insert *rows*, skipping keys already there; with *returning*, the keys stored."""
    if db.dialect.name == "postgresql":
        columns = {c.name: [row.get(c.name) for row in rows] for c in table.columns}
        result = db.exec_driver_sql(_unnest_insert(table, returning), columns)
        return {row[0] for row in result} if returning else set()
    if not returning:
        db.execute(insert_ignoring(db, table, table.primary_key.columns.keys()), rows)
        return set()
    # SQLite: one multi-row statement straight to the driver (RETURNING cannot executemany)
    names = [column.name for column in table.columns]
    primary = table.primary_key.columns.keys()[0]
    row_marks = "(" + ", ".join("?" * len(names)) + ")"
    text = (
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
        + ", ".join([row_marks] * len(rows))
        + f" ON CONFLICT ({primary}) DO NOTHING RETURNING {primary}"
    )
    flat = tuple(row[name] for row in rows for name in names)
    return {row[0] for row in db.exec_driver_sql(text, flat)}


def _supersede(db: Connection, item: Accepted) -> None:
    done = db.execute(
        update(records)
        .where(records.c.id == item.record.corrects, records.c.superseded_by.is_(None))
        .values(superseded_by=item.record.id)
    )
    if done.rowcount != 1:
        raise RetryBatch  # another push corrected the same record meanwhile
    target = item.target
    if target is not None and target.kind == "attendee" and target.payload:
        old = json.loads(target.payload)
        if any(name in old for name in CONTACT_FIELDS):
            # the hub forgets an adult's contact details once a newer version replaces them
            kept = {k: v for k, v in old.items() if k not in CONTACT_FIELDS}
            db.execute(
                update(records)
                .where(records.c.id == item.record.corrects)
                .values(payload=json.dumps(kept, sort_keys=True))
            )


def event_tag(event_id: str) -> str:
    """The 4-byte event tag carried in ticket and certificate codes, as 8 hex digits."""
    return hashlib.sha256(event_id.encode()).digest()[:4].hex()


def _update_event(db: Connection, record: WireRecord) -> None:
    values: dict[str, Any]
    if record.withdraws:
        values = {"record_id": record.id, "withdrawn": True}
    else:
        payload = record.payload
        values = {
            "record_id": record.id,
            "name": payload["name"],
            "project": payload["project"],
            "city": payload["city"],
            "venue_name": payload["venue"],
            "date": payload["date"],
            "tag": event_tag(record.event_id),
            "share_adult_contacts": payload["share_adult_contacts"],
            "share_certificates": payload["share_certificates"],
            "signing_keys": json.dumps(payload["signing_keys"]),
            "withdrawn": False,
        }
    db.execute(update(events).where(events.c.event_id == record.event_id).values(**values))


def _fact(item: Accepted) -> dict:
    record, payload = item.record, item.record.payload
    row: dict[str, Any] = {"record_id": record.id, "event_id": record.event_id}
    if record.kind == "attendee":
        row.update(
            attendee_id=item.root_id,
            role=payload["role"],
            audience=payload.get("audience"),
            age_band=payload.get("age_band"),
        )
    elif record.kind == "checkin":
        row.update(attendee_id=payload["attendee_id"], direction=payload["direction"])
    elif record.kind == "game_result":
        row.update(
            player=payload["player"],
            age_band=payload.get("age_band"),
            score=payload["score"],
            correct=payload["correct"],
            questions=payload["questions"],
        )
    elif record.kind == "energy_minute":
        row.update(
            channel=payload["channel"],
            minute_ts=payload["minute_ts"],
            energy_wh=float(payload["energy_wh"]),
        )
    elif record.kind == "certificate":
        row.update(
            code=payload["code"],
            first_name=payload["first_name"],
            date=payload["date"],
            key_no=payload["key_no"],
            signature=payload["signature"],
            recipient_key=payload["recipient_key"],
        )
    elif record.kind == "school_group":
        row.update(school=payload["school"], age_band=payload.get("age_band"), size=payload["size"])
    return row
