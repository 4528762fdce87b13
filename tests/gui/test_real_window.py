"""The app in a real X11 window (Xvfb), driven with xdotool as a person would.

Needs the Debian packages xvfb and xdotool (packaging/debian-packages.txt); skipped where
they are missing. This is the path `python3 dev.py demo` takes on a machine with a screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.xvfb


def test_organiser_creates_an_event_in_a_real_window(display, xdo, keyboard, data_dir):
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(data_dir / "config"),
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "mscd_desktop", "--data-dir", str(data_dir), "--demo"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = xdo("search", "--sync", "--onlyvisible", "--name", "mscd-desktop").split()[0]
        time.sleep(0.5)
        xdo("mousemove", "--window", window, "400", "300", "click", "1")
        keyboard(
            ["alt+n"],
            "Open House Linero",
            ["alt+p"],
            "CITy",
            ["alt+c"],
            "Lund",
            ["alt+v"],
            "Eddan block",
            ["alt+s"],
        )
        deadline = time.monotonic() + 10
        listed = []
        while time.monotonic() < deadline:
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "mscd_desktop.cli",
                    "--data-dir",
                    str(data_dir),
                    "event",
                    "list",
                    "--json",
                ],
                capture_output=True,
                text=True,
                env=env,
            )
            listed = json.loads(out.stdout or "[]")
            if any(e["name"] == "Open House Linero" for e in listed):
                break
            time.sleep(0.3)
        created = next(e for e in listed if e["name"] == "Open House Linero")
        assert (created["city"], created["venue"], created["project"]) == (
            "Lund",
            "Eddan block",
            "CITyFiED",
        )
        assert app.poll() is None, app.stderr.read()
    finally:
        app.terminate()
        app.wait(timeout=15)
    assert app.returncode == 0
