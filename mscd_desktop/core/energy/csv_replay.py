"""Replay a recorded CSV of readings at 1x to 60x speed.

Two layouts are understood (delimiter ``,``, ``;`` or tab, UTF-8 with or without BOM):

* long: ``timestamp,channel,power_w[,energy_wh][,temperature_c][,flow_lpm]``;
* wide: ``timestamp,<channel>,<channel>,...`` with power in W per channel.

Timestamps are unix seconds (or seconds from 0) or ISO 8601 (without a zone: local time),
up to the year 2100. Garbage lines (wrong number of fields, not a number, NaN, negative
power, an energy counter no meter can reach) are skipped with a log entry naming the
line; a silence longer than ``max_gap_s`` in the recording is skipped over so
the replay does not stand still. Readings keep their recorded timestamps. Energy comes
from the file's counter (resets handled) or is integrated from power.
"""

from __future__ import annotations

import csv
import logging
import math
import time
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from mscd_desktop.core.energy.plausible import check_counter_for
from mscd_desktop.core.energy.problems import excerpt
from mscd_desktop.core.energy.sources import ChannelInfo, ChannelStatus, EnergySource, Reading
from mscd_desktop.core.energy.units import (
    EnergyCounter,
    PowerIntegrator,
    check_number,
    check_power,
)
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

TIME_COLUMNS = ("timestamp", "ts", "time", "datetime", "date")
LONG_FIELDS = ("power_w", "energy_wh", "temperature_c", "flow_lpm")
MIN_SPEED, MAX_SPEED = 1.0, 60.0
LATEST_TS = 4_102_444_800.0  # 2100-01-01 UTC; recordings may also count seconds from 0


def _parse_time(text: str) -> float:
    text = text.strip()
    try:
        ts = check_number(text, "timestamp")
    except ValidationError:
        try:
            ts = datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
        except ValueError:
            raise ValidationError(
                _("{text} is not a time (unix seconds or ISO 8601).").format(text=excerpt(text)),
                field="timestamp",
            ) from None
    if not 0.0 <= ts <= LATEST_TS:
        raise ValidationError(
            _("{text} is not a time between 1970 and 2100.").format(text=excerpt(text)),
            field="timestamp",
        )
    return ts


@dataclass
class Recording:
    """A loaded recording, kept compact in arrays (a day of 8 channels at 1 Hz: ~40 MB).

    Sorted by time; ``energy`` is cumulative Wh after reset handling or integration;
    NaN in ``temperature``/``flow`` means "not recorded".
    """

    channels: list[str]
    ts: np.ndarray
    channel: np.ndarray
    power: np.ndarray
    energy: np.ndarray
    temperature: np.ndarray
    flow: np.ndarray
    problems: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ts)

    def readings(self, start: int = 0, stop: int | None = None, lap: int = 0) -> list[Reading]:
        """Readings *start* to *stop* (exclusive) as :class:`Reading` objects.

        ``lap`` > 0 plays the recording again after itself: times move on by the recording's
        span (plus one second) per lap and every channel's energy keeps rising.
        """
        sl = slice(start, stop)
        names = self.channels
        ts, energy = self.ts[sl], self.energy[sl]
        if lap:
            ts = ts + lap * (float(self.ts[-1] - self.ts[0]) + 1.0)
            energy = energy + lap * self.lap_energy()[self.channel[sl]]
        return [
            Reading(t, names[c], p, e, None if math.isnan(tc) else tc, None if math.isnan(f) else f)
            for t, c, p, e, tc, f in zip(
                ts.tolist(),
                self.channel[sl].tolist(),
                self.power[sl].tolist(),
                energy.tolist(),
                self.temperature[sl].tolist(),
                self.flow[sl].tolist(),
                strict=True,
            )
        ]

    def lap_energy(self) -> np.ndarray:
        """Energy each channel (by index) gains over the whole recording, in Wh."""
        gains = np.zeros(len(self.channels))
        for index in range(len(self.channels)):
            own = self.energy[self.channel == index]
            gains[index] = own[-1] - own[0] if len(own) else 0.0
        return gains


class _Columns:
    """Growing typed columns while parsing (8 bytes a value, not a Python object)."""

    def __init__(self) -> None:
        self.ts, self.power, self.energy = array("d"), array("d"), array("d")
        self.temperature, self.flow, self.channel = array("d"), array("d"), array("i")
        self.names: dict[str, int] = {}

    def add(
        self,
        ts: float,
        channel: str,
        power: float,
        energy: float | None = None,
        temperature: float | None = None,
        flow: float | None = None,
    ) -> None:
        self.ts.append(ts)
        self.channel.append(self.names.setdefault(channel, len(self.names)))
        self.power.append(power)
        self.energy.append(math.nan if energy is None else energy)
        self.temperature.append(math.nan if temperature is None else temperature)
        self.flow.append(math.nan if flow is None else flow)


def load_recording(path: Path) -> Recording:
    """Every good reading of the CSV at *path*, sorted by time, and the skipped lines."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            head = fh.read(4096)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                    head, delimiters=",;\t"
                )
            except csv.Error:
                dialect = csv.excel
            fh.seek(0)
            columns, problems = _parse(csv.reader(fh, dialect), path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            _("Cannot read the recording {path}: {error}").format(path=path, error=exc),
            field="path",
        ) from exc
    for problem in problems[:50]:
        log.warning("%s: skipped %s", path, problem)
    if len(problems) > 50:
        log.warning("%s: %d more lines skipped", path, len(problems) - 50)
    return _finish(columns, problems)


def _parse(rows: Iterator[list[str]], path: Path) -> tuple[_Columns, list[str]]:
    header = [h.strip().lower() for h in next(rows, [])]
    time_col = next((i for i, h in enumerate(header) if h in TIME_COLUMNS), None)
    if time_col is None:
        raise ValidationError(
            _("The recording {path} has no time column ({names}).").format(
                path=path, names=", ".join(TIME_COLUMNS)
            ),
            field="timestamp",
        )
    long = "channel" in header and "power_w" in header
    columns = _Columns()
    problems: list[str] = []
    for line_no, row in enumerate(rows, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        try:
            if len(row) != len(header):
                raise ValidationError(
                    _("{n} fields instead of {m}").format(n=len(row), m=len(header))
                )
            ts = _parse_time(row[time_col])
            if long:
                columns.add(*_long_row(header, row, ts))
            else:
                for channel, power in _wide_row(header, row, time_col):
                    columns.add(ts, channel, power)
        except ValidationError as exc:
            problems.append(_("line {line}: {error}").format(line=line_no, error=exc))
    return columns, problems


def _optional(header: list[str], row: list[str], name: str) -> float | None:
    if name not in header or not row[header.index(name)].strip():
        return None
    value = check_number(row[header.index(name)], name)
    return check_counter_for("meter", value) if name == "energy_wh" else value


def _long_row(header: list[str], row: list[str], ts: float) -> tuple:
    channel = row[header.index("channel")].strip()
    if not channel:
        raise ValidationError(_("the channel is empty"), field="channel")
    power = check_power(row[header.index("power_w")], "power_w")
    return (ts, channel, power, *(_optional(header, row, f) for f in LONG_FIELDS[1:]))


def _wide_row(header: list[str], row: list[str], time_col: int) -> list[tuple[str, float]]:
    checked = [
        (name, check_power(row[i], name))
        for i, name in enumerate(header)
        if i != time_col and row[i].strip()
    ]
    return checked


def _finish(columns: _Columns, problems: list[str]) -> Recording:
    ts = np.frombuffer(columns.ts, dtype=np.float64)
    order = np.argsort(ts, kind="stable")
    ts = ts[order]
    channel = np.frombuffer(columns.channel, dtype=np.int32)[order]
    power = np.frombuffer(columns.power, dtype=np.float64)[order]
    raw = np.frombuffer(columns.energy, dtype=np.float64)[order]
    energy = np.empty_like(power)
    for index in range(len(columns.names)):
        where = np.nonzero(channel == index)[0]
        energy[where] = _channel_energy(
            ts[where].tolist(), power[where].tolist(), raw[where].tolist()
        )
    return Recording(
        list(columns.names),
        ts,
        channel,
        power,
        energy,
        np.frombuffer(columns.temperature, dtype=np.float64)[order],
        np.frombuffer(columns.flow, dtype=np.float64)[order],
        problems,
    )


def _channel_energy(ts: list[float], power: list[float], raw: list[float]) -> list[float]:
    """Cumulative Wh of one channel: its counter (resets handled), else integrated power."""
    counter, integrator = EnergyCounter(), PowerIntegrator()
    return [
        integrator.update(t, p) if math.isnan(e) else counter.update(e)
        for t, p, e in zip(ts, power, raw, strict=True)
    ]


class CsvReplaySource(EnergySource):
    """A recording played back against the wall clock, *speed* times faster."""

    name = "csv"

    def __init__(
        self, path: Path, *, speed: float = 1.0, max_gap_s: float = 60.0, loop: bool = False
    ) -> None:
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise ValidationError(
                _("Replay speed must be between {low}x and {high}x.").format(
                    low=int(MIN_SPEED), high=int(MAX_SPEED)
                ),
                field="speed",
            )
        self.path, self.speed, self.max_gap_s = Path(path), float(speed), max_gap_s
        self.loop = loop
        self.recording = load_recording(self.path)
        self._loaded_at = time.time()
        if not len(self.recording):
            raise ValidationError(
                _("The recording {path} holds no usable readings.").format(path=self.path),
                field="path",
            )
        self._offsets = self._timeline()
        self._lap_s = float(self._offsets[-1]) + 1.0  # one second between two laps
        self._cursor = self._lap = 0
        self._wall0: float | None = None
        self._last: dict[str, tuple[float, float]] = {}  # channel -> (ts, replay offset)

    @property
    def skipped(self) -> int:
        return len(self.recording.problems)

    def problems(self) -> list[tuple[float, str]]:
        """The recording's skipped lines, stamped with the time it was loaded."""
        return [(self._loaded_at, text) for text in self.recording.problems]

    def _timeline(self) -> np.ndarray:
        """Replay seconds of each reading, long silences shortened to one second."""
        ts = self.recording.ts
        gaps = np.diff(ts, prepend=ts[0])
        long_gaps = np.nonzero(gaps > self.max_gap_s)[0]
        for index in long_gaps[:20]:
            log.info(
                "%s: skipping a gap of %.0f s after %s",
                self.path,
                gaps[index],
                datetime.fromtimestamp(ts[index - 1]).isoformat(timespec="seconds"),
            )
        gaps[long_gaps] = 1.0
        return np.cumsum(gaps)

    @property
    def finished(self) -> bool:
        """Whether every reading has been played (never when looping)."""
        return not self.loop and self._cursor >= len(self.recording)

    def start(self) -> None:
        """Play from the beginning."""
        self._cursor, self._lap, self._last, self._wall0 = 0, 0, {}, time.time()

    def stop(self) -> None:
        """Stop playing; :meth:`poll` returns nothing until started again."""
        self._wall0 = None

    def channels(self) -> list[ChannelInfo]:
        return [ChannelInfo(c, c, "meter") for c in self.recording.channels]

    def _position(self, now: float | None) -> float:
        assert self._wall0 is not None
        return ((time.time() if now is None else now) - self._wall0) * self.speed

    def poll(self, now: float | None = None) -> list[Reading]:
        if self._wall0 is None:
            return []
        position = self._position(now)
        if self.loop and position // self._lap_s > self._lap + 1:  # woke up after laps
            self._lap, self._cursor = int(position // self._lap_s), 0
        out: list[Reading] = []
        while True:
            start, base = self._cursor, self._lap * self._lap_s
            end = int(np.searchsorted(self._offsets, position - base, side="right"))
            self._cursor = max(start, end)
            readings = self.recording.readings(start, self._cursor, self._lap)
            for r, offset in zip(
                readings, self._offsets[start : self._cursor].tolist(), strict=True
            ):
                self._last[r.channel] = (r.ts, base + offset)
            out.extend(readings)
            if not self.loop or self._cursor < len(self.recording) or position < base + self._lap_s:
                return out
            self._lap, self._cursor = self._lap + 1, 0

    def channel_status(self, now: float | None = None) -> dict[str, ChannelStatus]:
        position = self._position(now) if self._wall0 is not None else None
        out = {}
        for info in self.channels():
            ts, offset = self._last.get(info.id, (None, None))
            stale = (
                position is None
                or offset is None
                or position - offset > self.stale_after_s * self.speed
            )
            out[info.id] = ChannelStatus(ts, stale, None)
        return out
