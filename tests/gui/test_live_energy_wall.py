"""Presentation mode as the demo host meets it (issue 10, Part A 1): the button, F11 in a
real window, the channel the wall starts with, a language switch, the session CSV."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from mscd_desktop.core.energy.feed import TOTAL_CHANNEL
from mscd_desktop.core.energy.source_choice import SourceChoice
from mscd_desktop.core.energy.sources import ChannelInfo, ChannelStatus, EnergySource, Reading
from mscd_desktop.gui.energy.live_energy_screen import LiveEnergyScreen
from mscd_desktop.gui.shell.app import Session

T0 = 1_767_261_600.0  # 2026-01-01 10:00 UTC


class Meters(EnergySource):
    """Channels of given kinds; the test queues readings with :meth:`add`."""

    name = "meters"

    def __init__(self, **kinds: str) -> None:
        self.kinds = kinds
        self.queue: list[Reading] = []

    def add(self, channel: str, watts: list[float], start: float = T0) -> None:
        self.queue.extend(Reading(start + i, channel, w) for i, w in enumerate(watts))

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def channels(self):
        return [ChannelInfo(c, c.replace("_", " ").title(), k) for c, k in self.kinds.items()]

    def poll(self, now=None):
        out, self.queue = self.queue, []
        return out

    def channel_status(self, now=None):
        return {c: ChannelStatus(T0, False, True) for c in self.kinds}


@pytest.fixture
def screen(qtbot, context):
    widget = LiveEnergyScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    yield widget
    widget.shutdown()
    context.shutdown()


def _use(screen, source: Meters) -> Meters:
    assert screen.set_source(SourceChoice(), source=source)
    screen.context.feed_timer.stop()  # the test drives the frames
    return source


def test_the_presentation_button_fills_the_screen_with_a_tall_chart(screen, qtbot):
    source = _use(screen, Meters(kettle="kettle", fridge="fridge"))
    source.add("kettle", [2100.0] * 30)
    source.add("fridge", [85.0] * 30)
    screen.context.pump_feed()
    qtbot.mouseClick(screen.ui.presentButton, Qt.MouseButton.LeftButton)
    wall = screen.presentation
    assert wall is not None
    qtbot.waitExposed(wall)
    assert wall.isFullScreen()
    qtbot.waitUntil(lambda: wall.size() == wall.screen().size())  # not a 1729x577 window
    assert wall.chart.height() >= 0.35 * wall.height()  # the chart is not squashed
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert screen.presentation is None


def test_the_wall_starts_with_the_total_of_all_channels(screen):
    source = _use(screen, Meters(kettle="kettle", fridge="fridge", solar="solar"))
    source.add("kettle", [0.0] * 10)  # the kettle is usually off
    source.add("fridge", [85.0] * 10)
    source.add("solar", [1500.0] * 10)
    screen.context.pump_feed()
    assert screen.current_channel() == TOTAL_CHANNEL
    assert screen.ui.tileChannelCombo.currentText() == "Total of all channels"
    wall = screen.enter_presentation(full_screen=False)
    assert wall.ui.channelTitle.text() == "Total of all channels"
    assert wall.ui.powerValue.text() == "85 W"  # what the home draws; solar produces
    x, power = wall.chart.curves[TOTAL_CHANNEL].getOriginalDataset()
    assert len(x) == 10 and power[-1] == 85.0
    screen.leave_presentation()


def test_a_house_meter_is_the_first_channel_the_wall_shows(screen):
    _use(screen, Meters(kettle="kettle", house="home"))
    assert screen.current_channel() == "house"


def test_the_hosts_channel_survives_a_new_screen(screen, context, qtbot):
    source = _use(screen, Meters(kettle="kettle", fridge="fridge"))
    source.add("fridge", [85.0] * 5)
    context.pump_feed()
    combo = screen.ui.tileChannelCombo
    combo.setCurrentIndex(combo.findData("fridge"))
    again = LiveEnergyScreen(context)
    qtbot.addWidget(again)
    assert again.current_channel() == "fridge"
    again.shutdown()


def test_switching_language_keeps_the_chart_history_notes_and_channel(qtbot, demo_context):
    session = Session(demo_context)
    window = session.show("energy")
    qtbot.addWidget(window)
    screen = window.screens["energy"]
    source = _use(screen, Meters(kettle="kettle", washing_machine="washing_machine"))
    source.add("kettle", [0.0] * 20 + [2100.0] * 150 + [0.0] * 30)
    source.add("washing_machine", [15.0] * 200)
    demo_context.pump_feed()
    assert screen.add_note("Lid off now")
    combo = screen.ui.tileChannelCombo
    combo.setCurrentIndex(combo.findData("washing_machine"))
    drawn = len(screen.chart.curves["kettle"].getOriginalDataset()[0])
    assert drawn == 200

    session.change_language("es")
    new = session.window.screens["energy"]
    qtbot.addWidget(session.window)
    assert new is not screen
    demo_context.pump_feed()
    assert len(new.chart.curves["kettle"].getOriginalDataset()[0]) == drawn
    assert new.current_channel() == "washing_machine"
    texts = new.chart.annotation_texts()
    assert "Lid off now" in texts
    assert any(t.startswith("Kettle: 2.1 kW") for t in texts)  # the step, as it was noted
    assert new.ui.sourceLabel.text().startswith("Simulador")
    session.window.close()
    demo_context.shutdown()


def test_the_session_csv_has_local_iso_times(screen, tmp_path, qtbot):
    source = _use(screen, Meters(kettle="kettle"))
    source.add("kettle", [5.0] * 3)
    screen.context.pump_feed()
    done = []
    screen.export_csv(tmp_path / "session.csv", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    rows = list(csv.reader((tmp_path / "session.csv").open(encoding="utf-8")))
    assert rows[1][0] == datetime.fromtimestamp(T0).astimezone().isoformat(timespec="milliseconds")
    assert [datetime.fromisoformat(r[0]).timestamp() for r in rows[1:]] == [T0, T0 + 1, T0 + 2]


def test_a_real_meter_records_minutes_while_the_check_in_desk_shows(
    qtbot, demo_context, tmp_path, monkeypatch
):
    from mscd_desktop.core.energy.energy_minutes import minute_rows
    from mscd_desktop.core.energy.source_choice import CSV_REPLAY, save_choice
    from mscd_desktop.gui.common import options
    from mscd_desktop.gui.shell import app

    recording = tmp_path / "meter.csv"
    rows = [f"{T0 + s:.0f},house,{500 + s}" for s in range(240)]  # 4 minutes at 1 Hz
    recording.write_text("timestamp,channel,power_w\n" + "\n".join(rows) + "\n")
    save_choice(
        demo_context.store, SourceChoice(kind=CSV_REPLAY, csv_path=str(recording), speed=60)
    )
    options.put(options.START_LIVE_SOURCE, True)
    monkeypatch.setattr(app, "LIVE_SOURCE_DELAY_MS", 10)
    window = Session(demo_context).show("checkin")  # as the app starts
    qtbot.addWidget(window)
    event = demo_context.event.id
    qtbot.waitUntil(
        lambda: len(minute_rows(demo_context.store, event, "house")) >= 3, timeout=15000
    )
    assert "energy" not in window.screens and window.screens.get("checkin") is not None
    window.shutdown()
    demo_context.shutdown()
    minutes = minute_rows(demo_context.store, event, "house")
    assert [m.minute_ts for m in minutes] == [T0, T0 + 60, T0 + 120, T0 + 180]


# -- a real X11 window ------------------------------------------------------------------------


def _app_on_the_energy_screen(display, data_dir):
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(data_dir / "config"),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mscd_desktop",
            "--data-dir",
            str(data_dir),
            "--demo",
            "--language",
            "en",
            "--screen",
            "energy",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _full_screen_wall(xdo, timeout: float = 10.0) -> str:
    """The geometry of the visible wall window ("1366x768"), once it shows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = xdo("search", "--onlyvisible", "--name", "^Live energy$").split()
        if found:
            geometry = xdo("getwindowgeometry", found[-1])
            size = next(line.split()[-1] for line in geometry.splitlines() if "Geometry" in line)
            if size == "1366x768":
                return size
        time.sleep(0.1)
    return ""


@pytest.mark.xvfb
@pytest.mark.parametrize("keys", ["F11", "alt+r"], ids=["F11", "Presentation button"])
def test_f11_and_the_button_open_the_wall_full_screen_without_a_click_first(
    display, xdo, data_dir, keys
):
    app = _app_on_the_energy_screen(display, data_dir)
    try:
        window = xdo("search", "--sync", "--onlyvisible", "--name", "mscd-desktop").split()[0]
        # The window gets the keyboard (Qt gives the focus to the navigation list, not to
        # the screen), as after a click on its title bar; nothing inside is clicked.
        xdo("windowfocus", "--sync", window)
        time.sleep(1.0)  # the simulator's first readings
        xdo("key", "--clearmodifiers", keys)
        assert _full_screen_wall(xdo) == "1366x768", app.stderr.read() if app.poll() else ""
        xdo("key", "Escape")
        deadline = time.monotonic() + 5
        while xdo("search", "--onlyvisible", "--name", "^Live energy$").split():
            assert time.monotonic() < deadline, "Esc did not leave the wall"
            time.sleep(0.1)
        assert app.poll() is None, app.stderr.read()
    finally:
        app.terminate()
        app.wait(timeout=15)
    assert app.returncode == 0
