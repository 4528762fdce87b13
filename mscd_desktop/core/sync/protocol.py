"""The sync wire protocol shared by the laptop and the hub (docs/sync-protocol.md).

One implementation of what both sides must compute alike: the limits, canonical JSON and
payload hashes, keyed pseudonyms, and the record as it travels. What the hub checks in each
pushed record, with the per-kind allow-list of payload fields, is in :mod:`.record_checks`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mscd_desktop.core.attendee_records import AGE_BANDS
from mscd_desktop.core.ids import new_id, utc_now

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"
MAX_BATCH_RECORDS = 1000
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_PAYLOAD_BYTES = 16 * 1024
MAX_SMALL_BODY_BYTES = 16 * 1024
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
TOKEN_PREFIX = "mscd_"
ENROL_SCHEME = "mscd-enrol:"
CHILD_AGE_BANDS = frozenset(band for band in AGE_BANDS if band != "18+")
KINDS = (
    "event",
    "attendee",
    "school_group",
    "checkin",
    "game_result",
    "energy_minute",
    "certificate",
)
STATUSES = ("accepted", "duplicate", "conflict", "rejected")
WITHDRAWN = {"withdrawn": True}
CONTACT_FIELDS = ("name", "email", "organisation")

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class RecordRefused(Exception):
    """A pushed record that breaks the protocol; ``reason`` says which field and why."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


@dataclass(frozen=True)
class WireRecord:
    """One checked record as it travels: the envelope and its allowed payload."""

    id: str
    kind: str
    event_id: str
    occurred_at: str
    payload_hash: str
    payload: dict
    corrects: str | None
    canonical_payload: bytes = b""

    @property
    def withdraws(self) -> bool:
        """Whether this record takes back the record it corrects."""
        return self.payload == WITHDRAWN

    def as_json(self) -> dict:
        """The record as sent on the wire."""
        return {
            "id": self.id,
            "kind": self.kind,
            "event_id": self.event_id,
            "occurred_at": self.occurred_at,
            "payload_hash": self.payload_hash,
            "payload": self.payload,
            "corrects": self.corrects,
        }


# -- canonical JSON, hashes, pseudonyms ---------------------------------------------------


def canonical_json(value: Any) -> bytes:
    """*value* as canonical JSON bytes: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def payload_hash(payload: dict) -> str:
    """SHA-256 (hex) of the canonical JSON of *payload*."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def player_pseudonym(venue_key: bytes, event_id: str, text: str) -> str:
    """A keyed pseudonym for something a person typed (a kiosk nickname): 32 hex digits."""
    message = f"mscd-player-v1:{event_id}:{text}".encode()
    return hmac.new(venue_key, message, hashlib.sha256).hexdigest()[:32]


def b64url(data: bytes) -> str:
    """Base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text: object) -> bytes:
    """Bytes from base64url with or without padding; ValueError when it is not base64url."""
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_\-]*={0,2}", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def decoded_length(text: Any) -> int:
    """How many bytes base64url *text* holds; -1 when it is not base64url."""
    try:
        return len(from_b64url(text))
    except ValueError:
        return -1


def is_uuid(value: Any) -> bool:
    """Whether *value* is a UUID in its canonical lower-case text form."""
    return isinstance(value, str) and _UUID.match(value) is not None


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 time with an offset (or Z) as an aware datetime; None if it is not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def make_record(
    kind: str,
    event_id: str,
    payload: dict,
    *,
    record_id: str | None = None,
    occurred_at: str | None = None,
    corrects: str | None = None,
) -> dict:
    """A wire record with its hash filled in (for the laptop's outbox and for tests)."""
    return {
        "id": record_id or new_id(),
        "kind": kind,
        "event_id": event_id,
        "occurred_at": occurred_at or utc_now(),
        "payload_hash": payload_hash(payload),
        "payload": payload,
        "corrects": corrects,
    }
