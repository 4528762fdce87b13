"""Benchmark of the live energy chart: redraw rate, CPU share and memory over a day.

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_live_energy.py``.
A script that prints figures, not a timed test. The set-up follows issue 6: 8 channels
with a whole day of history at 2 Hz (172,800 points each) plus one channel at 20 Hz, in a
1920x1080 window. Every frame takes the readings that arrived since the last frame,
stores them in the ring buffers, updates the curves with setData and paints the window.

* max fps: frames as fast as they go (each a full paint of the window);
* 30 fps: a QTimer at 30 Hz, CPU share = process time / wall time (1.0 = one core);
* memory: RSS with the buffers full, then after a simulated 24-hour day of readings.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np

from mscd_desktop.core.energy.ring_buffer import DAY_AT_2HZ
from mscd_desktop.core.energy.session import LiveSession
from mscd_desktop.core.energy.sources import (
    ChannelInfo,
    ChannelStatus,
    EnergySource,
    Reading,
)

SLOW = [f"plug{i}" for i in range(1, 9)]
FAST = "meter20hz"
T0 = 1_767_225_600.0  # some midnight


class SyntheticSource(EnergySource):
    """8 channels at 2 Hz and one at 20 Hz, readings made up on demand from a clock."""

    name = "bench"

    def __init__(self, t: float) -> None:
        self.t = t  # time of the next 20 Hz sample
        self.rng = np.random.default_rng(1)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def channels(self) -> list[ChannelInfo]:
        return [ChannelInfo(c, c, "meter") for c in [*SLOW, FAST]]

    def channel_status(self, now=None):
        return {c: ChannelStatus(self.t, False, True) for c in [*SLOW, FAST]}

    def poll(self, now: float | None = None) -> list[Reading]:
        out = []
        while self.t <= now:
            t = round(self.t, 2)
            out.append(Reading(t, FAST, 500 + 400 * self.rng.random()))
            if abs(t * 2 - round(t * 2)) < 1e-6:  # every 0.5 s
                for i, c in enumerate(SLOW):
                    out.append(Reading(t, c, 100.0 * (i + 1) + 50 * self.rng.random()))
            self.t += 0.05
        return out


def rss_mb() -> float:
    """Resident memory of this process in MB (from /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def prefill(session: LiveSession, start: float) -> None:
    """A whole day at 2 Hz in each slow channel, and the 20 Hz channel's buffer full."""
    x = start - DAY_AT_2HZ * 0.5 + np.arange(DAY_AT_2HZ) * 0.5
    rng = np.random.default_rng(2)
    for i, c in enumerate(SLOW):
        y = 100.0 * (i + 1) + 50 * rng.random(DAY_AT_2HZ)
        trace = session.trace(c)
        trace.buffer.extend(x, np.vstack([y, np.full(DAY_AT_2HZ, np.nan)]))
        trace.version += 1
    xf = start - DAY_AT_2HZ * 0.05 + np.arange(DAY_AT_2HZ) * 0.05
    trace = session.trace(FAST)
    trace.buffer.extend(
        xf, np.vstack([500 + 400 * rng.random(DAY_AT_2HZ), np.full(DAY_AT_2HZ, np.nan)])
    )
    trace.version += 1


def build_window():
    """The widget under test at 1920x1080, shown; returns (window, chart)."""
    from mscd_desktop.gui.energy_chart import EnergyChart

    chart = EnergyChart()
    chart.resize(1920, 1080)
    chart.show()
    return chart, chart


def frame(app, session: LiveSession, window, chart, now: float) -> None:
    """One frame: take new readings, update the curves, paint the window."""
    session.poll(now)
    chart.refresh(session, now)
    window.repaint()
    app.processEvents()


def run_max_fps(app, session, window, chart, clock: list[float], seconds: float) -> float:
    """Frames per second when each frame starts as soon as the last one ends."""
    frames, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        clock[0] += 1 / 30
        frame(app, session, window, chart, clock[0])
        frames += 1
    return frames / (time.perf_counter() - start)


def run_timer(app, session, window, chart, clock: list[float], seconds: float, fps: float):
    """(updates/s, paints/s, CPU share) with a QTimer asking for *fps* updates a second.

    Each tick takes the new readings and updates the curves; Qt paints the window when
    something changed, as in the app. Paints of the plot are counted with an event filter.
    """
    from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, Qt, QTimer

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    counter = PaintCounter()
    chart.viewport().installEventFilter(counter)
    ticks = [0]

    def tick():
        clock[0] += 1 / fps
        session.poll(clock[0])
        chart.refresh(session, clock[0])
        ticks[0] += 1

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    wall = QElapsedTimer()
    cpu0 = time.process_time()
    wall.start()
    timer.start(round(1000 / fps))
    loop.exec()
    timer.stop()
    elapsed = wall.elapsed() / 1000
    cpu = time.process_time() - cpu0
    chart.viewport().removeEventFilter(counter)
    return ticks[0] / elapsed, counter.paints / elapsed, cpu / elapsed


def simulate_day(app, session, window, chart, clock: list[float]) -> None:
    """24 hours of readings through the session, drawn once per simulated minute."""
    for _minute in range(24 * 60):
        clock[0] += 60.0
        frame(app, session, window, chart, clock[0])


def main() -> None:
    """Print the figures."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    clock = [T0]
    source = SyntheticSource(T0)
    session = LiveSession(source)
    window, chart = build_window()
    chart.set_channels(source.channels())
    prefill(session, T0)
    frame(app, session, window, chart, clock[0])
    gc.collect()
    print(
        f"points held: {sum(len(t.buffer) for t in session.traces.values()):,} "
        f"in {len(session.traces)} channels, window 1920x1080"
    )
    for label, seconds in (("1 minute", 60), ("15 minutes", 900), ("whole day", 86400)):
        chart.set_window(seconds)
        fps = run_max_fps(app, session, window, chart, clock, 4.0)
        tfps, share = run_timer(app, session, window, chart, clock, 5.0, 30)
        print(
            f"window {label:>10}: max {fps:6.1f} fps | at 30 fps timer: {tfps:5.1f} fps, "
            f"CPU {share * 100:5.1f} % of one core"
        )
    chart.set_window(3600)
    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    simulate_day(app, session, window, chart, clock)
    gc.collect()
    after = rss_mb()
    print(
        f"memory: {before:.1f} MB with full buffers, {after:.1f} MB after a simulated "
        f"24-hour day ({after - before:+.1f} MB; day took {time.perf_counter() - t:.0f} s)"
    )


if __name__ == "__main__":
    main()
