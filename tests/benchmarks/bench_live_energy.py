"""Benchmark of the live energy chart: redraw rate, CPU share and memory over a day.

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_live_energy.py [--noisy]``.
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

NOISY = "--noisy" in sys.argv  # white noise over 50-400 W: the hardest picture to paint
SLOW = [f"plug{i}" for i in range(1, 9)]
FAST = "meter20hz"
T0 = 1_767_225_600.0  # some midnight


def slow_power(i: int, t, rng):
    """Channel *i* at time(s) *t*: an appliance switching on and off, 1 % noise
    (or, with --noisy, white noise of 50 W on a base load).
    """
    t = np.asarray(t, dtype=float)
    if NOISY:
        return 100.0 * (i + 1) + 50 * rng.random(t.shape)
    on = np.floor(t / (240.0 * (i + 1))) % 2
    return 5.0 + on * 250.0 * (i + 1) * (1 + 0.01 * rng.standard_normal(t.shape))


def fast_power(t, rng):
    """The 20 Hz channel: a heat pump modulating over the hour, 1 % noise (or white noise)."""
    t = np.asarray(t, dtype=float)
    if NOISY:
        return 500 + 400 * rng.random(t.shape)
    return (700 + 300 * np.sin(2 * np.pi * t / 3600)) * (1 + 0.01 * rng.standard_normal(t.shape))


class SyntheticSource(EnergySource):
    """8 channels at 2 Hz and one at 20 Hz, readings made up on demand from a clock."""

    name = "bench"

    def __init__(self, t: float) -> None:
        self.t = t  # time of the next 20 Hz sample
        self.rng = np.random.default_rng(1)
        self.offset = t - time.time()  # the synthetic clock runs with the wall clock

    def now(self) -> float:
        """The synthetic clock (wall clock shifted to T0, plus any simulated jumps)."""
        return time.time() + self.offset

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def channels(self) -> list[ChannelInfo]:
        return [ChannelInfo(c, c, "meter") for c in [*SLOW, FAST]]

    def channel_status(self, now=None):
        return {c: ChannelStatus(self.t, False, True) for c in [*SLOW, FAST]}

    def poll(self, now: float | None = None) -> list[Reading]:
        now = self.now() if now is None else now
        out = []
        while self.t <= now:
            t = round(self.t, 2)
            out.append(Reading(t, FAST, float(fast_power(t, self.rng))))
            if abs(t * 2 - round(t * 2)) < 1e-6:  # every 0.5 s
                for i, c in enumerate(SLOW):
                    out.append(Reading(t, c, float(slow_power(i, t, self.rng))))
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
        y = slow_power(i, x, rng)
        trace = session.trace(c)
        trace.buffer.extend(x, np.vstack([y, np.full(DAY_AT_2HZ, np.nan)]))
        trace.version += 1
    xf = start - DAY_AT_2HZ * 0.05 + np.arange(DAY_AT_2HZ) * 0.05
    trace = session.trace(FAST)
    trace.buffer.extend(xf, np.vstack([fast_power(xf, rng), np.full(DAY_AT_2HZ, np.nan)]))
    trace.version += 1


def build_screen(source: SyntheticSource):
    """The live energy screen at 1920x1080 on a scratch store, reading *source*."""
    import tempfile

    from mscd_desktop.core.energy.source_choice import SourceChoice
    from mscd_desktop.core.store import Store
    from mscd_desktop.gui.common.context import AppContext
    from mscd_desktop.gui.energy.live_energy_screen import LiveEnergyScreen

    data_dir = Path(tempfile.mkdtemp(prefix="bench-energy-"))
    screen = LiveEnergyScreen(AppContext(Store.open(data_dir), data_dir))
    screen.resize(1920, 1080)
    screen.show()
    screen.set_source(SourceChoice(), source=source)
    screen.context.feed_timer.stop()  # each measurement drives the frames itself
    return screen


def run_max_fps(app, screen, seconds: float) -> float:
    """Worst case, frames per second when every frame re-sends every curve's data and
    repaints the whole chart (as if each curve changed a pixel on every frame).
    """
    frames, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        screen.chart._forget_drawn()
        screen.context.pump_feed()
        app.processEvents()  # one paint of the chart per frame
        frames += 1
    return frames / (time.perf_counter() - start)


def run_timer(app, screen, seconds: float):
    """(updates/s, paints/s, CPU share) with the app context's 30 Hz feed timer, as in the app.

    Qt paints the chart when something changed; paints are counted with an event filter.
    """
    from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QTimer

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    counter = PaintCounter()
    viewport = screen.chart.viewport()
    viewport.installEventFilter(counter)
    frames0 = screen._frames
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    wall = QElapsedTimer()
    cpu0 = time.process_time()
    wall.start()
    screen.context.feed_timer.start()
    loop.exec()
    screen.context.feed_timer.stop()
    elapsed = wall.elapsed() / 1000
    cpu = time.process_time() - cpu0
    viewport.removeEventFilter(counter)
    return (screen._frames - frames0) / elapsed, counter.paints / elapsed, cpu / elapsed


def simulate_day(app, screen, source: SyntheticSource) -> None:
    """24 hours of readings through the screen, one frame per simulated minute."""
    for _minute in range(24 * 60):
        source.offset += 60.0
        screen.context.pump_feed()
        screen.chart.viewport().repaint()
        app.processEvents()


def ring_buffer_cost() -> tuple[float, float]:
    """(µs per sample appended one by one, µs per sample in bulk) for a day-long buffer."""
    from mscd_desktop.core.energy.ring_buffer import RingBuffer

    buf = RingBuffer(DAY_AT_2HZ)
    n = 500_000
    start = time.perf_counter()
    for i in range(n):
        buf.append(float(i), 1.0)
    one = (time.perf_counter() - start) / n * 1e6
    xs = np.arange(n, 2 * n, dtype=float)
    start = time.perf_counter()
    buf.extend(xs, xs)
    bulk = (time.perf_counter() - start) / n * 1e6
    return one, bulk


def main() -> None:
    """Print the figures."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    one, bulk = ring_buffer_cost()
    print(
        f"ring buffer: {one:.2f} µs per sample appended (Python loop included), "
        f"{bulk:.3f} µs per sample in bulk"
    )
    source = SyntheticSource(T0)
    screen = build_screen(source)
    prefill(screen.session, source.now())
    screen.context.pump_feed()
    app.processEvents()
    gc.collect()
    held = sum(len(t.buffer) for t in screen.session.traces.values())
    print(
        f"data: {'white noise (--noisy)' if NOISY else 'appliances switching, 1 % noise'}; "
        f"points held: {held:,} in {len(screen.session.traces)} channels "
        f"(8 x 172,800 at 2 Hz + 172,800 at 20 Hz), screen 1920x1080, offscreen"
    )
    for seconds in (60, 15 * 60, 24 * 3600):
        screen.set_window(seconds)
        label = screen.ui.windowCombo.currentText()
        fps = run_max_fps(app, screen, 4.0)
        ups, paints, share = run_timer(app, screen, 6.0)
        print(
            f"{label:>16}: worst case (all curves re-set + full repaint) {fps:5.1f} fps | "
            f"30 Hz timer: {ups:4.1f} updates/s, {paints:4.1f} chart paints/s, "
            f"CPU {share * 100:4.1f} % of one core"
        )
    screen.set_window(3600)
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    simulate_day(app, screen, source)
    gc.collect()
    after = rss_mb()
    readings = 24 * 3600 * (20 + 8 * 2)
    print(
        f"memory: {before:.1f} MB RSS with full buffers, {after:.1f} MB after a simulated "
        f"24-hour day of {readings:,} more readings ({after - before:+.1f} MB; "
        f"took {time.perf_counter() - start:.0f} s)"
    )
    screen.shutdown()


if __name__ == "__main__":
    main()
