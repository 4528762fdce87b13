"""The latest reading of every channel, shared by whoever shows live values.

The app's :class:`~mscd_desktop.core.energy.feed.LiveFeed` owns one board and keeps it up
to date; the kiosk's live-meter questions ask :meth:`LiveBoard.read_watts` and never touch
the GUI. Thread-safe: written from the GUI thread or a worker, read from anywhere.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from mscd_desktop.core.energy.sources import ChannelInfo, EnergySource, Reading

DEFAULT_MAX_AGE_S = 60.0


class LiveBoard:
    """Latest reading and label per channel."""

    def __init__(self, max_age_s: float = DEFAULT_MAX_AGE_S) -> None:
        self._lock = threading.Lock()
        self._latest: dict[str, Reading] = {}
        self._seen: dict[str, float] = {}
        self._info: dict[str, ChannelInfo] = {}
        self.max_age_s = max_age_s

    def update(self, readings: Iterable[Reading], now: float | None = None) -> None:
        """Keep the newest of *readings* per channel (by timestamp)."""
        seen = time.time() if now is None else now
        with self._lock:
            for reading in readings:
                old = self._latest.get(reading.channel)
                if old is None or reading.ts >= old.ts:
                    self._latest[reading.channel] = reading
                    self._seen[reading.channel] = seen

    def set_channels(self, channels: Iterable[ChannelInfo]) -> None:
        """Remember the labels and kinds of the channels on show."""
        with self._lock:
            for info in channels:
                self._info[info.id] = info

    def pump(self, source: EnergySource, now: float | None = None) -> list[Reading]:
        """Poll *source*, keep its latest values here and return what it gave."""
        readings = source.poll(now)
        self.set_channels(source.channels())
        self.update(readings, now)
        return readings

    def latest(self, channel: str) -> Reading | None:
        """The newest reading of *channel*, however old."""
        with self._lock:
            return self._latest.get(channel)

    def read_watts(self, channel: str, now: float | None = None) -> float | None:
        """Live power of *channel* in W, or None when unknown or older than ``max_age_s``."""
        now = time.time() if now is None else now
        with self._lock:
            reading = self._latest.get(channel)
            seen = self._seen.get(channel)
        if reading is None or seen is None or now - seen > self.max_age_s:
            return None
        return reading.power_w

    def channel_of_kind(self, kind: str) -> str | None:
        """The first channel of *kind* ("kettle", "solar" ...) on show, for kiosk questions."""
        return next((c.id for c in self.channels() if c.kind == kind), None)

    def channels(self) -> list[ChannelInfo]:
        """Every channel seen or announced, with its label."""
        with self._lock:
            ids = list(dict.fromkeys([*self._info, *self._latest]))
            return [self._info.get(c, ChannelInfo(c, c, "meter")) for c in ids]

    def snapshot(self) -> dict[str, Reading]:
        """A copy of the latest reading per channel."""
        with self._lock:
            return dict(self._latest)

    def clear(self) -> None:
        """Forget everything (a new source was chosen)."""
        with self._lock:
            self._latest.clear()
            self._seen.clear()
            self._info.clear()
