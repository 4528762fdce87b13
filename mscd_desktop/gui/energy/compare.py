"""The before/after view of the live energy screen: two runs overlaid from their start.

Copies of the two channels' ring buffers are compared off the GUI thread with
:func:`mscd_desktop.core.energy.steps.compare_runs`; the result shows as two curves
(minutes since each run's start) and a line with the energy per on/off cycle.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from mscd_desktop.core.energy.session import LiveSession
from mscd_desktop.core.energy.sources import Reading
from mscd_desktop.core.energy.steps import RunComparison, compare_runs
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.gui.energy.axes import LocalNumberAxis
from mscd_desktop.i18n import _, ngettext

BEFORE_COLOUR, AFTER_COLOUR = "#D55E00", "#009E73"
MAX_KEPT_RUNS = 10


class ComparePlot(pg.PlotWidget):
    """Two curves, created once: "before" and "after", x in minutes from each start."""

    def __init__(
        self, parent: QWidget, before: QComboBox, after: QComboBox, summary: QLabel
    ) -> None:
        super().__init__(
            parent,
            background="w",
            axisItems={"left": LocalNumberAxis("left"), "bottom": LocalNumberAxis("bottom")},
        )
        self.before_combo, self.after_combo, self.summary = before, after, summary
        item = self.getPlotItem()
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.setMenuEnabled(False)
        item.setLabel("left", _("Power"), units="W", color="#222222")
        item.setLabel("bottom", _("Minutes from the start of each run"), color="#222222")
        for name in ("left", "bottom"):
            item.getAxis(name).setPen("#222222")
            item.getAxis(name).setTextPen("#222222")
        item.showGrid(y=True, alpha=0.15)
        self.legend = item.addLegend(
            offset=(10, 10),
            labelTextColor="#222222",
            brush=pg.mkBrush(255, 255, 255, 230),
            pen=pg.mkPen("#C9D6D0"),
        )
        self.before = self.plot(pen=pg.mkPen(BEFORE_COLOUR, width=1), name=_("Before"))
        self.after = self.plot(pen=pg.mkPen(AFTER_COLOUR, width=1), name=_("After"))
        self.task: TaskHandle | None = None
        # key -> (name, channel, time, power) of runs the host kept to compare later
        self.kept: dict[str, tuple[str, str, np.ndarray, np.ndarray]] = {}
        self._runs_kept = 0
        self.result: RunComparison | None = None

    def keep_run(self, session: LiveSession, channel: str, label: str, seconds: float) -> bool:
        """Keep the last *seconds* of *channel* as a run to compare later (at most 10)."""
        trace = session.traces.get(channel)
        if trace is None or trace.last_ts is None:
            return False
        x, y = trace.buffer.since(trace.last_ts - seconds)
        if len(x) < 2:
            return False
        fmt = current_formats()
        name = _("{label}, {start}–{end}").format(
            label=label, start=fmt.clock(float(x[0])), end=fmt.clock(float(x[-1]))
        )
        self._runs_kept += 1
        key = f"run:{self._runs_kept}"
        if len(self.kept) >= MAX_KEPT_RUNS:  # the oldest goes
            old = next(iter(self.kept))
            del self.kept[old]
            for combo in (self.before_combo, self.after_combo):
                combo.removeItem(combo.findData(old))
        self.kept[key] = (name, channel, x.copy(), y[0].copy())
        for combo in (self.before_combo, self.after_combo):
            combo.addItem(name, key)
        # The new run becomes "after"; the previous kept run (if any) "before".
        self.after_combo.setCurrentIndex(self.after_combo.findData(key))
        if len(self.kept) > 1:
            previous = list(self.kept)[-2]
            self.before_combo.setCurrentIndex(self.before_combo.findData(previous))
        return True

    def forget_channels(self) -> None:
        """A new source: its channels replace the old ones; kept runs stay."""
        for combo in (self.before_combo, self.after_combo):
            for index in reversed(range(combo.count())):
                if combo.itemData(index) not in self.kept:
                    combo.removeItem(index)

    def pick_defaults(self) -> None:
        """Choose the simulated homes before/after renovation, else the first two channels."""
        for combo, wanted in ((self.before_combo, "home_before"), (self.after_combo, "home_after")):
            index = combo.findData(wanted)
            if index >= 0:
                combo.setCurrentIndex(index)
            elif combo is self.after_combo and combo.count() > 1 and combo.currentIndex() == 0:
                combo.setCurrentIndex(1)

    def run(self, session: LiveSession) -> bool:
        """Compare the chosen channels; the summary line says how it went."""
        before, after = self.before_combo.currentData(), self.after_combo.currentData()
        started = self.compare(session, before, after, self._on_done)
        self.summary.setText(
            _("Comparing…") if started else _("Both channels need readings first.")
        )
        return started

    def _on_done(self, result: object) -> None:
        if isinstance(result, BaseException):
            self.summary.setText(str(result))
        else:
            self.summary.setText(describe_comparison(result))

    def compare(
        self, session: LiveSession, before: str, after: str, on_done: Callable[[object], None]
    ) -> bool:
        """Compare channels *before* and *after* in a worker; False if one has no data."""
        runs = []
        for key in (before, after):
            if key in self.kept:
                _label, channel, x, power = self.kept[key]
                runs.append((channel, x, power))
                continue
            trace = session.traces.get(key)
            if trace is None or len(trace.buffer) < 2:
                return False
            x, power = session.series(key)
            runs.append((key, x.copy(), power.copy()))
        if self.task is not None:
            self.task.cancel()

        def work(progress, is_cancelled):
            lists = [
                [Reading(t, ch, p) for t, p in zip(x.tolist(), y.tolist(), strict=True)]
                for ch, x, y in runs
            ]
            return compare_runs(lists[0], lists[1])

        def done(result: RunComparison) -> None:
            self.task = None
            self.show_result(result)
            on_done(result)

        self.task = run_task(work, on_done=done, on_error=lambda exc: on_done(exc))
        return True

    def show_result(self, result: RunComparison) -> None:
        """Draw both runs from their start."""
        self.result = result
        for curve, run in ((self.before, result.before), (self.after, result.after)):
            curve.setData(np.asarray(run.offsets_s) / 60.0, np.asarray(run.power_w))
        top = max([*result.before.power_w, *result.after.power_w, 1.0])
        self.setYRange(0.0, top * 1.3, padding=0)  # head room for the legend
        self.setXRange(0.0, result.duration_s / 60.0, padding=0.01)


def describe_comparison(result: RunComparison) -> str:
    """ "Over 30 minutes. Before: 3.20 kWh (410 Wh per cycle, 4 cycles) · After: … · 41%
    less energy after", with the figures written the user interface's way."""
    fmt = current_formats()
    parts = []
    for name, run in ((_("Before"), result.before), (_("After"), result.after)):
        text = _("{name}: {kwh} kWh").format(name=name, kwh=fmt.fixed(run.energy_wh / 1000, 2))
        if run.mean_cycle_wh is not None:
            cycles = len(run.cycles_wh)
            text += " " + ngettext(
                "({wh} Wh per cycle, {n} cycle)", "({wh} Wh per cycle, {n} cycles)", cycles
            ).format(wh=fmt.integer(run.mean_cycle_wh), n=fmt.integer(cycles))
        parts.append(text)
    minutes = round(result.duration_s / 60)
    line = ngettext("Over {n} minute.", "Over {n} minutes.", minutes).format(n=fmt.integer(minutes))
    line += " " + " · ".join(parts)
    saving = result.saving_pct
    if saving is not None and round(saving) > 0:
        line += " · " + _("{percent} less energy after").format(percent=fmt.percent(saving / 100))
    elif saving is not None and round(saving) < 0:
        line += " · " + _("{percent} more energy after").format(percent=fmt.percent(-saving / 100))
    return line
