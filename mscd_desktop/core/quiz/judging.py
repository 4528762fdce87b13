"""Judging an answer to any question type: how right it is, as a credit from 0 to 1.

Partial credit (then rounded down to quarters by :mod:`scoring`):

- multiple_select / tap_hotspot with several targets: (right picks − wrong picks) / targets
- order: share of item pairs in the right relative order, rescaled so that a random
  order earns about nothing: ``max(0, 2 · concordant / pairs − 1)``
- estimate / live_meter: 1 within ``tolerance.full`` percent of the right value, ½
  within ``tolerance.partial`` percent, else 0 (percent of the range when the value is 0)

Live-meter questions are judged against the reading of a :class:`LiveMeter`, a protocol
the energy sources (``core/energy``) provide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from mscd_desktop.core.quiz.packs import Question

Response = str | bool | float | tuple[str, ...] | None


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


def _as_ids(response: Response) -> tuple[str, ...]:
    if response is None or isinstance(response, bool | float | int):
        return ()
    if isinstance(response, str):
        return (response,)
    return tuple(str(r) for r in response)


def _set_credit(picked: Sequence[str], targets: Sequence[str]) -> float:
    wanted, chosen = set(targets), set(picked)
    if not wanted:
        return 0.0
    if chosen == wanted:
        return 1.0
    return max(0.0, (len(chosen & wanted) - len(chosen - wanted)) / len(wanted))


def _order_credit(given: Sequence[str], right: Sequence[str]) -> float:
    if list(given) == list(right):
        return 1.0
    if sorted(given) != sorted(right) or len(right) < 2:
        return 0.0
    where = {item: i for i, item in enumerate(given)}
    pairs = concordant = 0
    for i in range(len(right)):
        for j in range(i + 1, len(right)):
            pairs += 1
            concordant += where[right[i]] < where[right[j]]
    return max(0.0, 2 * concordant / pairs - 1)


def _estimate_credit(value: float, target: float, question: Question) -> float:
    tolerance = question.tolerance
    full, partial = (tolerance.full, tolerance.partial) if tolerance else (0.0, 0.0)
    if target:
        off = abs(value - target) / abs(target) * 100
    else:
        span = (question.max or 0) - (question.min or 0)
        off = abs(value - target) / span * 100 if span else (0.0 if value == target else 100)
    if off <= full + 1e-9:
        return 1.0
    if off <= partial + 1e-9:
        return 0.5
    return 0.0


def _number(response: Response) -> float | None:
    if isinstance(response, bool) or response is None:
        return None
    try:
        return float(response)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def judge(question: Question, response: Response, live_reading: float | None = None) -> Judgement:
    """Judge *response* to *question*; *live_reading* (watts) is needed for live-meter ones."""
    kind = question.type
    expected: Response = question.answer
    credit = 0.0
    if kind == "single_choice":
        credit = 1.0 if isinstance(response, str) and response == question.answer else 0.0
    elif kind == "true_false":
        credit = 1.0 if isinstance(response, bool) and response is question.answer else 0.0
    elif kind in ("multiple_select", "tap_hotspot"):
        credit = _set_credit(_as_ids(response), _as_ids(question.answer))
    elif kind == "order":
        credit = _order_credit(_as_ids(response), _as_ids(question.answer))
    elif kind in ("estimate", "live_meter"):
        target = live_reading if kind == "live_meter" else _number(question.answer)
        expected = target
        value = _number(response)
        if value is not None and target is not None:
            credit = _estimate_credit(value, target, question)
    else:
        raise ValueError(f"unknown question type {kind!r}")
    return Judgement(question.id, response, credit, expected)
