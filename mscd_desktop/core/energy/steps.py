"""Step events ("Kettle on: 2.1 kW, 0.04 kWh, EUR 0.01, 9 g CO2") and before/after runs.

:class:`StepDetector` watches one channel's power. When it rises by at least
``min_step_w`` above the recent baseline and stays up for ``confirm_s``, an "on" event
is reported; when it falls back (below half the step, hysteresis), an "off" event carries
the episode's duration and energy above the baseline. Short spikes (a fridge compressor
starting) are ignored. The screen annotates its chart with :func:`describe_step`.
"""

from __future__ import annotations

import itertools
import statistics
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from mscd_desktop.core.energy.numbers import Tariff
from mscd_desktop.core.energy.sources import Reading
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import _


@dataclass(frozen=True)
class StepEvent:
    """An appliance switching on ("on") or off again ("off", with the episode's energy)."""

    kind: str  # "on" | "off"
    channel: str
    start_ts: float
    step_w: float  # mean power above the baseline
    end_ts: float | None = None
    energy_wh: float | None = None

    @property
    def duration_s(self) -> float | None:
        """How long the appliance was on (off events only)."""
        return None if self.end_ts is None else self.end_ts - self.start_ts


def describe_step(event: StepEvent, label: str, tariff: Tariff) -> str:
    """The annotation people read on the chart ("Kettle on: 2.1 kW"; "2,1 kW" in Spanish)."""
    fmt = current_formats()
    kw = fmt.fixed(event.step_w / 1000, 1)
    if event.kind == "on" or event.energy_wh is None:
        return _("{label} on: {kw} kW").format(label=label, kw=kw)
    return _("{label}: {kw} kW, {kwh} kWh, EUR {eur}, {co2} g CO2").format(
        label=label,
        kw=kw,
        kwh=fmt.fixed(event.energy_wh / 1000, 2),
        eur=fmt.fixed(tariff.cost_eur(event.energy_wh), 2),
        co2=fmt.integer(tariff.co2_g(event.energy_wh)),
    )


@dataclass
class _Episode:
    start_ts: float
    baseline_w: float
    last_ts: float
    last_w: float
    energy_wh: float = 0.0
    confirmed: bool = False
    weighted_w: float = 0.0  # sum of (power above baseline) * seconds, for the mean step


class StepDetector:
    """Detects on/off steps in one channel's power (feed readings in time order)."""

    def __init__(
        self,
        channel: str,
        min_step_w: float = 300.0,
        confirm_s: float = 2.0,
        baseline_samples: int = 10,
    ) -> None:
        self.channel = channel
        self.min_step_w = min_step_w
        self.confirm_s = confirm_s
        self._recent: deque[float] = deque(maxlen=baseline_samples)
        self._episode: _Episode | None = None

    def feed(self, readings: Iterable[Reading]) -> list[StepEvent]:
        """Events caused by *readings* (others' channels are ignored)."""
        events: list[StepEvent] = []
        for r in readings:
            if r.channel == self.channel:
                event = self._feed_one(r.ts, r.power_w)
                if event is not None:
                    events.append(event)
        return events

    def _feed_one(self, ts: float, power: float) -> StepEvent | None:
        ep = self._episode
        if ep is None:
            baseline = statistics.median(self._recent) if self._recent else power
            if self._recent and power - baseline >= self.min_step_w:
                self._episode = _Episode(ts, baseline, ts, power)
                return None
            self._recent.append(power)
            return None
        dt = max(0.0, ts - ep.last_ts)
        above = (ep.last_w + power) / 2.0 - ep.baseline_w
        if power - ep.baseline_w < self.min_step_w / 2.0:  # back down: the episode ends
            self._episode = None
            self._recent.clear()
            self._recent.append(power)
            if not ep.confirmed:
                return None  # a spike
            ep.energy_wh += max(0.0, ep.last_w - ep.baseline_w) * dt / 3600.0
            ep.weighted_w += max(0.0, ep.last_w - ep.baseline_w) * dt
            duration = ts - ep.start_ts
            return StepEvent(
                "off",
                self.channel,
                ep.start_ts,
                ep.weighted_w / duration if duration > 0 else 0.0,
                ts,
                ep.energy_wh,
            )
        ep.energy_wh += max(0.0, above) * dt / 3600.0
        ep.weighted_w += max(0.0, above) * dt
        ep.last_ts, ep.last_w = ts, power
        if not ep.confirmed and ts - ep.start_ts >= self.confirm_s:
            ep.confirmed = True
            return StepEvent("on", self.channel, ep.start_ts, power - ep.baseline_w)
        return None


def detect_steps(
    readings: Iterable[Reading], channel: str, min_step_w: float = 300.0
) -> list[StepEvent]:
    """Every step event of *channel* in a finished series."""
    return StepDetector(channel, min_step_w).feed(readings)


@dataclass(frozen=True)
class RunSummary:
    """One run of a before/after comparison, its clock starting at zero."""

    offsets_s: list[float]
    power_w: list[float]
    energy_wh: float
    cycles_wh: list[float]

    @property
    def mean_cycle_wh(self) -> float | None:
        """Mean energy per on/off cycle, None without complete cycles."""
        return statistics.fmean(self.cycles_wh) if self.cycles_wh else None


@dataclass(frozen=True)
class RunComparison:
    """Two runs aligned at their start, over the duration both cover."""

    before: RunSummary
    after: RunSummary
    duration_s: float

    @property
    def saving_pct(self) -> float | None:
        """How much less energy the "after" run used, in percent."""
        if self.before.energy_wh <= 0:
            return None
        return 100.0 * (1.0 - self.after.energy_wh / self.before.energy_wh)


def _summary(readings: list[Reading], duration_s: float, min_step_w: float) -> RunSummary:
    t0 = readings[0].ts
    kept = [r for r in readings if r.ts - t0 <= duration_s]
    energy = 0.0
    for a, b in itertools.pairwise(kept):
        energy += (a.power_w + b.power_w) / 2.0 * (b.ts - a.ts) / 3600.0
    cycles = [
        e.energy_wh
        for e in detect_steps(kept, kept[0].channel, min_step_w)
        if e.kind == "off" and e.energy_wh is not None
    ]
    return RunSummary([r.ts - t0 for r in kept], [r.power_w for r in kept], energy, cycles)


def compare_runs(
    before: list[Reading], after: list[Reading], min_step_w: float = 300.0
) -> RunComparison:
    """Overlay two runs (one channel each) from their starts, with energy per cycle."""
    if not before or not after:
        raise ValueError(_("Both runs need readings to be compared."))
    duration = min(before[-1].ts - before[0].ts, after[-1].ts - after[0].ts)
    return RunComparison(
        _summary(before, duration, min_step_w), _summary(after, duration, min_step_w), duration
    )
