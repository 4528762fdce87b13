"""Storing pushed records: idempotent, item by item, one transaction per batch.

The same path serves ``POST /api/v1/push`` and ``mscd-hub import`` (offline bundles). For
each record: already stored with the same content → ``duplicate``; with other content →
``conflict``; breaking the rules (protocol, venue scope, corrections, consent) →
``rejected``; otherwise ``accepted``. New records go in with ``INSERT … ON CONFLICT (id) DO
NOTHING RETURNING id``: if another worker stored one of them meanwhile, this transaction is
rolled back and run again, and then sees it as stored.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    any_,
    bindparam,
    select,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError

from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.sync.protocol import RecordRefused, WireRecord
from mscd_desktop.core.sync.record_checks import carries_contact, check_record, record_id_of
from mscd_desktop.hub.db import writing
from mscd_desktop.hub.devices import Device
from mscd_desktop.hub.language import hub_gettext as _
from mscd_desktop.hub.record_writes import (
    Accepted,
    RetryBatch,
    Stored,
    insert_ignoring,
    write_accepted,
)
from mscd_desktop.hub.schema import devices, events, records

log = logging.getLogger(__name__)
ATTEMPTS = 5
_RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected


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
        write_accepted(db, device, batch_id, received_at, accepted)
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
        insert_ignoring(db, events, ["event_id"]),
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


def _targets(db: Connection, ids: set[str]) -> dict[str, Stored]:
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
        row.id: Stored(
            row.kind, row.event_id, row.venue_id, row.root_id, row.superseded_by, row.payload
        )
        for row in db.execute(query)
    }


def _decide(
    db: Connection,
    device: Device,
    new: list[tuple[int, WireRecord]],
    results: list[ItemResult | None],
) -> list[Accepted]:
    """Accept or reject each new record, in the order sent."""
    owners = _claim_events(db, device, sorted({record.event_id for _i, record in new}))
    targets = _targets(db, {record.corrects for _i, record in new if record.corrects})
    contacts_open = {event_id: bool(row.share_adult_contacts) for event_id, row in owners.items()}
    certificates_open = {event_id: bool(row.share_certificates) for event_id, row in owners.items()}
    in_batch: dict[str, Stored] = {}
    corrected: set[str] = set()
    accepted: list[Accepted] = []
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
        in_batch[record.id] = Stored(record.kind, record.event_id, device.venue_id, root_id, None)
        accepted.append(Accepted(record, root_id, target))
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
