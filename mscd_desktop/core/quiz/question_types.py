"""Question types as data: what each kind of quiz question needs and does, in one place.

:data:`RULES` holds one :class:`QuestionRules` per :class:`~.packs.QuestionType`. Each says:

- ``fields``: the JSON fields the type uses besides the common ones (others are refused)
- ``read_answer``: the pack's ``answer`` as the model keeps it
- ``check``: what the JSON schema cannot say (an answer key that fits the question); it
  returns ``(field, message)`` pairs
- ``judge``: how right a response is, as a credit from 0 to 1 (the input of
  :mod:`.scoring`), and the right answer to show (the live reading for a live meter)
- ``answer_text``: the right answer in words, for the kiosk, results and reports
- ``option_texts``: the answers offered, in words (read aloud)
- ``live``: judged against a live meter reading (played only while a source runs)

Partial credit (rounded down to quarters by :mod:`.scoring`):

- multiple_select / tap_hotspot with several targets: (right picks − wrong picks) / targets
- order: share of item pairs in the right relative order, rescaled so that a random
  order earns about nothing: ``max(0, 2 · concordant / pairs − 1)``
- estimate / live_meter: 1 within ``tolerance.full`` percent of the right value, ½ within
  ``tolerance.partial`` percent, else 0 (percent of the range when the value is 0). The
  slider cannot be set finer than its step, so the allowed error is never less than half a
  step for full marks and one and a half steps for half marks: a child who reads "almost
  nothing" off a fridge resting at 1.5 W, or solar panels at dusk, and sets 0 is right.

The kiosk adds each type's page and keys (``gui/kiosk/question_types.py``), keyed by the
same :class:`~.packs.QuestionType` members; a test holds the two registries to each other.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.quiz.packs import Answer, Question, QuestionType
from mscd_desktop.i18n import _

EPSILON = 1e-9
# A hotspot narrower or lower than this share of the picture is too small for a finger
# (8 % of a picture shown 900 px wide on a 15" kiosk is about 18 mm).
MIN_HOTSPOT = 0.08
# The slider cannot be set finer than its step: the allowed error never drops below these
# many steps (half a step: the slider position nearest to any reading gets full marks).
FULL_FLOOR_STEPS = 0.5
PARTIAL_FLOOR_STEPS = 1.5

Data = Mapping[str, Any]
Problems = list[tuple[str, str]]  # (field, message)


@dataclass(frozen=True)
class QuestionRules:
    """Everything core knows about one question type (see the module docstring)."""

    type: QuestionType
    fields: frozenset[str]
    read_answer: Callable[[Any], Answer]
    check: Callable[[Data], Problems]
    judge: Callable[[Question, Answer, float | None], tuple[float, Answer]]
    answer_text: Callable[[Question, Answer, str], str]
    option_texts: Callable[[Question, str], list[str]]
    live: bool = False


def rules_for(question: Question) -> QuestionRules:
    """The rules of *question*'s type."""
    return RULES[QuestionType(question.type)]


def needs_live_reading(question: Question) -> bool:
    """Whether *question* is judged against a live reading (skipped when none runs)."""
    return rules_for(question).live


def number_text(value: float) -> str:
    """*value* written the way the current language writes numbers ("2,5"; "4546" in
    Spanish, "4 546" in Swedish), with at most two decimals."""
    return current_formats().decimal(value, 2)


def _exact(value: float) -> str:
    """A pack's figure in a message to its author, as precise as it was written."""
    return current_formats().decimal(value, 6)


# -- reading answers ----------------------------------------------------------------------


def _as_is(value: Answer) -> Answer:  # the schema has checked the pack's JSON
    return value


def _id_tuple(value: Any) -> Answer:
    return tuple(value)


def _as_float(value: Any) -> Answer:
    return float(value)


def _no_answer(_value: Any) -> Answer:
    return None


# -- checks -------------------------------------------------------------------------------


def _id_list_problems(answer: Sequence[str], known: list[str], what: str) -> Problems:
    problems = [
        (
            "answer",
            _("The answer {value} is not one of the {what}: {known}.").format(
                value=value, what=what, known=", ".join(known)
            ),
        )
        for value in answer
        if value not in known
    ]
    if len(set(answer)) != len(answer):
        problems.append(("answer", _("The answer lists the same id twice.")))
    return problems


def _choice_ids(q: Data) -> list[str]:
    return [c["id"] for c in q["choices"]]


def _check_single(q: Data) -> Problems:
    return _id_list_problems([q["answer"]], _choice_ids(q), _("choices"))


def _check_nothing_more(_q: Data) -> Problems:
    """The schema already says all there is (a boolean answer)."""
    return []


def _check_multiple(q: Data) -> Problems:
    return _id_list_problems(q["answer"], _choice_ids(q), _("choices"))


def _check_order(q: Data) -> Problems:
    ids = [item["id"] for item in q["items"]]
    if sorted(q["answer"]) != sorted(ids):
        return [
            (
                "answer",
                _("The order answer must list every item exactly once (items: {items}).").format(
                    items=", ".join(ids)
                ),
            )
        ]
    values = {item["id"]: item.get("value") for item in q["items"]}
    ordered = [values[i] for i in q["answer"]]
    if None in ordered:
        return []
    rising = all(a <= b for a, b in pairwise(ordered))
    falling = all(a >= b for a, b in pairwise(ordered))
    if rising or falling:
        return []
    return [
        (
            "answer",
            _("The order answer does not follow the items' values ({values}).").format(
                values=", ".join(f"{i}={_exact(values[i])}" for i in q["answer"])
            ),
        )
    ]


def _check_range(q: Data) -> Problems:
    problems: Problems = []
    low, high, step = q["min"], q["max"], q["step"]
    if low >= high:
        problems.append(
            (
                "max",
                _("The maximum ({max}) must be more than the minimum ({min}).").format(
                    max=_exact(high), min=_exact(low)
                ),
            )
        )
    elif step > high - low:
        problems.append(
            (
                "step",
                _("The step ({step}) is larger than the slider's range.").format(step=_exact(step)),
            )
        )
    tolerance = q["tolerance"]
    if tolerance["full"] > tolerance["partial"]:
        problems.append(
            ("tolerance", _("The full-marks tolerance must not be wider than the partial one."))
        )
    return problems


def _on_grid(offset: float, step: float) -> bool:
    ratio = offset / step
    return math.isclose(ratio, round(ratio), abs_tol=1e-6)


def _check_estimate(q: Data) -> Problems:
    problems = _check_range(q)
    answer, low, high, step = q["answer"], q["min"], q["max"], q["step"]
    if not low <= answer <= high:
        problems.append(
            (
                "answer",
                _("The answer {answer} is outside the slider ({min} to {max}).").format(
                    answer=_exact(answer), min=_exact(low), max=_exact(high)
                ),
            )
        )
    elif step > 0 and not _on_grid(answer - low, step):
        problems.append(
            (
                "answer",
                _(
                    "The answer {answer} cannot be picked on the slider: "
                    "it is not the minimum plus whole steps of {step}."
                ).format(answer=_exact(answer), step=_exact(step)),
            )
        )
    return problems


def _check_hotspots(q: Data) -> Problems:
    problems: Problems = []
    for i, spot in enumerate(q["hotspots"]):
        x, y, w, h = spot["x"], spot["y"], spot["w"], spot["h"]
        if x < -EPSILON or y < -EPSILON or x + w > 1 + EPSILON or y + h > 1 + EPSILON:
            problems.append(
                (
                    f"hotspots[{i}]",
                    _(
                        "The hotspot {id} lies outside the picture: x, y, w and h are fractions "
                        "of the picture, so x + w and y + h must be at most 1."
                    ).format(id=spot["id"]),
                )
            )
        if w < MIN_HOTSPOT - EPSILON or h < MIN_HOTSPOT - EPSILON:
            problems.append(
                (
                    f"hotspots[{i}]",
                    _(
                        "The hotspot {id} is too small to tap with a finger: make w and h at "
                        "least {min}."
                    ).format(id=spot["id"], min=_exact(MIN_HOTSPOT)),
                )
            )
    return problems + _id_list_problems(
        q["answer"], [s["id"] for s in q["hotspots"]], _("hotspots")
    )


# -- judging ------------------------------------------------------------------------------


def _as_ids(response: Answer) -> tuple[str, ...]:
    if response is None or isinstance(response, bool | float | int):
        return ()
    if isinstance(response, str):
        return (response,)
    return tuple(str(r) for r in response)


def _number(response: Answer) -> float | None:
    if isinstance(response, bool) or not isinstance(response, (int, float, str)):
        return None
    try:
        return float(response)
    except (TypeError, ValueError):
        return None


def set_credit(picked: Sequence[str], targets: Sequence[str]) -> float:
    """Credit for picking *picked* when *targets* are right: (right − wrong) / targets."""
    wanted, chosen = set(targets), set(picked)
    if not wanted:
        return 0.0
    if chosen == wanted:
        return 1.0
    return max(0.0, (len(chosen & wanted) - len(chosen - wanted)) / len(wanted))


def order_credit(given: Sequence[str], right: Sequence[str]) -> float:
    """Credit for the order *given*: the share of pairs in the right order, rescaled."""
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


def estimate_credit(value: float, target: float, question: Question) -> float:
    """Credit for setting the slider to *value* when *target* is right (see the module
    docstring: percent tolerances, never tighter than the slider's step allows)."""
    tolerance = question.tolerance
    full, partial = (tolerance.full, tolerance.partial) if tolerance else (0.0, 0.0)
    span = (question.max or 0) - (question.min or 0)
    base = abs(target) if target else span  # percent of the range when the value is 0
    off = abs(value - target)
    percent = off / base * 100 if base else (0.0 if off == 0 else math.inf)
    step = question.step or 0.0
    if percent <= full + EPSILON or off <= FULL_FLOOR_STEPS * step + EPSILON:
        return 1.0
    if percent <= partial + EPSILON or off <= PARTIAL_FLOOR_STEPS * step + EPSILON:
        return 0.5
    return 0.0


def _judge_single(question: Question, response: Answer, _live: float | None) -> tuple:
    right = isinstance(response, str) and response == question.answer
    return (1.0 if right else 0.0), question.answer


def _judge_true_false(question: Question, response: Answer, _live: float | None) -> tuple:
    right = isinstance(response, bool) and response is question.answer
    return (1.0 if right else 0.0), question.answer


def _judge_set(question: Question, response: Answer, _live: float | None) -> tuple:
    return set_credit(_as_ids(response), _as_ids(question.answer)), question.answer


def _judge_order(question: Question, response: Answer, _live: float | None) -> tuple:
    return order_credit(_as_ids(response), _as_ids(question.answer)), question.answer


def _judge_number(target: float | None, question: Question, response: Answer) -> tuple:
    value = _number(response)
    if value is None or target is None:
        return 0.0, target
    return estimate_credit(value, target, question), target


def _judge_estimate(question: Question, response: Answer, _live: float | None) -> tuple:
    return _judge_number(_number(question.answer), question, response)


def _judge_live(question: Question, response: Answer, live: float | None) -> tuple:
    return _judge_number(live, question, response)


# -- words --------------------------------------------------------------------------------


def _the_answer(names: list[str]) -> str:
    return _("The answer: {answer}").format(answer=", ".join(names))


def _choices_answer(question: Question, expected: Answer, lang: str) -> str:
    wanted = set(_as_ids(expected))
    return _the_answer([c.text.get(lang) for c in question.choices if c.id in wanted])


def _true_false_answer(_question: Question, expected: Answer, _lang: str) -> str:
    return _the_answer([_("True") if expected else _("False")])


def _order_answer(question: Question, expected: Answer, lang: str) -> str:
    items = {i.id: i for i in question.items}
    in_order = [items[i] for i in _as_ids(expected) if i in items]
    names = [
        item.text.get(lang) + (f" ({number_text(item.value)})" if item.value is not None else "")
        for item in in_order
    ]
    return _("The right order: {answer}").format(answer=" → ".join(names))


def _hotspots_answer(question: Question, expected: Answer, lang: str) -> str:
    wanted = set(_as_ids(expected))
    return _the_answer([h.label.get(lang) for h in question.hotspots if h.id in wanted])


def _estimate_answer(question: Question, expected: Answer, lang: str) -> str:
    return _("The answer: {value} {unit}").format(
        value=number_text(_number(expected) or 0.0), unit=question.unit.get(lang)
    )


def _live_answer(question: Question, expected: Answer, lang: str) -> str:
    reading = _number(expected)
    if reading is None:
        return ""
    return _("The meter read {value} {unit}.").format(
        value=number_text(reading), unit=question.unit.get(lang)
    )


def _choice_texts(question: Question, lang: str) -> list[str]:
    return [c.text.get(lang) for c in question.choices]


def _true_false_texts(_question: Question, _lang: str) -> list[str]:
    return [_("True"), _("False")]


def _item_texts(question: Question, lang: str) -> list[str]:
    return [i.text.get(lang) for i in question.items]


def _no_texts(_question: Question, _lang: str) -> list[str]:
    return []


SLIDER_FIELDS = frozenset({"min", "max", "step", "unit", "tolerance"})

RULES: Mapping[QuestionType, QuestionRules] = MappingProxyType(
    {
        rules.type: rules
        for rules in (
            QuestionRules(
                QuestionType.SINGLE_CHOICE,
                fields=frozenset({"choices", "answer"}),
                read_answer=_as_is,
                check=_check_single,
                judge=_judge_single,
                answer_text=_choices_answer,
                option_texts=_choice_texts,
            ),
            QuestionRules(
                QuestionType.TRUE_FALSE,
                fields=frozenset({"answer"}),
                read_answer=_as_is,
                check=_check_nothing_more,
                judge=_judge_true_false,
                answer_text=_true_false_answer,
                option_texts=_true_false_texts,
            ),
            QuestionRules(
                QuestionType.MULTIPLE_SELECT,
                fields=frozenset({"choices", "answer"}),
                read_answer=_id_tuple,
                check=_check_multiple,
                judge=_judge_set,
                answer_text=_choices_answer,
                option_texts=_choice_texts,
            ),
            QuestionRules(
                QuestionType.ORDER,
                fields=frozenset({"items", "answer", "order_hint"}),
                read_answer=_id_tuple,
                check=_check_order,
                judge=_judge_order,
                answer_text=_order_answer,
                option_texts=_item_texts,
            ),
            QuestionRules(
                QuestionType.ESTIMATE,
                fields=SLIDER_FIELDS | {"answer"},
                read_answer=_as_float,
                check=_check_estimate,
                judge=_judge_estimate,
                answer_text=_estimate_answer,
                option_texts=_no_texts,
            ),
            QuestionRules(
                QuestionType.TAP_HOTSPOT,
                fields=frozenset({"hotspots", "answer"}),
                read_answer=_id_tuple,
                check=_check_hotspots,
                judge=_judge_set,
                answer_text=_hotspots_answer,
                option_texts=_no_texts,
            ),
            QuestionRules(
                QuestionType.LIVE_METER,
                fields=SLIDER_FIELDS | {"channel"},
                read_answer=_no_answer,
                check=_check_range,
                judge=_judge_live,
                answer_text=_live_answer,
                option_texts=_no_texts,
                live=True,
            ),
        )
    }
)
