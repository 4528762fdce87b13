"""Where sync stands: the backlog, the last sync, the quarantine, the retry schedule.

Retries follow a jittered exponential backoff: after the n-th failure in a row the next
automatic attempt waits a random time between half and all of ``10 s × 2^(n-1)``, capped
at 10 minutes (PouchDB's "random doubling" cap). "Sync now" ignores the wait.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from mscd_desktop.core.formatting import current_formats, plural_count
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync.outbox import PENDING, QUARANTINED, READY, TABLE
from mscd_desktop.i18n import _, ngettext

BASE_DELAY_S = 10.0
MAX_DELAY_S = 600.0
CLOCK_WARNING_S = 300.0
FAILURES, NEXT_ATTEMPT, LAST_SYNC = "failures", "next_attempt_at", "last_sync_at"
LAST_ERROR, ACCESS, CLOCK_OFFSET = "last_error", "access", "clock_offset_s"
REVOKED = "revoked"


def backoff_delay(failures: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after *failures* failed attempts in a row (jittered, capped)."""
    if failures <= 0:
        return 0.0
    ceiling = min(MAX_DELAY_S, BASE_DELAY_S * 2 ** min(failures - 1, 20))
    return (rng or random).uniform(ceiling / 2, ceiling)


def utc_text(moment: datetime) -> str:
    """*moment* as the ISO text the store keeps."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc(text: str | None) -> datetime | None:
    """A stored ISO time as an aware datetime (None when empty or unreadable)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def local_time(text: str | None) -> str:
    """A stored UTC time as the laptop's local clock time, ``14:05`` ("" when there is none)."""
    moment = parse_utc(text)
    return current_formats().time(moment.astimezone()) if moment else ""


def local_when(text: str | None) -> str:
    """A stored UTC time the UI's way: the clock time if it is today, else day and time
    (``25/11/2026 14:05``); "" when there is none."""
    moment = parse_utc(text)
    if moment is None:
        return ""
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return current_formats().time(local)
    return current_formats().date_time(local)


@dataclass(frozen=True)
class QuarantinedItem:
    """A record the hub refused, and why; it is never retried."""

    record_id: str
    kind: str
    event_id: str
    subject: str
    status: str  # conflict or rejected
    reason: str
    occurred_at: str

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class SyncStatus:
    """What the Sync screen and ``mscd sync status`` show."""

    enrolled: bool
    hub_url: str
    venue: str
    unsynced: int
    last_sync_at: str | None
    next_attempt_at: str | None
    last_error: str | None
    access_revoked: bool
    clock_offset_s: float | None
    quarantined: list[QuarantinedItem] = field(default_factory=list)
    unsynced_by_event: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """ "N records not yet synced; last sync: 14:05" (day and time if not today)."""
        count = ngettext(
            "{n} record not yet synced", "{n} records not yet synced", self.unsynced
        ).format(n=current_formats().integer(self.unsynced))
        if self.last_sync_at:
            return _("{count}; last sync: {when}").format(
                count=count, when=local_when(self.last_sync_at)
            )
        return _("{count}; never synced").format(count=count)

    def clock_warning(self) -> str | None:
        """A sentence when the laptop's clock differs much from the hub's."""
        if self.clock_offset_s is None or abs(self.clock_offset_s) < CLOCK_WARNING_S:
            return None
        hours = round(abs(self.clock_offset_s) / 3600, 1)
        if self.clock_offset_s > 0:
            text = ngettext(
                "This laptop's clock is {hours} hour behind the hub's.",
                "This laptop's clock is {hours} hours behind the hub's.",
                plural_count(hours),
            )
        else:
            text = ngettext(
                "This laptop's clock is {hours} hour ahead of the hub's.",
                "This laptop's clock is {hours} hours ahead of the hub's.",
                plural_count(hours),
            )
        return (
            text.format(hours=current_formats().decimal(hours))
            + " "
            + _("Records keep the laptop's time; set the clock right for new ones.")
        )

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "enrolled": self.enrolled,
            "hub_url": self.hub_url,
            "venue": self.venue,
            "unsynced": self.unsynced,
            "unsynced_by_event": dict(self.unsynced_by_event),
            "last_sync_at": self.last_sync_at,
            "next_attempt_at": self.next_attempt_at,
            "last_error": self.last_error,
            "access_revoked": self.access_revoked,
            "clock_offset_s": self.clock_offset_s,
            "quarantined": [item.as_dict() for item in self.quarantined],
        }


def unsynced_count(store: Store, event_id: str | None = None) -> int:
    """Records not yet acknowledged by the hub (of one event, or all)."""
    where, params = "state IN (?, ?)", [PENDING, READY]
    if event_id is not None:
        where += " AND event_id = ?"
        params.append(event_id)
    with store.read() as db:
        count: int = db.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params).fetchone()[0]
    return count


def quarantined_items(store: Store, limit: int = 1000) -> list[QuarantinedItem]:
    """The records the hub refused, oldest first."""
    with store.read() as db:
        rows = db.execute(
            f"SELECT record_id, kind, event_id, subject, hub_status, last_error, occurred_at "
            f"FROM {TABLE} WHERE state = ? ORDER BY seq LIMIT ?",
            [QUARANTINED, limit],
        ).fetchall()
    return [
        QuarantinedItem(r[0] or "", r[1], r[2], r[3], r[4] or "rejected", r[5] or "", r[6])
        for r in rows
    ]


def sync_status(store: Store) -> SyncStatus:
    """Everything the Sync screen shows."""
    access = settings.hub_access(store)
    with store.read() as db:
        by_event = dict(
            db.execute(
                f"SELECT event_id, count(*) FROM {TABLE} WHERE state IN (?, ?) GROUP BY event_id",
                [PENDING, READY],
            ).fetchall()
        )
    offset = settings.get_value(store, CLOCK_OFFSET)
    return SyncStatus(
        enrolled=access is not None,
        hub_url=access.hub_url if access else "",
        venue=access.venue if access else "",
        unsynced=sum(by_event.values()),
        last_sync_at=settings.get_value(store, LAST_SYNC),
        next_attempt_at=settings.get_value(store, NEXT_ATTEMPT),
        last_error=settings.get_value(store, LAST_ERROR),
        access_revoked=settings.get_value(store, ACCESS) == REVOKED,
        clock_offset_s=float(offset) if offset else None,
        quarantined=quarantined_items(store),
        unsynced_by_event=by_event,
    )


def automatic_sync_due(store: Store, now: datetime | None = None) -> bool:
    """Whether an automatic sync should run now: enrolled, access not withdrawn, something
    to send, and the backoff wait (if any) over."""
    if settings.hub_access(store) is None or settings.get_value(store, ACCESS) == REVOKED:
        return False
    if unsynced_count(store) == 0:
        return False
    moment = parse_utc(settings.get_value(store, NEXT_ATTEMPT))
    return moment is None or (now or datetime.now(UTC)) >= moment


def record_failure(store: Store, message: str, retry_after: float = 0) -> str:
    """Note a failed attempt; returns when the next automatic one is due (UTC ISO)."""
    failures = int(settings.get_value(store, FAILURES) or 0) + 1
    delay = max(backoff_delay(failures), retry_after)
    next_at = utc_text(datetime.now(UTC) + timedelta(seconds=delay))
    with store.transaction() as db:
        settings.put_values(
            db,
            {FAILURES: str(failures), NEXT_ATTEMPT: next_at, LAST_ERROR: message},
        )
    return next_at


def record_stop(store: Store, message: str, *, revoked: bool = False) -> None:
    """Note a failure that retrying will not fix (no automatic retry until something
    changes: a new token, a new enrolment, "Sync now")."""
    values: dict[str, str | None] = {LAST_ERROR: message, NEXT_ATTEMPT: None}
    if revoked:
        values[ACCESS] = REVOKED
    with store.transaction() as db:
        settings.put_values(db, values)


def record_exchange(store: Store) -> None:
    """Note that the hub acknowledged records just now (the "last sync" shown)."""
    with store.transaction() as db:
        settings.put_values(db, {LAST_SYNC: utc_text(datetime.now(UTC))})


def record_success(store: Store, *, finished: bool, clock_offset_s: float | None) -> None:
    """Note a push that ended well; *finished*: everything was sent or the hub acknowledged
    records (it becomes the "last sync"), else it was stopped before any answer."""
    values: dict[str, str | None] = {
        FAILURES: None,
        NEXT_ATTEMPT: None,
        LAST_ERROR: None,
        ACCESS: None,
    }
    if finished:
        values[LAST_SYNC] = utc_text(datetime.now(UTC))
    if clock_offset_s is not None:
        values[CLOCK_OFFSET] = f"{clock_offset_s:.1f}"
    with store.transaction() as db:
        settings.put_values(db, values)
