"""Globally unique, time-ordered record ids and UTC time stamps, ready for sync."""

from __future__ import annotations

from datetime import UTC, datetime

from uuid6 import uuid7


def new_id() -> str:
    """A new UUIDv7 as text: unique across laptops and sortable by creation time."""
    return str(uuid7())


def utc_now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, e.g. ``2026-05-12T08:42:01.123Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stamped(fields: dict, *, now: str | None = None) -> dict:
    """*fields* with a new ``id`` (unless given) and ``created_at``/``updated_at`` set."""
    now = now or utc_now()
    record = {"id": new_id(), **fields}
    record.setdefault("created_at", now)
    record["updated_at"] = now
    return record
