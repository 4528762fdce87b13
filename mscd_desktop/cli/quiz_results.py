"""``mscd quiz leaderboard | results | reset-leaderboard``: the kiosk's results of a day.

Registered after ``mscd_desktop.cli.quiz`` and added to its ``quiz`` group.
"""

from __future__ import annotations

import click

from mscd_desktop.cli.common import common_options, emit, event_option, open_store
from mscd_desktop.core import events as ev
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.quiz import results
from mscd_desktop.i18n import _, ngettext


def register(group: click.Group) -> None:
    """Add the results commands to the ``quiz`` group of *group*."""
    quiz = group.commands["quiz"]
    assert isinstance(quiz, click.Group)

    @quiz.command("leaderboard", help=_("The best games of the event (top ten by default)."))
    @event_option
    @click.option(
        "--limit",
        type=click.IntRange(1, 1000),
        default=10,
        show_default=True,
        help=_("How many places to show."),
    )
    @common_options
    def leaderboard(event_id: str | None, limit: int) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            board = results.leaderboard(store, event.id, limit=limit)
        fmt = current_formats()
        lines = [
            ngettext(
                "{rank:>3}. {name}  {score} point ({correct}/{questions} right)",
                "{rank:>3}. {name}  {score} points ({correct}/{questions} right)",
                e.score,
            ).format(
                rank=e.rank,
                name=e.player_name,
                score=fmt.integer(e.score),
                correct=e.correct,
                questions=e.questions,
            )
            for e in board
        ]
        emit([e.__dict__ for e in board], lines or [_("Nobody has played yet.")])

    @quiz.command("results", help=_("Every game of the event, with the questions missed."))
    @event_option
    @click.option("--group", "group_id", help=_("Only this school group."))
    @common_options
    def results_(event_id: str | None, group_id: str | None) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            played = results.games(store, event.id, group_id=group_id)
        fmt = current_formats()
        lines = [
            ngettext(
                "{name}: {score} point, {correct}/{questions} right; missed: {missed}",
                "{name}: {score} points, {correct}/{questions} right; missed: {missed}",
                g.score,
            ).format(
                name=g.player_name,
                score=fmt.integer(g.score),
                correct=g.correct,
                questions=g.questions,
                missed=", ".join(g.missed) or "-",
            )
            for g in played
        ]
        emit([g.as_dict() for g in played], lines or [_("Nobody has played yet.")])

    @quiz.command(
        "reset-leaderboard",
        help=_("Start a fresh leaderboard (the results stay for certificates)."),
    )
    @event_option
    @common_options
    def reset(event_id: str | None) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            count = results.reset_leaderboard(store, event.id)
        emit(
            {"removed": count},
            ngettext(
                "{n} game taken off the leaderboard.", "{n} games taken off the leaderboard.", count
            ).format(n=current_formats().integer(count)),
        )
