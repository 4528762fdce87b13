"""Removing children's names from the laptop once the hub has confirmed their records.

GDPR Art. 5(1)(e), storage limitation: a child's first name or nickname is needed on the
day (badges, the kiosk's leaderboard, certificates) and for a while after, not for ever.
Once every version of a child's attendee record (or of a kiosk game) has been
acknowledged by the hub, and the configured number of days (30 by default) has passed
since, the name, nickname, avatar, organisation and notes are blanked. Counts, age bands,
groups, check-ins and scores stay, and so does every pseudonym already sent, so the hub's
figures do not change. Run at start-up and by ``mscd sync purge``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync.outbox import PENDING, SENT, TABLE
from mscd_desktop.core.sync.protocol import CHILD_AGE_BANDS
from mscd_desktop.core.sync.status import utc_text

PURGED_NAME = "—"
_CHILD_BANDS = ", ".join(f"'{band}'" for band in sorted(CHILD_AGE_BANDS))


@dataclass(frozen=True)
class PurgeReport:
    """How many children's records lost their names."""

    attendees: int
    games: int
    days: int

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return dict(self.__dict__)


def _confirmed(kind: str, table_alias: str) -> str:
    """SQL: every version of the row's chain acknowledged, the newest before :cutoff."""
    return (
        f"NOT EXISTS (SELECT 1 FROM {TABLE} o WHERE o.kind = '{kind}' "
        f"AND o.event_id = {table_alias}.event_id AND o.subject = {table_alias}.id "
        f"AND o.state <> '{SENT}') "
        f"AND (SELECT max(o.sent_at) FROM {TABLE} o WHERE o.kind = '{kind}' "
        f"AND o.event_id = {table_alias}.event_id AND o.subject = {table_alias}.id) <= :cutoff"
    )


def purge_children_data(store: Store, now: datetime | None = None) -> PurgeReport:
    """Blank the names of children whose records the hub confirmed long enough ago."""
    days = settings.purge_days(store)
    cutoff = utc_text((now or datetime.now(UTC)) - timedelta(days=days))
    params = {"cutoff": cutoff, "purged": PURGED_NAME}
    with store.transaction() as db:
        tables = set(db.table_names())
        if not {"attendees", "quiz_games"} <= tables:
            return PurgeReport(0, 0, days)
        before = db.execute(f"SELECT coalesce(max(seq), 0) FROM {TABLE}").fetchone()[0]
        attendees = db.execute(
            "UPDATE attendees SET name = :purged, name_fold = '', organisation = '', "
            "email = NULL, notes = '' "
            f"WHERE (role = 'pupil' OR age_band IN ({_CHILD_BANDS})) AND name <> :purged "
            f"AND {_confirmed('attendee', 'attendees')}",
            params,
        ).rowcount
        # a child's name is never in a payload: the versions the triggers just noted
        # would change nothing on the hub
        db.execute(
            f"DELETE FROM {TABLE} WHERE seq > ? AND state = ? AND kind = 'attendee'",
            [before, PENDING],
        )
        games = db.execute(
            "UPDATE quiz_games SET player_name = :purged, avatar = '' "
            "WHERE (age_band IS NULL OR age_band <> '18+') AND player_name <> :purged "
            f"AND {_confirmed('game_result', 'quiz_games')}",
            params,
        ).rowcount
    return PurgeReport(attendees, games, days)
