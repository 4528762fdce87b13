"""The kiosk's animals: pictures to play under, on buttons and badges.

A child who does not tap a name picks an animal and plays under a nickname made for it
(:mod:`mscd_desktop.core.quiz.nicknames`); the pictures are drawn in
:mod:`mscd_desktop.gui.kiosk.animal_drawings`.

- :class:`AvatarButton`: the animal and its name, to choose on the player page
- :class:`PlayerBadge`: the animal and the nickname, in view for the whole game
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from mscd_desktop.gui.kiosk.animal_drawings import animal_picture
from mscd_desktop.gui.kiosk.widgets import INK, MIN_TOUCH_MM, mm_to_px


def _draw_picture(p: QPainter, widget: QWidget, animal: str, disc: QRectF) -> None:
    side = int(disc.width())
    p.drawPixmap(disc.topLeft(), animal_picture(animal, side, widget.devicePixelRatioF()))


class AvatarButton(QAbstractButton):
    """An animal to play under: its picture and its name."""

    def __init__(self, avatar: str, index: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.avatar = avatar
        self.index = index
        side = mm_to_px(self, MIN_TOUCH_MM * 1.6)
        self.setMinimumSize(side, side)
        self.setMaximumHeight(side * 3)  # grows into the free space on big screens
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        """A square tile."""
        side = mm_to_px(self, MIN_TOUCH_MM * 2)
        return QSize(side, side)

    def picture_rect(self) -> QRectF:
        """Where the animal is drawn (above its name)."""
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        side = min(rect.width(), rect.height() * 0.74)
        return QRectF(rect.center().x() - side / 2, rect.top(), side, side)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the animal and its name."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        disc = self.picture_rect()
        if self.isDown():
            disc = disc.adjusted(3, 3, -3, -3)
        _draw_picture(p, self, self.avatar, disc)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(12, int(rect.height() * 0.13)))
        p.setFont(font)
        p.setPen(INK)
        p.drawText(
            QRectF(rect.left(), disc.bottom(), rect.width(), rect.bottom() - disc.bottom()),
            Qt.AlignmentFlag.AlignCenter,
            self.text(),
        )
        p.end()


class PlayerBadge(QWidget):
    """Who is playing: the animal (if any) and the name, on every page of a game."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.avatar = ""
        self.name = ""
        self.setProperty("mscd_data", True)  # a nickname or first name: not translated
        self.setMinimumHeight(52)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def set_player(self, name: str, avatar: str = "") -> None:
        """Show *name* with the picture of *avatar* (none for a name from a class list)."""
        if (name, avatar) == (self.name, self.avatar):
            return  # the same player's next question: no new layout
        self.name, self.avatar = name, avatar
        self.setAccessibleName(name)
        self.updateGeometry()
        self.update()

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(24)
        return font

    def sizeHint(self) -> QSize:
        """Room for the picture and the name."""
        width = QFontMetrics(self._font()).horizontalAdvance(self.name)
        return QSize(width + (84 if self.avatar else 36), 60)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """A white pill: the animal, then the name."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pill = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(QPen(QColor("#c9d6d0"), 2))
        p.setBrush(QColor("white"))
        p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        left = pill.left() + 16
        if self.avatar:
            side = pill.height() - 6
            _draw_picture(p, self, self.avatar, QRectF(pill.left() + 3, pill.top() + 3, side, side))
            left = pill.left() + side + 12
        p.setFont(self._font())
        p.setPen(INK)
        text = QRectF(left, pill.top(), pill.right() - left - 14, pill.height())
        name = p.fontMetrics().elidedText(self.name, Qt.TextElideMode.ElideRight, int(text.width()))
        p.drawText(text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        p.end()
