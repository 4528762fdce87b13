"""The hub's tables (SQLAlchemy Core), as the newest migration leaves them.

Times are UTC text in one fixed format (``2026-05-12T08:42:01.123Z``, :func:`utc_now`), so
they sort and compare the same on SQLite and PostgreSQL. ``records`` keeps every pushed
record as it came; the ``*_facts`` tables keep the few fields the cluster view adds up,
one row per stored record, and a fact counts while its record is not superseded.
Schema changes are Alembic migrations in ``mscd_desktop/hub/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

ID = 36  # a UUID as text
TIME = 32

metadata = MetaData()

venues = Table(
    "venues",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", String(TIME), nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("venue_id", Integer, ForeignKey("venues.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("public_key", String(64)),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("token_created_at", String(TIME), nullable=False),
    Column("revoked_at", String(TIME)),
    Column("last_seen_at", String(TIME)),
    Column("created_at", String(TIME), nullable=False),
)

enrol_codes = Table(
    "enrol_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("venue_id", Integer, ForeignKey("venues.id"), nullable=False),
    Column("created_at", String(TIME), nullable=False),
    Column("expires_at", String(TIME), nullable=False),
    Column("used_at", String(TIME)),
    Column("device_id", String(ID)),
)

enrol_failures = Table(
    "enrol_failures",
    metadata,
    Column("address", String(64), primary_key=True),
    Column("window_start", String(TIME), primary_key=True),
    Column("failures", Integer, nullable=False),
)

admins = Table(
    "admins",
    metadata,
    Column("username", String(100), primary_key=True),
    Column("password_hash", String(300), nullable=False),
    Column("created_at", String(TIME), nullable=False),
    Column("updated_at", String(TIME), nullable=False),
)

admin_sessions = Table(
    "admin_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(100), ForeignKey("admins.username"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", String(TIME), nullable=False),
    Column("expires_at", String(TIME), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(ID), primary_key=True),
    Column("venue_id", Integer, ForeignKey("venues.id"), nullable=False, index=True),
    Column("claimed_at", String(TIME), nullable=False),
    Column("record_id", String(ID)),
    Column("name", String(200)),
    Column("project", String(100)),
    Column("city", String(100)),
    Column("venue_name", String(200)),
    Column("date", String(10)),
    Column("tag", String(8), index=True),
    Column("share_adult_contacts", Boolean, nullable=False, default=False),
    Column("share_certificates", Boolean, nullable=False, default=False),
    Column("signing_keys", Text, nullable=False, default="[]"),
    Column("withdrawn", Boolean, nullable=False, default=False),
)

records = Table(
    "records",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("venue_id", Integer, ForeignKey("venues.id"), nullable=False),
    Column("device_id", String(ID), nullable=False),
    Column("batch_id", String(ID), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("event_id", String(ID), nullable=False),
    Column("root_id", String(ID), nullable=False),
    Column("corrects", String(ID)),
    Column("superseded_by", String(ID)),
    Column("occurred_at", String(40), nullable=False),
    Column("occurred_at_utc", String(TIME), nullable=False),
    Column("received_at", String(TIME), nullable=False),
    Column("payload_hash", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Index("ix_records_event_id", "event_id", "id"),
)

attendee_facts = Table(
    "attendee_facts",
    metadata,
    Column("record_id", String(ID), ForeignKey("records.id"), primary_key=True),
    Column("event_id", String(ID), nullable=False, index=True),
    Column("attendee_id", String(ID), nullable=False),
    Column("role", String(10), nullable=False),
    Column("audience", String(40)),
    Column("age_band", String(10)),
)

checkin_facts = Table(
    "checkin_facts",
    metadata,
    Column("record_id", String(ID), ForeignKey("records.id"), primary_key=True),
    Column("event_id", String(ID), nullable=False, index=True),
    Column("attendee_id", String(ID), nullable=False, index=True),
    Column("direction", String(3), nullable=False),
)

game_facts = Table(
    "game_facts",
    metadata,
    Column("record_id", String(ID), ForeignKey("records.id"), primary_key=True),
    Column("event_id", String(ID), nullable=False, index=True),
    Column("player", String(32), nullable=False),
    Column("age_band", String(10)),
    Column("score", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("questions", Integer, nullable=False),
)

energy_facts = Table(
    "energy_facts",
    metadata,
    Column("record_id", String(ID), ForeignKey("records.id"), primary_key=True),
    Column("event_id", String(ID), nullable=False, index=True),
    Column("channel", String(80), nullable=False),
    Column("minute_ts", BigInteger, nullable=False),
    Column("energy_wh", Float, nullable=False),
)

group_facts = Table(
    "group_facts",
    metadata,
    Column("record_id", String(ID), ForeignKey("records.id"), primary_key=True),
    Column("event_id", String(ID), nullable=False, index=True),
    Column("school", String(200), nullable=False),
    Column("age_band", String(10)),
    Column("size", Integer, nullable=False),
)

certificate_facts = Table(
    "certificate_facts",
    metadata,
    Column("record_id", String(ID), ForeignKey("records.id"), primary_key=True),
    Column("event_id", String(ID), nullable=False, index=True),
    Column("code", String(14), nullable=False, index=True),
    Column("first_name", String(40), nullable=False),
    Column("date", String(10), nullable=False),
    Column("key_no", Integer, nullable=False),
    Column("signature", String(100), nullable=False),
    Column("recipient_key", String(210), nullable=False),
)

FACT_TABLES = {
    "certificate": certificate_facts,
    "attendee": attendee_facts,
    "checkin": checkin_facts,
    "game_result": game_facts,
    "energy_minute": energy_facts,
    "school_group": group_facts,
}
