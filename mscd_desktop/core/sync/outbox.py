"""The outbox: every record that syncs gets its outbox row in the same transaction.

SQLite triggers on the synced tables write the rows, so whatever module inserts, edits,
undoes or deletes a check-in, an attendee or a game, the outbox follows inside that very
transaction, and no write path elsewhere needs to know about sync. A trigger only notes
*that* a subject changed (cheap, no Python); what leaves the laptop is decided later, when
a batch is built (:mod:`mscd_desktop.core.sync.sealing`), by the privacy filter
(:mod:`mscd_desktop.core.sync.payloads`).

One outbox row is one version of a record on the wire. States:

``pending``
    noted, not yet built: its payload will be read from the row as it is then. Several
    edits before the first send fold into one version (``revision`` counts them).
``ready``
    built and frozen (payload, hash, id, batch): it may have left the laptop already.
``sent``
    the hub acknowledged it (accepted or duplicate).
``quarantined``
    the hub refused it (conflict or rejected, ``last_error`` says why); never retried.

Once a version is built, a change to its row becomes a *new* pending version that
``corrects`` the newest one: a record that may have been sent is never edited in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

PENDING, READY, SENT, QUARANTINED = "pending", "ready", "sent", "quarantined"
STATES = (PENDING, READY, SENT, QUARANTINED)
UNSYNCED = (PENDING, READY)
TABLE = "sync_outbox"
EVENT_SETTINGS = "sync_event_settings"
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@dataclass(frozen=True)
class Source:
    """A table whose rows sync as records of one kind.

    ``subject`` is an SQL expression over the trigger's row (written ``R``) naming the
    record's chain; ``own_id`` says the first version's record id is the row's ``id``.
    ``watched`` are the columns whose change makes a new version; ``occurred`` is the SQL
    for the laptop time the thing happened (for the first version).
    """

    kind: str
    table: str
    watched: tuple[str, ...]
    subject: str = "R.id"
    event: str = "R.event_id"
    own_id: bool = True
    occurred: str = "R.created_at"


SOURCES: tuple[Source, ...] = (
    Source(
        "event",
        "events",
        ("name", "project", "city", "venue", "date", "audiences", "languages"),
        event="R.id",
    ),
    Source("school_group", "school_groups", ("school", "age_band")),
    Source(
        "attendee",
        "attendees",
        (
            "role",
            "audience",
            "age_band",
            "group_id",
            "source",
            "consent_contact",
            "name",
            "email",
            "organisation",
        ),
    ),
    Source("checkin", "checkins", ("attendee_id", "kind", "method", "desk", "undone_at")),
    Source(
        "game_result",
        "quiz_games",
        (
            "age_band",
            "group_id",
            "mode",
            "language",
            "score",
            "correct",
            "questions",
            "seconds",
            "team",
            "day",
        ),
    ),
    Source(
        "certificate",
        "certificates",
        ("first_name", "event_date", "key_no", "signature", "code", "recipient_key"),
    ),
    Source(
        "energy_minute",
        "energy_minutes",
        ("mean_w", "max_w", "energy_wh", "samples"),
        subject="R.minute_ts || ':' || R.channel",
        own_id=False,
        occurred="strftime('%Y-%m-%dT%H:%M:%SZ', R.minute_ts + 60, 'unixepoch')",
    ),
)
SOURCE_BY_KIND = {source.kind: source for source in SOURCES}


@dataclass(frozen=True)
class Dependant:
    """A table whose change alters another record's payload (``kind`` of *subject*)."""

    table: str
    kind: str
    subject: str
    event: str
    watched: tuple[str, ...]


DEPENDANTS: tuple[Dependant, ...] = (
    # the event record carries its public signing keys and the sharing opt-ins
    Dependant("ticket_keys", "event", "R.event_id", "R.event_id", ("public_key", "retired_at")),
    Dependant(
        EVENT_SETTINGS,
        "event",
        "R.event_id",
        "R.event_id",
        ("share_adult_contacts", "share_certificates"),
    ),
    # a school group's record carries how many pupils it has
    Dependant("attendees", "school_group", "R.group_id", "R.event_id", ("group_id", "role")),
)


def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute(f"""
        CREATE TABLE {TABLE} (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT UNIQUE,
            kind TEXT NOT NULL,
            event_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            corrects TEXT,
            revision INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL CHECK (state IN ('pending', 'ready', 'sent', 'quarantined')),
            occurred_at TEXT NOT NULL,
            payload TEXT,
            payload_hash TEXT,
            batch_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            hub_status TEXT,
            sent_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute(f"CREATE INDEX idx_outbox_subject ON {TABLE}(kind, event_id, subject, seq)")
    db.execute(f"CREATE INDEX idx_outbox_state ON {TABLE}(state, seq)")
    db.execute(f"CREATE INDEX idx_outbox_batch ON {TABLE}(batch_id)")
    db.execute(f"""
        CREATE TABLE {EVENT_SETTINGS} (
            event_id TEXT PRIMARY KEY REFERENCES events(id),
            share_adult_contacts INTEGER NOT NULL DEFAULT 0,
            share_certificates INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        )""")


def touch_sql(kind: str, event: str, subject: str, occurred: str, own_id: bool) -> str:
    """SQL statements noting that *subject* of *kind* changed (expressions over ``R``).

    The newest version still pending absorbs the change; a built one gets a new pending
    version that corrects it; a subject never seen gets its first version.
    """
    newest = (
        f"SELECT seq, record_id, state FROM {TABLE} WHERE kind = '{kind}' "
        f"AND event_id = {event} AND subject = {subject} ORDER BY seq DESC LIMIT 1"
    )
    first_id = subject if own_id else "NULL"
    return f"""
        UPDATE {TABLE} SET revision = revision + 1
         WHERE seq = (SELECT seq FROM ({newest})) AND state = '{PENDING}';
        INSERT INTO {TABLE} (kind, event_id, subject, corrects, state, occurred_at,
                             created_at, updated_at)
        SELECT '{kind}', {event}, {subject}, latest.record_id, '{PENDING}', {_NOW},
               {_NOW}, {_NOW}
          FROM ({newest}) AS latest WHERE latest.state <> '{PENDING}';
        INSERT INTO {TABLE} (record_id, kind, event_id, subject, state, occurred_at,
                             created_at, updated_at)
        SELECT {first_id}, '{kind}', {event}, {subject}, '{PENDING}',
               coalesce({occurred}, {_NOW}), {_NOW}, {_NOW}
         WHERE {subject} IS NOT NULL AND NOT EXISTS ({newest});"""


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


def _trigger(name: str, timing: str, table: str, body: str, when: str = "") -> str:
    when_clause = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER {name} AFTER {timing} ON {table} FOR EACH ROW{when_clause} "
        f"BEGIN {body} END"
    )


def _source_triggers(source: Source) -> list[str]:
    def body(row: str) -> str:
        return touch_sql(
            source.kind,
            source.event.replace("R.", f"{row}."),
            source.subject.replace("R.", f"{row}."),
            source.occurred.replace("R.", f"{row}."),
            source.own_id,
        )

    prefix = f"sync_{source.table}"
    watched = ", ".join(source.watched)
    return [
        _trigger(f"{prefix}_insert", "INSERT", source.table, body("NEW")),
        _trigger(
            f"{prefix}_update",
            f"UPDATE OF {watched}",
            source.table,
            body("NEW"),
            _changed(source.watched),
        ),
        _trigger(f"{prefix}_delete", "DELETE", source.table, body("OLD")),
    ]


def _dependant_triggers(dependant: Dependant) -> list[str]:
    def body(row: str) -> str:
        subject = dependant.subject.replace("R.", f"{row}.")
        return touch_sql(
            dependant.kind,
            dependant.event.replace("R.", f"{row}."),
            subject,
            _NOW,
            own_id=True,
        )

    prefix = f"sync_{dependant.table}_{dependant.kind}"
    watched = ", ".join(dependant.watched)
    return [
        _trigger(f"{prefix}_insert", "INSERT", dependant.table, body("NEW")),
        _trigger(
            f"{prefix}_update_new",
            f"UPDATE OF {watched}",
            dependant.table,
            body("NEW"),
            _changed(dependant.watched),
        ),
        _trigger(
            f"{prefix}_update_old",
            f"UPDATE OF {watched}",
            dependant.table,
            body("OLD"),
            f"({_changed(dependant.watched)}) AND OLD.{_subject_column(dependant)} IS NOT "
            f"NEW.{_subject_column(dependant)}",
        ),
        _trigger(f"{prefix}_delete", "DELETE", dependant.table, body("OLD")),
    ]


def _subject_column(dependant: Dependant) -> str:
    return dependant.subject.removeprefix("R.")


def _backfill(db: sqlite_utils.Database, source: Source) -> None:
    """First versions for the rows that existed before the outbox did (oldest first)."""
    subject = source.subject.replace("R.", "")
    occurred = source.occurred.replace("R.", "")
    first_id = "id" if source.own_id else "NULL"
    event = source.event.replace("R.", "")
    order = "rowid"
    db.execute(
        f"INSERT INTO {TABLE} (record_id, kind, event_id, subject, state, occurred_at, "
        f"created_at, updated_at) SELECT {first_id}, '{source.kind}', {event}, {subject}, "
        f"'{PENDING}', coalesce({occurred}, {_NOW}), {_NOW}, {_NOW} FROM {source.table} "
        f"ORDER BY {order}"
    )


def install_triggers(db: sqlite_utils.Database) -> None:
    """(Re)create the outbox triggers of every synced table that exists."""
    tables = set(db.table_names())
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {name}")
    for source in SOURCES:
        if source.table in tables:
            for statement in _source_triggers(source):
                db.execute(statement)
    for dependant in DEPENDANTS:
        if dependant.table in tables:
            for statement in _dependant_triggers(dependant):
                db.execute(statement)


def _start_outbox(db: sqlite_utils.Database) -> None:
    _create_tables(db)
    tables = set(db.table_names())
    for source in SOURCES:
        if source.table in tables:
            _backfill(db, source)
    install_triggers(db)


MIGRATIONS = [_start_outbox]


def touch(db: sqlite_utils.Database, kind: str, event_id: str, subject: str) -> None:
    """Note from Python that *subject* of *kind* changed (as the triggers do)."""
    sql = touch_sql(kind, ":event", ":subject", _NOW, own_id=True)
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement, {"event": event_id, "subject": subject})
