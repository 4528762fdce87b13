"""The kiosk game board: renders the engine's state on the pages of ``ui/kiosk/kiosk_screen.ui``.

:class:`KioskGame` owns a :class:`~mscd_desktop.core.quiz.engine.QuizEngine`, feeds it
taps, keys and a 100 ms tick, and redraws a page only when the phase or question changes
(the timer bar is the only thing updated on every tick). Every tap carries the sequence
number of the question it was shown for, so the engine can drop late or double taps.

The pages draw themselves (:mod:`.pages`, :mod:`.results`); the answer area is filled and
read by each question type's kiosk rules (:mod:`.question_types`). None of them imports
this module: they report back through signals.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from mscd_desktop import i18n
from mscd_desktop.core.events import Event
from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import GameRecord, GameState, Phase, Player, QuizEngine
from mscd_desktop.core.quiz.judging import LiveMeter, Response
from mscd_desktop.core.quiz.kiosk import GroupSession, KioskSettings, PackSelection
from mscd_desktop.core.quiz.nicknames import AVATARS, generate_nickname
from mscd_desktop.core.store import Store
from mscd_desktop.gui.kiosk import text
from mscd_desktop.gui.kiosk.animals import AvatarButton, PlayerBadge
from mscd_desktop.gui.kiosk.answer_area import AnswerArea, Pictures
from mscd_desktop.gui.kiosk.art import PackCard, Pulse
from mscd_desktop.gui.kiosk.hotspot_picture import HotspotPicture
from mscd_desktop.gui.kiosk.pages import AttractPage, ExplanationPage, PlayerPage
from mscd_desktop.gui.kiosk.question_types import kiosk_rules_for, spoken_text
from mscd_desktop.gui.kiosk.results import ResultsPage
from mscd_desktop.gui.kiosk.speech import Speaker
from mscd_desktop.gui.kiosk.widgets import AnswerButton, OrderBoard
from mscd_desktop.i18n import _

TICK_MS = 100
RESULTS_KEY_DELAY = 3.0  # seconds before Enter leaves the results (a hammered "Next")
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
        self._build_pages()
        self._connect()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.render(self.engine.state)

    # -- set-up ---------------------------------------------------------------------------

    def _build_pages(self) -> None:
        ui = self.ui
        pictures = Pictures()
        self.answers = AnswerArea(ui, pictures, self.rng, self)
        self.attract = AttractPage(ui, self.store, self.quiz_event, self.selection)
        pack_languages = [lang for p in self.selection.packs for lang in p.languages]
        languages = list(dict.fromkeys([*self.quiz_event.languages, *pack_languages]))
        self.player_page = PlayerPage(
            ui, self.store, self.quiz_event, languages, self.session, self
        )
        self.explanation = ExplanationPage(ui, pictures, self.speaker)
        self.results = ResultsPage(ui, self.store, self.quiz_event.id)
        self.badges = [PlayerBadge(ui.questionPage), PlayerBadge(ui.explanationPage)]
        ui.questionHeader.insertWidget(1, self.badges[0])
        ui.explanationLayout.insertWidget(0, self.badges[1], 0, Qt.AlignmentFlag.AlignLeft)
        self.pulse = Pulse(ui.playButton, self)
        self.owned: list[QWidget] = [  # widgets this game added to the form
            *self.answers.widgets,
            self.explanation.picture,
            *self.results.widgets,
            *self.badges,
        ]

    def _connect(self) -> None:
        ui = self.ui
        ui.playButton.clicked.connect(self._on_play_clicked)
        ui.nextButton.clicked.connect(self._on_next_clicked)
        ui.againButton.clicked.connect(self._on_again_clicked)
        ui.doneButton.clicked.connect(self._on_done_clicked)
        ui.speakButton.toggled.connect(self._on_speak_toggled)
        for i, button in enumerate(self.answers.buttons):
            button.clicked.connect(lambda _checked=False, i=i: self.choose(i, tapped=True))
        self.answers.answered.connect(self.answer)
        self.player_page.language_chosen.connect(self._on_language_chosen)
        self.player_page.player_chosen.connect(self.begin)
        self.player_page.avatar_chosen.connect(self.play_as_avatar)

    # -- the parts, by the names tests and the screen use ---------------------------------

    @property
    def answer_buttons(self) -> list[AnswerButton]:
        """The four answer buttons."""
        return self.answers.buttons

    @property
    def order_board(self) -> OrderBoard:
        """The cards of an order question."""
        return self.answers.order_board

    @property
    def hotspot_picture(self) -> HotspotPicture:
        """The picture of a tap-the-waster question."""
        return self.answers.hotspot_picture

    @property
    def explanation_picture(self) -> HotspotPicture:
        """The question's picture beside the explanation card."""
        return self.explanation.picture

    @property
    def stars(self):  # -> StarBurst
        """The stars of the results page."""
        return self.results.stars

    @property
    def top_ten(self):  # -> TopTenBoard
        """Today's top ten on the results page."""
        return self.results.top_ten

    @property
    def pack_cards(self) -> list[PackCard]:
        """The attract screen's pack cards."""
        return self.attract.pack_cards

    @property
    def who_buttons(self) -> list[QPushButton | AvatarButton]:
        """The player page's names or animals."""
        return self.player_page.who_buttons

    @property
    def age_group(self):  # -> QButtonGroup
        """The age buttons of the player page."""
        return self.player_page.age_group

    @property
    def keys_used(self) -> bool:
        """Whether someone plays with the arcade keys (the picture letters its hotspots)."""
        return self.answers.keys_used

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
        state = self.engine.state
        question = state.question
        if state.phase is not Phase.ANSWERING or question is None:
            return
        if not tapped:
            self.answers.keys_used = True
        kiosk_rules_for(question).press(self.answers, question, index, tapped)

    def confirm(self) -> None:
        """Enter: the main button of the page the child sees ("that's my answer", "next",
        "tap to play"; on the player page, a random animal)."""
        state = self.engine.state
        ui = self.ui
        if state.phase is Phase.ATTRACT and ui.playButton.isEnabled():
            ui.playButton.click()
        elif state.phase is Phase.PLAYER and self.session is None:
            self.play_as_avatar(self.rng.choice(list(AVATARS)))
        elif state.phase is Phase.ANSWERING:
            if ui.doneButton.isVisibleTo(ui.questionPage) and ui.doneButton.isEnabled():
                self.answers.keys_used = True
                ui.doneButton.click()
        elif state.phase is Phase.EXPLANATION:
            ui.nextButton.click()
        elif state.phase is Phase.RESULTS and self.clock() - self.shown_at >= RESULTS_KEY_DELAY:
            ui.againButton.click()

    def _on_done_clicked(self) -> None:
        question = self.engine.state.question
        if question is not None:
            self.answer(kiosk_rules_for(question).collect(self.answers, question))

    def nudge(self, direction: int) -> None:
        """Move the estimate slider by *direction* steps."""
        self.answers.nudge(direction)

    def _on_play_clicked(self) -> None:
        self.render(self.engine.start())

    def _on_next_clicked(self) -> None:
        state = self.engine.next(self._seq)
        if state is not None:
            self.render(state)

    def _on_again_clicked(self) -> None:
        self.render(self.engine.finish_results())

    def _on_language_chosen(self, language: str) -> None:
        self.engine.choose_language(language)
        self._use_language(language)
        self.player_page.fill()

    def _on_speak_toggled(self, on: bool) -> None:
        if on:
            self._read_question()
        else:
            self.speaker.stop()

    def begin(self, player: Player) -> None:
        """Start a game for *player* with the chosen language and age band."""
        self.engine.choose_language(self.language)
        self._use_language(self.language)
        self.render(self.engine.begin(player, self.player_page.age_band))

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
        return self.player_page.language

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
        self.ui.speakButton.setVisible(self.speaker.can_read(code))

    def _restore_language(self) -> None:
        if self._app_language is not None:
            i18n.set_language(self._app_language)
            self._app_language = None
            text.retranslate(self.ui)

    def tick(self) -> None:
        """Let the engine's time pass and redraw what changed."""
        self.render(self.engine.tick())

    def redraw(self) -> None:
        """Draw the page the game is on again (after the PIN page covered it)."""
        self._rendered = None
        self.render(self.engine.state)

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
            self.player_page.fill()
        elif state.phase is Phase.INTRO:
            self._render_question(state)
        elif state.phase is Phase.ANSWERING:
            if previous is None or previous[1] != state.seq:
                self._render_question(state)
            self.answers.set_enabled(True)
            self._update_timer(state)
        elif state.phase is Phase.EXPLANATION:
            self.explanation.render(state)
        elif state.phase is Phase.RESULTS:
            self.results.render(state, self.last_game)
        self.phase_rendered.emit(state.phase.value)

    def _render_attract(self) -> None:
        self.answers.keys_used = False
        self.speaker.stop()
        self._restore_language()
        self.attract.render()
        self.pulse.start()

    def _render_question(self, state: GameState) -> None:
        question = state.question
        assert question is not None
        lang = state.language
        ui = self.ui
        rules = kiosk_rules_for(question)
        ui.progressLabel.setText(
            _("Question {n} of {total}").format(n=state.index + 1, total=state.total)
        )
        ui.scoreLabel.setText(text.points(state.score))
        if state.player is not None:
            for badge in self.badges:
                badge.set_player(state.player.name, state.player.avatar)
        ui.promptLabel.setText(question.prompt.get(lang))
        ui.hintLabel.setText(rules.hint(question, lang))
        ui.timerBar.setVisible(self.engine.config.timed)
        ui.timerBar.setValue(1000)
        image = question.image if rules.page != "hotspotPage" else None
        ui.questionImage.setVisible(bool(image))
        if image:
            ui.questionImage.setPixmap(
                self.answers.pictures.get(image).scaledToHeight(
                    240, Qt.TransformationMode.SmoothTransformation
                )
            )
        self.answers.start(question, lang, rules.page)
        rules.fill(self.answers, question, lang)
        ui.doneButton.setVisible(rules.needs_done(question))
        self.answers.set_enabled(state.phase is Phase.ANSWERING)
        if self._rendered and ui.speakButton.isChecked():
            self._read_question()

    def _update_timer(self, state: GameState) -> None:
        if state.phase is Phase.ANSWERING and state.seconds_left is not None:
            limit = self.engine.config.time_limit
            self.ui.timerBar.setValue(int(1000 * max(0.0, state.seconds_left) / limit))

    def _read_question(self) -> None:
        question = self.engine.state.question
        if question is not None:
            language = self.engine.state.language
            self.speaker.say(spoken_text(question, language), language)

    def _on_engine_finished(self, record: GameRecord) -> None:
        self.last_game = results.save_game(self.store, self.quiz_event.id, record)
        self.game_saved.emit(self.last_game)

    def stop(self) -> None:
        """Stop the tick and the voice (the screen is going away)."""
        self.timer.stop()
        self.speaker.stop()
        self._restore_language()
        self.pulse.remove()
        self.player_page.remove()
        for widget in self.owned + self.attract.pack_cards:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self.owned, self.attract.pack_cards = [], []
