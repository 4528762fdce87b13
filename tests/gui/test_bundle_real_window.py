"""The built app in a real X11 window (Xvfb): a first run shows the guided start.

Starts the bundle's own executable (``MSCD_BUNDLE_DIR``, built by ``python3 dev.py test``)
with an empty data folder, types the five answers with the keyboard as a person would,
and finds the event it made. The screenshot is the README's picture of the guided start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.xvfb

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
shot = app.primaryScreen().grabWindow(0)
sys.exit(0 if shot.save(sys.argv[1]) else 1)
"""


def grab_screen(display: str, path: Path) -> Path:
    """Save what the X display shows now (Qt in a process of its own on that display)."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run([sys.executable, "-c", GRAB, str(path)], env=env, check=True, timeout=60)
    return path


def test_a_first_run_of_the_bundle_shows_the_guided_start(
    bundle_dir, display, xdo, keyboard, tmp_path, screenshot_dir
):
    data = tmp_path / "home" / ".local" / "share" / "mscd-desktop"  # the usual place
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LANGUAGE": "en",
    }
    started = time.monotonic()
    app = subprocess.Popen(
        [str(bundle_dir / "mscd-desktop"), "--data-dir", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = xdo("search", "--sync", "--onlyvisible", "--name", "mscd-desktop").split()[0]
        print(f"window shown {time.monotonic() - started:.2f} s after the start")
        time.sleep(1.0)
        xdo("windowsize", window, "1366", "768")
        time.sleep(0.5)
        grab_screen(display, screenshot_dir / "guided-start.png")
        xdo("mousemove", "--window", window, "1300", "700", "click", "1")
        keyboard(
            ["alt+n"],
            "Open House Linero",
            ["alt+p"],
            "CITy",
            ["alt+c"],
            "Lund",
            ["alt+i"],
            "2580",
            ["alt+r"],  # "Create event": only the guided start has it
        )
        listed: list[dict] = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not listed:
            out = subprocess.run(
                [str(bundle_dir / "mscd"), "--data-dir", str(data), "event", "list", "--json"],
                capture_output=True,
                text=True,
                env=env,
            )
            listed = json.loads(out.stdout or "[]")
            time.sleep(0.3)
        assert [(e["name"], e["city"], e["project"], e["has_pin"]) for e in listed] == [
            ("Open House Linero", "Lund", "CITyFiED", True)
        ], app.stderr
        assert app.poll() is None
    finally:
        app.terminate()
        app.wait(timeout=15)
    assert app.returncode == 0, app.stderr.read()
