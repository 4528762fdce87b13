"""The first hub schema: venues, devices, enrolment, admins, events, records and facts.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = 36
TIME = 32


def upgrade() -> None:
    """Create every table of the first version."""
    op.create_table(
        "venues",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.String(TIME), nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("venue_id", sa.Integer, sa.ForeignKey("venues.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("public_key", sa.String(64)),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("token_created_at", sa.String(TIME), nullable=False),
        sa.Column("revoked_at", sa.String(TIME)),
        sa.Column("last_seen_at", sa.String(TIME)),
        sa.Column("created_at", sa.String(TIME), nullable=False),
    )
    op.create_index("ix_devices_venue_id", "devices", ["venue_id"])
    op.create_table(
        "enrol_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("venue_id", sa.Integer, sa.ForeignKey("venues.id"), nullable=False),
        sa.Column("created_at", sa.String(TIME), nullable=False),
        sa.Column("expires_at", sa.String(TIME), nullable=False),
        sa.Column("used_at", sa.String(TIME)),
        sa.Column("device_id", sa.String(ID)),
    )
    op.create_table(
        "enrol_failures",
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("window_start", sa.String(TIME), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
    )
    op.create_table(
        "admins",
        sa.Column("username", sa.String(100), primary_key=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("created_at", sa.String(TIME), nullable=False),
        sa.Column("updated_at", sa.String(TIME), nullable=False),
    )
    op.create_table(
        "admin_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(100), sa.ForeignKey("admins.username"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(TIME), nullable=False),
        sa.Column("expires_at", sa.String(TIME), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(ID), primary_key=True),
        sa.Column("venue_id", sa.Integer, sa.ForeignKey("venues.id"), nullable=False),
        sa.Column("claimed_at", sa.String(TIME), nullable=False),
        sa.Column("record_id", sa.String(ID)),
        sa.Column("name", sa.String(200)),
        sa.Column("project", sa.String(100)),
        sa.Column("city", sa.String(100)),
        sa.Column("venue_name", sa.String(200)),
        sa.Column("date", sa.String(10)),
        sa.Column("tag", sa.String(8)),
        sa.Column("share_adult_contacts", sa.Boolean, nullable=False),
        sa.Column("share_certificates", sa.Boolean, nullable=False),
        sa.Column("signing_keys", sa.Text, nullable=False),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
    )
    op.create_index("ix_events_venue_id", "events", ["venue_id"])
    op.create_index("ix_events_tag", "events", ["tag"])
    op.create_table(
        "records",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("venue_id", sa.Integer, sa.ForeignKey("venues.id"), nullable=False),
        sa.Column("device_id", sa.String(ID), nullable=False),
        sa.Column("batch_id", sa.String(ID), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("event_id", sa.String(ID), nullable=False),
        sa.Column("root_id", sa.String(ID), nullable=False),
        sa.Column("corrects", sa.String(ID)),
        sa.Column("superseded_by", sa.String(ID)),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("occurred_at_utc", sa.String(TIME), nullable=False),
        sa.Column("received_at", sa.String(TIME), nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_index("ix_records_event_id", "records", ["event_id", "id"])
    _fact_table(
        "attendee_facts",
        sa.Column("attendee_id", sa.String(ID), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("audience", sa.String(40)),
        sa.Column("age_band", sa.String(10)),
    )
    _fact_table(
        "checkin_facts",
        sa.Column("attendee_id", sa.String(ID), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
    )
    op.create_index("ix_checkin_facts_attendee_id", "checkin_facts", ["attendee_id"])
    _fact_table(
        "game_facts",
        sa.Column("player", sa.String(32), nullable=False),
        sa.Column("age_band", sa.String(10)),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
        sa.Column("questions", sa.Integer, nullable=False),
    )
    _fact_table(
        "energy_facts",
        sa.Column("channel", sa.String(80), nullable=False),
        sa.Column("minute_ts", sa.BigInteger, nullable=False),
        sa.Column("energy_wh", sa.Float, nullable=False),
    )
    _fact_table(
        "group_facts",
        sa.Column("school", sa.String(200), nullable=False),
        sa.Column("age_band", sa.String(10)),
        sa.Column("size", sa.Integer, nullable=False),
    )
    _fact_table(
        "certificate_facts",
        sa.Column("code", sa.String(14), nullable=False),
        sa.Column("first_name", sa.String(40), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("key_no", sa.Integer, nullable=False),
        sa.Column("signature", sa.String(100), nullable=False),
        sa.Column("recipient_key", sa.String(210), nullable=False),
    )
    op.create_index("ix_certificate_facts_code", "certificate_facts", ["code"])


def _fact_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("record_id", sa.String(ID), sa.ForeignKey("records.id"), primary_key=True),
        sa.Column("event_id", sa.String(ID), nullable=False),
        *columns,
    )
    op.create_index(f"ix_{name}_event_id", name, ["event_id"])


def downgrade() -> None:
    """Drop every table of the first version."""
    for name in (
        "certificate_facts",
        "group_facts",
        "energy_facts",
        "game_facts",
        "checkin_facts",
        "attendee_facts",
        "records",
        "events",
        "admin_sessions",
        "admins",
        "enrol_failures",
        "enrol_codes",
        "devices",
        "venues",
    ):
        op.drop_table(name)
