"""The main window: navigation, status bar, geometry, language switch, backups."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QRect

from mscd_desktop.core import backups
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.shell.app import Session
from mscd_desktop.gui.shell.main_window import MainWindow
from mscd_desktop.gui.shell.screens import SCREENS

SCREEN_PACKAGES = ("checkin", "energy", "event", "kiosk", "quiz_setup", "reports", "sync")


def test_main_window_opens_on_the_demo_event(qtbot, demo_context, screenshot):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    nav = window.ui.navigation
    assert [nav.item(i).text() for i in range(nav.count())] == [s.title for s in SCREENS]
    texts = [w.text() for w in window.statusBar().findChildren(type(window._event_label))]
    assert any("Open House Torrelago" in t for t in texts)
    assert str(demo_context.data_dir) in window._data_label.toolTip()
    assert any(t.startswith("Data: ") for t in texts)
    qtbot.waitUntil(lambda: "Last backup" in window._backup_label.text(), timeout=10000)
    assert backups.list_backups(demo_context.store.backup_dir)
    screen = window.show_screen("event")
    assert screen.ui.nameEdit.text().startswith("Open House Torrelago")
    screenshot(window, "main_window_event")


def test_screens_that_need_an_event_are_disabled_without_one(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    for row, spec in enumerate(SCREENS):
        item = window.ui.navigation.item(row)
        assert bool(item.flags() & item.flags().ItemIsEnabled) == (not spec.needs_event)
    assert "No event open" in window._event_label.text()


def test_window_geometry_is_remembered(qtbot, context):
    first = MainWindow(context)
    qtbot.addWidget(first)
    fresh_size = first.size()
    first.setGeometry(QRect(10, 20, 1200, 700))
    first.show()
    qtbot.waitExposed(first)
    chosen = first.size()
    assert chosen != fresh_size
    first.close()
    second = MainWindow(context)
    qtbot.addWidget(second)
    assert second.size() == chosen


def test_switching_language_keeps_the_event_open(qtbot, demo_context):
    session = Session(demo_context)
    window = session.show("event")
    qtbot.addWidget(window)
    event_id = demo_context.event.id
    session.change_language("es")
    qtbot.addWidget(session.window)
    assert session.window is not window
    assert demo_context.event.id == event_id
    assert session.window.ui.navigation.item(0).text() == "Evento"
    assert "Evento" in session.window._event_label.text()
    session.window.close()


def test_the_live_source_starts_when_the_kiosk_shows(qtbot, demo_context, monkeypatch):
    from mscd_desktop.gui.common import options
    from mscd_desktop.gui.shell import main_window

    options.put(options.START_LIVE_SOURCE, True)
    monkeypatch.setattr(main_window, "LIVE_SOURCE_DELAY_MS", 10)
    board = demo_context.feed.board
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show_screen("checkin")
    qtbot.wait(100)
    assert not demo_context.feed.running  # a check-in desk never pays for the simulator
    window.show_screen("kiosk")
    qtbot.waitUntil(lambda: demo_context.feed.running, timeout=5000)
    assert "energy" not in window.screens  # no hidden screen is built to run it
    kettle = board.channel_of_kind("kettle")
    assert kettle is not None
    qtbot.waitUntil(lambda: board.read_watts(kettle) is not None, timeout=5000)
    assert window.screens["kiosk"].live_meter is board
    assert window.ui.stack.currentWidget() is window.screens["kiosk"]  # nothing jumped
    window.shutdown()
    demo_context.shutdown()
    assert board.read_watts(kettle) is None


def test_each_screen_is_imported_when_first_shown_not_at_start_up():
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, mscd_desktop.gui.shell.app; print(' '.join(sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = probe.stdout.split()
    assert "mscd_desktop.gui.shell.main_window" in loaded
    early = [m for m in loaded for p in SCREEN_PACKAGES if m.startswith(f"mscd_desktop.gui.{p}.")]
    assert early == []
    assert "pyqtgraph" not in loaded


def test_every_listed_screen_is_a_screen_of_its_own_package():
    for spec in SCREENS:
        screen_class = spec.load_class()
        assert issubclass(screen_class, Screen), spec.key
        package = screen_class.__module__.split(".")[2]
        assert package in SCREEN_PACKAGES, spec.key
    assert len({spec.load_class().__module__.split(".")[2] for spec in SCREENS}) == len(SCREENS)
