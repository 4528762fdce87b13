"""Building batches from the outbox, and marking what the hub answered.

Building reads the pending versions and their rows through a separate read-only
connection (no lock held while the privacy filter works), then freezes them in one short
write transaction: payload, hash, record id and batch id are set only where the version
was not changed meanwhile (its ``revision``), so an edit made during the build is never
lost; it simply waits for the next batch. Marking an answer is one short transaction too.
A check-in therefore waits for the writer a few milliseconds at most while a sync runs.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field

import sqlite_utils

from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync.outbox import PENDING, QUARANTINED, READY, SENT, TABLE
from mscd_desktop.core.sync.payloads import PayloadBuilder, Wanted, privacy_problem, withdrawal
from mscd_desktop.core.sync.protocol import (
    MAX_BATCH_RECORDS,
    MAX_BODY_BYTES,
    canonical_json,
    payload_hash,
)
from mscd_desktop.i18n import _

WITHDRAWN_HASH = payload_hash(withdrawal())
_BODY_ROOM = MAX_BODY_BYTES - 4096  # the batch's own envelope and a margin
_ENVELOPE_BYTES = 330  # ids, kind, times and hash of one record on the wire
WRITE_CHUNK = 500  # versions frozen per write transaction: the writer is held briefly
YIELD_EVERY = 100  # records built between two chances for other threads to run


@dataclass(frozen=True)
class Batch:
    """A frozen batch: its id and the wire records, in outbox order."""

    batch_id: str
    seqs: list[int]
    record_ids: list[str] = field(repr=False)
    body: bytes = field(repr=False)

    def __len__(self) -> int:
        return len(self.seqs)


@dataclass
class _Decision:
    seq: int
    revision: int
    action: str  # "seal", "drop" or "refuse"
    record_id: str | None = None
    corrects: str | None = None
    payload: bytes | None = None
    payload_hash: str | None = None
    reason: str | None = None
    replaces_seq: int | None = None  # a refused version this one takes the place of


def _read_pending(reader: sqlite_utils.Database, limit: int) -> list[dict]:
    cursor = reader.execute(
        f"SELECT seq, record_id, kind, event_id, subject, corrects, revision, occurred_at "
        f"FROM {TABLE} WHERE state = ? ORDER BY seq LIMIT ?",
        [PENDING, limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _read_targets(reader: sqlite_utils.Database, ids: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        cursor = reader.execute(
            f"SELECT record_id, seq, corrects, state, hub_status, payload_hash, payload "
            f"FROM {TABLE} WHERE record_id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        names = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            found[row[0]] = dict(zip(names, row, strict=True))
    return found


def _decide(row: dict, built: dict | None, targets: dict[str, dict]) -> _Decision:
    """What to do with one pending version, given its payload as the row stands now."""
    decision = _Decision(row["seq"], row["revision"], "seal", row["record_id"], row["corrects"])
    target = targets.get(row["corrects"]) if row["corrects"] else None
    if target and target["state"] == QUARANTINED and target["hub_status"] == "rejected":
        # the hub never stored the refused version: this one goes out in its place
        decision.record_id, decision.corrects = target["record_id"], target["corrects"]
        decision.replaces_seq = target["seq"]
        target = targets.get(target["corrects"]) if target["corrects"] else None
    if built is None:
        if decision.corrects is None:
            decision.action = "drop"  # it never reached the hub: nothing to take back
            return decision
        if target is not None and target["payload_hash"] == WITHDRAWN_HASH:
            decision.action = "drop"  # already taken back
            return decision
        built = withdrawal()
    elif target is not None and target["payload"]:
        previous = json.loads(target["payload"])
        if row["kind"] == "game_result" and "player" in previous:
            built["player"] = previous["player"]  # the same player, whatever was purged
    canonical = canonical_json(built)
    digest = hashlib.sha256(canonical).hexdigest()
    if target is not None and target["payload_hash"] == digest:
        decision.action = "drop"  # nothing the hub would see changed
        return decision
    decision.record_id = decision.record_id or new_id()
    decision.payload, decision.payload_hash = canonical, digest
    problem = privacy_problem(row["kind"], built, canonical)
    if problem is not None:  # a bug in a builder: it never leaves, and it is shown
        decision.action = "refuse"
        decision.reason = _("Refused on this laptop: {reason}").format(reason=problem)
    return decision


def seal_next_batch(
    store: Store,
    reader: sqlite_utils.Database,
    venue_key: bytes,
    *,
    max_records: int | None = None,
) -> tuple[int, Batch | None]:
    """Freeze the next pending versions into a batch. Returns how many pending versions
    were looked at (0: nothing is pending) and the batch frozen (None when every one was
    dropped, refused by the privacy check, or changed meanwhile)."""
    reader.execute("BEGIN")
    try:
        rows = _read_pending(reader, max_records or MAX_BATCH_RECORDS)
        if not rows:
            return 0, None
        built = PayloadBuilder(reader, venue_key).build(
            [Wanted(r["kind"], r["event_id"], r["subject"]) for r in rows]
        )
        targets = _read_targets(reader, sorted({r["corrects"] for r in rows if r["corrects"]}))
        replaced = [t["corrects"] for t in targets.values() if t["corrects"]]
        targets.update(_read_targets(reader, sorted(set(replaced) - set(targets))))
    finally:
        reader.execute("COMMIT")
    decisions: list[_Decision] = []
    size = 0
    for index, (row, payload) in enumerate(zip(rows, built, strict=True)):
        if index % YIELD_EVERY == 0:
            time.sleep(0)  # hand the interpreter to a check-in now and then
        decision = _decide(row, payload, targets)
        if decision.action == "seal":
            size += len(decision.payload or b"") + _ENVELOPE_BYTES
            if size > _BODY_ROOM and decisions:
                break
        decisions.append(decision)
    batch_id = new_id()
    frozen = _write_decisions(store, decisions, batch_id, {r["seq"]: r for r in rows})
    return len(rows), frozen


def _write_decisions(
    store: Store, decisions: list[_Decision], batch_id: str, rows: dict[int, dict]
) -> Batch | None:
    """Freeze the decided versions, a few hundred per short transaction; the frozen batch
    (None when a version changed meanwhile: the batch is then read back from the store)."""
    now = utc_now()
    sealed: list[tuple] = []
    exact = True
    for start in range(0, len(decisions), WRITE_CHUNK):
        chunk = decisions[start : start + WRITE_CHUNK]
        updates = [_update_row(d, batch_id, now) for d in chunk if d.action != "drop"]
        special = [d for d in chunk if d.action == "drop" or d.replaces_seq is not None]
        with store.transaction() as db:
            if special:
                revisions = dict(
                    db.execute(
                        f"SELECT seq, revision FROM {TABLE} WHERE state = ? AND seq BETWEEN ? "
                        "AND ?",
                        [PENDING, chunk[0].seq, chunk[-1].seq],
                    ).fetchall()
                )
                for d in special:
                    if revisions.get(d.seq) != d.revision:
                        continue  # changed meanwhile: it goes in a later batch
                    if d.replaces_seq is not None:
                        db.execute(
                            f"DELETE FROM {TABLE} WHERE seq = ? AND state = ?",
                            [d.replaces_seq, QUARANTINED],
                        )
                    if d.action == "drop":
                        db.execute(f"DELETE FROM {TABLE} WHERE seq = ?", [d.seq])
            changed = db.conn.executemany(
                f"UPDATE {TABLE} SET record_id = ?, corrects = ?, payload = ?, payload_hash = ?, "
                "state = ?, hub_status = ?, last_error = ?, batch_id = ?, updated_at = ? "
                f"WHERE seq = ? AND state = '{PENDING}' AND revision = ?",
                updates,
            ).rowcount
        exact = exact and changed == len(updates)
        for d in chunk:
            if d.action == "seal":
                row = rows[d.seq]
                sealed.append(
                    (
                        d.seq,
                        d.record_id,
                        row["kind"],
                        row["event_id"],
                        row["occurred_at"],
                        d.payload_hash,
                        d.corrects,
                        (d.payload or b"").decode("utf-8"),
                    )
                )
        time.sleep(0)  # let a check-in waiting for the writer go first
    return _batch(batch_id, sealed) if sealed and exact else None


def _update_row(d: _Decision, batch_id: str, now: str) -> list:
    state, hub_status = (READY, None) if d.action == "seal" else (QUARANTINED, "rejected")
    return [
        d.record_id,
        d.corrects,
        d.payload.decode("utf-8") if d.payload else None,
        d.payload_hash,
        state,
        hub_status,
        d.reason,
        batch_id if state == READY else None,
        now,
        d.seq,
        d.revision,
    ]


# -- the batch to send ---------------------------------------------------------------------


def current_batch(store: Store) -> Batch | None:
    """The oldest frozen batch not yet acknowledged (after a cut: the same one again)."""
    with store.read() as db:
        first = db.execute(
            f"SELECT batch_id FROM {TABLE} WHERE state = ? ORDER BY seq LIMIT 1", [READY]
        ).fetchone()
        if first is None:
            return None
        rows = db.execute(
            f"SELECT seq, record_id, kind, event_id, occurred_at, payload_hash, corrects, "
            f"payload FROM {TABLE} WHERE batch_id = ? AND state = ? ORDER BY seq",
            [first[0], READY],
        ).fetchall()
    return _batch(first[0], rows)


def _batch(batch_id: str, rows: list[tuple]) -> Batch:
    parts: list[str] = []
    for _seq, record_id, kind, event_id, occurred_at, digest, corrects, payload in rows:
        # every value but the payload has a fixed form that JSON carries as it is (UUIDs,
        # kind names, ISO times made by the outbox, hex), checked when it was frozen
        fixed = f'"{corrects}"' if corrects else "null"
        parts.append(
            f'{{"id":"{record_id}","kind":"{kind}","event_id":"{event_id}",'
            f'"occurred_at":"{occurred_at}","payload_hash":"{digest}",'
            f'"corrects":{fixed},"payload":{payload}}}'
        )
    body = '{"batch_id":"' + batch_id + '","records":[' + ",".join(parts) + "]}"
    return Batch(batch_id, [row[0] for row in rows], [row[1] for row in rows], body.encode())


def is_newest_batch(store: Store, batch: Batch) -> bool:
    """Whether no frozen batch waits after *batch* (then the next one may be frozen)."""
    with store.read() as db:
        return (
            db.execute(
                f"SELECT 1 FROM {TABLE} WHERE state = ? AND seq > ? LIMIT 1",
                [READY, batch.seqs[-1]],
            ).fetchone()
            is None
        )


def split_batch(store: Store, batch: Batch) -> None:
    """Give the second half of *batch* a batch id of its own (the hub said: too large)."""
    half = batch.seqs[len(batch.seqs) // 2 :]
    if not half or len(batch.seqs) < 2:
        return
    with store.transaction() as db:
        db.execute(
            f"UPDATE {TABLE} SET batch_id = ? WHERE batch_id = ? AND seq >= ?",
            [new_id(), batch.batch_id, half[0]],
        )


@dataclass(frozen=True)
class Marked:
    """What one answer did to the outbox."""

    sent: int
    quarantined: int


def mark_answer(store: Store, batch: Batch, results: list[dict]) -> Marked:
    """Record the hub's item-by-item answer to *batch* (one short transaction)."""
    now = utc_now()
    others: list[list] = []
    refused = 0
    for seq, record_id, item in zip(batch.seqs, batch.record_ids, results, strict=True):
        status = item.get("status")  # the caller has checked every item is a dict
        if item.get("id") != record_id:
            raise ValueError(f"answer for {item.get('id')} where {record_id} was sent")
        if status == "accepted":
            continue
        if status == "duplicate":
            others.append([SENT, status, None, seq])
        elif status in ("conflict", "rejected"):
            others.append([QUARANTINED, status, str(item.get("reason") or status)[:500], seq])
            refused += 1
        else:
            raise ValueError(f"unknown status {status!r}")
    for start in range(0, len(batch.seqs), WRITE_CHUNK):
        first, last = batch.seqs[start], batch.seqs[min(start + WRITE_CHUNK, len(batch.seqs)) - 1]
        with store.transaction() as db:
            db.execute(
                f"UPDATE {TABLE} SET state = ?, hub_status = 'accepted', sent_at = ?, "
                "attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL, "
                "updated_at = ? WHERE batch_id = ? AND state = ? AND seq BETWEEN ? AND ?",
                [SENT, now, now, batch.batch_id, READY, first, last],
            )
            db.conn.executemany(
                f"UPDATE {TABLE} SET state = ?, hub_status = ?, last_error = ? WHERE seq = ?",
                [row for row in others if first <= row[3] <= last],
            )
        time.sleep(0)
    return Marked(len(batch) - refused, refused)


def mark_failure(store: Store, batch: Batch, reason: str, next_attempt_at: str | None) -> None:
    """Record a failed attempt at sending *batch* (it stays frozen, to be sent again)."""
    with store.transaction() as db:
        db.execute(
            f"UPDATE {TABLE} SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
            "updated_at = ? WHERE batch_id = ? AND state = ?",
            [reason[:500], next_attempt_at, utc_now(), batch.batch_id, READY],
        )
