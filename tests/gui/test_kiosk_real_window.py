"""The locked kiosk in a real X11 window (Xvfb), attacked with xdotool as a child would.

Needs the Debian packages xvfb and xdotool; skipped where they are missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from mscd_desktop.core.demo import DEMO_PIN, create_demo
from mscd_desktop.core.quiz import kiosk
from mscd_desktop.core.store import Store

pytestmark = pytest.mark.xvfb


def visible(xdo, name: str) -> list[str]:
    return xdo("search", "--onlyvisible", "--name", name).split()


def test_a_locked_kiosk_survives_escape_alt_f4_and_right_clicks_until_the_pin(
    display, xdo, data_dir
):
    with Store.open(data_dir) as store:
        create_demo(store)
        kiosk.set_locked(store, True)  # locked when the app last ran
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(data_dir / "config"),
    }
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mscd_desktop",
            "--data-dir",
            str(data_dir),
            "--language",
            "en",
            "--screen",
            "kiosk",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = xdo("search", "--sync", "--onlyvisible", "--name", "Energy quiz").split()[0]
        time.sleep(0.5)
        xdo("mousemove", "--window", window, "600", "400", "click", "3")
        for keys in ("Escape", "alt+F4", "ctrl+q", "ctrl+w", "F11"):
            xdo("key", "--window", window, keys)
            time.sleep(0.2)
        assert app.poll() is None
        assert visible(xdo, "Energy quiz") and not visible(xdo, "mscd-desktop")
        geometry = xdo("getwindowgeometry", window)
        assert "1366x768" in geometry
        # The organiser: a long press on the top-right corner, then the PIN.
        xdo("mousemove", "1360", "6", "mousedown", "1")
        time.sleep(3.0)
        xdo("mouseup", "1")
        time.sleep(0.3)
        xdo("type", "--delay", "50", "9999")
        xdo("key", "Return")
        time.sleep(0.5)
        assert visible(xdo, "Energy quiz")  # a wrong PIN does nothing
        xdo("mousemove", "1360", "6", "mousedown", "1")
        time.sleep(3.0)
        xdo("mouseup", "1")
        time.sleep(0.3)
        xdo("type", "--delay", "50", DEMO_PIN)
        xdo("key", "Return")
        deadline = time.monotonic() + 10
        while visible(xdo, "Energy quiz") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not visible(xdo, "Energy quiz")
        assert visible(xdo, "mscd-desktop")  # the main window is back
        with Store.open(data_dir) as store:
            assert not kiosk.is_locked(store)
        assert app.poll() is None, app.stderr.read()
    finally:
        app.terminate()
        app.wait(timeout=15)
    assert app.returncode == 0


def test_a_locked_kiosk_still_quits_when_the_laptop_shuts_down(display, xdo, data_dir):
    with Store.open(data_dir) as store:
        create_demo(store)
        kiosk.set_locked(store, True)
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(data_dir / "config"),
    }
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mscd_desktop",
            "--data-dir",
            str(data_dir),
            "--language",
            "en",
            "--screen",
            "kiosk",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        xdo("search", "--sync", "--onlyvisible", "--name", "Energy quiz")
        app.terminate()  # SIGTERM, as at system shutdown
        assert app.wait(timeout=15) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=15)
    with Store.open(data_dir) as store:
        assert kiosk.is_locked(store)  # and it comes back locked
