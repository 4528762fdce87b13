"""A live session buffers a source's readings with fixed memory and exports them."""

from __future__ import annotations

import csv
import math
import time
from datetime import datetime

import pytest

from mscd_desktop.core.energy.csv_replay import load_recording
from mscd_desktop.core.energy.live import LiveBoard
from mscd_desktop.core.energy.session import STEP, LiveSession, LocalTimes
from mscd_desktop.core.energy.simulator import SimulatorSource
from mscd_desktop.core.energy.sources import ChannelStatus, EnergySource, Reading


class ListSource(EnergySource):
    """Hands out prepared readings, one batch per poll."""

    name = "list"

    def __init__(self, *batches: list[Reading]) -> None:
        self.batches = list(batches)
        self.started = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False

    def channels(self):
        return []

    def poll(self, now=None):
        return self.batches.pop(0) if self.batches else []

    def channel_status(self, now=None):
        return {"a": ChannelStatus(None, True)}


def test_simulated_readings_land_in_one_buffer_per_channel():
    source = SimulatorSource(["kettle", "fridge"], start_time=1_700_000_000.0)
    session = LiveSession(source, capacity=1000)
    session.start(now=0.0)
    session.ingest(source.generate(300))
    assert set(session.traces) == {"kettle", "fridge"}
    x, power = session.series("kettle")
    assert len(x) == 300 and x[0] == 1_700_000_000.0
    assert power.max() > 1500  # the kettle boiled at least once in five minutes


def test_energy_since_start_follows_the_meter_counter():
    source = ListSource(
        [Reading(100.0, "a", 1000.0, 50.0), Reading(101.0, "a", 1000.0, 50.5)],
        [Reading(102.0, "a", 1000.0, 52.0)],
    )
    session = LiveSession(source)
    session.poll()
    session.poll()
    assert session.traces["a"].energy_since_start_wh == 2.0


def test_energy_is_integrated_when_the_meter_sends_no_counter():
    readings = [Reading(float(t), "a", 3600.0) for t in range(11)]
    session = LiveSession(ListSource(readings))
    session.poll()
    assert math.isclose(session.traces["a"].energy_since_start_wh, 10.0)


def test_a_long_gap_is_not_integrated_as_if_the_load_stayed_on():
    readings = [Reading(0.0, "a", 3600.0), Reading(3600.0, "a", 3600.0)]
    session = LiveSession(ListSource(readings))
    session.poll()
    assert session.traces["a"].energy_since_start_wh == 0.0


def test_nan_power_is_refused_not_drawn():
    readings = [
        Reading(1.0, "a", float("nan")),
        Reading(2.0, "a", float("inf")),
        Reading(3.0, "a", 7.0, float("inf")),
        Reading(4.0, "a", -5.0),  # a meter that exports (the source decides)
    ]
    session = LiveSession(ListSource(readings))
    stored = session.poll()
    assert [r.ts for r in stored] == [3.0, 4.0]
    assert session.refused_bad == 2
    assert session.series("a")[1].tolist() == [7.0, -5.0]
    assert session.traces["a"].buffer.view()[1][1][0] != session.traces["a"].buffer.view()[1][1][0]


def test_a_flooding_channel_is_reported_and_cannot_push_history_out():
    burst = [Reading(50.0 + i / 10_000, "a", 1.0) for i in range(5000)]
    session = LiveSession(ListSource(burst), expected_hz={"a": 2.0}, capacity=100)
    session.poll()
    assert session.flooding() == ["a"]
    assert len(session.series("a")[0]) == 6


def test_polled_readings_reach_the_live_board():
    board = LiveBoard()
    session = LiveSession(ListSource([Reading(10.0, "a", 42.0)]), sinks=[board.update])
    session.poll()
    assert board.latest("a").power_w == 42.0


def test_memory_does_not_grow_after_the_buffers_are_full():
    source = SimulatorSource(["fridge"], start_time=0.0)
    session = LiveSession(source, capacity=500)
    session.ingest(source.generate(600))
    before = session.traces["fridge"].buffer.nbytes
    session.ingest(source.generate(3000))
    assert session.traces["fridge"].buffer.nbytes == before
    assert len(session.series("fridge")[0]) == 500


def test_csv_export_has_every_reading_and_the_annotations_at_local_iso_times(tmp_path):
    t0 = 1_764_072_000.0
    session = LiveSession(
        ListSource([Reading(t0 + 1, "a", 5.0, 1.0), Reading(t0 + 2.25, "b", 6.0)])
    )
    session.poll()
    session.annotate(t0 + 1.5, "=cmd()", channel="a")
    session.annotate(t0 + 1.8, "Kettle on", kind=STEP)
    path = tmp_path / "session.csv"
    assert session.snapshot().write_csv(path) == 2
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == ["timestamp", "channel", "power_w", "energy_wh", "annotation"]
    local = datetime.fromtimestamp(t0 + 1).astimezone()
    assert rows[1] == [local.isoformat(timespec="milliseconds"), "a", "5.000", "1.0000", ""]
    assert rows[2][1:] == ["b", "6.000", "", ""] and rows[2][0].endswith(".250" + rows[1][0][-6:])
    assert datetime.fromisoformat(rows[2][0]).timestamp() == t0 + 2.25
    assert rows[3][4] == "'=cmd()" and rows[4][4] == "Kettle on"
    assert datetime.fromisoformat(rows[4][0]).timestamp() == pytest.approx(t0 + 1.8)


def test_an_exported_session_replays_with_its_times(tmp_path):
    source = SimulatorSource(["kettle"], start_time=1_764_072_000.0)
    session = LiveSession(source)
    session.ingest(source.generate(120))
    path = tmp_path / "session.csv"
    session.snapshot().write_csv(path)
    recording = load_recording(path)
    assert recording.problems == [] and len(recording) == 120
    assert recording.ts[0] == 1_764_072_000.0


def test_local_times_follow_a_daylight_saving_change(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    try:
        times = LocalTimes()
        spring = 1_774_746_000.0  # 2026-03-29 01:00 UTC: clocks go from 02:00 to 03:00
        assert times.iso(spring - 1) == "2026-03-29T01:59:59.000+01:00"
        assert times.iso(spring) == "2026-03-29T03:00:00.000+02:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_cancelled_csv_export_leaves_no_file_and_keeps_the_old_one(tmp_path):
    session = LiveSession(ListSource([Reading(1.0, "a", 5.0)]))
    session.poll()
    path = tmp_path / "session.csv"
    assert session.snapshot().write_csv(path, is_cancelled=lambda: True) == 0
    assert list(tmp_path.iterdir()) == []
    path.write_text("yesterday's export")
    assert session.snapshot().write_csv(path, is_cancelled=lambda: True) == 0
    assert path.read_text() == "yesterday's export"
    assert list(tmp_path.iterdir()) == [path]


def test_a_snapshot_can_leave_channels_out():
    session = LiveSession(ListSource([Reading(1.0, "a", 5.0), Reading(1.0, "b", 6.0)]))
    session.poll()
    assert list(session.snapshot(leave_out=["b"]).data) == ["a"]


def test_readings_of_too_many_channels_are_dropped_not_buffered():
    from mscd_desktop.core.energy.session import MAX_CHANNELS

    readings = [Reading(1.0, f"ch{i}", 10.0) for i in range(MAX_CHANNELS + 5)]
    session = LiveSession(ListSource(readings), capacity=10)
    assert len(session.poll()) == MAX_CHANNELS
    assert len(session.traces) == MAX_CHANNELS
    assert session.refused_channels == 5
