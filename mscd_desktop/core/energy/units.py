"""Units on the way in, and cumulative counters that survive device reboots.

Meters report energy in different units (Shelly Gen1 watt-minutes, Shelly Gen2 Wh,
Tasmota kWh) and restart their counters from zero when they reboot. Everything inside
mscd-desktop is watts and watt-hours; :class:`EnergyCounter` turns a device's raw counter
into a total that keeps rising across resets.
"""

from __future__ import annotations

import math
from typing import SupportsFloat

from mscd_desktop.core.energy.problems import excerpt
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.i18n import _

ENERGY_UNITS_TO_WH: dict[str, float] = {
    "wh": 1.0,
    "kwh": 1000.0,
    "mwh": 1_000_000.0,
    "wmin": 1.0 / 60.0,  # Shelly Gen1: watt-minutes
    "ws": 1.0 / 3600.0,  # watt-seconds (joules)
    "j": 1.0 / 3600.0,
}
POWER_UNITS_TO_W: dict[str, float] = {"w": 1.0, "kw": 1000.0, "mw": 1_000_000.0}

MAX_PLAUSIBLE_POWER_W = 1_000_000.0
"""A reading above a megawatt is a unit mistake, not a demo-table appliance."""


def _factor(table: dict[str, float], unit: str, field: str) -> float:
    key = unit.strip().lower().replace("-", "").replace(" ", "").replace("·", "")
    if key not in table:
        raise ValidationError(
            _("Unknown unit '{unit}' for {field}. Use one of: {known}.").format(
                unit=unit, field=field, known=", ".join(table)
            ),
            field=field,
        )
    return table[key]


def to_wh(value: float, unit: str) -> float:
    """An energy *value* in *unit* (Wh, kWh, Wmin, Ws, ...) converted to watt-hours."""
    return float(value) * _factor(ENERGY_UNITS_TO_WH, unit, "energy")


def to_w(value: float, unit: str) -> float:
    """A power *value* in *unit* (W, kW, MW) converted to watts."""
    return float(value) * _factor(POWER_UNITS_TO_W, unit, "power")


def check_number(value: object, what: str) -> float:
    """*value* as a finite float, or a ValidationError saying what is wrong with it."""
    try:
        if isinstance(value, bool) or not isinstance(value, str | bytes | SupportsFloat):
            raise TypeError(value)  # True is not 1 W
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            _("{what} is not a number: {value}.").format(what=what, value=excerpt(value)),
            field=what,
        ) from None
    if not math.isfinite(number):
        raise ValidationError(
            _("{what} is not a finite number: {value}.").format(what=what, value=excerpt(value)),
            field=what,
        )
    return number


def check_power(value: object, what: str = "power") -> float:
    """A plausible power in W: finite, not negative, not absurdly large."""
    watts = check_number(value, what)
    if watts < 0:
        raise ValidationError(
            _("{what} is negative ({value} W).").format(what=what, value=watts), field=what
        )
    if watts > MAX_PLAUSIBLE_POWER_W:
        raise ValidationError(
            _("{what} of {value} W is implausible (wrong unit?).").format(what=what, value=watts),
            field=what,
        )
    return watts


class EnergyCounter:
    """A device's raw energy counter (in Wh) turned into a total that never goes back.

    When the raw value drops by more than ``tolerance_wh`` the device was reset or
    rebooted: what was counted before is kept as an offset and counting continues from
    the new raw value. Small backwards jitter (rounding) is ignored.
    """

    def __init__(self, tolerance_wh: float = 0.5) -> None:
        self.tolerance_wh = tolerance_wh
        self.offset_wh = 0.0
        self.last_raw_wh: float | None = None
        self.resets = 0

    def update(self, raw_wh: float) -> float:
        """Feed the device's raw counter; returns the cumulative total in Wh."""
        if self.last_raw_wh is not None and raw_wh < self.last_raw_wh:
            if self.last_raw_wh - raw_wh > self.tolerance_wh:
                self.offset_wh += self.last_raw_wh
                self.resets += 1
            else:
                raw_wh = self.last_raw_wh  # jitter: hold the last value
        self.last_raw_wh = raw_wh
        return self.offset_wh + raw_wh

    @property
    def total_wh(self) -> float | None:
        """The current cumulative total, or None before the first value."""
        return None if self.last_raw_wh is None else self.offset_wh + self.last_raw_wh


class PowerIntegrator:
    """Cumulative Wh from power samples, for sources that report no energy counter.

    Trapezoidal; a gap longer than ``max_gap_s`` adds nothing (the meter was silent).
    """

    def __init__(self, max_gap_s: float = 300.0) -> None:
        self.max_gap_s = max_gap_s
        self.total_wh = 0.0
        self._last: tuple[float, float] | None = None

    def update(self, ts: float, power_w: float) -> float:
        """Add the sample at *ts*; returns the cumulative Wh."""
        if self._last is not None:
            last_ts, last_w = self._last
            dt = ts - last_ts
            if 0 < dt <= self.max_gap_s:
                self.total_wh += (last_w + power_w) / 2.0 * dt / 3600.0
        if self._last is None or ts >= self._last[0]:
            self._last = (ts, power_w)
        return self.total_wh
