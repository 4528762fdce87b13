"""The locked kiosk in a real X11 window (Xvfb), attacked with xdotool as a child would.

Needs the Debian packages xvfb and xdotool; skipped where they are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from mscd_desktop.core.demo import DEMO_PIN, create_demo
from mscd_desktop.core.quiz import kiosk
from mscd_desktop.core.store import Store

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool")


@pytest.fixture
def display():
    for number in range(120, 160):
        if not os.path.exists(f"/tmp/.X11-unix/X{number}") and not os.path.exists(
                f"/tmp/.X{number}-lock"):
            break
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten",
                               "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{number}"):
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def xdo(display: str, *args: str) -> str:
    result = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display},
                            capture_output=True, text=True, timeout=30)
    return result.stdout


def visible(display: str, name: str) -> list[str]:
    return xdo(display, "search", "--onlyvisible", "--name", name).split()


def test_a_locked_kiosk_survives_escape_alt_f4_and_right_clicks_until_the_pin(
        display, data_dir):
    with Store.open(data_dir) as store:
        create_demo(store)
        kiosk.set_locked(store, True)  # locked when the app last ran
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "XDG_CONFIG_HOME": str(data_dir / "config")}
    app = subprocess.Popen([sys.executable, "-m", "mscd_desktop", "--data-dir", str(data_dir),
                            "--language", "en", "--screen", "kiosk"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        window = xdo(display, "search", "--sync", "--onlyvisible", "--name",
                     "Energy quiz").split()[0]
        time.sleep(0.5)
        xdo(display, "mousemove", "--window", window, "600", "400", "click", "3")
        for keys in ("Escape", "alt+F4", "ctrl+q", "ctrl+w", "F11"):
            xdo(display, "key", "--window", window, keys)
            time.sleep(0.2)
        assert app.poll() is None
        assert visible(display, "Energy quiz") and not visible(display, "mscd-desktop")
        geometry = xdo(display, "getwindowgeometry", window)
        assert "1366x768" in geometry
        # The organiser: a long press on the top-right corner, then the PIN.
        xdo(display, "mousemove", "1360", "6", "mousedown", "1")
        time.sleep(3.0)
        xdo(display, "mouseup", "1")
        time.sleep(0.3)
        xdo(display, "type", "--delay", "50", "9999")
        xdo(display, "key", "Return")
        time.sleep(0.5)
        assert visible(display, "Energy quiz")  # a wrong PIN does nothing
        xdo(display, "mousemove", "1360", "6", "mousedown", "1")
        time.sleep(3.0)
        xdo(display, "mouseup", "1")
        time.sleep(0.3)
        xdo(display, "type", "--delay", "50", DEMO_PIN)
        xdo(display, "key", "Return")
        deadline = time.monotonic() + 10
        while visible(display, "Energy quiz") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not visible(display, "Energy quiz")
        assert visible(display, "mscd-desktop")  # the main window is back
        with Store.open(data_dir) as store:
            assert not kiosk.is_locked(store)
        assert app.poll() is None, app.stderr.read()
    finally:
        app.terminate()
        app.wait(timeout=15)
    assert app.returncode == 0


def test_a_locked_kiosk_still_quits_when_the_laptop_shuts_down(display, data_dir):
    with Store.open(data_dir) as store:
        create_demo(store)
        kiosk.set_locked(store, True)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "XDG_CONFIG_HOME": str(data_dir / "config")}
    app = subprocess.Popen([sys.executable, "-m", "mscd_desktop", "--data-dir", str(data_dir),
                            "--language", "en", "--screen", "kiosk"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        xdo(display, "search", "--sync", "--onlyvisible", "--name", "Energy quiz")
        app.terminate()  # SIGTERM, as at system shutdown
        assert app.wait(timeout=15) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=15)
    with Store.open(data_dir) as store:
        assert kiosk.is_locked(store)  # and it comes back locked
