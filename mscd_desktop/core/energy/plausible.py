"""What a reading of each kind of channel can plausibly be, and counting what was dropped.

A smart plug cannot draw 40 kW, a house meter does not count 10^308 Wh, and nothing
measures infinity: such values come from a wrong unit, a broken device or a hostile
message, and would turn every total, chart and ``--json`` output into nonsense. Sources
check each converted value against the range of its channel's kind here and drop what
falls outside, counting it per channel, quantity and reason (:class:`DropTally`), so the
CLI and the screen can say what was dropped.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import N_, _, ngettext

COUNTER_YEARS = 25
"""A device's energy counter can hold at most its full power for this many years."""
HOURS_PER_YEAR = 8766.0

NOT_FINITE, NEGATIVE, TOO_HIGH = "not_finite", "negative", "too_high"
POWER, ENERGY = "power", "energy"


@dataclass(frozen=True)
class PlausibleRange:
    """The power a kind of channel can draw (or feed in), and so what its counter holds."""

    name: str  # N_() text: "a smart plug"
    max_w: float

    @property
    def max_counter_wh(self) -> float:
        """The largest energy counter (Wh) such a device can show."""
        return self.max_w * HOURS_PER_YEAR * COUNTER_YEARS


# 16 A at 250 V is 4 kW: no plug-in appliance draws more. A house connection of 3 x 63 A
# is about 44 kW. Solar and unnamed meters get a megawatt (a large roof, a whole building).
PLUG = PlausibleRange(N_("a smart plug"), 4_000.0)
HEAT_PUMP = PlausibleRange(N_("a heat pump"), 30_000.0)
HOUSE = PlausibleRange(N_("a house meter"), 50_000.0)
SOLAR = PlausibleRange(N_("solar panels"), 1_000_000.0)
METER = PlausibleRange(N_("a meter"), 1_000_000.0)

RANGES: dict[str, PlausibleRange] = {
    "kettle": PLUG,
    "fridge": PLUG,
    "washing_machine": PLUG,
    "plug": PLUG,
    "heat_pump": HEAT_PUMP,
    "home": HOUSE,
    "solar": SOLAR,
    "meter": METER,
}


def range_for(kind: str) -> PlausibleRange:
    """The plausible range of a channel of *kind* (unknown kinds: a meter's)."""
    return RANGES.get(kind, METER)


class ImplausibleReading(ValidationError):
    """A value outside its channel's plausible range; ``quantity`` and ``reason`` say how."""

    def __init__(self, message: str, quantity: str, reason: str) -> None:
        super().__init__(message, field=quantity)
        self.quantity, self.reason = quantity, reason


def check_power_for(kind: str, watts: float, allow_negative: bool = False) -> float:
    """*watts* if a channel of *kind* can draw (or, with *allow_negative*, feed in) it."""
    limits = range_for(kind)
    if not math.isfinite(watts):
        raise ImplausibleReading(
            _("Power {value} W is not a finite number.").format(value=watts), POWER, NOT_FINITE
        )
    if watts < 0 and not allow_negative:
        raise ImplausibleReading(
            _("Power {value} W is negative.").format(value=current_formats().decimal(watts, 1)),
            POWER,
            NEGATIVE,
        )
    if abs(watts) > limits.max_w:
        raise ImplausibleReading(
            _("Power {value} W is more than {what} can draw ({limit} W).").format(
                value=current_formats().significant(watts, 4),
                what=_(limits.name),
                limit=current_formats().integer(limits.max_w),
            ),
            POWER,
            TOO_HIGH,
        )
    return watts


def check_counter_for(kind: str, wh: float, allow_negative: bool = False) -> float:
    """*wh* if it can be the energy counter of a channel of *kind*."""
    limits = range_for(kind)
    if not math.isfinite(wh):
        raise ImplausibleReading(
            _("Energy counter {value} Wh is not a finite number.").format(value=wh),
            ENERGY,
            NOT_FINITE,
        )
    if wh < 0 and not allow_negative:
        raise ImplausibleReading(
            _("Energy counter {value} Wh is negative.").format(
                value=current_formats().significant(wh, 4)
            ),
            ENERGY,
            NEGATIVE,
        )
    if abs(wh) > limits.max_counter_wh:
        raise ImplausibleReading(
            _("Energy counter {value} Wh is more than {what} can count ({limit} Wh).").format(
                value=current_formats().significant(wh, 4),
                what=_(limits.name),
                limit=current_formats().integer(limits.max_counter_wh),
            ),
            ENERGY,
            TOO_HIGH,
        )
    return wh


@dataclass(frozen=True)
class Dropped:
    """How many values of one channel's quantity were dropped, and why."""

    channel: str
    quantity: str  # POWER | ENERGY
    reason: str  # NOT_FINITE | NEGATIVE | TOO_HIGH
    count: int

    def describe(self, label: str | None = None) -> str:
        """ "Kettle: 3 power values dropped (too high for the channel)"."""
        reasons = {
            NOT_FINITE: _("not a finite number"),
            NEGATIVE: _("negative"),
            TOO_HIGH: _("too high for the channel"),
        }
        quantities = {POWER: _("power"), ENERGY: _("energy counter")}
        return ngettext(
            "{channel}: {n} {quantity} value dropped ({reason})",
            "{channel}: {n} {quantity} values dropped ({reason})",
            self.count,
        ).format(
            channel=label or self.channel,
            n=current_formats().integer(self.count),
            quantity=quantities.get(self.quantity, self.quantity),
            reason=reasons.get(self.reason, self.reason),
        )

    def as_dict(self) -> dict[str, object]:
        """For ``--json``."""
        return {
            "channel": self.channel,
            "quantity": self.quantity,
            "reason": self.reason,
            "count": self.count,
        }


class DropTally:
    """Counts of dropped values per (channel, quantity, reason); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, str]] = Counter()

    def add(self, channel: str, error: ImplausibleReading) -> None:
        """Count one value of *channel* dropped for *error*."""
        with self._lock:
            self._counts[(channel, error.quantity, error.reason)] += 1

    def dropped(self) -> list[Dropped]:
        """Every count so far, by channel."""
        with self._lock:
            items = sorted(self._counts.items())
        return [Dropped(c, q, r, n) for (c, q, r), n in items]

    @property
    def total(self) -> int:
        """Values dropped in all."""
        with self._lock:
            return sum(self._counts.values())
