"""The answer part of the kiosk's question page, and the pictures the board shows.

:class:`AnswerArea` owns the answer widgets (four answer buttons, the order cards, the
estimate slider of the form, the picture to tap) and the small operations every question
type builds on. It knows no question type: each type's page, filling and keys are declared
in :mod:`.question_types`, which works on an :class:`AnswerArea`. A finished answer is
announced with :attr:`AnswerArea.answered`; the board hands it to the engine.
"""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from mscd_desktop.core.quiz.packs import Answer, Question
from mscd_desktop.gui.kiosk import text
from mscd_desktop.gui.kiosk.hotspot_picture import HotspotPicture
from mscd_desktop.gui.kiosk.widgets import AnswerButton, OrderBoard


class Pictures:
    """Question pictures, decoded once per game board (the same pictures come all day)."""

    def __init__(self) -> None:
        self._decoded: dict[str, QPixmap] = {}

    def get(self, path: Path | str | None) -> QPixmap:
        """The picture at *path* (an empty pixmap for None)."""
        if path is None:
            return QPixmap()
        key = str(path)
        if key not in self._decoded:
            self._decoded[key] = QPixmap(key)
        return self._decoded[key]


class AnswerArea(QObject):
    """The answer widgets of the question page (see the module docstring)."""

    answered = Signal(object)  # the child's response, ready for the engine

    def __init__(
        self, ui: QWidget, pictures: Pictures, rng: random.Random, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ui, self.pictures, self.rng = ui, pictures, rng
        self.question: Question | None = None
        self.language = "en"
        self.keys_used = False  # arcade buttons in use: letter the picture's hotspots
        self.selected_hotspots: list[str] = []
        self.buttons = [AnswerButton(i, ui.choicePage) for i in range(4)]
        for i, button in enumerate(self.buttons):
            button.setObjectName(f"answerButton{i}")
            ui.choiceGrid.addWidget(button, i // 2, i % 2)
        self.order_board = OrderBoard(ui.orderPage)
        ui.orderLayout.addWidget(self.order_board)
        self.hotspot_picture = HotspotPicture(ui.hotspotPage)
        ui.hotspotLayout.addWidget(self.hotspot_picture)
        ui.estimateSlider.valueChanged.connect(self.show_estimate)
        ui.minusButton.clicked.connect(self._on_minus_clicked)
        ui.plusButton.clicked.connect(self._on_plus_clicked)
        self.hotspot_picture.tapped.connect(self._on_picture_tapped)

    @property
    def widgets(self) -> list[QWidget]:
        """The widgets this area added to the form (removed when the board stops)."""
        return [*self.buttons, self.order_board, self.hotspot_picture]

    def start(self, question: Question, language: str, page: str) -> None:
        """Show the answer page *page* (an object name in the form) for *question*."""
        self.question, self.language = question, language
        self.selected_hotspots = []
        self.ui.answerPages.setCurrentWidget(getattr(self.ui, page))

    def answer(self, response: Answer) -> None:
        """The child's answer is complete."""
        self.answered.emit(response)

    def set_enabled(self, enabled: bool) -> None:
        """Let the child answer (or not, during the intro)."""
        ui = self.ui
        for widget in (
            *self.widgets,
            ui.estimateSlider,
            ui.minusButton,
            ui.plusButton,
            ui.doneButton,
        ):
            widget.setEnabled(enabled)

    # -- the slider -----------------------------------------------------------------------

    def slider_value(self) -> float:
        """The value the slider points at, in the question's unit."""
        question = self.question
        step = question.step if question and question.step else 1.0
        low = (question.min if question else None) or 0
        return round(low + self.ui.estimateSlider.value() * step, 6)

    def show_estimate(self) -> None:
        """Show the slider's value with its unit."""
        if self.question is not None:
            self.ui.estimateValue.setText(
                f"{text.number(self.slider_value())} {self.question.unit.get(self.language)}"
            )

    def nudge(self, direction: int) -> None:
        """Move the estimate slider by *direction* steps."""
        slider = self.ui.estimateSlider
        slider.setValue(slider.value() + direction)

    def _on_minus_clicked(self) -> None:
        self.nudge(-1)

    def _on_plus_clicked(self) -> None:
        self.nudge(1)

    # -- the picture ----------------------------------------------------------------------

    def _on_picture_tapped(self, fx: float, fy: float) -> None:
        question = self.question
        if question is None:
            return
        hit = [h.id for h in question.hotspots if h.contains(fx, fy)]
        if hit:  # a tap on the bare wall or floor is no answer: try again
            self.pick_hotspot(hit[0])

    def pick_hotspot(self, hotspot_id: str) -> None:
        """The child picked *hotspot_id*: the answer when there is one waster to find,
        else it is ticked (or unticked) until "that's my answer"."""
        question = self.question
        if question is None:
            return
        targets = question.answer if isinstance(question.answer, tuple) else ()
        if len(targets) <= 1:
            self.answer((hotspot_id,))
            return
        if hotspot_id in self.selected_hotspots:
            self.selected_hotspots.remove(hotspot_id)
        else:
            self.selected_hotspots.append(hotspot_id)
        spots = {h.id: h for h in question.hotspots}
        self.hotspot_picture.marks = [  # a ring on each thing picked so far
            (spots[i].x + spots[i].w / 2, spots[i].y + spots[i].h / 2)
            for i in self.selected_hotspots
        ]
        self.hotspot_picture.update()
