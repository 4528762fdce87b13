"""Hand-drawn pictures of the kiosk's attract screen: pack cards with simple illustrations
(a flame and a leaf for biomass, houses on a heat network, a light bulb in a house) and a
gently pulsing glow around "Tap to play". Okabe-Ito colours, drawn with QPainter, so they
stay sharp at any screen size and need no picture files.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEasingCurve, QObject, QPointF, QRectF, QSize, Qt, QVariantAnimation
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsDropShadowEffect, QSizePolicy, QWidget

from mscd_desktop.gui.kiosk.widgets import INK, fitted_font

ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILION, PINK = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)


def art_kind(pack_id: str) -> str:
    """Which illustration suits the pack *pack_id* (by its id's words)."""
    words = pack_id.lower()
    if any(w in words for w in ("biomass", "wood", "pellet", "bio")):
        return "biomass"
    if any(w in words for w in ("district", "heating", "cooling", "network")):
        return "district"
    if any(w in words for w in ("saving", "home", "renovat", "house")):
        return "saving"
    return "energy"


def _pen(colour: str | QColor, width: float) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _house(p: QPainter, x: float, base: float, w: float, wall: str, roof: str, lw: float) -> None:
    h = w * 0.7
    p.setPen(_pen(INK, lw))
    p.setBrush(QColor(wall))
    p.drawRect(QRectF(x, base - h, w, h))
    p.setBrush(QColor(roof))
    p.drawPolygon(
        QPolygonF(
            [
                QPointF(x - w * 0.12, base - h),
                QPointF(x + w / 2, base - h * 1.7),
                QPointF(x + w * 1.12, base - h),
            ]
        )
    )
    p.setBrush(QColor(YELLOW))
    p.drawRect(QRectF(x + w * 0.3, base - h * 0.7, w * 0.4, h * 0.35))


def _flame(p: QPainter, c: QPointF, s: float, outer: str, inner: str, lw: float) -> None:
    for colour, k in ((outer, 1.0), (inner, 0.55)):
        path = QPainterPath(QPointF(c.x(), c.y() - s * k))
        path.cubicTo(
            c.x() + s * 0.8 * k,
            c.y() - s * 0.25 * k,
            c.x() + s * 0.75 * k,
            c.y() + s * 0.6 * k,
            c.x(),
            c.y() + s * 0.6 * k,
        )
        path.cubicTo(
            c.x() - s * 0.75 * k,
            c.y() + s * 0.6 * k,
            c.x() - s * 0.7 * k,
            c.y() - s * 0.05 * k,
            c.x() - s * 0.2 * k,
            c.y() - s * 0.45 * k,
        )
        path.cubicTo(
            c.x() - s * 0.1 * k,
            c.y() - s * 0.2 * k,
            c.x() - s * 0.05 * k,
            c.y() - s * 0.6 * k,
            c.x(),
            c.y() - s * k,
        )
        p.setPen(_pen(INK, lw) if k == 1.0 else Qt.PenStyle.NoPen)
        p.setBrush(QColor(colour))
        p.drawPath(path)


def _leaf(p: QPainter, c: QPointF, s: float, lw: float) -> None:
    path = QPainterPath(QPointF(c.x() - s, c.y() + s * 0.5))
    path.cubicTo(
        c.x() - s * 0.8,
        c.y() - s * 0.8,
        c.x() + s * 0.6,
        c.y() - s * 0.9,
        c.x() + s,
        c.y() - s * 0.7,
    )
    path.cubicTo(
        c.x() + s * 0.8,
        c.y() + s * 0.5,
        c.x() - s * 0.2,
        c.y() + s * 0.8,
        c.x() - s,
        c.y() + s * 0.5,
    )
    p.setPen(_pen(INK, lw))
    p.setBrush(QColor(GREEN))
    p.drawPath(path)
    p.setPen(_pen("#d8f3e8", lw * 0.8))
    p.drawLine(
        QPointF(c.x() - s * 0.8, c.y() + s * 0.35), QPointF(c.x() + s * 0.7, c.y() - s * 0.55)
    )


def draw_art(p: QPainter, kind: str, r: QRectF) -> None:
    """Draw the illustration *kind* (see :func:`art_kind`) inside the square-ish *r*."""
    s = min(r.width(), r.height())
    box = QRectF(r.center().x() - s / 2, r.center().y() - s / 2, s, s)
    lw = max(2.0, s / 60)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if kind == "biomass":
        p.setPen(_pen(INK, lw))
        p.setBrush(QColor("#8c5a2b"))
        for angle in (-12, 12):
            p.save()
            p.translate(box.center().x(), box.top() + s * 0.82)
            p.rotate(angle)
            p.drawRoundedRect(QRectF(-s * 0.32, -s * 0.06, s * 0.64, s * 0.12), s * 0.05, s * 0.05)
            p.restore()
        _flame(
            p,
            QPointF(box.center().x() - s * 0.05, box.top() + s * 0.45),
            s * 0.34,
            ORANGE,
            YELLOW,
            lw,
        )
        _leaf(p, QPointF(box.left() + s * 0.78, box.top() + s * 0.3), s * 0.17, lw)
    elif kind == "district":
        base = box.top() + s * 0.66
        p.setPen(_pen(INK, lw))
        p.setBrush(QColor("#c9d6d0"))
        p.drawRect(QRectF(box.left() + s * 0.09, base - s * 0.5, s * 0.07, s * 0.16))
        p.drawRect(QRectF(box.left() + s * 0.03, base - s * 0.36, s * 0.22, s * 0.36))
        p.setPen(_pen("#9fbfb3", lw * 0.6))
        p.setBrush(QColor("white"))
        for dx, dy, rad in ((0.15, 0.55, 0.035), (0.21, 0.6, 0.045), (0.29, 0.63, 0.055)):
            p.drawEllipse(QPointF(box.left() + s * dx, base - s * dy), s * rad, s * rad)
        houses = ((SKY, VERMILION), ("white", PINK), (SKY, ORANGE))
        for i, (wall, roof) in enumerate(houses):
            x = box.left() + s * (0.33 + i * 0.22)
            p.setPen(_pen(INK, lw))
            p.drawLine(QPointF(x + s * 0.09, base), QPointF(x + s * 0.09, base + s * 0.22))
            _house(p, x, base, s * 0.18, wall, roof, lw)
        for colour, dy in ((VERMILION, 0.12), (BLUE, 0.24)):  # hot out, cooled back
            y = base + s * dy
            p.setPen(_pen(INK, s * 0.075))
            p.drawLine(QPointF(box.left() + s * 0.14, y), QPointF(box.right() - s * 0.03, y))
            p.setPen(_pen(colour, s * 0.05))
            p.drawLine(QPointF(box.left() + s * 0.14, y), QPointF(box.right() - s * 0.03, y))
    elif kind == "saving":
        base = box.top() + s * 0.92
        p.setPen(_pen(INK, lw))
        p.setBrush(QColor("white"))
        p.drawRect(QRectF(box.left() + s * 0.14, base - s * 0.5, s * 0.72, s * 0.5))
        p.setBrush(QColor(GREEN))
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(box.left() + s * 0.04, base - s * 0.5),
                    QPointF(box.center().x(), box.top() + s * 0.08),
                    QPointF(box.right() - s * 0.04, base - s * 0.5),
                ]
            )
        )
        bulb = QPointF(box.center().x(), base - s * 0.3)
        p.setPen(_pen(ORANGE, lw * 1.5))
        for dx, dy in ((-0.2, 0), (0.2, 0), (-0.15, -0.13), (0.15, -0.13)):
            p.drawLine(
                QPointF(bulb.x() + s * dx * 0.75, bulb.y() + s * dy * 0.75),
                QPointF(bulb.x() + s * dx, bulb.y() + s * dy),
            )
        p.setPen(_pen(INK, lw))
        p.setBrush(QColor(YELLOW))
        p.drawEllipse(bulb, s * 0.11, s * 0.11)
        p.setBrush(QColor("#9a9a9a"))
        p.drawRect(QRectF(bulb.x() - s * 0.05, bulb.y() + s * 0.1, s * 0.1, s * 0.08))
    else:
        p.setPen(_pen(INK, lw))
        p.setBrush(QColor(SKY))
        p.drawEllipse(box.adjusted(s * 0.1, s * 0.1, -s * 0.1, -s * 0.1))
        p.setBrush(QColor(YELLOW))
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(box.left() + s * x, box.top() + s * y)
                    for x, y in (
                        (0.55, 0.18),
                        (0.32, 0.55),
                        (0.48, 0.55),
                        (0.42, 0.84),
                        (0.68, 0.43),
                        (0.52, 0.43),
                        (0.6, 0.18),
                    )
                ]
            )
        )
    p.restore()


class PackCard(QWidget):
    """A big card for one quiz pack on the attract screen: its picture and its title."""

    TINTS: ClassVar[dict[str, str]] = {
        "biomass": "#fdf0d5",
        "district": "#e3f2fb",
        "saving": "#e0f3ec",
        "energy": "#f3eaf3",
    }

    def __init__(self, pack_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = art_kind(pack_id)
        self.title = title
        self.setProperty("mscd_data", True)  # the pack's own title, already translated
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 180)
        self.setMaximumSize(380, 340)
        self._font: tuple[tuple, QFont] | None = None

    def sizeHint(self) -> QSize:
        """A card a bit wider than high."""
        return QSize(300, 270)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the card, the picture and the title."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(6, 6, -6, -6)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(11, 61, 46, 40))
        p.drawRoundedRect(rect.translated(0, 5), 26, 26)
        p.setPen(_pen("#0b3d2e", 3))
        p.setBrush(QColor("white"))
        p.drawRoundedRect(rect, 26, 26)
        art = QRectF(rect.left() + 10, rect.top() + 10, rect.width() - 20, rect.height() * 0.64)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(self.TINTS[self.kind]))
        p.drawRoundedRect(art, 20, 20)
        draw_art(p, self.kind, art.adjusted(10, 8, -10, -8))
        text = QRectF(
            rect.left() + 12, art.bottom() + 4, rect.width() - 24, rect.bottom() - art.bottom() - 10
        )
        key = (self.title, self.width(), self.height())
        if self._font is None or self._font[0] != key:
            font = QFont(self.font())
            font.setBold(True)
            self._font = (key, fitted_font(font, self.title, text, int(text.height() * 0.42)))
        p.setFont(self._font[1])
        p.setPen(INK)
        p.drawText(text, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.title)
        p.end()


class Pulse(QObject):
    """A soft glow that swells and fades around a widget (the "Tap to play" button)."""

    def __init__(
        self,
        widget: QWidget,
        parent: QObject | None = None,
        *,
        colour: str = ORANGE,
        period_ms: int = 1600,
    ) -> None:
        super().__init__(parent)
        self.widget = widget
        self.glow = QGraphicsDropShadowEffect(widget)
        self.glow.setOffset(0, 0)
        self.colour = QColor(colour)
        widget.setGraphicsEffect(self.glow)
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setKeyValueAt(0.5, 1.0)
        self.animation.setEndValue(0.0)
        self.animation.setDuration(period_ms)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        self.animation.setLoopCount(-1)
        self.animation.valueChanged.connect(self._on_value)
        self._on_value(0.6)

    def _on_value(self, value: float) -> None:
        colour = QColor(self.colour)
        colour.setAlpha(int(110 + 145 * value))
        self.glow.setColor(colour)
        self.glow.setBlurRadius(18 + 52 * value)

    def start(self) -> None:
        """Pulse (while the attract screen shows)."""
        if self.animation.state() != QVariantAnimation.State.Running:
            self.animation.start()

    def stop(self) -> None:
        """Hold still (a game is on: no work for the GUI thread)."""
        self.animation.stop()
        self._on_value(0.6)

    def remove(self) -> None:
        """Take the glow off the widget (the board goes away; the widget stays)."""
        self.animation.stop()
        self.widget.setGraphicsEffect(None)
