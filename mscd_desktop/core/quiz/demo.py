"""Demo data for the quiz: a school class of the demo event that has already played.

Games are played through the real engine (with a seeded random player and a simulated
clock), so the leaderboard, the organiser's progress table and certificates have
something true to show. Idempotent: nothing is added when the event already has games.
"""

from __future__ import annotations

import random

from mscd_desktop.core import attendees
from mscd_desktop.core.events import Event
from mscd_desktop.core.quiz import kiosk, results
from mscd_desktop.core.quiz.engine import GameConfig, Phase, Player, QuizEngine
from mscd_desktop.core.store import Store

DEMO_GROUP = ("6B", "6.º B, CEIP Torrelago")
DEMO_CHILDREN = ("Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Leo", "Valeria", "Daniel")


def play_demo_game(
    engine: QuizEngine,
    player: Player,
    band: str,
    skill: float,
    clock: list[float],
    rng: random.Random,
) -> None:
    """One game by a simulated child who is right with probability *skill*."""
    engine.start()
    engine.choose_language("es")
    state = engine.begin(player, band)
    while state.phase is not Phase.RESULTS:
        clock[0] += engine.config.intro_seconds + rng.uniform(2, 9)
        state = engine.tick()
        question = state.question
        right = rng.random() < skill
        response = question.answer if right and question is not None else None
        state = engine.answer(state.seq, response) or state
        state = engine.next(state.seq) or state
    engine.finish_results()


def _demo_players(store: Store, event: Event) -> list[Player]:
    """The pupils of the event's first school class (from the attendee demo), else a few
    first names in a made-up group."""
    groups = attendees.list_groups(store, event.id)
    if groups:
        session = kiosk.session_from_school_group(store, groups[0].id)
        return [
            Player(name, attendee_id=session.attendee_of(i), group_id=session.group_id)
            for i, name in enumerate(session.members[:8])
        ]
    return [Player(child, group_id=DEMO_GROUP[0]) for child in DEMO_CHILDREN]


def add_demo_games(store: Store, event: Event) -> None:
    """Eight children of a school class have played (once)."""
    if results.games(store, event.id):
        return
    selection = kiosk.select_packs(kiosk.KioskSettings())
    if not selection.pools.get("8-11"):
        return
    clock = [0.0]
    rng = random.Random(2026)
    engine = QuizEngine(
        selection.pools,
        GameConfig(questions_per_game={"8-11": 8}),
        clock=lambda: clock[0],
        rng=rng,
        on_finished=lambda record: results.save_game(store, event.id, record),
    )
    for player in _demo_players(store, event):
        play_demo_game(engine, player, "8-11", rng.uniform(0.4, 0.95), clock, rng)
