"""The default energy source: a deterministic simulator of a home's appliances.

Each channel is a small state machine stepped at a fixed simulated interval, with its own
random generator seeded from ``(seed, channel)``, so the same seed gives the same readings
however often it is polled. ``speed`` accelerates the clock (60 = one simulated minute per
second) so a whole day of solar panels fits into a short demo.

Profiles (typical figures for a European home):

* kettle: 2.0–2.8 kW for 2.5–3.3 minutes, every 10–25 minutes;
* fridge: compressor ~85 W for 10–14 minutes with a start-up spike, then off 20–30 minutes;
* washing machine: fill, heating (~2 kW, 15 minutes), drum motor, rinse, spin;
* heat pump: modulating with the outdoor temperature (COP 2.5–3.3), flow temperature and flow;
* solar: 3.5 kWp between 07:00 and 19:00 local time, passing clouds;
* home before / after renovation: the same winter day and the same heat pump, heat loss
  260 W/K before and 150 W/K after (about 42 % less heating energy, like Torrelago's
  "more than 40 %"), cycling on/off so the energy per cycle can be compared.
"""

from __future__ import annotations

import logging
import math
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from mscd_desktop.core.energy.sources import ChannelInfo, ChannelStatus, EnergySource, Reading
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.i18n import N_, _

log = logging.getLogger(__name__)

MAX_STEPS_PER_POLL = 36_000
"""After a long pause (laptop asleep) the clock jumps ahead instead of replaying hours."""


@dataclass
class _Sample:
    power_w: float
    temperature_c: float | None = None
    flow_lpm: float | None = None


def outdoor_temperature(hour: float) -> float:
    """A winter day's outdoor temperature in °C: about 0 °C at 03:00, 8 °C at 15:00."""
    return 4.0 + 4.0 * math.sin(2 * math.pi * (hour - 9.0) / 24.0)


class _Profile:
    """One appliance: ``sample(t, hour, rng)`` gives the power at simulated time *t*."""

    kind = "meter"
    label = ""

    def sample(self, t: float, hour: float, rng: random.Random) -> _Sample:
        raise NotImplementedError


class _Kettle(_Profile):
    kind, label = "kettle", N_("Kettle")

    def __init__(self) -> None:
        self.next_on: float | None = None
        self.off_at = 0.0
        self.watts = 0.0

    def sample(self, t: float, hour: float, rng: random.Random) -> _Sample:
        if self.next_on is None:
            self.next_on = t + 20.0  # the first cup comes soon, for the demo
        if t >= self.next_on:
            self.watts = rng.uniform(2000.0, 2800.0)
            self.off_at = t + rng.uniform(150.0, 200.0)
            self.next_on = self.off_at + rng.uniform(600.0, 1500.0)
        if t < self.off_at:
            return _Sample(self.watts)
        return _Sample(0.0)


class _Fridge(_Profile):
    kind, label = "fridge", N_("Fridge")

    def __init__(self) -> None:
        self.on_since: float | None = None
        self.switch_at: float | None = None
        self.on = False

    def sample(self, t: float, hour: float, rng: random.Random) -> _Sample:
        if self.switch_at is None:
            self.switch_at = t + rng.uniform(0.0, 300.0)
        if t >= self.switch_at:
            self.on = not self.on
            self.on_since = t
            span = (600.0, 840.0) if self.on else (1200.0, 1800.0)
            self.switch_at = t + rng.uniform(*span)
        if not self.on:
            return _Sample(1.5)
        assert self.on_since is not None
        return _Sample(250.0 if t - self.on_since < 2.0 else 85.0)


_WASH_PHASES = (  # (seconds, watts): a 40 °C cotton programme
    (180.0, 15.0),
    (900.0, 2000.0),
    (2400.0, -1.0),
    (600.0, 80.0),
    (480.0, 450.0),
)


class _WashingMachine(_Profile):
    kind, label = "washing_machine", N_("Washing machine")

    def __init__(self) -> None:
        self.start_at: float | None = None

    def sample(self, t: float, hour: float, rng: random.Random) -> _Sample:
        if self.start_at is None:
            self.start_at = t + 300.0
        elapsed = t - self.start_at
        if elapsed >= sum(d for d, _w in _WASH_PHASES):
            self.start_at = t + rng.uniform(3600.0, 7200.0)
            elapsed = t - self.start_at
        if elapsed < 0:
            return _Sample(1.0)
        for duration, watts in _WASH_PHASES:
            if elapsed < duration:
                if watts < 0:  # drum motor: turns 15 s, rests 15 s
                    return _Sample(rng.uniform(150.0, 300.0) if int(elapsed // 15) % 2 else 20.0)
                return _Sample(watts)
            elapsed -= duration
        return _Sample(1.0)


class _HeatPump(_Profile):
    kind, label = "heat_pump", N_("Heat pump")
    heat_loss_w_per_k = 150.0

    def sample(self, t: float, hour: float, rng: random.Random) -> _Sample:
        outdoor = outdoor_temperature(hour)
        heat_w = self.heat_loss_w_per_k * (20.0 - outdoor)
        cop = 2.9 + 0.05 * outdoor
        flow_c = 30.0 + 0.6 * (20.0 - outdoor)
        flow_lpm = heat_w / (4186.0 * 5.0) * 60.0  # 5 K spread across the emitters
        return _Sample(heat_w / cop, flow_c, flow_lpm)


class _Solar(_Profile):
    kind, label = "solar", N_("Solar panels")
    peak_w = 3500.0

    def __init__(self) -> None:
        self.cloud = 1.0

    def sample(self, t: float, hour: float, rng: random.Random) -> _Sample:
        self.cloud = min(
            1.0, max(0.25, self.cloud + rng.gauss(0.0, 0.01) + (0.002 if self.cloud < 0.9 else 0.0))
        )
        if not 7.0 < hour < 19.0:
            return _Sample(0.0)
        sun = math.sin(math.pi * (hour - 7.0) / 12.0) ** 1.3
        return _Sample(self.peak_w * sun * self.cloud)


class _Home(_Profile):
    """Heating (an on/off heat pump, COP 3, 6 kW heat) of one home, 20-minute cycles."""

    kind = "home"
    period_s = 1200.0
    capacity_w = 6000.0

    def __init__(self, heat_loss_w_per_k: float, label: str) -> None:
        self.heat_loss = heat_loss_w_per_k
        self.label = label

    def sample(self, t: float, hour: float, rng: random.Random) -> _Sample:
        demand = self.heat_loss * (20.0 - outdoor_temperature(hour))
        duty = min(1.0, max(0.0, demand / self.capacity_w))
        on = (t % self.period_s) < duty * self.period_s
        return _Sample(self.capacity_w / 3.0 if on else 5.0)


PROFILES = {
    "kettle": _Kettle,
    "fridge": _Fridge,
    "washing_machine": _WashingMachine,
    "heat_pump": _HeatPump,
    "solar": _Solar,
    "home_before": lambda: _Home(260.0, N_("Home before renovation")),
    "home_after": lambda: _Home(150.0, N_("Home after renovation")),
}

SCENARIOS: dict[str, tuple[str, ...]] = {
    "all": tuple(PROFILES),
    "appliances": ("kettle", "fridge", "washing_machine"),
    "home": ("kettle", "fridge", "washing_machine", "heat_pump", "solar"),
    "renovation": ("home_before", "home_after"),
}


class SimulatorSource(EnergySource):
    """Simulated channels, deterministic for a seed, optionally time-accelerated."""

    name = "simulator"

    def __init__(
        self,
        channels: tuple[str, ...] | list[str] | None = None,
        *,
        seed: int = 1,
        speed: float = 1.0,
        step_s: float = 1.0,
        noise: float = 0.01,
        start_time: float | None = None,
    ) -> None:
        chosen = tuple(channels) if channels else SCENARIOS["all"]
        unknown = [c for c in chosen if c not in PROFILES]
        if unknown:
            raise ValidationError(
                _("Unknown simulated channel '{channel}'. Choose from: {known}.").format(
                    channel=unknown[0], known=", ".join(PROFILES)
                ),
                field="channels",
            )
        if not speed > 0 or not step_s > 0:
            raise ValidationError(_("Speed and step must be greater than zero."), field="speed")
        self.seed, self.speed, self.step_s, self.noise = seed, float(speed), float(step_s), noise
        self._ids = chosen
        self._start_time = start_time
        self._reset()

    def _reset(self) -> None:
        self._profiles = {c: PROFILES[c]() for c in self._ids}
        self._rngs = {c: random.Random(f"{self.seed}:{c}") for c in self._ids}
        self._energy = dict.fromkeys(self._ids, 0.0)
        self._last_ts: float | None = None
        self._wall0: float | None = None
        self._sim0 = self._start_time if self._start_time is not None else time.time()
        self._next_t = self._sim0
        # astimezone() gives an aware time: its offset is never None
        offset = datetime.fromtimestamp(self._sim0).astimezone().utcoffset() or timedelta(0)
        self._utc_offset_h = offset.total_seconds() / 3600.0

    def start(self) -> None:
        """Start the simulated clock now (restarts from the beginning if already started)."""
        self._reset()
        self._wall0 = time.time()

    def stop(self) -> None:
        """Stop the clock; :meth:`poll` returns nothing until started again."""
        self._wall0 = None

    def channels(self) -> list[ChannelInfo]:
        return [
            ChannelInfo(c, _(self._profiles[c].label), self._profiles[c].kind) for c in self._ids
        ]

    def sim_time(self, now: float | None = None) -> float:
        """The simulated time that wall-clock *now* corresponds to."""
        if self._wall0 is None:
            return self._next_t - self.step_s
        now = time.time() if now is None else now
        return self._sim0 + (now - self._wall0) * self.speed

    def poll(self, now: float | None = None) -> list[Reading]:
        if self._wall0 is None:
            return []
        target = self.sim_time(now)
        steps = int((target - self._next_t) // self.step_s) + 1
        if steps > MAX_STEPS_PER_POLL:
            skipped = (steps - MAX_STEPS_PER_POLL) * self.step_s
            log.info("simulator clock jumped %.0f s ahead (nobody polled for a while)", skipped)
            self._next_t += skipped
            steps = MAX_STEPS_PER_POLL
        out: list[Reading] = []
        for _i in range(max(0, steps)):
            out.extend(self._step(self._next_t))
            self._next_t += self.step_s
        return out

    def generate(self, seconds: float) -> list[Reading]:
        """*seconds* of simulated readings from the current position, without a wall clock."""
        out: list[Reading] = []
        for _i in range(int(seconds / self.step_s)):
            out.extend(self._step(self._next_t))
            self._next_t += self.step_s
        return out

    def _step(self, t: float) -> list[Reading]:
        hour = ((t / 3600.0) + self._utc_offset_h) % 24.0
        out = []
        for c in self._ids:
            rng = self._rngs[c]
            s = self._profiles[c].sample(t, hour, rng)
            power = s.power_w
            if self.noise and power > 0:
                power = max(0.0, power * (1.0 + rng.gauss(0.0, self.noise)))
            self._energy[c] += power * self.step_s / 3600.0
            out.append(Reading(t, c, power, self._energy[c], s.temperature_c, s.flow_lpm))
        self._last_ts = t
        return out

    def channel_status(self, now: float | None = None) -> dict[str, ChannelStatus]:
        running = self._wall0 is not None
        return {
            c: ChannelStatus(self._last_ts, not running, True if running else None)
            for c in self._ids
        }
