"""What a live chart holds: per-channel ring buffers, totals since start, annotations.

:class:`LiveSession` sits between an :class:`~mscd_desktop.core.energy.sources.EnergySource`
and whatever draws it (the live energy screen, a benchmark, a test). Each :meth:`poll`
takes the source's new readings, lets each channel's :class:`FloodGuard` refuse floods,
stores the rest in fixed-size :class:`RingBuffer` s (power and cumulative energy), keeps
the energy since the start, and hands the readings on to ``sinks`` (the kiosk's live
board reads the same source this way). Memory is fixed once the channels are known.

No Qt here: the screen only asks for views and draws them.
"""

from __future__ import annotations

import csv
import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from mscd_desktop.core.energy.ring_buffer import DAY_AT_2HZ, FloodGuard, RingBuffer

if TYPE_CHECKING:
    import numpy as np

    from mscd_desktop.core.energy.sources import EnergySource, Reading

#: Longest gap over which power is integrated into energy when a meter sends no counter.
MAX_INTEGRATION_GAP_S = 60.0
#: Annotations kept per session; the oldest go first.
MAX_ANNOTATIONS = 500
#: Channels one session draws (each holds ~8 MB for a day at 2 Hz); readings of more
#: channels are counted in ``refused_channels`` and dropped.
MAX_CHANNELS = 16
#: Default samples per second a channel may send before its flood guard steps in (x3).
DEFAULT_EXPECTED_HZ = 20.0

MANUAL = "manual"
STEP = "step"


@dataclass(frozen=True, slots=True)
class Annotation:
    """A note on the chart at time *ts*: typed by the host, or a detected step event."""

    ts: float
    text: str
    channel: str | None = None
    kind: str = MANUAL


@dataclass(slots=True)
class ChannelTrace:
    """One channel's buffers and running totals."""

    buffer: RingBuffer
    guard: FloodGuard
    first_ts: float | None = None
    last_ts: float | None = None
    last_power_w: float = math.nan
    first_counter_wh: float | None = None
    last_counter_wh: float | None = None
    integrated_wh: float = 0.0
    version: int = 0  # goes up with every stored sample: the chart redraws only on change

    @property
    def energy_since_start_wh(self) -> float:
        """Energy since the channel's first reading: the meter's counter, else integrated."""
        if self.first_counter_wh is not None and self.last_counter_wh is not None:
            return max(0.0, self.last_counter_wh - self.first_counter_wh)
        return self.integrated_wh


@dataclass
class LiveSession:
    """Readings of one source kept for a live chart, with fixed memory per channel."""

    source: EnergySource
    capacity: int = DAY_AT_2HZ
    expected_hz: dict[str, float] = field(default_factory=dict)
    sinks: list[Callable[[list[Reading]], None]] = field(default_factory=list)
    traces: dict[str, ChannelTrace] = field(default_factory=dict)
    annotations: deque[Annotation] = field(default_factory=lambda: deque(maxlen=MAX_ANNOTATIONS))
    started_at: float | None = None
    refused_bad: int = 0
    refused_channels: int = 0

    def start(self, now: float | None = None) -> None:
        """Start the source; the session's clock starts now."""
        self.source.start()
        self.started_at = time.time() if now is None else now

    def stop(self) -> None:
        """Stop the source (buffers are kept for export)."""
        self.source.stop()

    def trace(self, channel: str) -> ChannelTrace:
        """The trace of *channel*, created with its buffers the first time it is seen."""
        found = self.traces.get(channel)
        if found is None:
            hz = self.expected_hz.get(channel, DEFAULT_EXPECTED_HZ)
            found = ChannelTrace(RingBuffer(self.capacity, columns=2), FloodGuard(hz))
            self.traces[channel] = found
        return found

    def poll(self, now: float | None = None) -> list[Reading]:
        """Take the source's new readings into the buffers; returns those stored."""
        readings = self.source.poll(now)
        stored = self.ingest(readings)
        if stored:
            for sink in self.sinks:
                sink(stored)
        return stored

    def ingest(self, readings: Iterable[Reading]) -> list[Reading]:
        """Store *readings*; non-finite values, floods and time travel are refused.

        Negative power is kept: sources drop it unless the device exports (solar).
        """
        stored: list[Reading] = []
        for r in readings:
            power = r.power_w
            if not (math.isfinite(power) and math.isfinite(r.ts)):
                self.refused_bad += 1
                continue
            t = self.traces.get(r.channel)
            if t is None:
                if len(self.traces) >= MAX_CHANNELS:
                    self.refused_channels += 1
                    continue
                t = self.trace(r.channel)
            if not t.guard.admit(r.ts):
                continue
            counter = r.energy_wh
            if counter is not None and not math.isfinite(counter):
                counter = None
            if not t.buffer.append(r.ts, power, math.nan if counter is None else counter):
                continue
            self._account(t, r.ts, power, counter)
            stored.append(r)
        return stored

    @staticmethod
    def _account(t: ChannelTrace, ts: float, power: float, counter: float | None) -> None:
        if t.first_ts is None:
            t.first_ts = ts
        elif t.last_ts is not None and 0.0 < ts - t.last_ts <= MAX_INTEGRATION_GAP_S:
            t.integrated_wh += t.last_power_w * (ts - t.last_ts) / 3600.0
        if counter is not None:
            if t.first_counter_wh is None:
                t.first_counter_wh = counter
            t.last_counter_wh = counter
        t.last_ts = ts
        t.last_power_w = power
        t.version += 1

    def series(self, channel: str) -> tuple[np.ndarray, np.ndarray]:
        """(time, power W) of *channel*, views into its buffer (copy them to keep them)."""
        x, y = self.trace(channel).buffer.view()
        return x, y[0]

    def flooding(self) -> list[str]:
        """Channels whose input arrives faster than expected right now."""
        return [ch for ch, t in self.traces.items() if t.guard.flooding]

    def annotate(
        self, ts: float, text: str, channel: str | None = None, kind: str = MANUAL
    ) -> Annotation:
        """Add a note to the chart (the oldest go once there are MAX_ANNOTATIONS)."""
        note = Annotation(float(ts), text.strip(), channel, kind)
        self.annotations.append(note)
        return note

    def snapshot(self, leave_out: Iterable[str] = ()) -> SessionSnapshot:
        """A copy of every kept reading (but the channels to *leave_out*) and annotation,
        safe to write from another thread."""
        skip = set(leave_out)
        data = {}
        for channel, t in self.traces.items():
            if channel in skip:
                continue
            x, y = t.buffer.view()
            data[channel] = (x.copy(), y.copy())
        return SessionSnapshot(data, list(self.annotations))


@dataclass(frozen=True)
class SessionSnapshot:
    """Copied session data: channel -> (time, [power W, energy Wh]) and the annotations."""

    data: dict[str, tuple[np.ndarray, np.ndarray]]
    annotations: list[Annotation]

    @property
    def total_rows(self) -> int:
        """How many readings the snapshot holds."""
        return sum(len(x) for x, _ in self.data.values())

    def write_csv(
        self,
        path: str | Path,
        progress: Callable[[int, int], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Write the readings (then the annotations) as CSV; returns the reading rows.

        Times are local ISO 8601 with the UTC offset (``2026-11-25T14:05:03.500+01:00``),
        which people, spreadsheets and the CSV replay all read. The file is written beside
        *path* and renamed at the end, so a cancelled or failed export leaves no half file
        (and an older file of that name stays as it was). *progress(done, total)* is called
        now and then; when *is_cancelled()* turns True, 0 is returned.
        """
        total, rows = self.total_rows, 0
        path = Path(path)
        times = LocalTimes()
        partial = path.with_name(f".{path.name}.partial")
        try:
            with partial.open("w", newline="", encoding="utf-8") as fh:
                out = csv.writer(fh)
                out.writerow(["timestamp", "channel", "power_w", "energy_wh", "annotation"])
                for channel, (x, y) in self.data.items():
                    for start in range(0, len(x), 20_000):
                        if is_cancelled is not None and is_cancelled():
                            raise _Cancelled
                        stop = min(start + 20_000, len(x))
                        out.writerows(_rows(channel, x[start:stop], y[:, start:stop], times))
                        rows += stop - start
                        if progress is not None:
                            progress(rows, total)
                for note in self.annotations:
                    out.writerow(
                        [times.iso(note.ts), note.channel or "", "", "", _csv_safe(note.text)]
                    )
            partial.replace(path)
        except _Cancelled:
            return 0
        finally:
            partial.unlink(missing_ok=True)
        return rows


class _Cancelled(Exception):
    pass


class LocalTimes:
    """Unix seconds as local ISO 8601 times with their UTC offset, fast enough for a day
    of readings: the offset is looked up once per quarter hour (zones change on those)."""

    def __init__(self) -> None:
        self._zones: dict[int, tzinfo | None] = {}

    def iso(self, ts: float) -> str:
        """ "2026-11-25T14:05:03.500+01:00"."""
        quarter = int(ts // 900)
        zone = self._zones.get(quarter)
        if zone is None:
            zone = self._zones[quarter] = datetime.fromtimestamp(quarter * 900).astimezone().tzinfo
        return datetime.fromtimestamp(ts, zone).isoformat(timespec="milliseconds")


def _rows(channel: str, x: np.ndarray, y: np.ndarray, times: LocalTimes) -> Iterable[list[str]]:
    for ts, power, energy in zip(x.tolist(), y[0].tolist(), y[1].tolist(), strict=True):
        yield [
            times.iso(ts),
            channel,
            f"{power:.3f}",
            "" if energy != energy else f"{energy:.4f}",
            "",
        ]


def _csv_safe(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r", "\0") else text
