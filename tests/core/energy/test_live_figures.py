"""Tile texts and stale markers of the live screen, without Qt."""

from __future__ import annotations

from datetime import datetime

from mscd_desktop.core.energy.figures import (
    channel_figures,
    flood_text,
    format_power,
    stale_text,
)
from mscd_desktop.core.energy.numbers import Tariff
from mscd_desktop.core.energy.session import LiveSession
from mscd_desktop.core.energy.sources import ChannelStatus, Reading
from mscd_desktop.i18n import set_language


class _Once:
    name = "once"

    def __init__(self, readings):
        self.readings = readings

    def poll(self, now=None):
        out, self.readings = self.readings, []
        return out


def test_power_switches_to_kilowatts_at_one_thousand():
    assert format_power(999.4) == "999 W"
    assert format_power(2345.0) == "2.35 kW"


def test_figures_follow_the_tariff_and_the_meter():
    session = LiveSession(
        _Once([Reading(0.0, "k", 2000.0, 100.0), Reading(1.0, "k", 2000.0, 600.0)])
    )
    session.poll()
    tariff = Tariff.for_country("ES", price_eur_per_kwh=0.20)
    figures = channel_figures(session.traces["k"], tariff)
    assert figures == {
        "power": "2.00 kW",
        "energy": "0.500 kWh",
        "cost": "EUR 0.40/h",
        "year": "EUR 3,504/year",
        "co2": f"{2 * tariff.co2.g_per_kwh:.0f} g CO2/h",
    }


def test_a_channel_without_readings_shows_dashes():
    assert set(channel_figures(None, Tariff()).values()) == {"–"}


def test_stale_text_names_the_channel_and_the_local_time():
    ts = 1_767_261_600.0
    assert stale_text("Kettle", ChannelStatus(ts, False, True)) is None
    since = datetime.fromtimestamp(ts).strftime("%H:%M")
    assert stale_text("Kettle", ChannelStatus(ts, True)) == f"Kettle: no data since {since}"
    assert stale_text("Kettle", ChannelStatus(ts, False, False)) == f"Kettle: no data since {since}"
    assert stale_text("Fridge", ChannelStatus(None, True)) == "Fridge: no data yet"


def test_stale_text_is_translated():
    set_language("es")
    assert stale_text("Hervidor", ChannelStatus(None, True)) == "Hervidor: todavía sin datos"


def test_flood_text_names_flooding_channels_and_the_channel_limit():
    readings = [Reading(5.0 + i / 1000, "k", 1.0) for i in range(200)]
    session = LiveSession(_Once(readings), expected_hz={"k": 2.0})
    session.poll()
    assert flood_text(session, {"k": "Kettle"}).startswith("Readings of Kettle arrive")
    session.refused_channels = 3
    assert "Only the first 16 channels" in flood_text(session, {})
    quiet = LiveSession(_Once([Reading(1.0, "k", 1.0)]))
    quiet.poll()
    assert flood_text(quiet, {}) == ""
