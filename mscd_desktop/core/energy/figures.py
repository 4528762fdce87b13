"""The texts of the live screen's tiles and stale markers, made without Qt.

"2.35 kW", "0.041 kWh", "EUR 0.59/h", "EUR 5,149/year", "55 g CO2/h",
"Kettle: no data since 14:05", and what the input lost (floods, implausible values).
Figures are written the way the user interface's language writes them ("2,35 kW",
"5149 €/año", "5 149 euro/år"; :mod:`mscd_desktop.core.formatting`).
"""

from __future__ import annotations

from mscd_desktop.core.energy.numbers import HOURS_PER_YEAR, Tariff
from mscd_desktop.core.energy.plausible import Dropped
from mscd_desktop.core.energy.session import MAX_CHANNELS, ChannelTrace, LiveSession
from mscd_desktop.core.energy.sources import ChannelStatus
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import _

FIGURE_KEYS = ("power", "energy", "cost", "year", "co2")


def format_power(watts: float) -> str:
    """ "850 W" or "2.35 kW" ("2,35 kW" in Spanish and Swedish)."""
    return current_formats().power(watts)


def channel_figures(trace: ChannelTrace | None, tariff: Tariff) -> dict[str, str]:
    """Tile texts for one channel: live W, kWh since start, EUR/h, EUR/year, g CO2/h.

    A channel without readings yet gets dashes.
    """
    if trace is None or trace.last_ts is None:
        return dict.fromkeys(FIGURE_KEYS, "–")
    return figure_texts(trace.last_power_w, trace.energy_since_start_wh, tariff)


def figure_texts(watts: float | None, energy_wh: float, tariff: Tariff) -> dict[str, str]:
    """Tile texts for *watts* now and *energy_wh* since the start (dashes without watts)."""
    if watts is None:
        return dict.fromkeys(FIGURE_KEYS, "–")
    fmt = current_formats()
    return {
        "power": fmt.power(watts),
        "energy": _("{kwh} kWh").format(kwh=fmt.fixed(energy_wh / 1000, 3)),
        "cost": _("EUR {eur}/h").format(eur=fmt.fixed(tariff.cost_eur(watts), 2)),
        "year": _("EUR {eur}/year").format(
            eur=fmt.integer(tariff.cost_eur(watts * HOURS_PER_YEAR))
        ),
        "co2": _("{g} g CO2/h").format(g=fmt.integer(tariff.co2_g(watts))),
    }


def stale_text(label: str, status: ChannelStatus) -> str | None:
    """ "Kettle: no data since 14:05" (local time) for a quiet channel, else None."""
    if not status.stale and status.online is not False:
        return None
    if status.last_ts is None:
        return _("{label}: no data yet").format(label=label)
    since = current_formats().clock(status.last_ts)
    return _("{label}: no data since {time}").format(label=label, time=since)


def input_problems_text(
    session: LiveSession, labels: dict[str, str], dropped: list[Dropped]
) -> str:
    """Floods, channels beyond the limit and values dropped as implausible ("" if none)."""
    parts = [flood_text(session, labels)]
    parts.extend(d.describe(labels.get(d.channel)) + "." for d in dropped)
    return " ".join(part for part in parts if part)


def flood_text(session: LiveSession, labels: dict[str, str]) -> str:
    """What is being skipped: floods of readings, channels beyond the limit ("" if none)."""
    parts = []
    flooding = session.flooding()
    if flooding:
        names = ", ".join(labels.get(c, c) for c in flooding)
        parts.append(
            _(
                "Readings of {names} arrive much faster than expected; extra ones are skipped."
            ).format(names=names)
        )
    if session.refused_channels:
        parts.append(
            _("Only the first {n} channels are shown; readings of others are skipped.").format(
                n=MAX_CHANNELS
            )
        )
    return " ".join(parts)
