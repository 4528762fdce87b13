"""A laptop's store with an event and its day, written through the app's own core code."""

from __future__ import annotations

from dataclasses import dataclass

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.energy.energy_minutes import MinuteRow, save_minutes
from mscd_desktop.core.quiz.engine import AnswerRecord, GameRecord, Mode, Player
from mscd_desktop.core.quiz.results import save_game
from mscd_desktop.core.quiz.scoring import AnswerScore
from mscd_desktop.core.store import Store

CHILD_NAMES = ("Olle", "Maja", "Lucía")
ADULT = "Anna Svensson"
ADULT_EMAIL = "anna.svensson@example.org"
SHY_ADULT = "Bertil Nilsson"
SHY_EMAIL = "bertil@example.org"
NOTES = "allergic to nuts, mother picks up at three"
NICKNAME = "SpeedyFox"


@dataclass(frozen=True)
class Day:
    """What :func:`open_house` made."""

    event: ev.Event
    adult: at.Attendee
    shy_adult: at.Attendee
    group: at.SchoolGroup
    pupils: list[at.Attendee]


def make_event(store: Store, name: str = "Open House Lund") -> ev.Event:
    """An open event."""
    event = ev.create_event(
        store,
        ev.EventDraft(
            name=name,
            project="CELSIUS",
            city="Lund",
            date="2026-05-12",
            venue="Linero",
            audiences=("citizens", "school_children"),
            languages=("sv", "en"),
        ),
    )
    return ev.open_event(store, event.id)


def game(store: Store, event_id: str, name: str, score: int, **player: object) -> str:
    """A finished kiosk game; its id."""
    correct = min(score // 100, 8)
    answers = tuple(
        AnswerRecord(
            f"q{i}",
            "demo",
            None,
            AnswerScore(float(i < correct), 100 * (i < correct), 0, 0, 0),
            7.0,
        )
        for i in range(8)
    )
    record = GameRecord(
        player=Player(name=name, avatar="fox", **player),
        language="sv",
        age_band="8-11",
        mode=Mode.EXPLORER,
        answers=answers,
        score=score,
        correct=correct,
        started_at=0.0,
        finished_at=61.5,
    )
    return save_game(store, event_id, record).id


def open_house(store: Store, name: str = "Open House Lund") -> Day:
    """An event with adults (one consenting to contact), a school class, check-ins, games
    and energy minutes: every kind that syncs."""
    event = make_event(store, name)
    adult = at.add_attendee(
        store,
        event.id,
        at.AttendeeDraft(
            name=ADULT,
            email=ADULT_EMAIL,
            organisation="Lunds kommun",
            audience="political",
            age_band="18+",
            consent_contact=True,
            notes=NOTES,
        ),
    )
    shy = at.add_attendee(
        store,
        event.id,
        at.AttendeeDraft(name=SHY_ADULT, email=SHY_EMAIL, audience="citizens", age_band="18+"),
    )
    group = at.add_school_group(
        store, event.id, "Linero skola", "5B", "Karin Lind", list(CHILD_NAMES), "8-11"
    )
    pupils = [a for a in at.list_attendees(store, event.id) if a.role == "pupil"]
    desk = CheckInDesk(store, event.id, desk="Door A")
    desk.check_in_attendee(adult.id)
    desk.check_in_group(group.id)
    game(store, event.id, NICKNAME, 640)
    game(store, event.id, pupils[0].name, 480, attendee_id=pupils[0].id, group_id=group.id)
    save_minutes(
        store,
        event.id,
        [MinuteRow("plug", 1_778_572_800 + 60 * i, 95.0 + i, 120.0, 1.6, 60) for i in range(3)],
    )
    return Day(event, adult, shy, group, pupils)


def freeze_all(store: Store) -> list:
    """Freeze every pending version into batches, as a push would (no hub involved);
    the frozen batches, oldest first."""
    from mscd_desktop.core.sync import settings
    from mscd_desktop.core.sync.batches import seal_next_batch

    reader = store.open_reader()
    batches = []
    try:
        while True:
            looked_at, batch = seal_next_batch(store, reader, settings.venue_key(store))
            if looked_at == 0:
                return batches
            if batch is not None:
                batches.append(batch)
    finally:
        reader.close()


def acknowledge_all(store: Store, status: str = "accepted") -> int:
    """Freeze everything pending and mark it as the hub would answer *status*; how many."""
    from mscd_desktop.core.sync.batches import current_batch, mark_answer

    freeze_all(store)
    count = 0
    while (batch := current_batch(store)) is not None:
        mark_answer(store, batch, [{"id": i, "status": status} for i in batch.record_ids])
        count += len(batch)
    return count


def outbox_rows(store: Store, **where: object) -> list[dict]:
    """Outbox rows (all, or those matching *where*), oldest first."""
    clause = " AND ".join(f"{name} = ?" for name in where) or "1"
    with store.read() as db:
        cursor = db.execute(
            f"SELECT * FROM sync_outbox WHERE {clause} ORDER BY seq", list(where.values())
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
