"""The kiosk's celebration at the end of a game: stars, score, "your place today" and a
top-ten board with a podium for places 1–3 and the player's own row highlighted.

Only the top ten is ever shown, never the bottom of the list; a child below the top ten
sees only their own place.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import GameState
from mscd_desktop.core.store import Store
from mscd_desktop.gui.kiosk.text import points as points_text
from mscd_desktop.gui.kiosk.text import restyle
from mscd_desktop.gui.kiosk.widgets import INK
from mscd_desktop.i18n import _

MEDALS = ("#E69F00", "#A7B4BD", "#C47A3D")  # gold, silver, bronze
MINE = "#F0E442"


def star(centre: QPointF, outer: float, inner: float) -> QPolygonF:
    """A five-pointed star."""
    from math import cos, pi, sin

    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -pi / 2 + i * pi / 5
        points.append(QPointF(centre.x() + r * cos(a), centre.y() + r * sin(a)))
    return QPolygonF(points)


class StarBurst(QWidget):
    """One to three big stars for how many answers were right (like a game level)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.earned = 0
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """A strip of three stars."""
        return QSize(300, 90)

    def set_earned(self, correct: int, total: int) -> None:
        """Stars for *correct* of *total*: every child who tried gets at least one."""
        if total and correct == total:
            self.earned = 3
        else:
            self.earned = 2 if total and correct * 2 >= total else 1
        self.setAccessibleName(_("{n} of 3 stars").format(n=self.earned))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the stars, the middle one largest."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        cx = self.width() / 2
        for i, (dx, size) in enumerate(((-1.25, 0.36), (0, 0.46), (1.25, 0.36))):
            centre = QPointF(cx + dx * h, h / 2 + (0 if i == 1 else h * 0.08))
            filled = (
                (i == 1 and self.earned >= 1)
                or (i == 0 and self.earned >= 2)
                or (i == 2 and self.earned >= 3)
            )
            p.setPen(QPen(INK if filled else QColor("#9fbfb3"), 3))
            p.setBrush(QColor("#E69F00") if filled else QColor(255, 255, 255, 160))
            p.drawPolygon(star(centre, h * size, h * size * 0.45))
        p.end()


class TopTenBoard(QWidget):
    """Today's top ten: medals and bigger rows for 1–3, the player's row highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[results.BoardEntry] = []
        self.mine: str | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 260)

    def set_entries(self, entries: list[results.BoardEntry], mine: str | None) -> None:
        """Show *entries* (best first, at most ten); *mine* is the player's game id."""
        self.entries, self.mine = list(entries)[:10], mine
        self.setAccessibleDescription(
            "\n".join(
                _("{rank}. {name} — {points}").format(
                    rank=e.rank, name=e.player_name, points=points_text(e.score)
                )
                for e in self.entries
            )
        )
        self.update()

    def count(self) -> int:
        """How many rows are shown."""
        return len(self.entries)

    def row_rects(self) -> list[QRectF]:
        """Where each row is drawn: the first three taller than the rest."""
        weights = [1.35 if e.rank <= 3 else 1.0 for e in self.entries]
        unit = min(self.height() / max(sum(weights), 1.0), 74.0)
        rects, y = [], 0.0
        for w in weights:
            rects.append(QRectF(4, y + 3, self.width() - 8, unit * w - 6))
            y += unit * w
        return rects

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the rows."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        for entry, rect in zip(self.entries, self.row_rects(), strict=True):
            mine = entry.game_id == self.mine
            podium = entry.rank <= 3
            p.setPen(QPen(INK, 4) if mine else QPen(QColor("#c9d6d0"), 2))
            p.setBrush(QColor(MINE) if mine else QColor("white"))
            p.drawRoundedRect(rect, 14, 14)
            disc = QRectF(
                rect.left() + 10,
                rect.top() + rect.height() * 0.12,
                rect.height() * 0.76,
                rect.height() * 0.76,
            )
            p.setPen(QPen(INK, 2))
            p.setBrush(QColor(MEDALS[entry.rank - 1]) if podium else QColor("#e6f0ec"))
            p.drawEllipse(disc)
            font.setBold(True)
            font.setPixelSize(max(12, int(rect.height() * (0.42 if podium else 0.46))))
            p.setFont(font)
            p.setPen(INK)
            p.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(entry.rank))
            font.setBold(podium or mine)
            p.setFont(font)
            text = rect.adjusted(disc.width() + 24, 0, -16, 0)
            points = points_text(entry.score)
            p.drawText(text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, points)
            name_width = text.width() - p.fontMetrics().horizontalAdvance(points) - 20
            name = p.fontMetrics().elidedText(
                entry.player_name, Qt.TextElideMode.ElideRight, int(name_width)
            )
            p.drawText(text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        p.end()


class ResultsPage:
    """The end of a game: stars, score, "your place today" and the top ten."""

    def __init__(self, ui: QWidget, store: Store, event_id: str) -> None:
        self.ui, self.store, self.event_id = ui, store, event_id
        self.stars = StarBurst(ui.resultsPage)
        ui.starsRow.addWidget(self.stars)
        ui.scoreCardLayout.setAlignment(ui.placeLabel, Qt.AlignmentFlag.AlignHCenter)
        self.top_ten = TopTenBoard(ui.resultsPage)
        ui.topTenBox.addWidget(self.top_ten, 1)

    @property
    def widgets(self) -> list[QWidget]:
        """The widgets this page added to the form."""
        return [self.stars, self.top_ten]

    def render(self, state: GameState, stored: results.StoredGame | None) -> None:
        """Draw the results of the game just finished (*stored*: as saved, if it was)."""
        record = state.record
        assert record is not None
        ui = self.ui
        total = len(record.answers)
        ui.resultsTitle.setText(_("Well done, {name}!").format(name=record.player.name))
        self.stars.set_earned(record.correct, total)
        ui.resultsScore.setText(points_text(record.score))
        ui.resultsRight.setText(
            _("{correct} of {total} right").format(correct=record.correct, total=total)
        )
        place = None
        board: list[results.BoardEntry] = []
        if stored is not None:
            place = results.place_of(self.store, self.event_id, stored.id, day=stored.day)
            board = results.leaderboard(self.store, self.event_id, day=stored.day)
        ui.placeCaption.setVisible(place is not None)
        ui.placeLabel.setVisible(place is not None)
        ui.placeLabel.setText(str(place) if place else "")
        podium = place is not None and place <= 3
        restyle(
            ui.placeLabel,  # a medal for the podium, else a blue badge
            f"background: {MEDALS[place - 1]}; color: #10231c;" if podium else "",
        )
        self.top_ten.set_entries(board, stored.id if stored is not None else None)
