"""Question types as data: one registry declares each type's fields, checks, judging and
words; the schema, the loader and the judge all follow it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mscd_desktop.core.quiz import QUESTION_TYPES, QuestionType, load_pack
from mscd_desktop.core.quiz.judging import judge
from mscd_desktop.core.quiz.packs import Question, Tolerance
from mscd_desktop.core.quiz.question_types import RULES, needs_live_reading, rules_for
from mscd_desktop.core.quiz.validation import load_schema

DATA = Path(__file__).parent / "data"


def test_every_question_type_has_its_rules_and_the_schema_knows_the_same_types():
    assert set(RULES) == set(QuestionType)
    assert all(rules.type is kind for kind, rules in RULES.items())
    schema_types = load_schema()["$defs"]["question"]["properties"]["type"]["enum"]
    assert sorted(schema_types) == sorted(QUESTION_TYPES) == sorted(t.value for t in QuestionType)


def test_a_loaded_question_carries_its_type_member_and_its_rules():
    pack = load_pack(DATA / "sample.json")
    for question in pack.questions:
        assert isinstance(question.type, QuestionType)
        assert rules_for(question) is RULES[question.type]
        assert question.type == question.type.value  # still equal to the JSON string
    assert [q.id for q in pack.questions if needs_live_reading(q)] == ["sample-live"]


def test_the_right_answer_is_written_in_words_for_every_type():
    pack = load_pack(DATA / "sample.json")
    words = {
        q.type.value: rules_for(q).answer_text(
            q, 2100.0 if q.type == "live_meter" else q.answer, "en"
        )
        for q in pack.questions
    }
    assert words == {
        "single_choice": "The answer: Wood chips",
        "true_false": "The answer: True",
        "multiple_select": "The answer: Pellets, Olive pits",
        "order": "The right order: LED lamp (8) → TV (80) → Kettle (2,200)",
        "estimate": "The answer: 1,488 homes",
        "tap_hotspot": "The answer: TV on standby",
        "live_meter": "The meter read 2,100 W.",
    }


def meter_question(low: float = 0, high: float = 300, step: float = 5) -> Question:
    """The fridge question of the saving pack: 0–300 W in steps of 5, 15 % / 35 %."""
    return Question(
        id="fridge",
        type=QuestionType.LIVE_METER,
        age_bands=("8-11",),
        prompt=None,  # type: ignore[arg-type]
        explanation=None,  # type: ignore[arg-type]
        source=None,  # type: ignore[arg-type]
        min=low,
        max=high,
        step=step,
        tolerance=Tolerance(15, 35),
        channel="fridge",
    )


@pytest.mark.parametrize(
    ("reading", "set_to", "credit"),
    [
        (1.5, 0.0, 1.0),  # the fridge rests: "almost nothing" is right
        (1.5, 5.0, 0.5),  # one step off the nearest position: half
        (1.5, 10.0, 0.0),
        (0.0, 0.0, 1.0),  # solar panels at night
        (2.4, 0.0, 1.0),  # the nearest slider position always gets full marks
        (2.6, 5.0, 1.0),
        (80.0, 70.0, 1.0),  # big readings keep their percentage: 15 % of 80 W = 12 W
        (80.0, 60.0, 0.5),  # 25 % off, within 35 %
        (80.0, 45.0, 0.0),
    ],
)
def test_a_live_reading_near_zero_can_still_be_read_rightly(reading, set_to, credit):
    assert judge(meter_question(), set_to, live_reading=reading).credit == credit


def test_dusk_solar_on_a_coarse_slider_scores_for_almost_nothing():
    solar = meter_question(high=4000, step=50)  # saving-teens-14
    assert judge(solar, 0.0, live_reading=12.0).credit == 1.0
    assert judge(solar, 50.0, live_reading=12.0).credit == 0.5
    assert judge(solar, 100.0, live_reading=12.0).credit == 0.0
    assert judge(solar, 1500.0, live_reading=1700.0).credit == 1.0  # 12 % off
