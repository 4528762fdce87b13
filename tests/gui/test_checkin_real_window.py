"""A real X11 window (Xvfb) at the check-in desk, with xdotool typing like a USB scanner.

Here key presses travel the real path (X server → QWindow → focused widget), which
QTest bypasses. Skipped where Xvfb or xdotool is missing.

Nothing here sleeps in place of readiness: the keys are typed once the window is mapped
and holds the X keyboard focus (from then on the X server queues every key for the app,
whose scanner filter is installed before the window is shown), and the test then waits
for the check-in itself to reach the store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.store import Store

pytestmark = pytest.mark.xvfb


def _focus(xdo, window: str, timeout: float = 10.0) -> None:
    """Give *window* the keyboard focus (there is no window manager) and wait until the X
    server reports that it has it."""
    deadline = time.monotonic() + timeout
    while xdo("getwindowfocus").strip() != window:
        assert time.monotonic() < deadline, "the window never got the keyboard focus"
        xdo("windowfocus", "--sync", window)


def _waiting_for(data_dir, attendee_id, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Store.open(data_dir) as store:
            if attendee_id in ci.checked_in_ids(store, ev.current_event(store).id):
                return True
        time.sleep(0.2)
    return False


def test_scanner_typing_into_the_real_window_checks_in(display, xdo, data_dir):
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
            "--demo",
            "--screen",
            "checkin",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = xdo("search", "--sync", "--onlyvisible", "--name", "mscd-desktop").split()[0]
        with Store.open(data_dir) as store:
            event = ev.current_event(store)
            inside = ci.checked_in_ids(store, event.id)
            ticket = next(
                t
                for t in reversed(tk.list_tickets(store, event.id))
                if t.attendee_id and not t.group_id and t.attendee_id not in inside
            )
        _focus(xdo, window)
        xdo("type", "--delay", "3", ticket.code)
        xdo("key", "Return")
        assert _waiting_for(data_dir, ticket.attendee_id), "the scan did not check in"
        assert app.poll() is None, app.stderr.read()
    finally:
        app.terminate()
        app.wait(timeout=15)
