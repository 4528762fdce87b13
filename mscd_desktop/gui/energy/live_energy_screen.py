"""The live energy screen: several channels over time, tiles people understand, the wall.

A QTimer drives everything at 30 frames a second on the GUI thread, cheaply: poll the
source (the simulator computes a few samples; MQTT only drains a queue), store the
readings in the session's ring buffers, hand them to the kiosk's live board, look for
step events, and update the chart's curves with setData when they changed. Tiles and
status lines change twice a second. See ``docs/live-energy.md``.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QWidget

from mscd_desktop.core.energy.figures import channel_figures, flood_text, stale_text
from mscd_desktop.core.energy.live import live_board
from mscd_desktop.core.energy.numbers import load_tariff
from mscd_desktop.core.energy.session import MANUAL, STEP, LiveSession
from mscd_desktop.core.energy.source_choice import (
    SIMULATOR,
    SourceChoice,
    build_source,
    load_choice,
    save_choice,
)
from mscd_desktop.core.energy.sources import EnergySource, Reading
from mscd_desktop.core.energy.steps import StepDetector, describe_step
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import Event
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.common.workers import TaskHandle
from mscd_desktop.gui.energy.chart import WINDOW_NAMES, WINDOWS_S, EnergyChart
from mscd_desktop.gui.energy.compare import ComparePlot
from mscd_desktop.gui.energy.export import MinuteRecording, export_csv, save_png
from mscd_desktop.gui.energy.presentation import EnergyPresentation
from mscd_desktop.gui.energy.source_dialog import EnergySourceDialog
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

FRAME_MS = 33  # ~30 fps
FIGURES_EVERY = 15  # frames between tile updates (twice a second)


class LiveEnergyScreen(Screen):
    """Live chart, figures and presentation mode for the demo table's meter."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ui = self.load_form("energy/live_energy_screen")
        self.chart = EnergyChart(self.ui.livePage)
        self.ui.liveLayout.addWidget(self.chart)
        self.compare_plot = ComparePlot(
            self.ui.comparePage, self.ui.beforeCombo, self.ui.afterCombo, self.ui.compareSummary
        )
        self.ui.compareLayout.insertWidget(1, self.compare_plot, 1)
        for seconds, name in zip(WINDOWS_S, WINDOW_NAMES, strict=True):
            self.ui.windowCombo.addItem(_(name), seconds)
        self.ui.windowCombo.setCurrentIndex(WINDOWS_S.index(15 * 60))
        self.tariff = load_tariff(context.store)
        self.choice: SourceChoice = load_choice(context.store)
        self.source: EnergySource | None = None
        self.session: LiveSession | None = None
        self.presentation: EnergyPresentation | None = None
        self.labels: dict[str, str] = {}
        self._detectors: dict[str, StepDetector] = {}
        self.recording = MinuteRecording(self._say)
        self._frames = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.tick)
        ui = self.ui
        ui.windowCombo.currentIndexChanged.connect(self._on_window_combo_changed)
        ui.pauseButton.toggled.connect(self.set_paused)
        ui.noteButton.clicked.connect(self._on_note_clicked)
        ui.compareButton.toggled.connect(self._on_compare_toggled)
        ui.compareRunButton.clicked.connect(self.run_comparison)
        ui.keepRunButton.clicked.connect(self.keep_run)
        menu = QMenu(ui.exportButton)
        menu.addAction(_("Chart as PNG…"), self._on_export_png_clicked)
        menu.addAction(_("Session as CSV…"), self._on_export_csv_clicked)
        ui.exportButton.setMenu(menu)
        ui.presentButton.clicked.connect(self.enter_presentation)
        wall_key = QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.enter_presentation)
        wall_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ui.sourceButton.clicked.connect(self._on_source_clicked)
        ui.tileChannelCombo.currentIndexChanged.connect(self._on_tile_channel_changed)
        self._show_factor()

    # -- source and session ---------------------------------------------------------------
    def on_shown(self) -> None:
        """Start the chosen source the first time; take up a tariff changed meanwhile."""
        self.tariff = load_tariff(self.context.store)
        self._show_factor()
        if self.session is None:
            self.set_source(self.choice)

    def set_source(self, choice: SourceChoice, source: EnergySource | None = None) -> bool:
        """Read from *choice* (or the ready *source*); False with a message if it fails."""
        try:
            new = source if source is not None else build_source(choice)
            new.start()
        except MscdError as exc:
            self._say(str(exc))
            return False
        self._stop_source()
        self.choice, self.source = choice, new
        self.session = LiveSession(new, sinks=[live_board().update, self.recording.record])
        self._start_recording()
        self.session.started_at = time.time()
        live_board().clear()
        self.chart.clear_data()
        self.labels.clear()
        self._detectors.clear()
        self.ui.tileChannelCombo.clear()
        self.compare_plot.forget_channels()
        self.set_paused(False)
        self.ui.sourceLabel.setText(choice.describe())
        if source is None:
            save_choice(self.context.store, choice)
        self._sync_channels()
        self.chart.set_window(self.ui.windowCombo.currentData())
        self._timer.start()
        return True

    def _stop_source(self) -> None:
        self._timer.stop()
        self.recording.stop()
        if self.source is not None:
            self.source.stop()
            self.source = None

    def _start_recording(self) -> None:
        """Real sources (not the simulator) go into the open event, one row a minute."""
        event = self.context.event
        if event is not None and self.choice.kind != SIMULATOR:
            self.recording.start(self.context.store, event.id)

    def on_event_changed(self, event: Event | None) -> None:
        """Minutes go to the event that is open now."""
        self.recording.stop()
        self._start_recording()

    def _sync_channels(self) -> None:
        """Add channels the source announced since the last look (MQTT may grow)."""
        assert self.source is not None
        infos = self.source.channels()
        new = [info for info in infos if info.id not in self.labels]
        if not new:
            return
        live_board().set_channels(infos)
        self.chart.set_channels(new)
        for info in new:
            self.labels[info.id] = info.label
            self.ui.tileChannelCombo.addItem(info.label, info.id)
            for combo in (self.ui.beforeCombo, self.ui.afterCombo):
                combo.addItem(info.label, info.id)
        self.compare_plot.pick_defaults()

    # -- the frame ------------------------------------------------------------------------
    def tick(self, now: float | None = None) -> None:
        """One frame: new readings into the buffers and the board, then redraw."""
        if self.session is None:
            return
        try:
            readings = self.session.poll(now)
        except Exception as exc:  # a broken source must not stop the chart or the timer
            log.exception("energy source %s failed to poll", self.source)
            self._say(_("The source failed: {error}").format(error=exc))
            readings = []
        if readings:
            self._detect_steps(readings)
        if self.isVisible():  # hidden behind another screen: keep polling, skip drawing
            self.chart.refresh(self.session)
        if self.presentation is not None:
            self.presentation.refresh(self.session)
        self._frames += 1
        if self._frames % FIGURES_EVERY == 1:
            self._sync_channels()
            self.update_figures()
            self.update_status(now)

    def _detect_steps(self, readings: list[Reading]) -> None:
        by_channel: dict[str, list[Reading]] = defaultdict(list)
        for r in readings:
            by_channel[r.channel].append(r)
        for channel, items in by_channel.items():
            detector = self._detectors.get(channel)
            if detector is None:
                detector = self._detectors[channel] = StepDetector(channel)
            for event in detector.feed(items):
                text = describe_step(event, self.labels.get(channel, channel), self.tariff)
                if event.kind == "off":
                    self._annotate(event.start_ts, text, channel, STEP)
                elif self.presentation is not None and self.presentation.channel == channel:
                    self.presentation.show_note(text)  # "Kettle on: 2.1 kW" on the wall

    def _annotate(self, ts: float, text: str, channel: str | None, kind: str) -> None:
        assert self.session is not None
        note = self.session.annotate(ts, text, channel, kind)
        self.chart.add_annotation(note)
        if self.presentation is not None and channel in (None, self.presentation.channel):
            self.presentation.show_note(note.text)

    def add_note(self, text: str, ts: float | None = None) -> bool:
        """A note by the host at *ts* (default: the newest reading); False if empty."""
        if self.session is None or not text.strip():
            return False
        if ts is None:
            ends = [t.last_ts for t in self.session.traces.values() if t.last_ts is not None]
            ts = max(ends) if ends else time.time()
        self._annotate(ts, text.strip(), None, MANUAL)
        return True

    # -- figures and status ---------------------------------------------------------------
    def current_channel(self) -> str | None:
        """The channel the tiles (and presentation mode) show."""
        return self.ui.tileChannelCombo.currentData()

    def figures(self) -> dict[str, str]:
        """The tile texts of the current channel (dashes before its first reading)."""
        channel = self.current_channel()
        trace = self.session.traces.get(channel) if self.session and channel else None
        return channel_figures(trace, self.tariff)

    def update_figures(self) -> None:
        """Refresh the tiles (and the wall's numbers)."""
        figures = self.figures()
        ui = self.ui
        for key, label in (
            ("power", ui.powerValue),
            ("energy", ui.energyValue),
            ("cost", ui.costValue),
            ("year", ui.yearValue),
            ("co2", ui.co2Value),
        ):
            label.setText(figures[key])
        if self.presentation is not None:
            self.presentation.show_figures(**figures)

    def stale_texts(self, now: float | None = None) -> list[str]:
        """ "Kettle: no data since 14:05" for every channel that went quiet."""
        if self.source is None:
            return []
        texts = (
            stale_text(self.labels.get(channel, channel), status)
            for channel, status in self.source.channel_status(now).items()
        )
        return [text for text in texts if text]

    def update_status(self, now: float | None = None) -> None:
        """Show the stale marker and the flood warning when they apply."""
        stale = self.stale_texts(now)
        self.ui.staleLabel.setText(" · ".join(stale))
        self.ui.staleLabel.setVisible(bool(stale))
        if self.presentation is not None:
            channel_label = self.labels.get(self.presentation.channel or "", "")
            mine = [t for t in stale if channel_label and t.startswith(channel_label + ":")]
            self.presentation.show_stale(mine[0] if mine else "")
        if self.session is not None:
            self.ui.floodLabel.setText(flood_text(self.session, self.labels))
            self.ui.floodLabel.setVisible(bool(self.ui.floodLabel.text()))

    def _show_factor(self) -> None:
        self.ui.factorLabel.setText(
            _("CO2: {factor}. Price: EUR {price:.2f} per kWh.").format(
                factor=self.tariff.source_text(), price=self.tariff.price_eur_per_kwh
            )
        )

    def _say(self, text: str) -> None:
        self.ui.statusLabel.setText(text)

    # -- controls -------------------------------------------------------------------------
    def set_paused(self, paused: bool) -> None:
        """Freeze the chart (readings keep arriving and are not lost) or follow again."""
        self.chart.set_paused(paused, self.session)
        self.ui.pauseButton.setChecked(paused)
        self.ui.pauseButton.setText(_("&Resume") if paused else _("&Pause"))

    def set_window(self, seconds: float) -> None:
        """Show the last *seconds* (one of ``WINDOWS_S``)."""
        index = self.ui.windowCombo.findData(seconds)
        if index >= 0:
            self.ui.windowCombo.setCurrentIndex(index)

    def _on_window_combo_changed(self, _index: int) -> None:
        seconds = self.ui.windowCombo.currentData()
        self.chart.set_window(seconds, self.session)
        if self.presentation is not None:
            self.presentation.chart.set_window(seconds)

    def _on_tile_channel_changed(self, _index: int) -> None:
        channel = self.current_channel()
        if self.presentation is not None and channel:
            self.presentation.show_channel(channel, self.labels.get(channel, channel))
        self.update_figures()

    def _on_note_clicked(self) -> None:
        text, ok = QInputDialog.getText(self, _("Add a note"), _("Note on the chart:"))
        if ok:
            self.add_note(text)

    def _on_source_clicked(self) -> None:
        dialog = EnergySourceDialog(self.choice, self)
        if dialog.exec():
            self.set_source(dialog.choice())

    # -- before/after ---------------------------------------------------------------------
    def _on_compare_toggled(self, checked: bool) -> None:
        self.ui.chartStack.setCurrentIndex(1 if checked else 0)

    def keep_run(self) -> bool:
        """Keep the shown window of the "Figures for" channel as a run to compare."""
        channel = self.current_channel()
        if self.session is None or channel is None:
            return False
        label = self.labels.get(channel, channel)
        return self.compare_plot.keep_run(self.session, channel, label, self.chart.window_s)

    def run_comparison(self) -> bool:
        """Compare the two chosen channels (in a worker); False if one has no readings."""
        return self.session is not None and self.compare_plot.run(self.session)

    # -- export ---------------------------------------------------------------------------
    def export_png(self, path: str | Path) -> bool:
        """Save the chart (or the before/after view) as the visitors see it."""
        ok, message = save_png(self.ui.chartStack.currentWidget(), path)
        self._say(message)
        return ok

    def export_csv(
        self, path: str | Path, on_done: Callable[[int], None] | None = None
    ) -> TaskHandle | None:
        """Write every reading and note to *path* in a worker; returns the task handle."""
        if self.session is None:
            return None
        return export_csv(self.session, path, self._say, on_done)

    def _on_export_png_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the chart"), "energy-chart.png", _("PNG images (*.png)")
        )
        if path:
            self.export_png(path)

    def _on_export_csv_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the session"), "energy-session.csv", _("CSV files (*.csv)")
        )
        if path:
            self.export_csv(path)

    # -- presentation mode ----------------------------------------------------------------
    def enter_presentation(self, full_screen: bool = True) -> EnergyPresentation | None:
        """Open the wall view of the current channel; Esc closes it."""
        channel = self.current_channel()
        if channel is None or self.session is None:
            self._say(_("Presentation mode needs a channel with readings."))
            return None
        if self.presentation is None:
            self.presentation = EnergyPresentation(self)
            self.presentation.closed.connect(self._on_presentation_closed)
            self.presentation.ui.factorLabel.setText(self.ui.factorLabel.text())
        self.presentation.show_channel(channel, self.labels.get(channel, channel))
        self.presentation.chart.set_window(self.chart.window_s)
        if full_screen:
            self.presentation.showFullScreen()
        else:
            self.presentation.show()
        self.presentation.refresh(self.session)
        self.update_figures()
        return self.presentation

    def leave_presentation(self) -> None:
        """Close the wall view."""
        if self.presentation is not None:
            self.presentation.close()

    def _on_presentation_closed(self) -> None:
        self.presentation = None

    def shutdown(self) -> None:
        """Stop the timer, the source and the wall view; the board no longer looks live."""
        self.leave_presentation()
        if self.source is not None:
            live_board().clear()
        self._stop_source()
        if self.compare_plot.task is not None:
            self.compare_plot.task.cancel()
