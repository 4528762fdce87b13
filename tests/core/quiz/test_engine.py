"""The game engine: every question type judged, phases, timing, idle reset, double taps."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mscd_desktop.core.quiz import load_pack, questions_for
from mscd_desktop.core.quiz.engine import GameConfig, Mode, Phase, Player, QuizEngine
from mscd_desktop.core.quiz.judging import judge

SAMPLE = Path(__file__).parent / "data" / "sample.json"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Meter:
    """A live source reading a fixed number of watts (None: no reading)."""

    def __init__(self, watts: float | None) -> None:
        self.watts = watts

    def read_watts(self, channel: str) -> float | None:
        return self.watts if channel == "kettle" else None


@pytest.fixture(scope="module")
def pack():
    return load_pack(SAMPLE)


def by_id(pack, question_id):
    return pack.question(question_id)


@pytest.mark.parametrize(
    ("qid", "response", "credit"),
    [
        ("sample-single", "b", 1.0),
        ("sample-single", "a", 0.0),
        ("sample-single", True, 0.0),
        ("sample-tf", True, 1.0),
        ("sample-tf", False, 0.0),
        ("sample-tf", "true", 0.0),
        ("sample-multi", ("a", "b"), 1.0),
        ("sample-multi", ("b", "a"), 1.0),
        ("sample-multi", ("a",), 0.5),
        ("sample-multi", ("a", "c"), 0.0),
        ("sample-multi", ("a", "b", "c"), 0.5),
        ("sample-order", ("led", "tv", "kettle"), 1.0),
        ("sample-order", ("kettle", "tv", "led"), 0.0),
        ("sample-order", ("tv", "led", "kettle"), 1 / 3),
        ("sample-order", ("led", "tv"), 0.0),
        ("sample-estimate", 1488.0, 1.0),
        ("sample-estimate", 1600.0, 1.0),
        ("sample-estimate", 1800.0, 0.5),
        ("sample-estimate", 100.0, 0.0),
        ("sample-estimate", None, 0.0),
        ("sample-hotspot", ("tv",), 1.0),
        ("sample-hotspot", ("window",), 0.0),
        ("sample-hotspot", "tv", 1.0),
    ],
)
def test_every_question_type_is_judged(pack, qid, response, credit):
    assert judge(by_id(pack, qid), response).credit == pytest.approx(credit)


def test_live_meter_question_is_judged_against_the_live_reading(pack):
    question = by_id(pack, "sample-live")
    assert judge(question, 2000.0, live_reading=2100.0).credit == 1.0
    assert judge(question, 1500.0, live_reading=2100.0).credit == 0.5
    assert judge(question, 500.0, live_reading=2100.0).credit == 0.0
    assert judge(question, 2000.0, live_reading=None).credit == 0.0
    assert judge(question, 2000.0, live_reading=2100.0).expected == 2100.0


def make_engine(
    pack, *, mode=Mode.EXPLORER, meter=None, band="8-11", count=10, seed=1, finished=None
):
    clock = Clock()
    pools = {b: questions_for(pack, b) for b in ("8-11", "12-15")}
    config = GameConfig(
        mode=mode,
        questions_per_game={band: count},
        intro_seconds=1.0,
        time_limit=10.0,
        idle_seconds=30.0,
        results_seconds=5.0,
    )
    engine = QuizEngine(
        pools, config, clock=clock, live_meter=meter, rng=random.Random(seed), on_finished=finished
    )
    return engine, clock


def right_answer(state, meter_watts=None):
    question = state.question
    if question.type == "live_meter":
        return float(meter_watts)
    if question.type == "estimate":
        return float(question.answer)
    return question.answer


def start_game(engine, clock, band="8-11"):
    engine.start()
    engine.choose_language("es")
    state = engine.begin(Player("Zorro Veloz", avatar="fox"), band)
    assert state.phase is Phase.INTRO
    return state


def test_answers_are_disabled_while_the_question_is_introduced(pack):
    engine, clock = make_engine(pack)
    state = start_game(engine, clock)
    assert engine.answer(state.seq, right_answer(state)) is None
    clock.advance(1.0)
    assert engine.tick().phase is Phase.ANSWERING
    assert engine.answer(state.seq, right_answer(state)).phase is Phase.EXPLANATION


def test_a_whole_game_of_right_answers_scores_every_question(pack):
    finished = []
    engine, clock = make_engine(pack, meter=Meter(2000.0), finished=finished.append)
    state = start_game(engine, clock)
    seen = set()
    while state.phase is not Phase.RESULTS:
        clock.advance(1.0)
        state = engine.tick()
        seen.add(state.question.type)
        state = engine.answer(state.seq, right_answer(state, 2000.0))
        assert state.judgement.correct
        state = engine.next(state.seq)
    assert seen == {"single_choice", "true_false", "order", "tap_hotspot", "live_meter"}
    assert state.correct == state.total == len(questions_for(pack, "8-11"))
    [record] = finished
    assert record.correct == 5 and record.language == "es" and record.player.avatar == "fox"
    assert record.score == state.score >= 5 * 1000
    assert not [a for a in record.answers if a.missed]


def test_live_meter_questions_are_skipped_without_a_live_source(pack):
    engine, _clock = make_engine(pack, meter=None)
    assert "sample-live" not in {q.id for q in engine.available_questions("8-11")}
    engine_live, _ = make_engine(pack, meter=Meter(100.0))
    assert "sample-live" in {q.id for q in engine_live.available_questions("8-11")}


def test_live_question_is_dropped_when_the_source_goes_quiet(pack):
    meter = Meter(2000.0)
    engine, clock = make_engine(pack, meter=meter, band="12-15")
    state = start_game(engine, clock, "12-15")
    assert "sample-live" in {q.id for q in engine._questions}
    meter.watts = None  # the demo table's plug is pulled during the game
    assert state.question.id != "sample-live"  # (seeded) it comes later in this game
    asked = []
    while state.phase is not Phase.RESULTS:
        clock.advance(1.0)
        state = engine.tick()
        asked.append(state.question.id)
        state = engine.next(engine.answer(state.seq, right_answer(state)).seq)
    assert "sample-live" not in asked
    assert state.total == len(asked) == len(questions_for(pack, "12-15")) - 1


def test_double_taps_never_skip_a_question_or_score_twice(pack):
    engine, clock = make_engine(pack)
    state = start_game(engine, clock)
    clock.advance(1.0)
    state = engine.tick()
    seq = state.seq
    first = engine.answer(seq, right_answer(state))
    assert first is not None and first.score >= 1000
    assert engine.answer(seq, right_answer(state)) is None  # second tap of a double tap
    assert engine.answer(seq + 1, right_answer(state)) is None  # a tap for a later question
    assert engine.state.score == first.score
    after = engine.next(seq)
    assert after.index == 1 and after.phase is Phase.INTRO
    assert engine.next(seq) is None  # "next" tapped twice does not skip question 2
    assert engine.state.index == 1
    assert engine.answer(after.seq, right_answer(after)) is None  # during the transition


def test_expert_mode_times_out_an_unanswered_question(pack):
    engine, clock = make_engine(pack, mode=Mode.EXPERT)
    state = start_game(engine, clock)
    clock.advance(1.0)
    state = engine.tick()
    assert state.seconds_left == pytest.approx(10.0)
    clock.advance(4.0)
    assert engine.tick().seconds_left == pytest.approx(6.0)
    clock.advance(6.0)
    state = engine.tick()
    assert state.phase is Phase.EXPLANATION and state.judgement.credit == 0
    assert state.score == 0 and engine.answer(state.seq, "b") is None


def test_explorer_mode_waits_without_a_timer(pack):
    engine, clock = make_engine(pack)
    state = start_game(engine, clock)
    clock.advance(1.0)
    engine.tick()
    clock.advance(25.0)  # long, but under the idle timeout
    state = engine.tick()
    assert state.phase is Phase.ANSWERING and state.seconds_left is None
    assert engine.config.read_aloud and not engine.config.timed


def test_idle_timeout_returns_to_attract_and_wipes_the_player(pack):
    finished = []
    engine, clock = make_engine(pack, finished=finished.append)
    start_game(engine, clock)
    clock.advance(29.0)
    assert engine.tick().phase is not Phase.ATTRACT
    engine.touch()
    clock.advance(29.0)
    assert engine.tick().phase is not Phase.ATTRACT
    clock.advance(1.0)
    state = engine.tick()
    assert state.phase is Phase.ATTRACT and state.player is None and state.score == 0
    assert finished == []  # an abandoned game is not stored


def test_results_go_back_to_attract_after_a_while(pack):
    engine, clock = make_engine(pack, count=1)
    state = start_game(engine, clock)
    clock.advance(1.0)
    state = engine.tick()
    state = engine.next(engine.answer(state.seq, right_answer(state)).seq)
    assert state.phase is Phase.RESULTS and state.record is not None
    clock.advance(5.0)
    assert engine.tick().phase is Phase.ATTRACT
    assert engine.state.player is None


def test_live_questions_wait_for_their_channel_to_have_a_reading(pack):
    meter = Meter(None)
    engine, _clock = make_engine(pack, meter=meter)
    assert "sample-live" not in {q.id for q in engine.available_questions("8-11")}
    meter.watts = 1500.0
    assert "sample-live" in {q.id for q in engine.available_questions("8-11")}
