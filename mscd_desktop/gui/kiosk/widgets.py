"""Hand-drawn kiosk answer widgets (what Designer cannot express), and the sizes, ink and
font fitting the kiosk's other drawn parts share.

- :class:`AnswerButton`: Okabe-Ito colour **and** a shape **and** a letter, at least 15 mm
- :class:`OrderBoard`: put cards in order by dragging, or tap one card then its place
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

# Okabe-Ito, colour-blind safe, each with its own shape and letter.
ANSWER_STYLES: tuple[tuple[str, str, str], ...] = (
    ("#E69F00", "triangle", "A"),
    ("#56B4E9", "diamond", "B"),
    ("#009E73", "circle", "C"),
    ("#CC79A7", "square", "D"),
)
MIN_TOUCH_MM = 15.0
INK = QColor("#1b1b1b")


def mm_to_px(widget: QWidget | None, mm: float) -> int:
    """*mm* millimetres in pixels on the widget's screen (at least 96 dpi assumed)."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    dpi = max(96.0, screen.physicalDotsPerInch() if screen else 96.0)
    return math.ceil(mm / 25.4 * dpi)


def shape_path(shape: str, rect: QRectF) -> QPainterPath:
    """The outline of one of the answer shapes inside *rect*."""
    path = QPainterPath()
    c, r = rect.center(), min(rect.width(), rect.height()) / 2
    if shape == "triangle":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), c.y() - r),
                    QPointF(c.x() + r, c.y() + r * 0.8),
                    QPointF(c.x() - r, c.y() + r * 0.8),
                ]
            )
        )
    elif shape == "diamond":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), c.y() - r),
                    QPointF(c.x() + r, c.y()),
                    QPointF(c.x(), c.y() + r),
                    QPointF(c.x() - r, c.y()),
                ]
            )
        )
    elif shape == "circle":
        path.addEllipse(c, r, r)
    else:
        side = r * 1.6
        path.addRect(QRectF(c.x() - side / 2, c.y() - side / 2, side, side))
    path.closeSubpath()
    return path


def fitted_font(font: QFont, text: str, box: QRectF, largest: int, smallest: int = 14) -> QFont:
    """*font* at the largest pixel size (up to *largest*, at most 44) at which *text*,
    word-wrapped, fits in *box*."""
    fitted = QFont(font)
    flags = int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap)
    size = max(smallest, min(largest, 44))
    while size > smallest:
        fitted.setPixelSize(size)
        used = QFontMetrics(fitted).boundingRect(box.toRect(), flags, text)
        if used.height() <= box.height() and used.width() <= box.width():
            break
        size -= 2
    fitted.setPixelSize(size)
    return fitted


class AnswerButton(QAbstractButton):
    """A big answer button: coloured, with a shape and a letter, and the answer text.

    On a multiple-select question the buttons are checkable and carry a round tick box on
    the right: empty and on a paler card while not chosen; a chosen answer has its full
    colour, a thick dark frame and a filled dark tick box with a white tick.
    """

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.colour, self.shape, self.letter = ANSWER_STYLES[index % len(ANSWER_STYLES)]
        self._fitted: tuple[tuple, QFont] | None = None  # font fitted to text and size
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        side = mm_to_px(self, MIN_TOUCH_MM)
        self.setMinimumSize(side * 3, side)

    def sizeHint(self) -> QSize:
        """Room for a line of text beside the shape."""
        side = mm_to_px(self, MIN_TOUCH_MM)
        return QSize(side * 6, int(side * 1.4))

    def _card(self) -> QRectF:
        return QRectF(self.rect()).adjusted(4, 4, -4, -4)

    def tick_rect(self) -> QRectF:
        """Where the tick box of a checkable (multiple-select) button is drawn."""
        card = self._card()
        side = min(card.height() * 0.46, 72.0)
        return QRectF(card.right() - side - 18, card.center().y() - side / 2, side, side)

    def _fill(self) -> QColor:
        colour = QColor(self.colour)
        if self.isCheckable() and not self.isChecked():  # not chosen (yet): paler
            red, green, blue, _alpha = colour.getRgbF()
            colour = QColor.fromRgbF(*(c * 0.55 + 0.45 for c in (red, green, blue)))
        if not self.isEnabled():
            colour.setAlpha(110)
        return colour

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the card, its shape, letter and text (and the tick box)."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self._card()
        chosen = self.isCheckable() and self.isChecked()
        colour = self._fill()
        p.setPen(QPen(INK, 8) if chosen else QPen(QColor(self.colour).darker(130), 2))
        p.setBrush(colour)
        p.drawRoundedRect(rect, 18, 18)
        box = min(rect.height() * 0.7, rect.width() * 0.25)
        icon = QRectF(rect.left() + 14, rect.center().y() - box / 2, box, box)
        p.setPen(QPen(QColor("white"), 3))
        p.setBrush(QColor(255, 255, 255, 70))
        p.drawPath(shape_path(self.shape, icon))
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(14, int(box * 0.42)))
        p.setFont(font)
        p.setPen(INK)
        p.drawText(icon, Qt.AlignmentFlag.AlignCenter, self.letter)
        right = rect.right() - 10
        if self.isCheckable():
            self._draw_tick_box(p, chosen)
            right = self.tick_rect().left() - 8
        text_rect = QRectF(
            icon.right() + 14, rect.top() + 6, right - icon.right() - 14, rect.height() - 12
        )
        key = (self.text(), text_rect.width(), self.height(), font.family())
        if self._fitted is None or self._fitted[0] != key:
            self._fitted = (
                key,
                fitted_font(font, self.text(), text_rect, int(rect.height() * 0.2)),
            )
        p.setFont(self._fitted[1])
        p.setPen(INK)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, self.text())
        p.end()

    def _draw_tick_box(self, p: QPainter, chosen: bool) -> None:
        box = self.tick_rect()
        side = box.width()
        p.setPen(QPen(INK, max(3.0, side / 14)))
        p.setBrush(INK if chosen else QColor("white"))
        p.drawEllipse(box)
        if chosen:
            tick = QPainterPath(QPointF(box.left() + side * 0.26, box.top() + side * 0.53))
            tick.lineTo(box.left() + side * 0.44, box.top() + side * 0.71)
            tick.lineTo(box.left() + side * 0.76, box.top() + side * 0.33)
            pen = QPen(QColor("white"), max(4.0, side * 0.13))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(tick)


class OrderBoard(QWidget):
    """Cards to put in order: drag a card to its place, or tap a card and then its place."""

    order_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, str]] = []  # (id, text) in the current order
        self._picked: int | None = None
        self._drag_from: int | None = None
        self._drag_y = 0.0
        self.values: dict[str, str] = {}  # shown after answering (e.g. "2200 W")
        self.setMinimumHeight(mm_to_px(self, MIN_TOUCH_MM) * 3)

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """Show these (id, text) cards in this order."""
        self._items = list(items)
        self._picked = None
        self.values = {}
        self.update()

    def order(self) -> list[str]:
        """The card ids as the player has put them."""
        return [item_id for item_id, _text in self._items]

    def _row_height(self) -> float:
        return max(mm_to_px(self, MIN_TOUCH_MM), self.height() / max(1, len(self._items)))

    def card_rect(self, index: int) -> QRectF:
        """Where card *index* is drawn."""
        h = self._row_height()
        return QRectF(6, index * h + 4, self.width() - 12, h - 8)

    def _index_at(self, y: float) -> int:
        return int(min(max(y // self._row_height(), 0), len(self._items) - 1))

    def move(self, source: int, target: int) -> None:
        """Move card *source* to position *target*."""
        if source == target or not self._items:
            return
        item = self._items.pop(source)
        self._items.insert(target, item)
        self.order_changed.emit(self.order())
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a drag, or complete a tap-to-place."""
        if not self.isEnabled() or not self._items:
            return
        self._drag_from = self._index_at(event.position().y())
        self._drag_y = event.position().y()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Follow the dragged card."""
        if self._drag_from is not None:
            self._drag_y = event.position().y()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Drop the card, or treat a short press as a tap."""
        if self._drag_from is None:
            return
        source, self._drag_from = self._drag_from, None
        target = self._index_at(event.position().y())
        if target != source:
            self._picked = None
            self.move(source, target)
        else:
            self.tap(source)
        self.update()

    def tap(self, index: int) -> None:
        """A tap (or key) on card *index*: pick it, drop it again, or place the picked card."""
        if not self.isEnabled() or not 0 <= index < len(self._items):
            return
        if self._picked is None:
            self._picked = index
        elif self._picked == index:
            self._picked = None
        else:
            picked, self._picked = self._picked, None
            self.move(picked, index)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the numbered cards."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(max(16, int(self._row_height() * 0.3)))
        p.setFont(font)
        for i, (item_id, text) in enumerate(self._items):
            rect = self.card_rect(i)
            picked = i == self._picked
            p.setPen(QPen(INK if picked else QColor("#56B4E9"), 5 if picked else 2))
            p.setBrush(QColor("#fff4d6") if picked else QColor("white"))
            p.drawRoundedRect(rect, 14, 14)
            p.setPen(INK)
            label = f"{i + 1}.  {text}"
            if item_id in self.values:
                label += f"  —  {self.values[item_id]}"
            p.drawText(rect.adjusted(16, 0, -16, 0), Qt.AlignmentFlag.AlignVCenter, label)
        p.end()
