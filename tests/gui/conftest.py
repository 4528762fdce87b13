"""GUI test fixtures: private settings, the app's stylesheet, a context on a fresh store."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from mscd_desktop.core import local_secret
from mscd_desktop.core.demo import create_demo
from mscd_desktop.gui.common import options
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.pin_prompt import PinPrompt
from mscd_desktop.gui.common.translator import apply_language
from mscd_desktop.gui.common.workers import wait_for_all
from mscd_desktop.gui.shell.app import create_application

README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot_folder(tmp_factory) -> Path:
    """docs/screenshots with MSCD_UPDATE_SCREENSHOTS=1 (``python3 dev.py screenshots``),
    else a temporary folder, so a test run leaves the README pictures as they are."""
    if os.environ.get("MSCD_UPDATE_SCREENSHOTS") == "1":
        return README_SCREENSHOTS
    return tmp_factory.getbasetemp() / "screenshots"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, qapp):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    create_application()
    apply_language("en")
    options.put(options.START_LIVE_SOURCE, False)  # tests start sources themselves
    yield
    wait_for_all()
    apply_language("en")


@pytest.fixture
def context(store, data_dir):
    """An AppContext on an empty store."""
    return AppContext(store, data_dir)


@pytest.fixture
def demo_context(store, data_dir):
    """An AppContext with the demo event open (organiser PIN 1234)."""
    create_demo(store)
    local_secret.take_notice()  # said once, by the test of that notice
    return AppContext(store, data_dir)


@pytest.fixture
def pin_prompt(qtbot):
    """``pin_prompt.answer(*pins)`` answers the next PIN prompt: types each PIN in turn and
    presses OK (a disabled OK does nothing), then Cancel if the prompt is still open.
    ``pin_prompt.seen`` holds, per prompt: its title, its text, and after each PIN the
    message shown and whether OK could be pressed."""

    class Answers:
        def __init__(self) -> None:
            self.seen: list[dict] = []

        def answer(self, *pins: str) -> None:
            tries = [0]

            def act() -> None:
                dialog = QApplication.activeModalWidget()
                if not isinstance(dialog, PinPrompt):
                    tries[0] += 1
                    assert tries[0] < 200, "no PIN prompt appeared"
                    QTimer.singleShot(10, act)
                    return
                record = {"title": dialog.windowTitle(), "text": dialog.ui.actionLabel.text()}
                record["before"] = (dialog.ui.messageLabel.text(), dialog.ok_button.isEnabled())
                record["after"] = []
                for pin in pins:
                    if not dialog.isVisible():
                        break
                    dialog.ui.pinEdit.clear()
                    qtbot.keyClicks(dialog.ui.pinEdit, pin)
                    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
                    record["after"].append(
                        (dialog.ui.messageLabel.text(), dialog.ok_button.isEnabled())
                    )
                record["accepted"] = not dialog.isVisible()
                self.seen.append(record)
                if dialog.isVisible():
                    dialog.reject()

            QTimer.singleShot(0, act)

    return Answers()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """Where screenshots go (see :func:`screenshot_folder`)."""
    folder = screenshot_folder(tmp_path_factory)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(screenshot_dir):
    """``screenshot(widget, name)`` saves <name>.png; README pictures with
    MSCD_UPDATE_SCREENSHOTS=1."""

    def save(widget, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        assert widget.grab().save(str(path))
        return path

    return save


def pytest_collection_modifyitems(config, items):
    """Tests marked ``xvfb`` (a real X11 window) are skipped where Xvfb or xdotool is
    missing; CI installs both from packaging/debian-packages.txt."""
    if shutil.which("Xvfb") and shutil.which("xdotool"):
        return
    skip = pytest.mark.skip(reason="needs Xvfb and xdotool (Debian packages)")
    for item in items:
        if "xvfb" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def display():
    """A private Xvfb screen (1366x768) for tests of the app in a real X11 window."""
    number = next(
        n
        for n in range(90, 200)
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock")
    )
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{number}"):
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def xdo(display):
    """``xdo(*args)`` runs xdotool on the test's display and returns what it printed."""

    def run(*args: str) -> str:
        result = subprocess.run(
            ["xdotool", *args],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
            timeout=30,
        )
        return result.stdout

    return run


@pytest.fixture
def keyboard(xdo):
    """``keyboard(*steps)`` types into the focused window as a person would: a list step
    presses keys (``["alt+n"]``), a text step types the text."""

    def run(*steps: str | list[str]) -> None:
        for step in steps:
            if isinstance(step, str):
                xdo("type", "--delay", "20", step)
            else:
                xdo("key", *step)
            time.sleep(0.15)

    return run
