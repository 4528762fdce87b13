"""Readings down-sampled into the event database: one row per channel and minute.

The live screen keeps seconds in memory; the KPI report after the day needs only minutes.
:class:`EnergyRecorder` turns readings into 1-minute means, maxima and energy and writes
each finished minute (idempotently: the same minute written again replaces itself).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from mscd_desktop.core.energy.sources import Reading
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

TABLE = "energy_minutes"


def _create_energy_minutes(db: sqlite_utils.Database) -> None:
    db.table(TABLE).create(
        {
            "event_id": str,
            "channel": str,
            "minute_ts": int,
            "mean_w": float,
            "max_w": float,
            "energy_wh": float,
            "samples": int,
        },
        pk=("event_id", "channel", "minute_ts"),
        foreign_keys=[("event_id", "events", "id")],
        not_null={"event_id", "channel", "minute_ts"},
    )


MIGRATIONS = [_create_energy_minutes]


@dataclass(frozen=True)
class MinuteRow:
    """One channel's minute: mean and peak power and the energy used in it."""

    channel: str
    minute_ts: int  # unix seconds at the start of the minute
    mean_w: float
    max_w: float
    energy_wh: float
    samples: int


@dataclass
class _Open:
    minute: int
    sum_w: float = 0.0
    max_w: float = 0.0
    samples: int = 0
    start_wh: float | None = None  # the counter at the end of the previous minute
    last_wh: float | None = None


class MinuteAggregator:
    """Folds readings (in time order per channel) into finished :class:`MinuteRow` s."""

    def __init__(self) -> None:
        self._open: dict[str, _Open] = {}

    def feed(self, readings: Iterable[Reading]) -> list[MinuteRow]:
        """The minutes that *readings* completed."""
        done: list[MinuteRow] = []
        for r in readings:
            minute = math.floor(r.ts / 60.0) * 60
            cur = self._open.get(r.channel)
            if cur is not None and minute < cur.minute:
                continue  # late reading of a minute already written
            if cur is not None and minute != cur.minute:
                done.append(self._close(r.channel, cur))
                cur = _Open(minute, start_wh=cur.last_wh)
                self._open[r.channel] = cur
            elif cur is None:
                cur = _Open(minute, start_wh=r.energy_wh)
                self._open[r.channel] = cur
            cur.sum_w += r.power_w
            cur.max_w = max(cur.max_w, r.power_w)
            cur.samples += 1
            if r.energy_wh is not None:
                cur.last_wh = r.energy_wh
                if cur.start_wh is None:
                    cur.start_wh = r.energy_wh
        return done

    def flush(self) -> list[MinuteRow]:
        """Close every open minute (at the end of the session)."""
        rows = [self._close(c, o) for c, o in self._open.items()]
        self._open.clear()
        return rows

    @staticmethod
    def _close(channel: str, cur: _Open) -> MinuteRow:
        mean = cur.sum_w / cur.samples
        if cur.start_wh is not None and cur.last_wh is not None:
            energy = max(0.0, cur.last_wh - cur.start_wh)
        else:
            energy = mean * 60.0 / 3600.0
        return MinuteRow(channel, cur.minute, mean, cur.max_w, energy, cur.samples)


def save_minutes(store: Store, event_id: str, rows: Iterable[MinuteRow]) -> int:
    """Write *rows* for *event_id* in one transaction; returns how many."""
    records = [{"event_id": event_id, **row.__dict__} for row in rows]
    if not records:
        return 0
    with store.transaction() as db:
        if db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone() is None:
            raise NotFoundError(_("There is no event with id {id}.").format(id=event_id))
        db.table(TABLE).upsert_all(records, pk=("event_id", "channel", "minute_ts"))
    return len(records)


class EnergyRecorder:
    """Feeds readings of a running source into ``energy_minutes`` of one event."""

    def __init__(self, store: Store, event_id: str) -> None:
        self.store, self.event_id = store, event_id
        self._aggregator = MinuteAggregator()
        self.saved = 0

    def record(self, readings: Iterable[Reading]) -> int:
        """Aggregate *readings*; write the minutes they finished. Returns rows written."""
        written = save_minutes(self.store, self.event_id, self._aggregator.feed(readings))
        self.saved += written
        return written

    def close(self) -> int:
        """Write the minutes still open."""
        written = save_minutes(self.store, self.event_id, self._aggregator.flush())
        self.saved += written
        return written


@dataclass(frozen=True)
class ChannelTotal:
    """One channel's figures over an event, for the KPI report."""

    channel: str
    first_ts: int
    last_ts: int
    minutes: int
    energy_wh: float
    mean_w: float
    max_w: float


def channel_totals(store: Store, event_id: str) -> list[ChannelTotal]:
    """Energy, mean and peak power of every recorded channel of *event_id*."""
    with store.read() as db:
        rows = db.execute(
            f"SELECT channel, MIN(minute_ts), MAX(minute_ts) + 60, COUNT(*), SUM(energy_wh), "
            f"SUM(mean_w * samples) / SUM(samples), MAX(max_w) FROM {TABLE} "
            "WHERE event_id = ? GROUP BY channel ORDER BY channel",
            [event_id],
        ).fetchall()
    return [ChannelTotal(*row) for row in rows]


def minute_rows(store: Store, event_id: str, channel: str | None = None) -> list[MinuteRow]:
    """The stored minutes of *event_id* (one channel or all), in time order."""
    sql = (
        f"SELECT channel, minute_ts, mean_w, max_w, energy_wh, samples FROM {TABLE} "
        "WHERE event_id = ?"
    )
    params: list[str] = [event_id]
    if channel is not None:
        sql += " AND channel = ?"
        params.append(channel)
    with store.read() as db:
        return [
            MinuteRow(*row)
            for row in db.execute(sql + " ORDER BY minute_ts, channel", params).fetchall()
        ]
