"""Replay a recorded CSV of readings at 1x to 60x speed.

Two layouts are understood (delimiter ``,``, ``;`` or tab, UTF-8 with or without BOM):

* long: ``timestamp,channel,power_w[,energy_wh][,temperature_c][,flow_lpm]``;
* wide: ``timestamp,<channel>,<channel>,...`` with power in W per channel.

Timestamps are unix seconds or ISO 8601 (without a zone: local time). Garbage lines
(wrong number of fields, not a number, NaN, negative power) are skipped with a log entry
naming the line; a silence longer than ``max_gap_s`` in the recording is skipped over so
the replay does not stand still. Readings keep their recorded timestamps. Energy comes
from the file's counter (resets handled) or is integrated from power.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from datetime import datetime
from pathlib import Path

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


def _parse_time(text: str) -> float:
    text = text.strip()
    try:
        return check_number(text, "timestamp")
    except ValidationError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ValidationError(_("'{text}' is not a time (unix seconds or ISO 8601).").format(
            text=text), field="timestamp") from None


def load_recording(path: Path) -> tuple[list[Reading], list[str]]:
    """Every good reading of the CSV at *path* (sorted by time) and the skipped lines."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(_("Cannot read the recording {path}: {error}").format(
            path=path, error=exc), field="path") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().lower() for h in next(rows, [])]
    time_col = next((i for i, h in enumerate(header) if h in TIME_COLUMNS), None)
    if time_col is None:
        raise ValidationError(_("The recording {path} has no time column ({names}).").format(
            path=path, names=", ".join(TIME_COLUMNS)), field="timestamp")
    long = "channel" in header and "power_w" in header
    readings: list[Reading] = []
    problems: list[str] = []
    for line_no, row in enumerate(rows, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        try:
            if len(row) != len(header):
                raise ValidationError(_("{n} fields instead of {m}").format(
                    n=len(row), m=len(header)))
            ts = _parse_time(row[time_col])
            readings.extend(_long_row(header, row, ts) if long
                            else _wide_row(header, row, ts, time_col))
        except ValidationError as exc:
            problems.append(_("line {line}: {error}").format(line=line_no, error=exc))
    for problem in problems:
        log.warning("%s: skipped %s", path, problem)
    readings.sort(key=lambda r: r.ts)
    return _with_energy(readings), problems


def _optional(header: list[str], row: list[str], name: str) -> float | None:
    if name not in header or not row[header.index(name)].strip():
        return None
    return check_number(row[header.index(name)], name)


def _long_row(header: list[str], row: list[str], ts: float) -> list[Reading]:
    channel = row[header.index("channel")].strip()
    if not channel:
        raise ValidationError(_("the channel is empty"), field="channel")
    power = check_power(row[header.index("power_w")], "power_w")
    return [Reading(ts, channel, power, *(_optional(header, row, f) for f in LONG_FIELDS[1:]))]


def _wide_row(header: list[str], row: list[str], ts: float, time_col: int) -> list[Reading]:
    out = []
    for i, name in enumerate(header):
        if i != time_col and row[i].strip():
            out.append(Reading(ts, name, check_power(row[i], name)))
    return out


def _with_energy(readings: list[Reading]) -> list[Reading]:
    counters: dict[str, EnergyCounter] = {}
    integrators: dict[str, PowerIntegrator] = {}
    out = []
    for r in readings:
        if r.energy_wh is not None:
            total = counters.setdefault(r.channel, EnergyCounter()).update(r.energy_wh)
        else:
            total = integrators.setdefault(r.channel, PowerIntegrator()).update(r.ts, r.power_w)
        out.append(Reading(r.ts, r.channel, r.power_w, total, r.temperature_c, r.flow_lpm))
    return out


class CsvReplaySource(EnergySource):
    """A recording played back against the wall clock, *speed* times faster."""

    name = "csv"

    def __init__(self, path: Path, *, speed: float = 1.0, max_gap_s: float = 60.0) -> None:
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise ValidationError(_("Replay speed must be between {low}x and {high}x.").format(
                low=int(MIN_SPEED), high=int(MAX_SPEED)), field="speed")
        self.path, self.speed, self.max_gap_s = Path(path), float(speed), max_gap_s
        self.readings, self.problems = load_recording(self.path)
        if not self.readings:
            raise ValidationError(_("The recording {path} holds no usable readings.").format(
                path=self.path), field="path")
        self._offsets = self._timeline()
        self._cursor = 0
        self._wall0: float | None = None
        self._last: dict[str, tuple[float, float]] = {}  # channel -> (ts, replay offset)

    def _timeline(self) -> list[float]:
        """Replay seconds of each reading, long silences shortened to one second."""
        offsets, offset = [], 0.0
        previous = self.readings[0].ts
        for r in self.readings:
            gap = r.ts - previous
            if gap > self.max_gap_s:
                log.info("%s: skipped a gap of %.0f s at %s", self.path, gap,
                         datetime.fromtimestamp(previous).isoformat(timespec="seconds"))
                gap = 1.0
            offset += gap
            offsets.append(offset)
            previous = r.ts
        return offsets

    @property
    def finished(self) -> bool:
        """Whether every reading has been played."""
        return self._cursor >= len(self.readings)

    def start(self) -> None:
        """Play from the beginning."""
        self._cursor, self._last, self._wall0 = 0, {}, time.time()

    def stop(self) -> None:
        """Stop playing; :meth:`poll` returns nothing until started again."""
        self._wall0 = None

    def channels(self) -> list[ChannelInfo]:
        ids = dict.fromkeys(r.channel for r in self.readings)
        return [ChannelInfo(c, c, "meter") for c in ids]

    def _position(self, now: float | None) -> float:
        assert self._wall0 is not None
        return ((time.time() if now is None else now) - self._wall0) * self.speed

    def poll(self, now: float | None = None) -> list[Reading]:
        if self._wall0 is None:
            return []
        position = self._position(now)
        start = self._cursor
        while self._cursor < len(self.readings) and self._offsets[self._cursor] <= position:
            r = self.readings[self._cursor]
            self._last[r.channel] = (r.ts, self._offsets[self._cursor])
            self._cursor += 1
        return self.readings[start:self._cursor]

    def channel_status(self, now: float | None = None) -> dict[str, ChannelStatus]:
        position = self._position(now) if self._wall0 is not None else None
        out = {}
        for info in self.channels():
            ts, offset = self._last.get(info.id, (None, None))
            stale = (position is None or offset is None
                     or position - offset > self.stale_after_s * self.speed)
            out[info.id] = ChannelStatus(ts, stale, None)
        return out
