"""Judging an answer to any question type: how right it is, as a credit from 0 to 1.

Each type's rule (and its partial credit) is declared in :mod:`.question_types`. Live-meter
questions are judged against the reading of a :class:`LiveMeter`, a protocol the energy
sources (``core/energy``) provide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from mscd_desktop.core.quiz.packs import Answer, Question
from mscd_desktop.core.quiz.question_types import rules_for

Response = Answer


@runtime_checkable
class LiveMeter(Protocol):
    """A live energy source the quiz can ask for the current power of a channel."""

    def read_watts(self, channel: str) -> float | None:
        """The latest reading of *channel* in watts, or None when there is none."""
        ...


@dataclass(frozen=True)
class Judgement:
    """How one answer was judged."""

    question_id: str
    response: Response
    credit: float  # raw, 0..1
    expected: Response  # the right answer (the live reading for live-meter questions)

    @property
    def correct(self) -> bool:
        """Fully right."""
        return self.credit >= 1


def judge(question: Question, response: Response, live_reading: float | None = None) -> Judgement:
    """Judge *response* to *question*; *live_reading* (watts) is needed for live-meter ones."""
    credit, expected = rules_for(question).judge(question, response, live_reading)
    return Judgement(question.id, response, credit, expected)
