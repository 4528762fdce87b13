"""The kiosk game board: renders the engine's state on the pages of ``ui/kiosk/kiosk_screen.ui``.

:class:`KioskGame` owns a :class:`~mscd_desktop.core.quiz.engine.QuizEngine`, feeds it
taps, keys and a 100 ms tick, and redraws a page only when the phase or question changes
(the timer bar is the only thing updated on every tick). Every tap carries the sequence
number of the question it was shown for, so the engine can drop late or double taps.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QButtonGroup, QPushButton, QWidget

from mscd_desktop import i18n
from mscd_desktop.core.events import Event
from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import GameRecord, GameState, Phase, Player, QuizEngine
from mscd_desktop.core.quiz.judging import LiveMeter, Response
from mscd_desktop.core.quiz.kiosk import GroupSession, KioskSettings, PackSelection
from mscd_desktop.core.quiz.nicknames import generate_nickname
from mscd_desktop.core.quiz.packs import AGE_BANDS
from mscd_desktop.core.store import Store
from mscd_desktop.gui.kiosk import keys, pages, text
from mscd_desktop.gui.kiosk.art import Pulse
from mscd_desktop.gui.kiosk.lock import Speaker
from mscd_desktop.gui.kiosk.results import StarBurst, TopTenBoard, render_results
from mscd_desktop.gui.kiosk.widgets import AnswerButton, AvatarButton, HotspotPicture, OrderBoard
from mscd_desktop.i18n import _

TICK_MS = 100
PAGES = {
    Phase.ATTRACT: "attractPage",
    Phase.PLAYER: "playerPage",
    Phase.INTRO: "questionPage",
    Phase.ANSWERING: "questionPage",
    Phase.EXPLANATION: "explanationPage",
    Phase.RESULTS: "resultsPage",
}


class KioskGame(QObject):
    """Plays the quiz on the board widgets of a loaded ``kiosk_screen`` form."""

    phase_rendered = Signal(str)  # the phase's value, after its page was drawn
    game_saved = Signal(object)  # results.StoredGame

    def __init__(
        self,
        ui: QWidget,
        store: Store,
        event: Event,
        selection: PackSelection,
        settings: KioskSettings,
        *,
        session: GroupSession | None = None,
        clock: Callable[[], float] = time.monotonic,
        live_meter: LiveMeter | None = None,
        speaker: Speaker | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(ui)
        self.ui, self.store, self.quiz_event, self.session = ui, store, event, session
        self.selection = selection
        self.clock = clock
        self.shown_at = clock()  # when the page on screen was drawn
        self.rng = rng or random.Random()
        self.speaker = speaker or Speaker()
        self._app_language: str | None = None  # the app's language while a child's is on
        self.engine = QuizEngine(
            selection.pools,
            settings.game_config(),
            clock=clock,
            live_meter=live_meter,
            rng=self.rng,
            on_finished=self._on_engine_finished,
        )
        self.last_game: results.StoredGame | None = None
        self._rendered: tuple[Phase, int] | None = None
        self._selected_hotspots: list[str] = []
        self.owned: list[QWidget] = []  # widgets this game added to the form
        self.who_key: tuple | None = None
        self.keys_used = False  # arcade buttons in use: letter the picture's hotspots
        self._pictures: dict[str, QPixmap] = {}
        self._build_widgets()
        self._connect()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.render(self.engine.state)

    # -- set-up ---------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        ui = self.ui
        self.answer_buttons = [AnswerButton(i, ui.choicePage) for i in range(4)]
        for i, button in enumerate(self.answer_buttons):
            button.setObjectName(f"answerButton{i}")
            ui.choiceGrid.addWidget(button, i // 2, i % 2)
        self.order_board = OrderBoard(ui.orderPage)
        ui.orderLayout.addWidget(self.order_board)
        self.hotspot_picture = HotspotPicture(ui.hotspotPage)
        ui.hotspotLayout.addWidget(self.hotspot_picture)
        self.explanation_picture = HotspotPicture(ui.explanationPage)
        self.explanation_picture.setEnabled(False)  # shows the picture; no taps
        self.explanation_picture.setMinimumHeight(300)
        body = ui.explanationBody  # [stretch] [picture] [card] [stretch]
        body.insertWidget(0, self.explanation_picture, 5)
        body.setStretch(1, 6)
        body.insertStretch(0, 1)
        body.addStretch(1)
        self.stars = StarBurst(ui.resultsPage)
        ui.starsRow.addWidget(self.stars)
        ui.scoreCardLayout.setAlignment(ui.placeLabel, Qt.AlignmentFlag.AlignHCenter)
        self.top_ten = TopTenBoard(ui.resultsPage)
        ui.topTenBox.addWidget(self.top_ten, 1)
        self.pulse = Pulse(ui.playButton, self)
        self.pack_cards: list[QWidget] = []
        self.cards_key: tuple | None = None
        self.owned += [
            *self.answer_buttons,
            self.order_board,
            self.hotspot_picture,
            self.explanation_picture,
            self.stars,
            self.top_ten,
        ]
        self.language_group = QButtonGroup(self)
        pack_languages = [lang for p in self.selection.packs for lang in p.languages]
        languages = list(dict.fromkeys([*self.quiz_event.languages, *pack_languages]))
        for code in languages or ["en"]:
            button = self.kiosk_button(i18n.language_name(code), checkable=True)
            button.setProperty("language", code)
            button.setProperty("mscd_data", True)  # a language's own name: not translated
            self.language_group.addButton(button)
            ui.languageRow.addWidget(button)
        self.language_group.buttons()[0].setChecked(True)
        self.age_group = QButtonGroup(self)
        for band in AGE_BANDS:
            button = self.kiosk_button(band.replace("-", "–"), checkable=True)
            button.setProperty("age_band", band)
            self.age_group.addButton(button)
            ui.ageRow.addWidget(button)
        self.age_group.buttons()[0].setChecked(True)
        self.who_buttons: list[QPushButton | AvatarButton] = []

    def kiosk_button(self, label: str, *, checkable: bool = False) -> QPushButton:
        """A big kiosk push button that this board owns."""
        button = QPushButton(label)
        self.owned.append(button)
        button.setProperty("class", "kioskButton")
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _connect(self) -> None:
        ui = self.ui
        ui.playButton.clicked.connect(self._on_play_clicked)
        ui.nextButton.clicked.connect(self._on_next_clicked)
        ui.againButton.clicked.connect(self._on_again_clicked)
        ui.doneButton.clicked.connect(self._on_done_clicked)
        ui.speakButton.toggled.connect(self._on_speak_toggled)
        ui.estimateSlider.valueChanged.connect(self.show_estimate)
        ui.minusButton.clicked.connect(lambda: self.nudge(-1))
        ui.plusButton.clicked.connect(lambda: self.nudge(1))
        self.language_group.buttonClicked.connect(self._on_language_clicked)
        for i, button in enumerate(self.answer_buttons):
            button.clicked.connect(lambda _checked=False, i=i: self.choose(i, tapped=True))
        self.hotspot_picture.tapped.connect(self._on_picture_tapped)

    # -- input ----------------------------------------------------------------------------

    def touch(self) -> None:
        """Any activity on the board (from the kiosk guard)."""
        self.engine.touch()

    def answer(self, response: Response) -> None:
        """Give *response* for the question shown (late or double answers are dropped)."""
        state = self.engine.answer(self._seq, response)
        if state is not None:
            self.render(state)

    def choose(self, index: int, *, tapped: bool = False) -> None:
        """Answer button *index* (tapped, or key 1–4 / A–D) for the question shown."""
        keys.choose(self, index, tapped=tapped)

    def confirm(self) -> None:
        """Enter: "that's my answer", "next", "tap to play" (see :mod:`.keys`)."""
        keys.confirm(self)

    def _on_done_clicked(self) -> None:
        question = self.engine.state.question
        if question is None:
            return
        if question.type == "multiple_select":
            picked = tuple(
                c.id
                for c, b in zip(question.choices, self.answer_buttons, strict=False)
                if b.isChecked()
            )
            self.answer(picked)
        elif question.type == "order":
            self.answer(tuple(self.order_board.order()))
        elif question.type in ("estimate", "live_meter"):
            self.answer(self._slider_value())
        elif question.type == "tap_hotspot":
            self.answer(tuple(self._selected_hotspots))

    def _on_picture_tapped(self, fx: float, fy: float) -> None:
        question = self.engine.state.question
        if question is None or self.engine.state.phase is not Phase.ANSWERING:
            return
        hit = [h.id for h in question.hotspots if h.contains(fx, fy)]
        if hit:  # a tap on the bare wall or floor is no answer: try again
            self.pick_hotspot(hit[0])

    def pick_hotspot(self, hotspot_id: str) -> None:
        """The child picked *hotspot_id*: the answer when there is one waster to find,
        else it is ticked (or unticked) until "that's my answer"."""
        question = self.engine.state.question
        if question is None or self.engine.state.phase is not Phase.ANSWERING:
            return
        targets = question.answer if isinstance(question.answer, tuple) else ()
        if len(targets) <= 1:
            self.answer((hotspot_id,))
            return
        if hotspot_id in self._selected_hotspots:
            self._selected_hotspots.remove(hotspot_id)
        else:
            self._selected_hotspots.append(hotspot_id)
        spots = {h.id: h for h in question.hotspots}
        self.hotspot_picture.marks = [  # a ring on each thing picked so far
            (spots[i].x + spots[i].w / 2, spots[i].y + spots[i].h / 2)
            for i in self._selected_hotspots
        ]
        self.hotspot_picture.update()

    def _slider_value(self) -> float:
        question = self.engine.state.question
        step = question.step if question and question.step else 1.0
        return round((question.min or 0) + self.ui.estimateSlider.value() * step, 6)

    def show_estimate(self) -> None:
        """Show the slider's value with its unit."""
        question = self.engine.state.question
        if question is not None:
            self.ui.estimateValue.setText(
                f"{text.number(self._slider_value())} {question.unit.get(self.language)}"
            )

    def nudge(self, direction: int) -> None:
        """Move the estimate slider by *direction* steps."""
        slider = self.ui.estimateSlider
        slider.setValue(slider.value() + direction)

    def _on_play_clicked(self) -> None:
        self.render(self.engine.start())

    def _on_next_clicked(self) -> None:
        state = self.engine.next(self._seq)
        if state is not None:
            self.render(state)

    def _on_again_clicked(self) -> None:
        self.render(self.engine.finish_results())

    def _on_language_clicked(self, button: QPushButton) -> None:
        self.engine.choose_language(button.property("language"))
        self._use_language(button.property("language"))
        pages.fill_who(self)

    def _on_speak_toggled(self, on: bool) -> None:
        if on:
            self._read_question()
        else:
            self.speaker.stop()

    def begin(self, player: Player) -> None:
        """Start a game for *player* with the chosen language and age band."""
        band = (
            self.session.age_band
            if self.session
            else self.age_group.checkedButton().property("age_band")
        )
        self.engine.choose_language(self.language)
        self._use_language(self.language)
        self.render(self.engine.begin(player, band))

    def play_as_avatar(self, avatar: str) -> None:
        """Start a game under a fresh nickname for *avatar* (unique on today's board)."""
        taken = {
            e.player_name for e in results.leaderboard(self.store, self.quiz_event.id, limit=1000)
        }
        nickname = generate_nickname(avatar, self.language, self.rng, taken)
        self.begin(Player(nickname, avatar=avatar))

    # -- rendering ------------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The language the player chose."""
        button = self.language_group.checkedButton()
        return button.property("language") if button else "en"

    @property
    def _seq(self) -> int:
        return self._rendered[1] if self._rendered else -1

    def _use_language(self, code: str) -> None:
        """Speak the child's language for this game (the app's comes back at attract)."""
        if self._app_language is None:
            self._app_language = i18n.current_language()
        if code != i18n.current_language():
            i18n.set_language(code)
        text.retranslate(self.ui)

    def _restore_language(self) -> None:
        if self._app_language is not None:
            i18n.set_language(self._app_language)
            self._app_language = None
            text.retranslate(self.ui)

    def tick(self) -> None:
        """Let the engine's time pass and redraw what changed."""
        self.render(self.engine.tick())

    def render(self, state: GameState) -> None:
        """Draw *state*: a whole page when the phase or question changed, else the timer."""
        key = (state.phase, state.seq)
        if key == self._rendered:
            self._update_timer(state)
            return
        previous = self._rendered
        self._rendered = key
        self.ui.pages.setCurrentWidget(getattr(self.ui, PAGES[state.phase]))
        self.shown_at = self.clock()
        if state.phase is not Phase.ATTRACT:
            self.pulse.stop()  # no animation while a child plays
        if state.phase is Phase.ATTRACT:
            self._render_attract()
        elif state.phase is Phase.PLAYER:
            self._use_language(self.language)
            pages.fill_who(self)
        elif state.phase is Phase.INTRO:
            self._render_question(state)
        elif state.phase is Phase.ANSWERING:
            if previous is None or previous[1] != state.seq:
                self._render_question(state)
            self._set_answers_enabled(True)
            self._update_timer(state)
        elif state.phase is Phase.EXPLANATION:
            pages.render_explanation(self, state)
        elif state.phase is Phase.RESULTS:
            render_results(self, state)
        self.phase_rendered.emit(state.phase.value)

    def _render_attract(self) -> None:
        self.keys_used = False
        self.speaker.stop()
        self._restore_language()
        pages.render_attract(self)
        self.pulse.start()

    def _render_question(self, state: GameState) -> None:
        question = state.question
        assert question is not None
        lang = state.language
        ui = self.ui
        ui.progressLabel.setText(
            _("Question {n} of {total}").format(n=state.index + 1, total=state.total)
        )
        ui.scoreLabel.setText(_("{points} points").format(points=state.score))
        ui.promptLabel.setText(question.prompt.get(lang))
        ui.hintLabel.setText(text.hint(question, lang))
        ui.timerBar.setVisible(self.engine.config.timed)
        ui.timerBar.setValue(1000)
        image = question.image if question.type != "tap_hotspot" else None
        ui.questionImage.setVisible(bool(image))
        if image:
            ui.questionImage.setPixmap(
                self.picture(image).scaledToHeight(240, Qt.TransformationMode.SmoothTransformation)
            )
        self._selected_hotspots = []
        pages.fill_answers(self, question, lang)
        self._set_answers_enabled(state.phase is Phase.ANSWERING)
        if self._rendered and ui.speakButton.isChecked():
            self._read_question()

    def picture(self, path: object) -> QPixmap:
        """The picture at *path*, decoded once per game board (pictures repeat all day)."""
        key = str(path)
        if key not in self._pictures:
            self._pictures[key] = QPixmap(key)
        return self._pictures[key]

    def _set_answers_enabled(self, enabled: bool) -> None:
        for widget in (
            *self.answer_buttons,
            self.order_board,
            self.hotspot_picture,
            self.ui.estimateSlider,
            self.ui.minusButton,
            self.ui.plusButton,
            self.ui.doneButton,
        ):
            widget.setEnabled(enabled)

    def _update_timer(self, state: GameState) -> None:
        if state.phase is Phase.ANSWERING and state.seconds_left is not None:
            limit = self.engine.config.time_limit
            self.ui.timerBar.setValue(int(1000 * max(0.0, state.seconds_left) / limit))

    def _read_question(self) -> None:
        question = self.engine.state.question
        if question is not None:
            self.speaker.say(
                text.spoken(question, self.engine.state.language), self.engine.state.language
            )

    def _on_engine_finished(self, record: GameRecord) -> None:
        self.last_game = results.save_game(self.store, self.quiz_event.id, record)
        self.game_saved.emit(self.last_game)

    def stop(self) -> None:
        """Stop the tick and the voice (the screen is going away)."""
        self.timer.stop()
        self.speaker.stop()
        self._restore_language()
        self.pulse.remove()
        for widget in self.owned + self.who_buttons + self.pack_cards:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self.owned, self.who_buttons, self.pack_cards = [], [], []
        self.ui.ageTitle.show()
