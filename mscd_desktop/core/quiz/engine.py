"""The kiosk game as a pure state machine (no Qt): the screens render its :class:`GameState`.

    ATTRACT ─tap─▶ PLAYER (language, age band, who plays) ─▶ INTRO (question shown,
    answers disabled) ─▶ ANSWERING ─answer/time out─▶ EXPLANATION ─next─▶ INTRO … ─▶
    RESULTS ─timeout/tap─▶ ATTRACT

Time comes from an injected clock and moves on only in :meth:`QuizEngine.tick`, so tests
drive it exactly. A child hammering the screen can never skip a question or score twice:
every answer and "next" carries the sequence number of the question it was given for, and
the engine ignores anything not for the current question and phase. After
``idle_seconds`` without a touch the game goes back to ATTRACT and the player is wiped.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from mscd_desktop.core.quiz.judging import Judgement, LiveMeter, Response, judge
from mscd_desktop.core.quiz.packs import Question
from mscd_desktop.core.quiz.question_types import needs_live_reading
from mscd_desktop.core.quiz.scoring import AnswerScore, GameScore


class Phase(Enum):
    """Where the game is."""

    ATTRACT = "attract"
    PLAYER = "player"
    INTRO = "intro"
    ANSWERING = "answering"
    EXPLANATION = "explanation"
    RESULTS = "results"


class Mode(Enum):
    """Explorer: no timer, read-aloud on (the youngest). Expert: timed."""

    EXPLORER = "explorer"
    EXPERT = "expert"


@dataclass(frozen=True)
class GameConfig:
    """How games are played on this kiosk (chosen by the organiser)."""

    mode: Mode = Mode.EXPLORER
    questions_per_game: Mapping[str, int] = field(default_factory=lambda: {"8-11": 8, "12-15": 10})
    intro_seconds: float = 1.5
    time_limit: float = 20.0  # Expert mode only
    idle_seconds: float = 60.0
    results_seconds: float = 25.0

    @property
    def timed(self) -> bool:
        """Whether answers are timed (Expert mode)."""
        return self.mode is Mode.EXPERT

    @property
    def read_aloud(self) -> bool:
        """Whether questions are read aloud by default (Explorer mode)."""
        return self.mode is Mode.EXPLORER


@dataclass(frozen=True)
class Player:
    """Who plays: a first name or generated nickname (never a surname), or a team."""

    name: str
    avatar: str = ""
    attendee_id: str | None = None
    group_id: str | None = None
    team: bool = False


@dataclass(frozen=True)
class AnswerRecord:
    """One question of a finished game."""

    question_id: str
    pack_id: str
    judgement: Judgement | None  # None: time ran out
    score: AnswerScore
    seconds: float

    @property
    def missed(self) -> bool:
        """Not fully right (for the "questions to revisit" list and reports)."""
        return self.score.credit < 1


@dataclass(frozen=True)
class GameRecord:
    """A finished game, handed to the results store."""

    player: Player
    language: str
    age_band: str
    mode: Mode
    answers: tuple[AnswerRecord, ...]
    score: int
    correct: int
    started_at: float
    finished_at: float


@dataclass(frozen=True)
class GameState:
    """A snapshot for the screen to render."""

    phase: Phase
    seq: int = 0
    language: str = "en"
    age_band: str | None = None
    player: Player | None = None
    question: Question | None = None
    index: int = 0  # 0-based position of the question in the game
    total: int = 0
    seconds_left: float | None = None
    judgement: Judgement | None = None
    last_score: AnswerScore | None = None
    score: int = 0
    correct: int = 0
    record: GameRecord | None = None


class QuizEngine:
    """One kiosk's game loop. Feed it taps and ticks; read :attr:`state`."""

    def __init__(
        self,
        pools: Mapping[str, Sequence[Question]],
        config: GameConfig | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        live_meter: LiveMeter | None = None,
        rng: random.Random | None = None,
        on_finished: Callable[[GameRecord], object] | None = None,
    ) -> None:
        self.pools = {band: list(questions) for band, questions in pools.items()}
        self.config = config or GameConfig()
        self.clock = clock
        self.live_meter = live_meter
        self.rng = rng or random.Random()
        self.on_finished = on_finished
        self._seq = 0
        self._last_activity = clock()
        self._reset()

    # -- state ----------------------------------------------------------------------------

    def _reset(self) -> None:
        self._questions: list[Question] = []
        self._answers: list[AnswerRecord] = []
        self._game: GameScore | None = None
        self._phase_since = self.clock()
        self._live_reading: float | None = None
        self.state = GameState(Phase.ATTRACT, seq=self._seq)

    def _set(self, **changes: Any) -> GameState:  # GameState's fields, checked by replace()
        if "phase" in changes:
            self._phase_since = self.clock()
        self.state = replace(self.state, **changes)
        return self.state

    def touch(self) -> None:
        """Any touch, click or key press: keeps the game from timing out."""
        self._last_activity = self.clock()

    # -- attract and player ---------------------------------------------------------------

    def start(self) -> GameState:
        """Tap on the attract screen: go to language and player choice."""
        self.touch()
        if self.state.phase is Phase.ATTRACT:
            self._set(phase=Phase.PLAYER)
        return self.state

    def choose_language(self, language: str) -> GameState:
        """The language the player reads in (the questions fall back to English)."""
        self.touch()
        if self.state.phase is Phase.PLAYER:
            self._set(language=language)
        return self.state

    def available_questions(self, age_band: str) -> list[Question]:
        """The pool of an age band; live-meter questions only while their channel has a
        live reading (none when no live source runs)."""
        return [
            q
            for q in self.pools.get(age_band, [])
            if not needs_live_reading(q) or self._read_live(q) is not None
        ]

    def begin(self, player: Player, age_band: str) -> GameState:
        """Start a game for *player* with questions of *age_band*."""
        self.touch()
        if self.state.phase is not Phase.PLAYER:
            return self.state
        pool = self.available_questions(age_band)
        wanted = self.config.questions_per_game.get(age_band, 8)
        picked = self.rng.sample(pool, min(wanted, len(pool)))
        if not picked:
            return self.state
        self._questions = picked
        self._answers = []
        self._game = GameScore(len(picked), self.config.time_limit if self.config.timed else None)
        self._started = self.clock()
        self._set(player=player, age_band=age_band, total=len(picked), score=0, correct=0)
        return self._show(0)

    def _show(self, index: int) -> GameState:
        while index < len(self._questions):
            question = self._questions[index]
            if not needs_live_reading(question):
                break
            self._live_reading = self._read_live(question)
            if self._live_reading is not None:
                break
            # The live source stopped: this question is dropped, not counted as missed.
            del self._questions[index]
            self._game = (
                GameScore(len(self._questions), self._game.time_limit, self._game.answers)
                if self._game
                else None
            )
        if index >= len(self._questions):
            return self._finish()
        self._seq += 1
        return self._set(
            phase=Phase.INTRO,
            seq=self._seq,
            question=self._questions[index],
            index=index,
            total=len(self._questions),
            judgement=None,
            last_score=None,
            seconds_left=None,
        )

    def _read_live(self, question: Question) -> float | None:
        if self.live_meter is None or not question.channel:
            return None
        try:
            return self.live_meter.read_watts(question.channel)
        except Exception:  # a flaky source must not crash the kiosk
            return None

    # -- answering ------------------------------------------------------------------------

    def answer(self, seq: int, response: Response) -> GameState | None:
        """The player's answer to question *seq*; None (ignored) if it is not for now."""
        self.touch()
        if self.state.phase is not Phase.ANSWERING or seq != self.state.seq:
            return None
        question = self.state.question
        assert question is not None and self._game is not None
        reading = self._live_reading
        if needs_live_reading(question):
            fresh = self._read_live(question)  # 0 W (solar at night) is a reading too
            reading = fresh if fresh is not None else reading
        judgement = judge(question, response, reading)
        elapsed = self.clock() - self._phase_since
        scored = self._game.add(judgement.credit, elapsed)
        return self._explain(question, judgement, scored, elapsed)

    def _explain(
        self, question: Question, judgement: Judgement | None, scored: AnswerScore, elapsed: float
    ) -> GameState:
        assert self._game is not None
        self._answers.append(
            AnswerRecord(question.id, question.pack_id, judgement, scored, round(elapsed, 3))
        )
        if judgement is None:
            expected = self._live_reading if needs_live_reading(question) else question.answer
            judgement = Judgement(question.id, None, 0.0, expected)
        return self._set(
            phase=Phase.EXPLANATION,
            judgement=judgement,
            last_score=scored,
            score=self._game.total,
            correct=self._game.correct,
            seconds_left=None,
        )

    def next(self, seq: int) -> GameState | None:
        """ "Next" on the explanation of question *seq*; None (ignored) if not for now."""
        self.touch()
        if self.state.phase is not Phase.EXPLANATION or seq != self.state.seq:
            return None
        return self._show(self.state.index + 1)

    def _finish(self) -> GameState:
        assert self._game is not None and self.state.player is not None
        record = GameRecord(
            player=self.state.player,
            language=self.state.language,
            age_band=self.state.age_band or "",
            mode=self.config.mode,
            answers=tuple(self._answers),
            score=self._game.total,
            correct=self._game.correct,
            started_at=self._started,
            finished_at=self.clock(),
        )
        self._seq += 1
        state = self._set(
            phase=Phase.RESULTS,
            seq=self._seq,
            question=None,
            record=record,
            score=record.score,
            correct=record.correct,
        )
        if self.on_finished is not None:
            self.on_finished(record)
        return state

    def finish_results(self) -> GameState:
        """Leave the results screen (tap or timeout): back to ATTRACT, player wiped."""
        if self.state.phase is Phase.RESULTS:
            self.reset()
        return self.state

    def reset(self) -> GameState:
        """Back to ATTRACT; the previous player and game are forgotten."""
        self._seq += 1
        self._reset()
        return self.state

    # -- time -----------------------------------------------------------------------------

    def tick(self) -> GameState:
        """Let time pass: end the intro, time out answers, idle and results screens."""
        now = self.clock()
        phase = self.state.phase
        if phase is Phase.ATTRACT:
            return self.state
        if phase is not Phase.RESULTS and now - self._last_activity >= self.config.idle_seconds:
            return self.reset()
        in_phase = now - self._phase_since
        if phase is Phase.INTRO and in_phase >= self.config.intro_seconds:
            self._set(
                phase=Phase.ANSWERING,
                seconds_left=self.config.time_limit if self.config.timed else None,
            )
        elif phase is Phase.ANSWERING and self.config.timed:
            left = self.config.time_limit - in_phase
            if left <= 0:
                assert self._game is not None and self.state.question is not None
                return self._explain(
                    self.state.question, None, self._game.add_skipped(), self.config.time_limit
                )
            self._set(seconds_left=left)
        elif phase is Phase.RESULTS and in_phase >= self.config.results_seconds:
            return self.finish_results()
        return self.state
