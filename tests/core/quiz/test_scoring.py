"""The scoring rule: accuracy first, a bounded bonus for speed and streaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mscd_desktop.core.quiz.scoring import (
    BASE_POINTS,
    BONUS_CAP,
    GameScore,
    game_total,
    kahoot_points,
    quantize_credit,
    score_answer,
)

times = st.floats(min_value=0, max_value=30, allow_nan=False)
credits = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 0.33, 0.66, 0.9])


@st.composite
def two_players_one_more_right(draw):
    """Two games of equal length where A has one more fully right answer than B."""
    n = draw(st.integers(min_value=1, max_value=20))
    limit = draw(st.one_of(st.none(), st.floats(min_value=5, max_value=60)))
    b_right = draw(st.integers(min_value=0, max_value=n - 1))
    a_credits = [1.0] * (b_right + 1) + [0.0] * (n - b_right - 1)
    b_credits = [1.0] * b_right + [0.0] * (n - b_right)
    a_credits = draw(st.permutations(a_credits))
    b_credits = draw(st.permutations(b_credits))
    a_times = [draw(times) for _ in range(n)]
    b_times = [draw(times) for _ in range(n)]
    return n, limit, list(a_credits), a_times, list(b_credits), b_times


@settings(max_examples=300, deadline=None)
@given(two_players_one_more_right())
def test_one_more_right_answer_always_wins(case):
    _n, limit, a_credits, a_times, b_credits, b_times = case
    # B is as fast as possible; A is as slow as possible: A still wins.
    b_fast = [0.0] * len(b_times)
    a_slow = [limit or 30.0] * len(a_times)
    assert game_total(a_credits, a_slow, limit) > game_total(b_credits, b_fast, limit)
    assert game_total(a_credits, a_times, limit) > game_total(b_credits, b_times, limit)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(credits, times), min_size=1, max_size=20),
    st.lists(st.tuples(credits, times), min_size=1, max_size=20),
    st.one_of(st.none(), st.floats(min_value=5, max_value=60)),
)
def test_more_accuracy_points_always_win(a, b, limit):
    n = max(len(a), len(b))
    a = a + [(0.0, 0.0)] * (n - len(a))
    b = b + [(0.0, 0.0)] * (n - len(b))
    game_a, game_b = GameScore(n, limit), GameScore(n, limit)
    for credit, seconds in a:
        game_a.add(credit, seconds)
    for credit, seconds in b:
        game_b.add(credit, seconds)
    if game_a.accuracy > game_b.accuracy:
        assert game_a.total > game_b.total
    assert 0 <= game_a.bonus <= BONUS_CAP < BASE_POINTS // 4


def test_kahoot_lets_a_fast_player_with_fewer_right_answers_win():
    """The reference we beat: under Kahoot, 5 fast right answers beat 6 slow ones."""
    fast = kahoot_points([True] * 5 + [False], [0.3] * 6, 20)
    slow = kahoot_points([True] * 6, [19.9] * 6, 20)
    assert fast > slow
    ours_fast = game_total([1.0] * 5 + [0.0], [0.3] * 6, 20)
    ours_slow = game_total([1.0] * 6, [19.9] * 6, 20)
    assert ours_slow > ours_fast


def test_faster_right_answer_earns_more_in_timed_mode_only():
    quick = score_answer(1.0, elapsed=1, time_limit=20, streak_before=0, questions_in_game=5)
    slow = score_answer(1.0, elapsed=15, time_limit=20, streak_before=0, questions_in_game=5)
    assert quick.accuracy == slow.accuracy == BASE_POINTS
    assert quick.speed_bonus > slow.speed_bonus > 0
    untimed = score_answer(1.0, elapsed=1, time_limit=None, streak_before=0, questions_in_game=5)
    assert untimed.speed_bonus == 0


def test_wrong_answer_earns_nothing_and_breaks_the_streak():
    game = GameScore(6, 20)
    game.add(1.0, 2)
    game.add(1.0, 2)
    assert game.streak == 2 and game.answers[-1].streak_bonus > 0
    wrong = game.add(0.0, 0.1)
    assert (wrong.accuracy, wrong.bonus, game.streak) == (0, 0, 0)


def test_partial_credit_is_rounded_down_to_quarters():
    assert quantize_credit(0.66) == 0.5
    assert quantize_credit(0.75) == 0.75
    assert quantize_credit(1.7) == 1.0
    assert quantize_credit(-1) == 0.0
    assert quantize_credit(float("nan")) == 0.0
    partial = score_answer(0.5, elapsed=1, time_limit=20, streak_before=3, questions_in_game=5)
    assert partial.accuracy == 500 and partial.streak == 0 and partial.streak_bonus == 0


def test_skipped_question_scores_nothing():
    game = GameScore(3, None)
    game.add(1.0, 3)
    game.add_skipped()
    assert game.total == BASE_POINTS and game.streak == 0 and game.correct == 1
