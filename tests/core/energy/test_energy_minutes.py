"""Down-sampling readings into the event database for the KPI report."""

from __future__ import annotations

import pytest

from mscd_desktop.core.demo import create_demo
from mscd_desktop.core.energy import SimulatorSource
from mscd_desktop.core.energy.demo import add_demo_energy
from mscd_desktop.core.energy.energy_minutes import (
    EnergyRecorder,
    MinuteAggregator,
    channel_totals,
    minute_rows,
    save_minutes,
)
from mscd_desktop.core.energy.numbers import load_tariff
from mscd_desktop.core.energy.sources import Reading
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.events import EventDraft, create_event

START = 1_764_072_000.0  # a whole minute


@pytest.fixture
def event(store):
    return create_event(
        store, EventDraft("Open House", "CITyFiED", "Laguna de Duero", "2026-06-10")
    )


def test_minutes_have_mean_peak_and_energy_from_the_counter():
    agg = MinuteAggregator()
    readings = [
        Reading(START + s, "k", 100.0 if s < 30 else 300.0, 10.0 + s / 10) for s in range(0, 120, 1)
    ]
    rows = agg.feed(readings)
    assert len(rows) == 1
    first = rows[0]
    assert (first.minute_ts, first.samples, first.max_w) == (START, 60, 300.0)
    assert first.mean_w == pytest.approx(200.0)
    assert first.energy_wh == pytest.approx(5.9)  # 10.0 -> 15.9 within the minute
    [second] = agg.flush()
    assert second.energy_wh == pytest.approx(6.0)  # from the end of the first minute


def test_recorder_writes_finished_minutes_and_totals_match_the_simulator(store, event):
    sim = SimulatorSource(["kettle", "fridge"], seed=4, start_time=START)
    sim.start()
    readings = sim.generate(3600)
    recorder = EnergyRecorder(store, event.id)
    for k in range(0, len(readings), 500):
        recorder.record(readings[k : k + 500])
    recorder.close()
    totals = {t.channel: t for t in channel_totals(store, event.id)}
    for channel in ("kettle", "fridge"):
        own = [r for r in readings if r.channel == channel]
        assert totals[channel].minutes == 60
        assert totals[channel].energy_wh == pytest.approx(own[-1].energy_wh, rel=0.01)
        assert totals[channel].max_w == max(r.power_w for r in own)
    assert len(minute_rows(store, event.id, "kettle")) == 60


def test_writing_the_same_minutes_twice_changes_nothing(store, event):
    rows = MinuteAggregator().feed([Reading(START + s, "k", 50.0) for s in range(0, 180, 10)])
    save_minutes(store, event.id, rows)
    save_minutes(store, event.id, rows)
    assert minute_rows(store, event.id) == rows


def test_minutes_of_an_unknown_event_are_refused_and_nothing_is_written(store, event):
    rows = MinuteAggregator().feed([Reading(START + s, "k", 50.0) for s in range(0, 180, 10)])
    with pytest.raises(NotFoundError, match="no-such-event"):
        save_minutes(store, "no-such-event", rows)
    assert minute_rows(store, "no-such-event") == []


def test_demo_event_gets_two_hours_of_energy_minutes_once(store):
    event = create_demo(store)
    totals = {t.channel: t for t in channel_totals(store, event.id)}
    assert set(totals) >= {"kettle", "fridge", "solar", "home_before", "home_after"}
    assert all(t.minutes == 120 for t in totals.values())
    assert totals["home_after"].energy_wh < totals["home_before"].energy_wh
    assert load_tariff(store).co2.code == "ES"
    before = minute_rows(store, event.id)
    add_demo_energy(store, event)
    assert minute_rows(store, event.id) == before
