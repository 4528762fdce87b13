"""The live energy chart: one pyqtgraph plot, curves created once and fed with setData.

Performance rules that keep a day of history per channel at 30+ fps (see
``tests/benchmarks/bench_live_energy.py``): every curve is created once, when its channel
first appears, and only ever updated with ``setData`` (``clear()`` + ``plot()`` per frame
leaks, pyqtgraph #2348/#2672), and only when its ring buffer changed; clip-to-view and
automatic peak down-sampling; pens 1 px wide without antialiasing; y range computed
from the visible slice of the ring buffer, not by pyqtgraph's auto-range over all points.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from mscd_desktop.core.energy.session import STEP, Annotation, LiveSession
from mscd_desktop.gui.energy.axes import LocalClockAxis, LocalNumberAxis
from mscd_desktop.i18n import N_, _

if TYPE_CHECKING:
    from mscd_desktop.core.energy.sources import ChannelInfo

#: Okabe–Ito colours (colour-blind safe), then grey and a dark blue.
PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#D55E00",
    "#0072B2", "#CC79A7", "#B8A000", "#555555", "#332288",
)  # fmt: skip
#: Annotation lines drawn at most; the oldest are removed (the session keeps 500).
MAX_DRAWN_ANNOTATIONS = 60
#: Seconds of history the chart shows, from one minute to the whole day.
WINDOWS_S = (60, 5 * 60, 15 * 60, 3600, 4 * 3600, 24 * 3600)
WINDOW_NAMES = (
    N_("Last minute"),
    N_("Last 5 minutes"),
    N_("Last 15 minutes"),
    N_("Last hour"),
    N_("Last 4 hours"),
    N_("Whole day"),
)


class EnergyChart(pg.PlotWidget):
    """Power over time for several channels, following the newest reading.

    ``presentation=True`` makes a high-contrast chart for the wall: black background,
    white axes with big fonts, thicker (still not antialiased) lines.
    """

    def __init__(self, parent: QWidget | None = None, *, presentation: bool = False) -> None:
        super().__init__(
            parent,
            axisItems={"bottom": LocalClockAxis("bottom"), "left": LocalNumberAxis("left")},
            background="k" if presentation else "w",
        )
        self.presentation = presentation
        self.window_s: float = 15 * 60
        self.paused = False
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._drawn: dict[str, int] = {}  # channel -> trace version on screen (-1: none)
        self._drawn_end: dict[str, float] = {}  # channel -> time of its newest drawn sample
        self._tops: dict[str, float] = {}  # channel -> highest power in its drawn slice
        self._bottoms: dict[str, float] = {}  # channel -> lowest (negative: export)
        self._y_bottom = 0.0
        self._labels: dict[str, str] = {}
        self._notes: deque[tuple[Annotation, pg.InfiniteLine]] = deque()
        self._note_rows: dict[int, int] = {}  # id(line) -> label row, to avoid overlaps
        self._y_top = 0.0
        item = self.getPlotItem()
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.setMenuEnabled(False)
        item.hideButtons()
        # pyqtgraph's own grid costs ~10 ms a frame at 1920x1080; a few guide lines do not.
        self._guide_pen = pg.mkPen("#444444" if presentation else "#DDDDDD", width=1)
        self._guides: list[pg.InfiniteLine] = []
        self._x_end = 0.0
        self.setMouseEnabled(x=False, y=False)
        item.enableAutoRange(x=False, y=False)
        fg = "#FFFFFF" if presentation else "#222222"
        size = 22 if presentation else 10
        font = self.font()
        font.setPointSize(size)
        for name in ("left", "bottom"):
            ax = item.getAxis(name)
            ax.setPen(fg)
            ax.setTextPen(fg)
            ax.setStyle(tickFont=font)
        if presentation:  # room for the big tick labels
            item.getAxis("bottom").setHeight(3 * size)
        label_size = f"{size - 2}pt" if presentation else f"{size + 1}pt"
        item.setLabel("left", _("Power"), units="W", **{"color": fg, "font-size": label_size})
        self.legend = None
        if not presentation:
            self.legend = item.addLegend(
                offset=(10, 10),
                labelTextColor="#222222",
                brush=pg.mkBrush(255, 255, 255, 230),
                pen=pg.mkPen("#C9D6D0"),
            )
            self.legend.setZValue(100)  # above the annotation labels

    # -- channels -------------------------------------------------------------------------
    def set_channels(self, channels: list[ChannelInfo]) -> None:
        """Create a curve for every channel not seen before (never recreated)."""
        for info in channels:
            self._labels[info.id] = info.label
            if info.id in self.curves:
                continue
            colour = "w" if self.presentation else PALETTE[len(self.curves) % len(PALETTE)]
            pen = pg.mkPen(colour, width=3 if self.presentation else 1)
            curve = self.plot(name=info.label, pen=pen, antialias=False, skipFiniteCheck=True)
            self.curves[info.id] = curve
            self._drawn[info.id] = -1

    def show_only(self, channels: set[str] | None) -> None:
        """Show just *channels* (None: all)."""
        for channel, curve in self.curves.items():
            curve.setVisible(channels is None or channel in channels)

    # -- window and pause -----------------------------------------------------------------
    def set_window(self, seconds: float, session: LiveSession | None = None) -> None:
        """Show the last *seconds* of data (from one minute to the whole day).

        While paused (given the *session*), the frozen picture is redrawn for the new window
        up to the moment it was frozen.
        """
        self.window_s = float(seconds)
        self._y_top = self._y_bottom = 0.0
        self._forget_drawn()
        if not (self.paused and session is not None and self._x_end):
            self._x_end = 0.0
            return
        end = self._x_end
        for channel, curve in self.curves.items():
            trace = session.traces.get(channel)
            if trace is None:
                continue
            x, y = trace.buffer.since(end - self.window_s * 1.1)
            cut = int(np.searchsorted(x, end, side="right"))
            power = y[0][:cut].copy()
            curve.setData(x[:cut].copy(), power)
            self._tops[channel] = float(power.max()) if cut else 0.0
            self._bottoms[channel] = min(0.0, float(power.min())) if cut else 0.0
        self._set_y_range(
            min(self._bottoms.values(), default=0.0), max(self._tops.values(), default=0.0)
        )
        self.setXRange(end - self.window_s, end, padding=0)

    def set_paused(self, paused: bool, session: LiveSession | None = None) -> None:
        """Freeze the picture (readings keep arriving in the session) or follow again.

        The curves hold copies of their slices, so a frozen picture stays intact while
        the ring buffers move on.
        """
        self.paused = paused
        if not paused:
            self._forget_drawn()

    def _forget_drawn(self) -> None:
        """Every curve gets fresh data at the next refresh."""
        self._drawn = dict.fromkeys(self._drawn, -1)
        self._drawn_end.clear()

    # -- drawing --------------------------------------------------------------------------
    def refresh(self, session: LiveSession, now: float | None = None) -> bool:
        """Bring the curves up to date with *session*; False (nothing done) while paused.

        A curve gets new data only when at least a pixel's worth of time arrived, and then
        a copy of just the window's slice of its ring buffer (so later writes into the
        ring cannot reach what pyqtgraph holds). A day-long window thus redraws a curve
        every 45 s, a one-minute window every frame.
        """
        if self.paused:
            return False
        shown = [
            (channel, curve, session.traces[channel])
            for channel, curve in self.curves.items()
            if channel in session.traces and curve.isVisible()
        ]
        ends = [t.last_ts for _c, _curve, t in shown if t.last_ts is not None]
        if not ends:
            return True
        end = max(ends) if now is None else max(*ends, now)
        seconds_per_px = self.window_s / self._plot_width()
        # Scroll first: new data is then clipped and down-sampled once, for the new range.
        self._scroll_to(end)
        changed = False
        for channel, curve, trace in shown:
            drawn = self._drawn_end.get(channel)
            if self._drawn[channel] == trace.version:
                continue
            if drawn is not None and trace.last_ts - drawn < seconds_per_px:
                continue  # less than a pixel of news
            x, y = trace.buffer.since(end - self.window_s * 1.1)
            x, power = x.copy(), y[0].copy()
            curve.setData(x, power)
            self._drawn[channel] = trace.version
            self._drawn_end[channel] = trace.last_ts
            self._tops[channel] = float(power.max()) if len(power) else 0.0
            self._bottoms[channel] = min(0.0, float(power.min())) if len(power) else 0.0
            changed = True
        if changed:
            self._set_y_range(
                min(self._bottoms.get(c, 0.0) for c, _curve, _t in shown),
                max(self._tops.get(c, 0.0) for c, _curve, _t in shown),
            )
        self._trim_notes(end - self.window_s)
        # Settle the view's transform now, not during the paint, which would ask for a
        # second paint of the whole view straight after the first.
        self.getPlotItem().getViewBox().prepareForPaint()
        return True

    def _plot_width(self) -> float:
        return max(1.0, self.getPlotItem().getViewBox().width())

    def _scroll_to(self, end: float) -> None:
        # Move the x range only by whole pixels: a day-long window then moves once every
        # 45 s instead of re-clipping and re-sampling every curve 30 times a second.
        if abs(end - self._x_end) * self._plot_width() / self.window_s < 1.0:
            return
        self._x_end = end
        self.setXRange(end - self.window_s, end, padding=0)

    def _set_y_range(self, bottom: float, top: float) -> None:
        # Change the y range only on a real change, so the axes are not re-laid out each
        # frame. Below zero only when a meter exports (solar).
        wanted = max(10.0, top * 1.1)
        low = bottom * 1.1 if bottom < 0 else 0.0
        grown = wanted > self._y_top or low < self._y_bottom
        if grown or wanted < self._y_top * 0.6 or low > self._y_bottom * 0.6:
            # Keep the highest tick a third of a step below the top, so its label is not cut.
            step = nice_step((wanted - low) / 5)
            wanted = (np.ceil(wanted / step - 0.3) + 0.3) * step
            self._y_top, self._y_bottom = wanted, low
            self.setYRange(low, wanted, padding=0)
            self._place_guides(wanted)

    def _place_guides(self, top: float) -> None:
        step = nice_step(top / 5)
        values = [step * i for i in range(1, int(top / step) + 1)]
        while len(self._guides) < len(values):
            line = pg.InfiniteLine(angle=0, movable=False, pen=self._guide_pen)
            line.setZValue(-10)
            self.addItem(line, ignoreBounds=True)
            self._guides.append(line)
        for i, line in enumerate(self._guides):
            line.setVisible(i < len(values))
            if i < len(values):
                line.setPos(values[i])

    # -- annotations ----------------------------------------------------------------------
    def add_annotation(self, note: Annotation) -> None:
        """Draw *note* as a vertical line with its text (the oldest go beyond a limit)."""
        colour = "#D55E00" if note.kind == STEP else ("y" if self.presentation else "#333333")
        line = pg.InfiniteLine(
            pos=note.ts,
            angle=90,
            movable=False,
            pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine),
            label=note.text,
            labelOpts={
                "position": 0.93 - 0.07 * self._free_row(note.ts),
                "color": colour,
                "fill": pg.mkBrush(0, 0, 0, 160)
                if self.presentation
                else pg.mkBrush(255, 255, 255, 210),
                "anchors": [(0, 0.5), (0, 0.5)],
            },
        )
        self._note_rows[id(line)] = self._free_row(note.ts)
        self.addItem(line, ignoreBounds=True)
        self._notes.append((note, line))
        while len(self._notes) > MAX_DRAWN_ANNOTATIONS:
            _old, old_line = self._notes.popleft()
            self._note_rows.pop(id(old_line), None)
            self.removeItem(old_line)

    def _free_row(self, ts: float) -> int:
        """The lowest label row not taken by a note less than a third of the window away."""
        near = self.window_s / 3
        taken = {
            self._note_rows.get(id(line), -1)
            for note, line in self._notes
            if abs(note.ts - ts) < near
        }
        return next(row for row in range(len(taken) + 1) if row not in taken) % 8

    def _trim_notes(self, start: float) -> None:
        # Lines far left of the window are hidden so they cost nothing to paint.
        for note, line in self._notes:
            line.setVisible(note.ts >= start)

    def annotation_texts(self) -> list[str]:
        """Texts of the annotations drawn now (oldest first)."""
        return [note.text for note, _line in self._notes]

    def clear_data(self) -> None:
        """Forget the curves' data and annotations (a new source was chosen)."""
        for curve in self.curves.values():
            self.removeItem(curve)
            if self.legend is not None:
                self.legend.removeItem(curve)
        self.curves.clear()
        self._drawn.clear()
        self._drawn_end.clear()
        self._tops.clear()
        self._bottoms.clear()
        for _note, line in self._notes:
            self.removeItem(line)
        self._notes.clear()
        self._note_rows.clear()
        self._y_top = self._y_bottom = 0.0
        self._x_end = 0.0


def nice_step(raw: float) -> float:
    """The 1, 2 or 5 times a power of ten nearest above *raw* (a step between guides)."""
    if raw <= 0:
        return 1.0
    exp = 10.0 ** np.floor(np.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * exp >= raw:
            return float(m * exp)
    return float(10 * exp)
