"""The cluster view's figures: reach per event, and added up by project and city.

Only the newest version of each record counts (``superseded_by IS NULL``); a withdrawn
chain has no fact rows at all. Visitors are attendees with a check-in ("in"); children who
played are distinct player pseudonyms not in the adult age band; an energy minute sent twice
under two ids counts once (the newer id).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, exists, func, select

from mscd_desktop.core.attendee_records import AGE_BANDS
from mscd_desktop.core.events import AUDIENCES
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.schema import (
    attendee_facts,
    checkin_facts,
    energy_facts,
    events,
    game_facts,
    group_facts,
    records,
    venues,
)

UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReachFilter:
    """Which events the figures cover; empty fields do not filter."""

    project: str = ""
    city: str = ""
    date_from: str = ""
    date_to: str = ""
    event_id: str = ""
    venue_id: int | None = None  # a device sees its own venue only

    def as_dict(self) -> dict:
        """The filter as query parameters (without the venue scope)."""
        return {
            "project": self.project,
            "city": self.city,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "event_id": self.event_id,
        }


@dataclass
class EventReach:
    """The figures of one event (or of a group of events, when added up)."""

    event_id: str = ""
    name: str = ""
    project: str = ""
    city: str = ""
    venue: str = ""
    date: str = ""
    events: int = 0
    checked_in: int = 0
    by_audience: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    school_groups: int = 0
    pupils_registered: int = 0
    children_played: int = 0
    games: int = 0
    score_sum: int = 0
    correct_sum: int = 0
    questions_sum: int = 0
    energy_wh: float = 0.0

    @property
    def average_score(self) -> float | None:
        """Mean points per game, or None without games."""
        return round(self.score_sum / self.games, 1) if self.games else None

    @property
    def average_correct_pct(self) -> float | None:
        """Share of questions answered right, in percent, or None without questions."""
        return round(100 * self.correct_sum / self.questions_sum, 1) if self.questions_sum else None

    @property
    def kwh(self) -> float:
        """Energy demonstrated, in kWh."""
        return round(self.energy_wh / 1000, 3)

    def add(self, other: EventReach) -> None:
        """Add *other*'s counts to these."""
        self.events += other.events
        self.checked_in += other.checked_in
        for target, source in (
            (self.by_audience, other.by_audience),
            (self.by_age_band, other.by_age_band),
        ):
            for key, n in source.items():
                target[key] = target.get(key, 0) + n
        self.school_groups += other.school_groups
        self.pupils_registered += other.pupils_registered
        self.children_played += other.children_played
        self.games += other.games
        self.score_sum += other.score_sum
        self.correct_sum += other.correct_sum
        self.questions_sum += other.questions_sum
        self.energy_wh += other.energy_wh

    def as_dict(self) -> dict:
        """Plain data for JSON."""
        return {
            "event_id": self.event_id,
            "name": self.name,
            "project": self.project,
            "city": self.city,
            "venue": self.venue,
            "date": self.date,
            "events": self.events,
            "checked_in": self.checked_in,
            "by_audience": dict(sorted(self.by_audience.items())),
            "by_age_band": dict(sorted(self.by_age_band.items())),
            "school_groups": self.school_groups,
            "pupils_registered": self.pupils_registered,
            "children_played": self.children_played,
            "games": self.games,
            "average_score": self.average_score,
            "average_correct_pct": self.average_correct_pct,
            "kwh": self.kwh,
        }


@dataclass
class Reach:
    """Everything the cluster page shows for one filter."""

    filter: ReachFilter
    events: list[EventReach]
    totals: EventReach
    by_project: list[EventReach]
    by_city: list[EventReach]
    projects: list[str]
    cities: list[str]

    def as_dict(self) -> dict:
        """Plain data for JSON."""
        return {
            "filter": self.filter.as_dict(),
            "totals": self.totals.as_dict(),
            "events": [row.as_dict() for row in self.events],
            "by_project": [row.as_dict() for row in self.by_project],
            "by_city": [row.as_dict() for row in self.by_city],
        }


def _current(table):
    """*table*'s facts whose record is the newest version."""
    return table.join(
        records, and_(records.c.id == table.c.record_id, records.c.superseded_by.is_(None))
    )


def _selected_events(filters: ReachFilter):
    query = select(events.c.event_id).where(
        events.c.withdrawn.is_(False), events.c.name.is_not(None)
    )
    for column, value in (
        (events.c.project, filters.project),
        (events.c.city, filters.city),
        (events.c.event_id, filters.event_id),
    ):
        if value:
            query = query.where(column == value)
    if filters.date_from:
        query = query.where(events.c.date >= filters.date_from)
    if filters.date_to:
        query = query.where(events.c.date <= filters.date_to)
    if filters.venue_id is not None:
        query = query.where(events.c.venue_id == filters.venue_id)
    return query


def compute_reach(engine: Engine, filters: ReachFilter | None = None) -> Reach:
    """The figures for the events that *filters* selects."""
    filters = filters or ReachFilter()
    chosen = _selected_events(filters).scalar_subquery()
    rows: dict[str, EventReach] = {}
    with reading(engine) as db:
        query = (
            select(events, venues.c.name.label("hub_venue"))
            .join(venues, venues.c.id == events.c.venue_id)
            .where(events.c.event_id.in_(_selected_events(filters)))
            .order_by(events.c.date.desc(), events.c.name)
        )
        for row in db.execute(query):
            rows[row.event_id] = EventReach(
                event_id=row.event_id,
                name=row.name,
                project=row.project,
                city=row.city,
                venue=row.venue_name or row.hub_venue,
                date=row.date,
                events=1,
            )
        _add_visitors(db, chosen, rows)
        _add_games(db, chosen, rows)
        _add_energy(db, chosen, rows)
        _add_groups(db, chosen, rows)
        scope = select(events.c.project, events.c.city).where(
            events.c.withdrawn.is_(False), events.c.name.is_not(None)
        )
        if filters.venue_id is not None:
            scope = scope.where(events.c.venue_id == filters.venue_id)
        choices = db.execute(scope).all()
    event_rows = list(rows.values())
    totals = EventReach(name="total")
    for one in event_rows:
        totals.add(one)
    return Reach(
        filter=filters,
        events=event_rows,
        totals=totals,
        by_project=_group(event_rows, "project"),
        by_city=_group(event_rows, "city"),
        projects=sorted({c.project for c in choices}),
        cities=sorted({c.city for c in choices}),
    )


def _group(rows: list[EventReach], key: str) -> list[EventReach]:
    groups: dict[str, EventReach] = {}
    for row in rows:
        name = getattr(row, key)
        group = groups.setdefault(name, EventReach(**{key: name, "name": name}))
        group.add(row)
    return [groups[name] for name in sorted(groups)]


def _add_visitors(db, chosen, rows: dict[str, EventReach]) -> None:
    checkins = _current(checkin_facts)
    came = exists(
        select(checkin_facts.c.record_id)
        .select_from(checkins)
        .where(
            checkin_facts.c.attendee_id == attendee_facts.c.attendee_id,
            checkin_facts.c.event_id == attendee_facts.c.event_id,
            checkin_facts.c.direction == "in",
        )
    )
    query = (
        select(
            attendee_facts.c.event_id,
            attendee_facts.c.audience,
            attendee_facts.c.age_band,
            func.count(attendee_facts.c.attendee_id.distinct()).label("n"),
        )
        .select_from(_current(attendee_facts))
        .where(attendee_facts.c.event_id.in_(chosen), came)
        .group_by(attendee_facts.c.event_id, attendee_facts.c.audience, attendee_facts.c.age_band)
    )
    for row in db.execute(query):
        target = rows.get(row.event_id)
        if target is None:
            continue
        target.checked_in += row.n
        audience, band = row.audience or UNKNOWN, row.age_band or UNKNOWN
        target.by_audience[audience] = target.by_audience.get(audience, 0) + row.n
        target.by_age_band[band] = target.by_age_band.get(band, 0) + row.n


def _add_games(db, chosen, rows: dict[str, EventReach]) -> None:
    child = (game_facts.c.age_band.is_(None)) | (game_facts.c.age_band != "18+")
    query = (
        select(
            game_facts.c.event_id,
            func.count().label("games"),
            func.coalesce(func.sum(game_facts.c.score), 0).label("score"),
            func.coalesce(func.sum(game_facts.c.correct), 0).label("correct"),
            func.coalesce(func.sum(game_facts.c.questions), 0).label("questions"),
        )
        .select_from(_current(game_facts))
        .where(game_facts.c.event_id.in_(chosen))
        .group_by(game_facts.c.event_id)
    )
    for row in db.execute(query):
        if row.event_id in rows:
            target = rows[row.event_id]
            target.games, target.score_sum = row.games, int(row.score)
            target.correct_sum, target.questions_sum = int(row.correct), int(row.questions)
    players = (
        select(game_facts.c.event_id, func.count(game_facts.c.player.distinct()).label("n"))
        .select_from(_current(game_facts))
        .where(game_facts.c.event_id.in_(chosen), child)
        .group_by(game_facts.c.event_id)
    )
    for row in db.execute(players):
        if row.event_id in rows:
            rows[row.event_id].children_played = row.n


def _add_energy(db, chosen, rows: dict[str, EventReach]) -> None:
    newest = func.row_number().over(
        partition_by=(energy_facts.c.event_id, energy_facts.c.channel, energy_facts.c.minute_ts),
        order_by=energy_facts.c.record_id.desc(),
    )
    minutes = (
        select(energy_facts.c.event_id, energy_facts.c.energy_wh, newest.label("rank"))
        .select_from(_current(energy_facts))
        .where(energy_facts.c.event_id.in_(chosen))
        .subquery()
    )
    query = (
        select(minutes.c.event_id, func.sum(minutes.c.energy_wh).label("wh"))
        .where(minutes.c.rank == 1)
        .group_by(minutes.c.event_id)
    )
    for row in db.execute(query):
        if row.event_id in rows:
            rows[row.event_id].energy_wh = float(row.wh or 0)


def _add_groups(db, chosen, rows: dict[str, EventReach]) -> None:
    query = (
        select(
            group_facts.c.event_id,
            func.count().label("n"),
            func.coalesce(func.sum(group_facts.c.size), 0).label("pupils"),
        )
        .select_from(_current(group_facts))
        .where(group_facts.c.event_id.in_(chosen))
        .group_by(group_facts.c.event_id)
    )
    for row in db.execute(query):
        if row.event_id in rows:
            rows[row.event_id].school_groups = row.n
            rows[row.event_id].pupils_registered = int(row.pupils)


CSV_AUDIENCES = (*AUDIENCES, UNKNOWN)
CSV_AGE_BANDS = (*AGE_BANDS, UNKNOWN)


def reach_csv(reach: Reach) -> str:
    """One row per event (then the total), with a column per audience and age band."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["event_id", "name", "project", "city", "venue", "date", "checked_in"]
    header += [f"audience_{a}" for a in CSV_AUDIENCES] + [f"age_{b}" for b in CSV_AGE_BANDS]
    header += ["school_groups", "pupils_registered", "children_played", "games"]
    header += ["average_score", "average_correct_pct", "kwh"]
    writer.writerow(header)
    for row in [*reach.events, reach.totals]:
        writer.writerow(_csv_row(row))
    return out.getvalue()


def _csv_row(row: EventReach) -> list[Any]:
    values: list[Any] = [
        row.event_id,
        _safe(row.name),
        _safe(row.project),
        _safe(row.city),
        _safe(row.venue),
        row.date,
        row.checked_in,
    ]
    values += [row.by_audience.get(a, 0) for a in CSV_AUDIENCES]
    values += [row.by_age_band.get(b, 0) for b in CSV_AGE_BANDS]
    values += [row.school_groups, row.pupils_registered, row.children_played, row.games]
    values += [
        "" if row.average_score is None else row.average_score,
        "" if row.average_correct_pct is None else row.average_correct_pct,
        row.kwh,
    ]
    return values


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
