"""Presentation mode of the live energy screen: full screen, huge numbers, one chart.

Black background, white and yellow text, one thick (not antialiased) curve: legible
from across a room. Esc (or a double click) leaves it. The live screen drives it from
its own timer, so nothing here polls a source.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

from mscd_desktop.core.energy.session import LiveSession
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.gui.energy.chart import EnergyChart


class EnergyPresentation(QWidget):
    """A top-level window showing one channel for the wall."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ui = embed_form(self, "energy/presentation")
        self.ui.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("EnergyPresentation { background: #000000; }")
        self.setWindowTitle(self.ui.windowTitle())
        self.chart = EnergyChart(self.ui.chartHost, presentation=True)
        self.ui.chartLayout.addWidget(self.chart)
        self.channel: str | None = None

    def show_channel(self, channel: str, title: str) -> None:
        """Follow *channel* (its curve is created once; others are hidden)."""
        from mscd_desktop.core.energy.sources import ChannelInfo

        self.channel = channel
        self.ui.channelTitle.setText(title)
        self.chart.set_channels([ChannelInfo(channel, title, "meter")])
        self.chart.show_only({channel})

    def refresh(self, session: LiveSession) -> None:
        """Redraw the chart from *session* (called from the screen's timer)."""
        self.chart.refresh(session)

    def show_figures(self, power: str, energy: str, cost: str, year: str, co2: str) -> None:
        """Put the already formatted numbers on the wall."""
        ui = self.ui
        ui.powerValue.setText(power)
        ui.energyValue.setText(energy)
        ui.costValue.setText(cost)
        ui.yearValue.setText(year)
        ui.co2Value.setText(co2)

    def show_note(self, text: str) -> None:
        """The newest step event or note, in big letters."""
        self.ui.noteLabel.setText(text)

    def show_stale(self, text: str) -> None:
        """Show "no data since HH:MM" (empty: hide)."""
        self.ui.staleLabel.setText(text)
        self.ui.staleLabel.setVisible(bool(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc leaves presentation mode."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double click leaves too (for touch screens without a keyboard)."""
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Tell the screen, which forgets this window."""
        self.closed.emit()
        super().closeEvent(event)
