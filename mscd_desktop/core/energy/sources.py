"""The one small interface every energy source implements, and the internal reading form.

A source is poll-based: the GUI (or the kiosk, or a test) calls :meth:`EnergySource.poll`
from a timer and gets every reading that arrived since the previous poll. Sources that
receive data on their own thread (MQTT) keep readings in a bounded deque until polled, so
a screen that stops polling never makes memory grow without bound.

Units are converted on the way in: every :class:`Reading` carries watts and a cumulative
energy in watt-hours that keeps rising across device reboots (see
:class:`mscd_desktop.core.energy.units.EnergyCounter`).
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from mscd_desktop.core.energy.plausible import (
    Dropped,
    DropTally,
    ImplausibleReading,
    check_counter_for,
    check_power_for,
)
from mscd_desktop.core.energy.problems import ProblemLog

log = logging.getLogger(__name__)

DEFAULT_STALE_AFTER_S = 30.0
"""A channel with no reading for this long is marked stale ("no data since HH:MM")."""

DEFAULT_BUFFER_SIZE = 20_000
"""Readings a threaded source keeps between two polls; the oldest are dropped beyond it."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One measurement of one channel, in the internal form every source yields."""

    ts: float  # unix seconds (float64)
    channel: str
    power_w: float
    energy_wh: float | None = None  # cumulative, after unit conversion and reset handling
    temperature_c: float | None = None
    flow_lpm: float | None = None


@dataclass(frozen=True)
class ChannelInfo:
    """A channel a source offers: its id, a label for people, and what it measures."""

    id: str
    label: str
    kind: str  # "kettle", "fridge", "washing_machine", "heat_pump", "solar", "home", "meter"


@dataclass(frozen=True)
class ChannelStatus:
    """Whether a channel is alive: last reading time, stale flag, device online flag.

    ``online`` is None when the device reports no online/LWT state.
    """

    last_ts: float | None
    stale: bool
    online: bool | None = None


class EnergySource(ABC):
    """A source of readings: simulator, CSV replay, MQTT broker, ..."""

    name: str = "source"
    stale_after_s: float = DEFAULT_STALE_AFTER_S

    @abstractmethod
    def start(self) -> None:
        """Begin producing readings (connect, open the file, start the clock)."""

    @abstractmethod
    def stop(self) -> None:
        """Stop producing readings and release what :meth:`start` took."""

    @abstractmethod
    def channels(self) -> list[ChannelInfo]:
        """The channels this source offers (may grow while it runs, e.g. MQTT)."""

    @abstractmethod
    def poll(self, now: float | None = None) -> list[Reading]:
        """Everything new since the last poll, oldest first."""

    @abstractmethod
    def channel_status(self, now: float | None = None) -> dict[str, ChannelStatus]:
        """The status of every known channel at *now* (default: the current time)."""

    @property
    def skipped(self) -> int:
        """Messages, lines or values refused so far."""
        return 0

    def problems(self) -> list[tuple[float, str]]:
        """The most recent inputs refused as bad (time, short text), oldest first."""
        return []

    def implausible(self) -> list[Dropped]:
        """Counts of values dropped as implausible for their channel, per channel."""
        return []

    def __enter__(self) -> EnergySource:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class BufferedSource(EnergySource):
    """Base of sources fed from another thread: a bounded, locked buffer of readings.

    Subclasses call :meth:`_push` (any thread) and :meth:`_set_online`; :meth:`poll` and
    :meth:`channel_status` are done here.
    """

    def __init__(
        self,
        *,
        buffer_size: int = DEFAULT_BUFFER_SIZE,
        stale_after_s: float = DEFAULT_STALE_AFTER_S,
    ) -> None:
        self._lock = threading.Lock()
        self._buffer: deque[Reading] = deque(maxlen=buffer_size)
        self._last_ts: dict[str, float] = {}
        self._last_seen: dict[str, float] = {}  # wall clock of the last reading, for staleness
        self._online: dict[str, bool | None] = {}
        self._channels: dict[str, ChannelInfo] = {}
        self._stale_after: dict[str, float] = {}
        self._problems = ProblemLog(log, self.name)
        self._drops = DropTally()
        self.dropped = 0  # readings lost because nobody polled in time
        self.stale_after_s = stale_after_s

    def _add_channel(self, info: ChannelInfo, stale_after_s: float | None = None) -> None:
        with self._lock:
            self._channels.setdefault(info.id, info)
            self._online.setdefault(info.id, None)
            if stale_after_s is not None:
                self._stale_after[info.id] = stale_after_s

    def _skip(self, text: str, key: str = "input") -> None:
        """A refused message or line: kept short for the screen, logged at a bounded rate.

        *key* groups problems for the log's rate limit: a device or channel and a kind.
        """
        self._problems.report(key, text)

    @property
    def skipped(self) -> int:
        return self._problems.count

    def problems(self) -> list[tuple[float, str]]:
        return self._problems.recent()

    def implausible(self) -> list[Dropped]:
        return self._drops.dropped()

    def _plausible(
        self,
        channel: str,
        kind: str,
        power_w: float | None,
        energy_wh: float | None,
        allow_negative: bool = False,
    ) -> tuple[float | None, float | None]:
        """(power, counter) with each value implausible for *kind* dropped (None) and said."""
        checked: list[float | None] = []
        for value, check in ((power_w, check_power_for), (energy_wh, check_counter_for)):
            if value is None:
                checked.append(None)
                continue
            try:
                checked.append(check(kind, value, allow_negative))
            except ImplausibleReading as exc:
                self._drops.add(channel, exc)
                self._skip(f"{channel}: {exc}", f"{channel}/{exc.quantity}/{exc.reason}")
                checked.append(None)
        return checked[0], checked[1]

    def _push(self, readings: Iterable[Reading], seen_at: float | None = None) -> None:
        seen = time.time() if seen_at is None else seen_at
        with self._lock:
            for reading in readings:
                if len(self._buffer) == self._buffer.maxlen:
                    self.dropped += 1
                self._buffer.append(reading)
                self._last_ts[reading.channel] = reading.ts
                self._last_seen[reading.channel] = seen
                if reading.channel not in self._channels:
                    self._channels[reading.channel] = ChannelInfo(
                        reading.channel, reading.channel, "meter"
                    )

    def _set_online(self, channel: str, online: bool | None) -> None:
        with self._lock:
            self._online[channel] = online

    def channels(self) -> list[ChannelInfo]:
        with self._lock:
            return list(self._channels.values())

    def poll(self, now: float | None = None) -> list[Reading]:
        with self._lock:
            out = list(self._buffer)
            self._buffer.clear()
        return out

    def channel_status(self, now: float | None = None) -> dict[str, ChannelStatus]:
        now = time.time() if now is None else now
        with self._lock:
            status = {}
            for channel in self._channels:
                seen = self._last_seen.get(channel)
                online = self._online.get(channel)
                limit = self._stale_after.get(channel, self.stale_after_s)
                stale = seen is None or now - seen > limit or online is False
                status[channel] = ChannelStatus(self._last_ts.get(channel), stale, online)
            return status
