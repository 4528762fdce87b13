"""Presentation mode of the live energy screen: full screen, huge numbers, one chart.

Black background, white and yellow text, one thick (not antialiased) curve: legible
from across a room. Esc (or a double click) leaves it. The live screen drives it from the
app's live feed, so nothing here polls a source. The type is drawn for a 1920x1080 wall
and scaled with the window, so a 1366x768 projector shows it whole, and the chart always
keeps most of the height.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from mscd_desktop.core.energy.session import LiveSession
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.gui.energy.chart import EnergyChart

VALUE_PT = 44  # the figures' type on a 1920x1080 wall (ui/energy/presentation.ui)


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
        self._style = self.ui.styleSheet()  # sizes for a 1920x1080 wall
        self._scale = 1.0
        self._values = (self.ui.energyValue, self.ui.costValue, self.ui.yearValue, self.ui.co2Value)
        self._fitted: dict[str, float] = {}
        for label in (*self._values, self.ui.noteLabel):
            # Long texts must not make the window wider than the wall: the four figures
            # share the width equally and shrink their type to fit (_fit_values).
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def open(self, full_screen: bool = True) -> None:
        """Show on the whole screen (or, for a try-out, in a large window)."""
        host = self.parentWidget()
        screen = (host or self).screen()
        if full_screen:
            # The screen's geometry first: without a window manager (a kiosk session, cage)
            # the full-screen state alone leaves the window at its own size.
            self.setGeometry(screen.geometry())
            self.showFullScreen()
            return
        area = screen.availableGeometry()
        self.resize(int(area.width() * 0.8), int(area.height() * 0.8))
        self.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale the type with the window: a 1366x768 projector shows the wall whole."""
        size = event.size()
        scale = max(0.4, min(1.5, size.width() / 1920, size.height() / 1080))
        if abs(scale - self._scale) > 0.02:
            self._scale = scale
            self.ui.setStyleSheet(
                re.sub(
                    r"(\d+)pt",
                    lambda m: f"{max(8, round(int(m.group(1)) * scale))}pt",
                    self._style,
                )
            )
        self.chart.setMinimumHeight(int(size.height() * 0.35))
        super().resizeEvent(event)
        self._fit_values()

    def _fit_values(self) -> None:
        """Shrink a figure's type until its text fits its share of the width."""
        for label in self._values:
            width = label.width() - 8
            if width <= 0 or not label.text():
                continue
            font = QFont(label.font())
            size = VALUE_PT * self._scale
            font.setPointSizeF(size)
            label.setMinimumHeight(QFontMetrics(font).height())  # the captions stay in line
            while size > 8 and QFontMetrics(font).horizontalAdvance(label.text()) > width:
                size *= 0.92
                font.setPointSizeF(size)
            size = round(size)
            if self._fitted.get(label.objectName()) != size:
                self._fitted[label.objectName()] = size
                label.setStyleSheet(f"font-size: {size}pt;")

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
        self._fit_values()

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
