"""Quiz scoring: accuracy first, speed and streaks only break near-ties.

The formula
-----------
Each answer earns **accuracy points** and a small **bonus**::

    credit    = judged correctness in [0, 1], rounded DOWN to a quarter (0, ¼, ½, ¾, 1)
    accuracy  = 1000 · credit                                  (BASE_POINTS = 1000)
    share     = floor(BONUS_CAP / questions_in_game)           (BONUS_CAP = 240)
    speed     = round(share · ⅔ · credit · (1 − t/T)),  t ≤ 0.5 s counts as 0,
                only in timed (Expert) mode; 0 in Explorer mode
    streak    = round(share · ⅓ · min(streak − 1, 4) / 4) for the 2nd, 3rd … full-credit
                answer in a row (streak = run length including this answer)
    game score = Σ accuracy + min(Σ (speed + streak), BONUS_CAP)

Every accuracy total is a multiple of 250 and every bonus total is at most 240, so
**more accuracy points always win**, whatever the speed: one more right answer (+1000) is
four steps ahead of the biggest bonus anyone can collect in a whole game. Equal accuracy
is decided by the bonus, then (on the leaderboard) by who finished first.

Compared with Kahoot's ``round(P · (1 − t/2T))`` plus a streak bonus of +100 … +500 per
answer: there a fast player with 5 right answers (≈ 5 · 1000 + 1000 streak) beats a slow
player with 6 right (≈ 6 · 500 + 1500 streak), which is what teachers and accessibility
reviewers criticise. Here the slower, more accurate child always places higher.
:func:`kahoot_points` implements the reference formula so tests can show the difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

BASE_POINTS = 1000
CREDIT_STEPS = 4  # credit is rounded down to quarters
BONUS_CAP = 240  # < BASE_POINTS / CREDIT_STEPS: a bonus can never outweigh accuracy
SPEED_SHARE = 2 / 3
GRACE_SECONDS = 0.5  # answers this fast count as instant (a reaction, not a race)
STREAK_STEPS = 4


def quantize_credit(raw: float) -> float:
    """*raw* correctness clamped to [0, 1] and rounded down to a quarter."""
    if math.isnan(raw) or raw <= 0:
        return 0.0
    if raw >= 1:
        return 1.0
    return math.floor(raw * CREDIT_STEPS + 1e-9) / CREDIT_STEPS


def bonus_share(questions_in_game: int) -> int:
    """The largest bonus one answer can earn in a game of *questions_in_game* questions."""
    return BONUS_CAP // max(1, questions_in_game)


@dataclass(frozen=True)
class AnswerScore:
    """Points for one answer."""

    credit: float
    accuracy: int
    speed_bonus: int
    streak_bonus: int
    streak: int  # full-credit answers in a row, including this one

    @property
    def bonus(self) -> int:
        """Speed plus streak bonus of this answer (before the game cap)."""
        return self.speed_bonus + self.streak_bonus


def score_answer(
    raw_credit: float,
    *,
    elapsed: float,
    time_limit: float | None,
    streak_before: int,
    questions_in_game: int,
) -> AnswerScore:
    """Score one answer.

    *elapsed* is the seconds from when answers were enabled to the tap; *time_limit* is
    None in untimed (Explorer) mode; *streak_before* counts the full-credit answers in a
    row before this one.
    """
    credit = quantize_credit(raw_credit)
    accuracy = round(BASE_POINTS * credit)
    share = bonus_share(questions_in_game)
    speed = 0
    if time_limit and time_limit > 0 and credit > 0:
        used = 0.0 if elapsed <= GRACE_SECONDS else min(max(elapsed, 0.0), time_limit)
        speed = round(share * SPEED_SHARE * credit * (1 - used / time_limit))
    streak = streak_before + 1 if credit >= 1 else 0
    streak_bonus = 0
    if streak >= 2:
        steps = min(streak - 1, STREAK_STEPS)
        streak_bonus = math.floor(share * (1 - SPEED_SHARE) * steps / STREAK_STEPS)
    return AnswerScore(credit, accuracy, speed, streak_bonus, streak)


@dataclass
class GameScore:
    """Running score of one game; :meth:`add` applies the rule above answer by answer."""

    questions_in_game: int
    time_limit: float | None = None
    answers: list[AnswerScore] = field(default_factory=list)

    @property
    def streak(self) -> int:
        """Full-credit answers in a row so far."""
        return self.answers[-1].streak if self.answers else 0

    def add(self, raw_credit: float, elapsed: float) -> AnswerScore:
        """Score the next answer and keep it."""
        scored = score_answer(
            raw_credit,
            elapsed=elapsed,
            time_limit=self.time_limit,
            streak_before=self.streak,
            questions_in_game=self.questions_in_game,
        )
        self.answers.append(scored)
        return scored

    def add_skipped(self) -> AnswerScore:
        """A question that timed out or was skipped: no points, the streak ends."""
        scored = AnswerScore(0.0, 0, 0, 0, 0)
        self.answers.append(scored)
        return scored

    @property
    def accuracy(self) -> int:
        """Sum of accuracy points."""
        return sum(a.accuracy for a in self.answers)

    @property
    def bonus(self) -> int:
        """Sum of bonuses, capped at :data:`BONUS_CAP` for the whole game."""
        return min(BONUS_CAP, sum(a.bonus for a in self.answers))

    @property
    def total(self) -> int:
        """The game's score."""
        return self.accuracy + self.bonus

    @property
    def correct(self) -> int:
        """Answers with full credit."""
        return sum(1 for a in self.answers if a.credit >= 1)


def game_total(credits: list[float], elapsed: list[float], time_limit: float | None) -> int:
    """The score of a whole game given each answer's raw credit and time (for tests, benches)."""
    game = GameScore(len(credits), time_limit)
    for credit, seconds in zip(credits, elapsed, strict=True):
        game.add(credit, seconds)
    return game.total


def kahoot_points(correct: list[bool], elapsed: list[float], time_limit: float) -> int:
    """Kahoot!'s reference scoring (for comparison only): P·(1 − t/2T) + streak +100…+500."""
    total, streak = 0, 0
    for right, seconds in zip(correct, elapsed, strict=True):
        if not right:
            streak = 0
            continue
        points = (
            1000
            if seconds < GRACE_SECONDS
            else round(1000 * (1 - min(seconds, time_limit) / time_limit / 2))
        )
        streak += 1
        total += points + (min(100 * (streak - 1), 500) if streak >= 2 else 0)
    return total
