"""Storing pushed records: idempotent, item by item, one transaction per batch.

The same path serves ``POST /api/v1/push`` and ``mscd-hub import`` (offline bundles). For
each record: already stored with the same content → ``duplicate``; with other content →
``conflict``; breaking the rules (protocol, venue scope, corrections, consent) →
``rejected``; otherwise ``accepted``. New records go in with ``INSERT … ON CONFLICT (id) DO
NOTHING RETURNING id``: if another worker stored one of them meanwhile, this transaction is
rolled back and run again, and then sees it as stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Float,
    Integer,
    String,
    any_,
    bindparam,
    select,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError

from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.sync.protocol import CONTACT_FIELDS, RecordRefused, WireRecord, parse_time
from mscd_desktop.core.sync.record_checks import carries_contact, check_record, record_id_of
from mscd_desktop.hub.db import writing
from mscd_desktop.hub.devices import Device
from mscd_desktop.hub.language import hub_gettext as _
from mscd_desktop.hub.schema import FACT_TABLES, devices, events, records

log = logging.getLogger(__name__)
ATTEMPTS = 5
_RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected


class RetryBatch(Exception):
    """Another transaction changed what this one decided; run the batch again."""


@dataclass(frozen=True)
class ItemResult:
    """The answer for one record."""

    id: str | None
    status: str
    reason: str | None = None
    field: str | None = None

    def as_json(self) -> dict:
        """The item as answered on the wire."""
        item: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.reason:
            item["reason"] = self.reason
        if self.field:
            item["field"] = self.field
        return item


@dataclass(frozen=True)
class PushOutcome:
    """What a push (or a bundle) did, record by record."""

    batch_id: str
    received_at: str
    results: list[ItemResult]

    def counts(self) -> dict[str, int]:
        """How many records got each status."""
        found = {"accepted": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
        for item in self.results:
            found[item.status] += 1
        return found

    def as_json(self) -> dict:
        """The answer of ``POST /api/v1/push``."""
        return {
            "batch_id": self.batch_id,
            "received_at": self.received_at,
            "results": [item.as_json() for item in self.results],
        }


@dataclass(frozen=True)
class _Stored:
    """What a correction needs to know of the record it corrects."""

    kind: str
    event_id: str
    venue_id: int
    root_id: str
    superseded_by: str | None
    payload: str | None = None


def check_all(raw_records: Sequence[Any]) -> list[WireRecord | ItemResult]:
    """Each raw record checked against the protocol (no database needed)."""
    checked: list[WireRecord | ItemResult] = []
    for raw in raw_records:
        try:
            checked.append(check_record(raw))
        except RecordRefused as refused:
            checked.append(ItemResult(record_id_of(raw), "rejected", refused.reason, refused.field))
    return checked


def apply_records(
    engine: Engine, device: Device, batch_id: str, raw_records: Sequence[Any]
) -> PushOutcome:
    """Store a batch from *device*, answering each record; retried on write races."""
    checked = check_all(raw_records)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with writing(engine) as db:
                return _apply(db, device, batch_id, checked)
        except RetryBatch:
            log.info("batch %s raced another push; attempt %d", batch_id, attempt)
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) not in _RETRY_SQLSTATES:
                raise
            log.info("batch %s: %s; attempt %d", batch_id, error.orig, attempt)
    raise RetryBatch(f"batch {batch_id} raced other pushes {ATTEMPTS} times")


def _insert_ignoring(db: Connection, table, index: list[str]):
    if db.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table).on_conflict_do_nothing(index_elements=index)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing(index_elements=index)


def _differs(record: WireRecord, other) -> str | None:
    """None when *other* (a stored row or a record) has *record*'s content, else what differs."""
    for name in ("kind", "event_id", "occurred_at", "corrects", "payload_hash"):
        if getattr(record, name) != getattr(other, name):
            return name
    return None


def _apply(
    db: Connection, device: Device, batch_id: str, checked: list[WireRecord | ItemResult]
) -> PushOutcome:
    received_at = utc_now()
    results: list[ItemResult | None] = [None] * len(checked)
    first_index: dict[str, int] = {}
    repeats: list[tuple[int, WireRecord]] = []
    candidates: list[tuple[int, WireRecord]] = []
    for index, item in enumerate(checked):
        if isinstance(item, ItemResult):
            results[index] = item
        elif item.id in first_index:
            repeats.append((index, item))
        else:
            first_index[item.id] = index
            candidates.append((index, item))

    stored = _stored_rows(db, [record.id for _i, record in candidates])
    new: list[tuple[int, WireRecord]] = []
    for index, record in candidates:
        row = stored.get(record.id)
        if row is None:
            new.append((index, record))
        else:
            differs = _differs(record, row)
            if differs is None and row.venue_id != device.venue_id:
                differs = "venue"
            results[index] = (
                ItemResult(record.id, "duplicate")
                if differs is None
                else ItemResult(
                    record.id,
                    "conflict",
                    _("The hub already has a record with this id and another {field}.").format(
                        field=differs
                    ),
                    differs,
                )
            )
    if new:
        accepted = _decide(db, device, new, results)
        _write(db, device, batch_id, received_at, accepted)
    for index, record in repeats:
        first = checked[first_index[record.id]]
        assert isinstance(first, WireRecord)
        earlier = results[first_index[record.id]]
        assert earlier is not None
        if _differs(record, first) is not None:
            results[index] = ItemResult(
                record.id, "conflict", _("The batch holds this id twice with other content.")
            )
        elif earlier.status == "accepted":
            results[index] = ItemResult(record.id, "duplicate")
        else:
            results[index] = earlier
    db.execute(update(devices).where(devices.c.id == device.id).values(last_seen_at=received_at))
    final = [item for item in results if item is not None]
    assert len(final) == len(checked)
    return PushOutcome(batch_id=batch_id, received_at=received_at, results=final)


def _stored_rows(db: Connection, ids: list[str]) -> dict[str, Any]:
    columns = (
        records.c.id,
        records.c.kind,
        records.c.event_id,
        records.c.occurred_at,
        records.c.corrects,
        records.c.payload_hash,
        records.c.venue_id,
    )
    if not ids:
        return {}
    if db.dialect.name == "postgresql":  # one array parameter, not 1,000 placeholders
        wanted = bindparam("ids", ids, type_=postgresql.ARRAY(String))
        query = select(*columns).where(records.c.id == any_(wanted))
        return {row.id: row for row in db.execute(query)}
    found: dict[str, Any] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        for row in db.execute(select(*columns).where(records.c.id.in_(chunk))):
            found[row.id] = row
    return found


def _claim_events(db: Connection, device: Device, event_ids: list[str]) -> dict[str, Any]:
    """Claim unclaimed events for the device's venue; every event's owner and opt-in."""
    now = utc_now()
    db.execute(
        _insert_ignoring(db, events, ["event_id"]),
        [
            {
                "event_id": event_id,
                "venue_id": device.venue_id,
                "claimed_at": now,
                "share_adult_contacts": False,
                "share_certificates": False,
                "signing_keys": "[]",
                "withdrawn": False,
            }
            for event_id in event_ids
        ],
    )
    query = select(
        events.c.event_id,
        events.c.venue_id,
        events.c.share_adult_contacts,
        events.c.share_certificates,
    )
    return {row.event_id: row for row in db.execute(query.where(events.c.event_id.in_(event_ids)))}


def _targets(db: Connection, ids: set[str]) -> dict[str, _Stored]:
    if not ids:
        return {}
    query = select(
        records.c.id,
        records.c.kind,
        records.c.event_id,
        records.c.venue_id,
        records.c.root_id,
        records.c.superseded_by,
        records.c.payload,
    ).where(records.c.id.in_(sorted(ids)))
    return {
        row.id: _Stored(
            row.kind, row.event_id, row.venue_id, row.root_id, row.superseded_by, row.payload
        )
        for row in db.execute(query)
    }


@dataclass(frozen=True)
class _Accepted:
    record: WireRecord
    root_id: str
    target: _Stored | None


def _decide(
    db: Connection,
    device: Device,
    new: list[tuple[int, WireRecord]],
    results: list[ItemResult | None],
) -> list[_Accepted]:
    """Accept or reject each new record, in the order sent."""
    owners = _claim_events(db, device, sorted({record.event_id for _i, record in new}))
    targets = _targets(db, {record.corrects for _i, record in new if record.corrects})
    contacts_open = {event_id: bool(row.share_adult_contacts) for event_id, row in owners.items()}
    certificates_open = {event_id: bool(row.share_certificates) for event_id, row in owners.items()}
    in_batch: dict[str, _Stored] = {}
    corrected: set[str] = set()
    accepted: list[_Accepted] = []
    for index, record in new:
        reason, field, target = None, None, None
        root_id = record.id
        if owners[record.event_id].venue_id != device.venue_id:
            reason, field = _("The event belongs to another venue."), "event_id"
        elif record.corrects:
            target = in_batch.get(record.corrects) or targets.get(record.corrects)
            if target is None or target.venue_id != device.venue_id:
                reason = _("It corrects {id}, which the hub does not have.").format(
                    id=record.corrects
                )
            elif target.kind != record.kind or target.event_id != record.event_id:
                reason = _("A correction must have the kind and event of the record it corrects.")
            elif target.superseded_by or record.corrects in corrected:
                reason = _("{id} was corrected already: correct its newest version.").format(
                    id=record.corrects
                )
            else:
                root_id = target.root_id
            field = "corrects" if reason else None
        if reason is None:
            reason, field = _opt_in_problem(record, contacts_open, certificates_open)
        if reason is not None:
            results[index] = ItemResult(record.id, "rejected", reason, field)
            continue
        if record.kind == "event" and not record.withdraws:
            contacts_open[record.event_id] = bool(record.payload["share_adult_contacts"])
            certificates_open[record.event_id] = bool(record.payload["share_certificates"])
        if record.corrects:
            corrected.add(record.corrects)
        in_batch[record.id] = _Stored(record.kind, record.event_id, device.venue_id, root_id, None)
        accepted.append(_Accepted(record, root_id, target))
        results[index] = ItemResult(record.id, "accepted")
    return accepted


def _opt_in_problem(
    record: WireRecord, contacts_open: dict[str, bool], certificates_open: dict[str, bool]
) -> tuple[str | None, str | None]:
    """Why a record needs an opt-in its event has not given, or (None, None)."""
    open_for = contacts_open if record.kind == "attendee" else certificates_open
    if open_for.get(record.event_id):
        return None, None
    if record.kind == "attendee" and carries_contact(record.payload):
        return _("The event has not opted in to sharing adults' contact details."), "name"
    if record.kind == "certificate" and not record.withdraws:
        reason = _("The event has not opted in to verifying certificates on the hub.")
        return reason, "first_name"
    return None, None


def _utc_text(occurred_at: str) -> str:
    moment = parse_time(occurred_at)
    assert moment is not None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _write(
    db: Connection, device: Device, batch_id: str, received_at: str, accepted: list[_Accepted]
) -> None:
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
        db.execute(_insert_ignoring(db, table, table.primary_key.columns.keys()), rows)
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


def _supersede(db: Connection, item: _Accepted) -> None:
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


def _fact(item: _Accepted) -> dict:
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
