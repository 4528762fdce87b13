"""Quiz results: every finished game, per player and per school group, for the day's
leaderboard, certificates and reports.

Only a first name or generated nickname is kept for a child (never a surname or e-mail).
``attendee_id`` and ``group_id`` link a game to the attendee tables when the child tapped
their name; they are plain text (no foreign key), so results never block attendee edits.
Resetting the leaderboard only hides games from it: the results stay for certificates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.ids import new_id, stamped, utc_now
from mscd_desktop.core.quiz.engine import GameRecord
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

MAX_NAME = 40


def _create_tables(db: sqlite_utils.Database) -> None:
    db.table("quiz_games").create(
        {
            "id": str,
            "event_id": str,
            "player_name": str,
            "avatar": str,
            "attendee_id": str,
            "group_id": str,
            "team": int,
            "language": str,
            "age_band": str,
            "mode": str,
            "score": int,
            "correct": int,
            "questions": int,
            "missed": str,
            "seconds": float,
            "on_leaderboard": int,
            "day": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"event_id", "player_name", "score"},
        foreign_keys=[("event_id", "events", "id")],
    )
    db.table("quiz_games").create_index(["event_id", "on_leaderboard", "score"])
    db.table("quiz_games").create_index(["event_id", "group_id"])
    db.table("quiz_answers").create(
        {
            "id": str,
            "game_id": str,
            "position": int,
            "question_id": str,
            "pack_id": str,
            "credit": float,
            "points": int,
            "bonus": int,
            "seconds": float,
            "timed_out": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"game_id", "question_id"},
        foreign_keys=[("game_id", "quiz_games", "id")],
    )
    db.table("quiz_answers").create_index(["game_id"])
    db.table("quiz_answers").create_index(["question_id"])


MIGRATIONS = [_create_tables]


@dataclass(frozen=True)
class StoredGame:
    """A finished game as stored."""

    id: str
    player_name: str
    avatar: str
    score: int
    correct: int
    questions: int
    group_id: str | None
    attendee_id: str | None
    missed: list[str] = field(default_factory=list)
    created_at: str = ""
    day: str = ""  # the local date the game was played (the kiosk's "today")
    language: str = ""  # the language the child chose at the kiosk

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "id": self.id,
            "player_name": self.player_name,
            "avatar": self.avatar,
            "score": self.score,
            "correct": self.correct,
            "questions": self.questions,
            "group_id": self.group_id,
            "attendee_id": self.attendee_id,
            "missed": list(self.missed),
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class BoardEntry:
    """One line of the leaderboard."""

    rank: int
    game_id: str
    player_name: str
    avatar: str
    score: int
    correct: int
    questions: int


@dataclass(frozen=True)
class GroupSummary:
    """How a school group did: its games and the questions it missed most."""

    group_id: str
    games: list[StoredGame]
    mean_score: float
    most_missed: list[tuple[str, int]]  # (question id, how many players missed it)


def clean_player_name(name: str) -> str:
    """A first name or nickname fit for the leaderboard: spaces tidied, at most
    40 characters, e-mail addresses refused (callers pass first names, never surnames)."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(_("The player needs a name or nickname."), field="player_name")
    if "@" in cleaned:
        raise ValidationError(
            _("A player name must not be an e-mail address."), field="player_name"
        )
    return cleaned[:MAX_NAME]


def _game_row(row: dict) -> StoredGame:
    return StoredGame(
        id=row["id"],
        player_name=row["player_name"],
        avatar=row["avatar"] or "",
        score=row["score"],
        correct=row["correct"],
        questions=row["questions"],
        group_id=row["group_id"],
        attendee_id=row["attendee_id"],
        missed=json.loads(row["missed"] or "[]"),
        created_at=row["created_at"],
        day=row.get("day") or local_day(row["created_at"]),
        language=row.get("language") or "",
    )


def local_day(utc_stamp: str | None = None) -> str:
    """The local calendar date (YYYY-MM-DD) of the laptop at the UTC time *utc_stamp*
    (now if None): an Open House's "today" ends at local midnight, not UTC midnight."""
    moment = (
        datetime.fromisoformat(utc_stamp.replace("Z", "+00:00")) if utc_stamp else datetime.now(UTC)
    )
    return moment.astimezone().date().isoformat()


def save_game(store: Store, event_id: str, record: GameRecord) -> StoredGame:
    """Store a finished game and its answers in one transaction."""
    name = clean_player_name(record.player.name)
    now = utc_now()
    missed = [a.question_id for a in record.answers if a.missed]
    game = stamped(
        {
            "event_id": event_id,
            "player_name": name,
            "avatar": record.player.avatar,
            "attendee_id": record.player.attendee_id,
            "group_id": record.player.group_id,
            "team": int(record.player.team),
            "language": record.language,
            "age_band": record.age_band,
            "mode": record.mode.value,
            "score": record.score,
            "correct": record.correct,
            "questions": len(record.answers),
            "missed": json.dumps(missed),
            "on_leaderboard": 1,
            "day": local_day(now),
            "seconds": round(record.finished_at - record.started_at, 3),
        },
        now=now,
    )
    answers = [
        {
            "id": new_id(),
            "game_id": game["id"],
            "position": i,
            "question_id": a.question_id,
            "pack_id": a.pack_id,
            "credit": a.score.credit,
            "points": a.score.accuracy,
            "bonus": a.score.bonus,
            "seconds": a.seconds,
            "timed_out": int(a.judgement is None),
            "created_at": now,
            "updated_at": now,
        }
        for i, a in enumerate(record.answers)
    ]
    with store.transaction() as db:
        db.table("quiz_games").insert(game)
        if answers:
            db.table("quiz_answers").insert_all(answers)
    return _game_row(game)


_BOARD_ORDER = "score DESC, created_at ASC, id ASC"


def _board_where(event_id: str, day: str | None) -> tuple[str, list]:
    where, params = "event_id = ? AND on_leaderboard = 1", [event_id]
    if day:
        where += " AND day = ?"
        params.append(day)
    return where, params


def leaderboard(
    store: Store, event_id: str, *, day: str | None = None, limit: int = 10
) -> list[BoardEntry]:
    """The top *limit* games of the event (of one local *day*, see :func:`local_day`, if
    given), best first."""
    where, params = _board_where(event_id, day)
    with store.read() as db:
        rows = db.execute(
            f"SELECT id, player_name, avatar, score, correct, questions FROM quiz_games "
            f"WHERE {where} ORDER BY {_BOARD_ORDER} LIMIT ?",
            [*params, limit],
        ).fetchall()
    return [BoardEntry(i + 1, *row) for i, row in enumerate(rows)]


def place_of(store: Store, event_id: str, game_id: str, *, day: str | None = None) -> int | None:
    """The game's place on the leaderboard (1 = best), None if it is not on it.

    Only the place is given, never "out of how many": the kiosk never shows who is last.
    """
    where, params = _board_where(event_id, day)
    with store.read() as db:
        row = db.execute(
            "SELECT score, created_at, id FROM quiz_games WHERE id = ? AND " + where,
            [game_id, *params],
        ).fetchone()
        if row is None:
            return None
        ahead: int = db.execute(
            f"SELECT count(*) FROM quiz_games WHERE {where} AND (score > ? OR (score = ? AND "
            "(created_at < ? OR (created_at = ? AND id < ?))))",
            [*params, row[0], row[0], row[1], row[1], row[2]],
        ).fetchone()[0]
    return ahead + 1


def reset_leaderboard(store: Store, event_id: str) -> int:
    """Take every game of the event off the leaderboard (results stay). Returns how many."""
    with store.transaction() as db:
        cursor = db.execute(
            "UPDATE quiz_games SET on_leaderboard = 0, updated_at = ? "
            "WHERE event_id = ? AND on_leaderboard = 1",
            [utc_now(), event_id],
        )
        return cursor.rowcount


def games(store: Store, event_id: str, *, group_id: str | None = None) -> list[StoredGame]:
    """Every game of the event (of one school group if given), oldest first."""
    where, params = "event_id = ?", [event_id]
    if group_id is not None:
        where += " AND group_id = ?"
        params.append(group_id)
    with store.read() as db:
        rows = list(db["quiz_games"].rows_where(where, params, order_by="created_at, id"))
    return [_game_row(r) for r in rows]


def best_game_per_player(
    store: Store, event_id: str, *, group_id: str | None = None
) -> list[StoredGame]:
    """Each player's best game (for certificates): one per attendee where the game is
    linked to one, else one per name; best score first, ties by who played first."""
    best: dict[str, StoredGame] = {}
    for game in games(store, event_id, group_id=group_id):
        key = game.attendee_id or f"name:{game.player_name}"
        if key not in best or game.score > best[key].score:
            best[key] = game
    return sorted(best.values(), key=lambda g: (-g.score, g.created_at, g.id))


def group_summary(store: Store, event_id: str, group_id: str) -> GroupSummary:
    """A school group's games, mean score and most-missed questions (for the teacher)."""
    played = games(store, event_id, group_id=group_id)
    counts: dict[str, int] = {}
    for game in played:
        for question_id in set(game.missed):
            counts[question_id] = counts.get(question_id, 0) + 1
    most = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    mean = sum(g.score for g in played) / len(played) if played else 0.0
    return GroupSummary(group_id, played, round(mean, 1), most)


def question_stats(store: Store, event_id: str) -> dict[str, tuple[int, int]]:
    """Per question id: (times asked, times fully right), for reports."""
    with store.read() as db:
        rows = db.execute(
            "SELECT a.question_id, count(*), sum(a.credit >= 1) FROM quiz_answers a "
            "JOIN quiz_games g ON g.id = a.game_id WHERE g.event_id = ? "
            "GROUP BY a.question_id",
            [event_id],
        ).fetchall()
    return {qid: (asked, right or 0) for qid, asked, right in rows}


def packs_per_game(store: Store, event_id: str) -> dict[str, tuple[str, ...]]:
    """Per game id of the event: the ids of the quiz packs its questions came from, in the
    order they were first asked (for the certificates' "packs played")."""
    with store.read() as db:
        rows = db.execute(
            "SELECT a.game_id, a.pack_id FROM quiz_answers a JOIN quiz_games g "
            "ON g.id = a.game_id WHERE g.event_id = ? ORDER BY a.game_id, a.position",
            [event_id],
        ).fetchall()
    found: dict[str, dict[str, None]] = {}
    for game_id, pack_id in rows:
        if pack_id:
            found.setdefault(game_id, {})[pack_id] = None
    return {game_id: tuple(packs) for game_id, packs in found.items()}


@dataclass(frozen=True)
class PackStats:
    """How one quiz pack went over an event: answers given, games that used it, and the
    mean credit (0..1) and points per answer."""

    pack_id: str
    answers: int
    games: int
    mean_credit: float
    mean_points: float


def pack_stats(store: Store, event_id: str) -> list[PackStats]:
    """Per quiz pack played at the event, by pack id (for the reach report)."""
    with store.read() as db:
        rows = db.execute(
            "SELECT a.pack_id, count(*), count(DISTINCT a.game_id), avg(a.credit), "
            "avg(a.points) FROM quiz_answers a JOIN quiz_games g ON g.id = a.game_id "
            "WHERE g.event_id = ? GROUP BY a.pack_id ORDER BY a.pack_id",
            [event_id],
        ).fetchall()
    return [
        PackStats(pack or "", answers, played, float(credit or 0), float(points or 0))
        for pack, answers, played, credit, points in rows
    ]
