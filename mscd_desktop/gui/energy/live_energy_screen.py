"""The live energy screen: several channels over time, tiles people understand, the wall.

The screen runs no source of its own: it reads the app's one
:class:`~mscd_desktop.core.energy.feed.LiveFeed` (``context.feed``), which the app
context pumps about 30 times a second whichever screen is showing. On every pump the
screen adds the new notes to its chart and, when visible, updates the curves with setData
where they changed; tiles and status lines change twice a second. A screen built anew
(after a language switch) draws the history the feed kept and shows the channel the host
had picked. See ``docs/live-energy.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QWidget

from mscd_desktop.core.energy.feed import TOTAL_CHANNEL, FeedUpdate
from mscd_desktop.core.energy.figures import figure_texts, input_problems_text, stale_text
from mscd_desktop.core.energy.session import Annotation, LiveSession
from mscd_desktop.core.energy.source_choice import SourceChoice, load_choice
from mscd_desktop.core.energy.sources import EnergySource
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.common.workers import TaskHandle
from mscd_desktop.gui.energy.chart import WINDOW_NAMES, WINDOWS_S, EnergyChart
from mscd_desktop.gui.energy.compare import ComparePlot
from mscd_desktop.gui.energy.export import export_csv, save_png
from mscd_desktop.gui.energy.presentation import EnergyPresentation
from mscd_desktop.gui.energy.source_dialog import EnergySourceDialog
from mscd_desktop.i18n import _

FIGURES_EVERY = 15  # frames between tile updates (twice a second)


class LiveEnergyScreen(Screen):
    """Live chart, figures and presentation mode for the demo table's meter."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ui = self.load_form("energy/live_energy_screen")
        self.feed = context.feed
        self.chart = EnergyChart(self.ui.livePage)
        self.ui.liveLayout.addWidget(self.chart)
        self.compare_plot = ComparePlot(
            self.ui.comparePage, self.ui.beforeCombo, self.ui.afterCombo, self.ui.compareSummary
        )
        self.ui.compareLayout.insertWidget(1, self.compare_plot, 1)
        for seconds, name in zip(WINDOWS_S, WINDOW_NAMES, strict=True):
            self.ui.windowCombo.addItem(_(name), seconds)
        self.ui.windowCombo.setCurrentIndex(WINDOWS_S.index(15 * 60))
        self.presentation: EnergyPresentation | None = None
        self.labels: dict[str, str] = {}
        self._generation = -1  # the feed's source this screen shows
        self._frames = 0
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
        ui.presentButton.clicked.connect(self._on_present_clicked)
        # F11 works as soon as the screen shows, wherever the keyboard focus is in the window
        # (with the widget's own context it needed a click inside the screen first).
        self.wall_key = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        self.wall_key.setContext(Qt.ShortcutContext.WindowShortcut)
        self.wall_key.activated.connect(self._on_present_clicked)
        ui.sourceButton.clicked.connect(self._on_source_clicked)
        ui.tileChannelCombo.currentIndexChanged.connect(self._on_tile_channel_changed)
        context.feed_pumped.connect(self._on_feed_pumped)
        context.feed_source_changed.connect(self._take_up_source)
        self._listening = True
        self._show_factor()
        if self.feed.session is not None:
            self._take_up_source()  # built anew while the feed runs: draw what it kept

    @property
    def session(self) -> LiveSession | None:
        """The feed's session: ring buffers and notes of the running source."""
        return self.feed.session

    # -- source ---------------------------------------------------------------------------
    def on_shown(self) -> None:
        """Start the remembered source if none runs; take up a tariff changed meanwhile."""
        self.feed.reload_tariff()
        self._show_factor()
        if not self.context.start_feed():
            self._say(self.feed.last_error)

    def set_source(self, choice: SourceChoice, source: EnergySource | None = None) -> bool:
        """Read from *choice* (or the ready *source*); False with a message if it fails."""
        try:
            self.context.change_feed_source(choice, source)
        except MscdError as exc:
            self._say(str(exc))
            return False
        return True

    def _take_up_source(self) -> None:
        """Show the feed's (new) source: its channels, its history and its notes."""
        feed = self.feed
        self._generation = feed.generation
        self.chart.clear_data()
        self.labels.clear()
        self.ui.tileChannelCombo.clear()
        self.compare_plot.forget_channels()
        self.set_paused(False)
        choice = feed.choice or load_choice(self.context.store)
        self.ui.sourceLabel.setText(choice.describe())
        self._sync_channels()
        if feed.session is not None:
            for note in feed.session.annotations:
                self.chart.add_annotation(note)
        self.chart.set_window(self.ui.windowCombo.currentData())
        self._redraw()
        self.update_figures()

    def _sync_channels(self) -> None:
        """Add channels the feed announced since the last look (MQTT may grow)."""
        new = [info for info in self.feed.channels() if info.id not in self.labels]
        if not new:
            return
        self.chart.set_channels([i for i in new if i.id != TOTAL_CHANNEL])
        combo = self.ui.tileChannelCombo
        combo.blockSignals(True)  # the host's choice is only what the host picks
        for info in new:
            self.labels[info.id] = info.label
            combo.addItem(info.label, info.id)
            if info.id != TOTAL_CHANNEL:
                for other in (self.ui.beforeCombo, self.ui.afterCombo):
                    other.addItem(info.label, info.id)
        shown = combo.findData(self.feed.channel_to_show())
        if shown >= 0:
            combo.setCurrentIndex(shown)
        combo.blockSignals(False)
        self.compare_plot.pick_defaults()
        self._on_tile_channel_changed(-1)

    # -- the frame ------------------------------------------------------------------------
    def _on_feed_pumped(self, update: FeedUpdate) -> None:
        if self.feed.generation != self._generation:
            self._take_up_source()
        for step in update.steps:
            if step.event.kind == "on" and self._on_the_wall(step.event.channel):
                self.presentation.show_note(step.text)  # "Kettle on: 2.1 kW" on the wall
        for note in update.notes:
            self._draw_note(note)
        if update.error:
            self._say(update.error)
        self._redraw()
        self._frames += 1
        if self._frames % FIGURES_EVERY == 1:
            self._sync_channels()
            self.update_figures()
            self.update_status()

    def _redraw(self) -> None:
        session = self.session
        if session is None:
            return
        if self.isVisible():  # behind another screen: the feed goes on, nothing is drawn
            self.chart.refresh(session)
        if self.presentation is not None:
            self.presentation.refresh(session)

    def _draw_note(self, note: Annotation) -> None:
        self.chart.add_annotation(note)
        if self._on_the_wall(note.channel):
            self.presentation.show_note(note.text)

    def _on_the_wall(self, channel: str | None) -> bool:
        """Whether news of *channel* (None: of the whole chart) belongs on the open wall."""
        wall = self.presentation
        return wall is not None and (
            channel in (None, wall.channel) or wall.channel == TOTAL_CHANNEL
        )

    def add_note(self, text: str, ts: float | None = None) -> bool:
        """A note by the host at *ts* (default: the newest reading); False if empty."""
        note = self.feed.annotate(text, ts)
        if note is None:
            return False
        self._draw_note(note)
        return True

    # -- figures and status ---------------------------------------------------------------
    def current_channel(self) -> str | None:
        """The channel the tiles (and presentation mode) show."""
        return self.ui.tileChannelCombo.currentData()

    def figures(self) -> dict[str, str]:
        """The tile texts of the current channel (dashes before its first reading)."""
        channel = self.current_channel()
        if channel is None:
            return figure_texts(None, 0.0, self.feed.tariff)
        return figure_texts(*self.feed.power_and_energy(channel), self.feed.tariff)

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
        source = self.feed.source
        if source is None:
            return []
        texts = (
            stale_text(self.labels.get(channel, channel), status)
            for channel, status in source.channel_status(now).items()
        )
        return [text for text in texts if text]

    def update_status(self, now: float | None = None) -> None:
        """Show the stale marker, floods and values dropped as implausible when they apply."""
        stale = self.stale_texts(now)
        self.ui.staleLabel.setText(" · ".join(stale))
        self.ui.staleLabel.setVisible(bool(stale))
        if self.presentation is not None:
            channel_label = self.labels.get(self.presentation.channel or "", "")
            mine = [t for t in stale if channel_label and t.startswith(channel_label + ":")]
            self.presentation.show_stale(mine[0] if mine else "")
        if self.session is not None:
            text = input_problems_text(self.session, self.labels, self.feed.implausible())
            self.ui.floodLabel.setText(text)
            self.ui.floodLabel.setVisible(bool(text))

    def _show_factor(self) -> None:
        tariff = self.feed.tariff
        self.ui.factorLabel.setText(
            _("CO2: {factor}. Price: EUR {price} per kWh.").format(
                factor=tariff.source_text(),
                price=current_formats().fixed(tariff.price_eur_per_kwh, 2),
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

    def _on_tile_channel_changed(self, index: int) -> None:
        channel = self.current_channel()
        if index >= 0:  # picked by the host: kept by the feed, also for a rebuilt screen
            self.feed.chosen_channel = channel
        if self.presentation is not None and channel:
            self.presentation.show_channel(channel, self.labels.get(channel, channel))
            self.presentation.refresh(self.session)
        self.update_figures()

    def _on_note_clicked(self) -> None:
        text, ok = QInputDialog.getText(self, _("Add a note"), _("Note on the chart:"))
        if ok:
            self.add_note(text)

    def _on_source_clicked(self) -> None:
        dialog = EnergySourceDialog(self.feed.choice or load_choice(self.context.store), self)
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
        snapshot = self.feed.snapshot()
        if snapshot is None:
            return None
        return export_csv(snapshot, path, self._say, on_done)

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
    def _on_present_clicked(self) -> None:
        # clicked() carries checked=False: never let it reach full_screen.
        self.enter_presentation(full_screen=True)

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
        self.presentation.open(full_screen)
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
        """The window closes (the app quits, or the language changes): stop drawing.

        The feed runs on in the app context, so a screen built anew finds it as it was.
        """
        self.leave_presentation()
        if self._listening:
            self._listening = False
            self.context.feed_pumped.disconnect(self._on_feed_pumped)
            self.context.feed_source_changed.disconnect(self._take_up_source)
        if self.compare_plot.task is not None:
            self.compare_plot.task.cancel()
