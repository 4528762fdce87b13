"""The app's one live feed, without Qt: start and replace sources, pump, minutes, readers."""

from __future__ import annotations

import threading

import pytest

from mscd_desktop.core.energy.energy_minutes import minute_rows
from mscd_desktop.core.energy.feed import TOTAL_CHANNEL, LiveFeed
from mscd_desktop.core.energy.session import STEP
from mscd_desktop.core.energy.simulator import SimulatorSource
from mscd_desktop.core.energy.source_choice import (
    CSV_REPLAY,
    MQTT,
    SourceChoice,
    load_choice,
)
from mscd_desktop.core.energy.sources import ChannelInfo, ChannelStatus, EnergySource, Reading
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import EventDraft, create_event

START = 1_764_072_000.0  # a whole minute
METER = SourceChoice(kind=CSV_REPLAY, csv_path="meter.csv")


class ScriptedMeter(EnergySource):
    """A real-looking source: each poll hands out the next batch of readings."""

    name = "scripted"

    def __init__(self, infos: list[ChannelInfo], batches: list[list[Reading]]) -> None:
        self.infos, self.batches = infos, list(batches)
        self.started = self.stopped = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def channels(self) -> list[ChannelInfo]:
        return list(self.infos)

    def poll(self, now=None) -> list[Reading]:
        return self.batches.pop(0) if self.batches else []

    def channel_status(self, now=None) -> dict[str, ChannelStatus]:
        return {i.id: ChannelStatus(None, False) for i in self.infos}


class BrokenSource(ScriptedMeter):
    def start(self) -> None:
        raise MscdError("The broker is not there.")


def _kettle_minutes(minutes: int) -> list[list[Reading]]:
    """A kettle off for a minute, at 2 kW for 3 minutes, then off; a batch a minute at 1 Hz."""
    batches = []
    for m in range(minutes):
        batch = []
        for s in range(60):
            t = START + 60 * m + s
            watts = 2000.0 if 60 <= t - START < 240 else 0.0
            batch.append(Reading(t, "kettle", watts, None))
        batches.append(batch)
    return batches


KETTLE = [ChannelInfo("kettle", "Kettle", "kettle")]


@pytest.fixture
def event(store):
    return create_event(store, EventDraft("Open House", "CITyFiED", "Lund", "2026-06-10"))


def test_pumped_readings_reach_the_session_and_the_board_read_by_another_thread():
    feed = LiveFeed()
    feed.start(METER, ScriptedMeter(KETTLE, [[Reading(START, "kettle", 2100.0, 5.0)]]))
    update = feed.pump(now=START)
    assert [r.power_w for r in update.readings] == [2100.0]
    assert feed.session.traces["kettle"].last_power_w == 2100.0
    seen = []
    reader = threading.Thread(
        target=lambda: seen.append(feed.board.read_watts("kettle", now=START + 1))
    )
    reader.start()
    reader.join()
    assert seen == [2100.0]
    assert feed.board.channel_of_kind("kettle") == "kettle"


def test_a_new_source_replaces_the_old_one_and_starts_afresh():
    feed = LiveFeed()
    old = ScriptedMeter(KETTLE, [[Reading(START, "kettle", 2100.0)]])
    feed.start(METER, old)
    feed.pump(now=START)
    generation = feed.generation
    fridge = [ChannelInfo("fridge", "Fridge", "fridge")]
    new = ScriptedMeter(fridge, [[Reading(START + 5, "fridge", 85.0)]])
    feed.start(METER, new)
    assert old.stopped and new.started and feed.source is new
    assert feed.generation == generation + 1
    assert feed.board.latest("kettle") is None  # the old source's values are gone
    feed.pump(now=START + 5)
    assert list(feed.session.traces) == ["fridge"]


def test_a_source_that_cannot_start_leaves_the_running_one_in_place():
    feed = LiveFeed()
    running = ScriptedMeter(KETTLE, [])
    feed.start(METER, running)
    with pytest.raises(MscdError, match="not there"):
        feed.start(METER, BrokenSource(KETTLE, []))
    assert feed.source is running and feed.running and not running.stopped


def test_minutes_are_recorded_into_the_event_whoever_shows_what(store, event):
    feed = LiveFeed(store)
    feed.record_into(event.id)
    feed.start(METER, ScriptedMeter(KETTLE, _kettle_minutes(5)))
    for _k in range(5):
        feed.pump()
    feed.stop()  # the minute still open is written too
    rows = minute_rows(store, event.id, "kettle")
    assert [r.minute_ts for r in rows] == [START + 60 * m for m in range(5)]
    assert [r.mean_w for r in rows] == [0.0, 2000.0, 2000.0, 2000.0, 0.0]


def test_minutes_follow_the_event_that_is_open(store, event):
    other = create_event(store, EventDraft("Second day", "CITyFiED", "Lund", "2026-06-11"))
    feed = LiveFeed(store)
    feed.record_into(event.id)
    feed.start(METER, ScriptedMeter(KETTLE, _kettle_minutes(4)))
    feed.pump()
    feed.pump()
    feed.record_into(other.id)
    feed.pump()
    feed.pump()
    feed.stop()
    assert len(minute_rows(store, event.id)) == 2
    assert len(minute_rows(store, other.id)) == 2


def test_simulated_readings_are_never_recorded_into_an_event(store, event):
    feed = LiveFeed(store)
    feed.record_into(event.id)
    feed.start(SourceChoice(), SimulatorSource(["kettle"], start_time=START, speed=60.0))
    assert not feed.recording
    feed.pump(now=None)
    feed.stop()
    assert minute_rows(store, event.id) == []


def test_steps_are_seen_and_the_finished_ones_become_notes_on_the_chart():
    feed = LiveFeed()
    feed.start(METER, ScriptedMeter(KETTLE, _kettle_minutes(5)))
    updates = [feed.pump() for _k in range(5)]
    steps = [s for u in updates for s in u.steps]
    assert [s.event.kind for s in steps] == ["on", "off"]
    assert steps[0].text == "Kettle on: 2.0 kW"
    [note] = [n for u in updates for n in u.notes]
    assert note.kind == STEP and note.channel == "kettle" and note.text.startswith("Kettle: 2.0 kW")
    assert list(feed.session.annotations) == [note]


def test_the_total_adds_up_consuming_channels_and_leaves_solar_out():
    infos = [
        ChannelInfo("kettle", "Kettle", "kettle"),
        ChannelInfo("fridge", "Fridge", "fridge"),
        ChannelInfo("solar", "Solar panels", "solar"),
    ]
    batch = [
        Reading(START, "kettle", 2000.0, 10.0),
        Reading(START, "fridge", 85.0, 1.0),
        Reading(START, "solar", 3000.0, 50.0),
    ]
    later = [Reading(START + 1, "kettle", 2100.0, 10.6), Reading(START + 1, "fridge", 85.0, 1.1)]
    feed = LiveFeed()
    feed.start(METER, ScriptedMeter(infos, [batch, later]))
    feed.pump()
    feed.pump()
    _x, power = feed.session.series(TOTAL_CHANNEL)
    assert list(power) == [2085.0, 2185.0]
    watts, energy = feed.power_and_energy(TOTAL_CHANNEL)
    assert (watts, energy) == (2185.0, pytest.approx(0.7))  # the channels' counters
    assert feed.channels()[-1] == ChannelInfo(TOTAL_CHANNEL, "Total of all channels", "total")
    assert feed.board.latest(TOTAL_CHANNEL) is None  # the kiosk reads real channels only
    assert sorted(feed.snapshot().data) == ["fridge", "kettle", "solar"]  # exports too


def test_a_burst_of_readings_gives_the_total_its_whole_history():
    infos = [ChannelInfo("kettle", "Kettle", "kettle"), ChannelInfo("fridge", "Fridge", "fridge")]
    burst = []
    for s in range(10):
        burst += [Reading(START + s, "kettle", 100.0 * s), Reading(START + s, "fridge", 85.0)]
    feed = LiveFeed()
    feed.start(METER, ScriptedMeter(infos, [burst[:8], burst[8:]]))
    feed.pump()
    feed.pump()
    x, power = feed.session.series(TOTAL_CHANNEL)
    assert list(x) == [START + s for s in range(10)]
    assert list(power) == [100.0 * s + 85.0 for s in range(10)]


def test_the_wall_starts_with_the_house_meter_else_the_total_else_the_only_channel():
    feed = LiveFeed()
    feed.start(METER, ScriptedMeter(KETTLE, []))
    assert feed.default_channel() == "kettle"
    appliances = [ChannelInfo("kettle", "Kettle", "kettle"), ChannelInfo("tv", "TV", "meter")]
    feed.start(METER, ScriptedMeter(appliances, []))
    assert feed.default_channel() == TOTAL_CHANNEL
    house = [*appliances, ChannelInfo("house", "House", "home")]
    feed.start(METER, ScriptedMeter(house, []))
    assert feed.default_channel() == "house"
    feed.chosen_channel = "tv"
    assert feed.channel_to_show() == "tv"
    feed.chosen_channel = "gone"
    assert feed.channel_to_show() == "house"


def test_a_failing_source_is_said_not_raised():
    class Failing(ScriptedMeter):
        def poll(self, now=None):
            raise OSError("cable pulled")

    feed = LiveFeed()
    feed.start(METER, Failing(KETTLE, []))
    update = feed.pump()
    assert update.readings == [] and "cable pulled" in update.error


def test_the_hosts_choice_is_remembered_and_started_next_time(store):
    feed = LiveFeed(store)
    assert feed.ensure_started() and isinstance(feed.source, SimulatorSource)
    feed.stop()
    choice = SourceChoice(kind=MQTT, mqtt_host="127.0.0.1", mqtt_port=1, mqtt_topic="plug")
    feed.start(choice)
    assert load_choice(store) == choice
    feed.stop()
    again = LiveFeed(store)
    assert again.ensure_started() and again.choice == choice
    again.stop()


def test_a_host_note_lands_at_the_newest_reading():
    feed = LiveFeed()
    feed.start(METER, ScriptedMeter(KETTLE, [[Reading(START + 7, "kettle", 5.0)]]))
    assert feed.annotate("   ") is None
    feed.pump()
    note = feed.annotate("Lid off now")
    assert (note.ts, note.text) == (START + 7, "Lid off now")
