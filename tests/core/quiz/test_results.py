"""Stored quiz results: leaderboard, your place, groups, reset, names, nicknames."""

from __future__ import annotations

import random

import pytest

from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import AnswerRecord, GameRecord, Mode, Player
from mscd_desktop.core.quiz.nicknames import ADJECTIVES, AVATARS, generate_nickname
from mscd_desktop.core.quiz.scoring import score_answer


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(name="Open House", project="CITyFiED", city="Valladolid", date="2026-05-12"),
    )


def record(name, credits, *, group=None, attendee=None):
    answers = tuple(
        AnswerRecord(
            f"q{i}",
            "sample",
            None,
            score_answer(
                c, elapsed=3, time_limit=None, streak_before=0, questions_in_game=len(credits)
            ),
            3.0,
        )
        for i, c in enumerate(credits)
    )
    score = sum(a.score.accuracy + a.score.bonus for a in answers)
    return GameRecord(
        Player(name, "fox", attendee, group),
        "en",
        "8-11",
        Mode.EXPLORER,
        answers,
        score,
        sum(c >= 1 for c in credits),
        0.0,
        60.0,
    )


def test_a_game_is_stored_with_the_questions_missed(store, event):
    saved = results.save_game(
        store, event.id, record("Ana", [1, 0, 0.5, 1], group="g1", attendee="att-1")
    )
    [again] = results.games(store, event.id)
    assert again == saved
    assert saved.missed == ["q1", "q2"] and saved.correct == 2 and saved.questions == 4
    assert (saved.group_id, saved.attendee_id) == ("g1", "att-1")
    stats = results.question_stats(store, event.id)
    assert stats["q0"] == (1, 1) and stats["q1"] == (1, 0)


def test_leaderboard_shows_the_top_ten_best_first(store, event):
    for i in range(14):
        results.save_game(store, event.id, record(f"P{i}", [1] * (i % 7) + [0]))
    board = results.leaderboard(store, event.id)
    assert len(board) == 10
    assert [e.rank for e in board] == list(range(1, 11))
    assert [e.score for e in board] == sorted((e.score for e in board), reverse=True)
    assert board[0].player_name == "P6"  # equal scores: who finished first ranks higher


def test_your_place_counts_everyone_ahead(store, event):
    games = [results.save_game(store, event.id, record(f"P{i}", [1] * i + [0])) for i in range(12)]
    assert results.place_of(store, event.id, games[11].id) == 1
    assert results.place_of(store, event.id, games[0].id) == 12
    tie = results.save_game(store, event.id, record("Late", [1] * 11 + [0]))
    assert results.place_of(store, event.id, tie.id) == 2


def test_reset_leaderboard_hides_games_but_keeps_results(store, event):
    game = results.save_game(store, event.id, record("Ana", [1, 1]))
    assert results.reset_leaderboard(store, event.id) == 1
    assert results.leaderboard(store, event.id) == []
    assert results.place_of(store, event.id, game.id) is None
    assert [g.id for g in results.games(store, event.id)] == [game.id]
    newer = results.save_game(store, event.id, record("Bo", [0, 1]))
    assert [e.game_id for e in results.leaderboard(store, event.id)] == [newer.id]


def test_group_summary_lists_the_most_missed_questions(store, event):
    results.save_game(store, event.id, record("Ana", [1, 0, 0], group="6B"))
    results.save_game(store, event.id, record("Bo", [0, 0, 1], group="6B"))
    results.save_game(store, event.id, record("Cy", [0, 0, 0], group="5A"))
    summary = results.group_summary(store, event.id, "6B")
    assert [g.player_name for g in summary.games] == ["Ana", "Bo"]
    assert summary.most_missed[0] == ("q1", 2)
    assert dict(summary.most_missed) == {"q1": 2, "q0": 1, "q2": 1}


def test_an_email_is_refused_as_a_player_name(store, event):
    with pytest.raises(ValidationError) as caught:
        results.save_game(store, event.id, record("ana@example.org", [1]))
    assert caught.value.field == "player_name"
    assert results.games(store, event.id) == []
    assert results.clean_player_name("  Ana   María ") == "Ana María"


@pytest.mark.parametrize("language", ["en", "es", "sv", "fr"])
def test_nicknames_are_made_of_a_listed_adjective_and_the_avatar(language):
    rng = random.Random(3)
    lang = language if language in ADJECTIVES else "en"
    for avatar, names in AVATARS.items():
        nick = generate_nickname(avatar, language, rng)
        words = set(nick.split(" "))
        assert names[lang] in nick and words & set(ADJECTIVES[lang])


def test_nicknames_avoid_names_already_taken():
    rng = random.Random(5)
    taken: set[str] = set()
    for _ in range(len(ADJECTIVES["en"]) + 3):
        nick = generate_nickname("fox", "en", rng, taken)
        assert nick not in taken
        taken.add(nick)
    assert any(name.endswith((" 2", " 3")) for name in taken)


def test_cli_shows_and_resets_the_leaderboard(store, event, data_dir, capsys):
    import json

    from mscd_desktop.cli import main

    results.save_game(store, event.id, record("Ana", [1, 0], group="6B"))
    results.save_game(store, event.id, record("Bo", [1, 1], group="6B"))
    base = ["--data-dir", str(data_dir), "quiz"]
    assert main([*base, "leaderboard", "--event", event.id, "--json"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert [e["player_name"] for e in board] == ["Bo", "Ana"]
    assert main([*base, "results", "--event", event.id, "--group", "6B", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["missed"] == ["q1"]
    assert main([*base, "reset-leaderboard", "--event", event.id]) == 0
    assert "2" in capsys.readouterr().out
    assert main([*base, "leaderboard", "--event", event.id]) == 0
    assert "Nobody" in capsys.readouterr().out


def test_demo_event_has_a_school_group_that_played(store):
    from mscd_desktop.core import attendees
    from mscd_desktop.core.demo import create_demo
    from mscd_desktop.core.quiz import kiosk

    event = create_demo(store)
    group = attendees.list_groups(store, event.id)[0]
    session = kiosk.session_from_school_group(store, group.id)
    played = results.games(store, event.id, group_id=group.id)
    assert [g.player_name for g in played] == list(session.members[:8])
    pupils = {a.id for a in attendees.group_members(store, group.id)}
    assert all(g.attendee_id in pupils for g in played)
    assert all(g.questions == 8 for g in played)
    assert len({g.score for g in played}) > 1  # different children, different scores
    create_demo(store)  # idempotent
    assert len(results.games(store, event.id)) == len(played)


def test_a_school_class_becomes_a_kiosk_group_by_first_name(store):
    from mscd_desktop.core import attendees
    from mscd_desktop.core.demo import create_demo
    from mscd_desktop.core.quiz import kiosk

    event = create_demo(store)
    for group in attendees.list_groups(store, event.id):
        session = kiosk.session_from_school_group(store, group.id, style="turns")
        pupils = [a for a in attendees.group_members(store, group.id) if a.role == "pupil"]
        assert len(session.members) == len(pupils) == len(set(session.members))
        assert session.attendee_ids == tuple(p.id for p in pupils)
        assert session.age_band == group.age_band
        assert all(
            len(name.split()) == 1 or name in {p.name for p in pupils} for name in session.members
        )


def test_best_game_per_player_keeps_each_childs_best(store, event):
    results.save_game(store, event.id, record("Ana", [1, 0], attendee="a1"))
    best_ana = results.save_game(store, event.id, record("Ana", [1, 1], attendee="a1"))
    results.save_game(store, event.id, record("Ana", [0, 0], attendee="a2"))  # another Ana
    bo = results.save_game(store, event.id, record("Bo", [1, 0]))
    results.save_game(store, event.id, record("Bo", [0, 0]))
    best = results.best_game_per_player(store, event.id)
    assert [g.id for g in best][:2] == [best_ana.id, bo.id]
    assert len(best) == 3 and {g.attendee_id for g in best} == {"a1", "a2", None}


@pytest.fixture
def far_east_laptop(monkeypatch):
    """A laptop whose clock is 14 hours ahead of UTC (Kiribati)."""
    import time

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_laptops_local_date_not_the_utc_date(
    store, event, far_east_laptop, monkeypatch
):
    assert results.local_day("2026-05-12T20:30:00.000Z") == "2026-05-13"
    assert results.local_day("2026-05-12T09:00:00.000Z") == "2026-05-12"
    monkeypatch.setattr(results, "utc_now", lambda: "2026-05-12T20:30:00.000Z")
    evening = results.save_game(store, event.id, record("Ana", [1, 1]))
    assert evening.day == "2026-05-13"  # past local midnight: the next Open House day
    assert [e.player_name for e in results.leaderboard(store, event.id, day="2026-05-13")] == [
        "Ana"
    ]
    assert results.leaderboard(store, event.id, day="2026-05-12") == []
    assert results.place_of(store, event.id, evening.id, day="2026-05-13") == 1
