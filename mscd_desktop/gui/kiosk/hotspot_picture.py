"""The picture a child taps to find the energy waster (a hotspot question): taps are
reported in fractions of the picture; after answering, the hotspots are shown as boxes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QWidget

from mscd_desktop.gui.kiosk.widgets import INK, MIN_TOUCH_MM, mm_to_px


class HotspotPicture(QWidget):
    """A picture to tap; taps are reported in fractions of the picture (0..1)."""

    tapped = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self.marks: list[tuple[float, float]] = []
        self.boxes: list[tuple[QRectF, bool, str]] = []  # revealed after answering
        self.letters: list[tuple[QPointF, str]] = []  # (fx, fy) of each hotspot's key letter
        self.lettered = False  # show the letters (someone plays with the arcade keys)
        self.setMinimumSize(mm_to_px(self, MIN_TOUCH_MM) * 4, mm_to_px(self, MIN_TOUCH_MM) * 3)

    def set_picture(self, pixmap: QPixmap) -> None:
        """Show *pixmap* (scaled to fit, aspect kept); clears marks and boxes."""
        self._pixmap = pixmap
        self.marks, self.boxes = [], []
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn inside the widget."""
        if self._pixmap.isNull():
            return QRectF(self.rect())
        size = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF(
            (self.width() - size.width()) / 2,
            (self.height() - size.height()) / 2,
            size.width(),
            size.height(),
        )

    def point_for(self, fx: float, fy: float) -> QPointF:
        """Widget coordinates of the picture fractions (*fx*, *fy*)."""
        r = self.picture_rect()
        return QPointF(r.left() + fx * r.width(), r.top() + fy * r.height())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Report a tap inside the picture."""
        r = self.picture_rect()
        pos = event.position()
        if not self.isEnabled() or not r.contains(pos):
            return
        fx, fy = (pos.x() - r.left()) / r.width(), (pos.y() - r.top()) / r.height()
        self.marks.append((fx, fy))
        self.update()
        self.tapped.emit(fx, fy)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the picture, the taps and (after answering) the hotspots."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.picture_rect()
        if not self._pixmap.isNull():
            p.drawPixmap(r.toRect(), self._pixmap)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(14, int(r.height() / 16)))
        p.setFont(font)
        for box, right, label in self.boxes:
            scaled = QRectF(
                r.left() + box.x() * r.width(),
                r.top() + box.y() * r.height(),
                box.width() * r.width(),
                box.height() * r.height(),
            )
            colour = QColor("#009E73" if right else "#CC79A7")
            p.setPen(QPen(colour, 6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(scaled, 8, 8)
            text = f"✔ {label}" if right else label
            size = p.fontMetrics().boundingRect(text).size()
            pill = QRectF(0, 0, size.width() + 16, size.height() + 8)
            pill.moveCenter(QPointF(scaled.center().x(), scaled.bottom()))
            pill.moveLeft(min(max(pill.left(), r.left()), r.right() - pill.width()))
            pill.moveTop(min(pill.top(), r.bottom() - pill.height()))
            p.setPen(QPen(colour.darker(150), 2))
            p.setBrush(QColor("white"))
            p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            p.setPen(INK)
            p.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        if self.lettered and not self.boxes:
            self._draw_letters(p)
        radius = mm_to_px(self, 5)
        for fx, fy in self.marks:
            p.setPen(QPen(INK, 4))
            p.setBrush(QColor(230, 159, 0, 150))
            p.drawEllipse(self.point_for(fx, fy), radius, radius)
        p.end()

    def _draw_letters(self, p: QPainter) -> None:
        side = mm_to_px(self, 9)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(int(side * 0.6))
        p.setFont(font)
        for spot, letter in self.letters:
            centre = self.point_for(spot.x(), spot.y())
            badge = QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side)
            p.setPen(QPen(INK, 3))
            p.setBrush(QColor("#F0E442"))
            p.drawEllipse(badge)
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, letter)
