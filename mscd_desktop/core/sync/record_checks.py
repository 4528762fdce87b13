"""What the hub checks in every pushed batch and record: the envelope, the payload hash and
size, and the allow-list of payload fields kind by kind (what may leave the laptop at all).

The wire format itself (limits, canonical JSON, hashes, pseudonyms, the record classes) is in
:mod:`.protocol`; the laptop's privacy filter (:mod:`.payloads`) builds payloads to pass
these checks, and :func:`check_record` is what the hub applies to each one.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from mscd_desktop.core.attendee_records import AGE_BANDS
from mscd_desktop.core.events import AUDIENCES
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.sync.protocol import (
    CHILD_AGE_BANDS,
    CONTACT_FIELDS,
    KINDS,
    MAX_BATCH_RECORDS,
    MAX_PAYLOAD_BYTES,
    WITHDRAWN,
    RecordRefused,
    WireRecord,
    canonical_json,
    decoded_length,
    is_uuid,
    parse_time,
)
from mscd_desktop.i18n import N_, _

_HASH = re.compile(r"^[0-9a-f]{64}$")
_PSEUDONYM = re.compile(r"^[0-9a-f]{32}$")
_WORD = re.compile(r"^[a-z_]{1,20}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_CERTIFICATE_CODE = re.compile(
    r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"
)
_RECIPIENT = re.compile(r"^(attendee|player):.{1,200}$")


# -- checking a batch and its records ------------------------------------------------------


def check_batch(body: Any) -> tuple[str, list]:
    """The batch id and raw records of a push body; RecordRefused if it is not a batch."""
    if not isinstance(body, dict):
        raise RecordRefused(_("The body must be a JSON object with batch_id and records."))
    unknown = sorted(set(body) - {"batch_id", "records"})
    if unknown:
        raise RecordRefused(_("Unknown field in the batch: {name}.").format(name=unknown[0]))
    if not is_uuid(body.get("batch_id")):
        raise RecordRefused(_("batch_id must be a UUID."), "batch_id")
    records = body.get("records")
    if not isinstance(records, list):
        raise RecordRefused(_("records must be a list."), "records")
    if len(records) > MAX_BATCH_RECORDS:
        raise RecordRefused(
            _("A batch holds at most {limit} records; this one has {count}.").format(
                limit=current_formats().integer(MAX_BATCH_RECORDS),
                count=current_formats().integer(len(records)),
            ),
            "records",
        )
    return body["batch_id"], records


def record_id_of(raw: Any) -> str | None:
    """The id a raw record claims, for the answer, even when the record is refused."""
    claimed = raw.get("id") if isinstance(raw, dict) else None
    return claimed[:64] if isinstance(claimed, str) else None


def check_record(raw: Any) -> WireRecord:
    """*raw* as a WireRecord, or RecordRefused naming the first field that breaks the rules."""
    if not isinstance(raw, dict):
        raise RecordRefused(_("A record must be a JSON object."))
    unknown = sorted(set(raw) - _ENVELOPE)
    if unknown:
        raise RecordRefused(_("Unknown field: {name}.").format(name=unknown[0]), unknown[0])
    for name in ("id", "event_id"):
        if not is_uuid(raw.get(name)):
            raise RecordRefused(_("{name} must be a UUID.").format(name=name), name)
    corrects = raw.get("corrects")
    if corrects is not None and (not is_uuid(corrects) or corrects == raw["id"]):
        raise RecordRefused(_("corrects must be null or the id of another record."), "corrects")
    kind = raw.get("kind")
    if kind not in _PAYLOAD_CHECKS:
        raise RecordRefused(_("kind must be one of: {kinds}.").format(kinds=", ".join(KINDS)))
    if parse_time(raw.get("occurred_at")) is None:
        raise RecordRefused(
            _("occurred_at must be an ISO 8601 time with an offset or Z."), "occurred_at"
        )
    claimed_hash = raw.get("payload_hash")
    if not isinstance(claimed_hash, str) or not _HASH.match(claimed_hash):
        raise RecordRefused(_("payload_hash must be 64 lower-case hex digits."), "payload_hash")
    payload = raw.get("payload")
    if not isinstance(payload, dict):
        raise RecordRefused(_("payload must be a JSON object."), "payload")
    try:
        canonical = canonical_json(payload)
    except (ValueError, UnicodeEncodeError):
        raise RecordRefused(
            _("payload holds a number or text that JSON cannot carry."), "payload"
        ) from None
    if len(canonical) > MAX_PAYLOAD_BYTES:
        raise RecordRefused(
            _("payload is larger than {limit} bytes.").format(
                limit=current_formats().integer(MAX_PAYLOAD_BYTES)
            ),
            "payload",
        )
    if hashlib.sha256(canonical).hexdigest() != claimed_hash:
        raise RecordRefused(_("payload_hash does not match the payload."), "payload_hash")
    if payload == WITHDRAWN:
        if corrects is None:
            raise RecordRefused(_("Only a correction can withdraw a record."), "corrects")
    else:
        if kind == "event" and corrects is None and raw["id"] != raw["event_id"]:
            raise RecordRefused(_("The first event record's id must be the event id."), "id")
        _PAYLOAD_CHECKS[kind](payload)
    return WireRecord(
        id=raw["id"],
        kind=kind,
        event_id=raw["event_id"],
        occurred_at=raw["occurred_at"],
        payload_hash=claimed_hash,
        payload=payload,
        corrects=corrects,
        canonical_payload=canonical,
    )


def carries_contact(payload: dict) -> bool:
    """Whether an attendee payload carries an adult's name, e-mail or organisation."""
    return any(name in payload for name in CONTACT_FIELDS)


_ENVELOPE = frozenset(
    {"id", "kind", "event_id", "occurred_at", "payload_hash", "payload", "corrects"}
)


# -- the allow-list, kind by kind ---------------------------------------------------------


def _only(payload: dict, allowed: frozenset[str], required: frozenset[str]) -> None:
    for name in sorted(payload):
        if name not in allowed:
            raise RecordRefused(
                _('payload: field "{name}" is not allowed.').format(name=name), name
            )
    for name in sorted(required):
        if name not in payload:
            raise RecordRefused(_('payload: field "{name}" is missing.').format(name=name), name)


def _refuse(name: str, what: str) -> RecordRefused:
    return RecordRefused(_('payload: "{name}" must be {what}.').format(name=name, what=what), name)


def _text(payload: dict, name: str, limit: int, *, empty: bool = False) -> None:
    value = payload.get(name)
    if not isinstance(value, str) or len(value) > limit or (not empty and not value.strip()):
        raise _refuse(
            name,
            _("text of at most {limit} characters").format(limit=current_formats().integer(limit)),
        )


def _choice(payload: dict, name: str, choices: Any, *, nullable: bool = False) -> None:
    value = payload.get(name)
    if value is None and nullable:
        return
    if not isinstance(value, str) or value not in choices:
        raise _refuse(name, _("one of: {choices}").format(choices=", ".join(sorted(choices))))


def _matches(payload: dict, name: str, pattern: re.Pattern, what: str) -> None:
    """*what* is an untranslated N_() text, translated only when the value is refused."""
    value = payload.get(name)
    if not isinstance(value, str) or not pattern.match(value):
        raise _refuse(name, _(what))


def _uuid(payload: dict, name: str, *, nullable: bool = False) -> None:
    value = payload.get(name)
    if not (value is None and nullable) and not is_uuid(value):
        raise _refuse(name, _("a UUID"))


def _day(payload: dict, name: str) -> None:
    value = payload.get(name)
    try:
        ok = isinstance(value, str) and bool(_DAY.match(value)) and bool(date.fromisoformat(value))
    except ValueError:
        ok = False
    if not ok:
        raise _refuse(name, _("a date YYYY-MM-DD"))


def _integer(payload: dict, name: str, low: int, high: int, *, nullable: bool = False) -> None:
    value = payload.get(name)
    if value is None and nullable:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _refuse(name, _("a whole number from {low} to {high}").format(low=low, high=high))


def _amount(payload: dict, name: str) -> None:
    value = payload.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse(name, _("a number of at least 0"))
    if not math.isfinite(value) or value < 0:
        raise _refuse(name, _("a number of at least 0"))


def _check_event(payload: dict) -> None:
    _only(payload, _EVENT_FIELDS, _EVENT_FIELDS)
    _text(payload, "name", 200)
    _text(payload, "project", 100)
    _text(payload, "city", 100)
    _text(payload, "venue", 200, empty=True)
    _day(payload, "date")
    audiences = payload["audiences"]
    if not isinstance(audiences, list) or any(a not in AUDIENCES for a in audiences):
        raise _refuse("audiences", _("a list of audience codes"))
    languages = payload["languages"]
    if not isinstance(languages, list) or not all(
        isinstance(code, str) and _LANGUAGE.match(code) for code in languages
    ):
        raise _refuse("languages", _("a list of language codes"))
    for name in ("share_adult_contacts", "share_certificates"):
        if not isinstance(payload[name], bool):
            raise _refuse(name, _("true or false"))
    keys = payload["signing_keys"]
    if not isinstance(keys, list) or len(keys) > 16:
        raise _refuse("signing_keys", _("a list of at most 16 keys"))
    for key in keys:
        if not isinstance(key, dict) or set(key) != {"key_no", "public_key"}:
            raise _refuse("signing_keys", _("a list of {key_no, public_key} objects"))
        _integer(key, "key_no", 0, 255)
        if decoded_length(key["public_key"]) != 32:
            raise _refuse("signing_keys", _("Ed25519 public keys in base64url"))


def _check_attendee(payload: dict) -> None:
    _only(payload, _ATTENDEE_FIELDS, frozenset({"role", "source"}))
    _choice(payload, "role", ("adult", "teacher", "pupil"))
    _choice(payload, "audience", AUDIENCES, nullable=True)
    _choice(payload, "age_band", AGE_BANDS, nullable=True)
    _uuid(payload, "group_id", nullable=True)
    _choice(payload, "source", ("import", "walk_in", "group", "demo"))
    is_child = payload["role"] == "pupil" or payload.get("age_band") in CHILD_AGE_BANDS
    has_contact = carries_contact(payload) or "consent_contact" in payload
    if is_child and has_contact:
        raise RecordRefused(
            _("A child's name, e-mail or organisation never leaves the laptop."), "name"
        )
    if not has_contact:
        return
    if payload.get("consent_contact") is not True:
        raise RecordRefused(
            _("An adult's name, e-mail or organisation needs consent_contact: true."),
            "consent_contact",
        )
    if "name" in payload:
        _text(payload, "name", 200)
    if "organisation" in payload:
        _text(payload, "organisation", 200, empty=True)
    if "email" in payload:
        value = payload["email"]
        if not isinstance(value, str) or len(value) > 254 or not _EMAIL.match(value):
            raise _refuse("email", _("an e-mail address"))


def _check_school_group(payload: dict) -> None:
    _only(payload, _GROUP_FIELDS, frozenset({"school", "size"}))
    _text(payload, "school", 200)
    _choice(payload, "age_band", AGE_BANDS, nullable=True)
    _integer(payload, "size", 0, 1000)


def _check_checkin(payload: dict) -> None:
    _only(payload, _CHECKIN_FIELDS, _CHECKIN_FIELDS)
    _uuid(payload, "attendee_id")
    _choice(payload, "direction", ("in", "out"))
    _matches(payload, "method", _WORD, N_("a short lower-case word"))
    _text(payload, "desk", 80, empty=True)


def _check_game_result(payload: dict) -> None:
    _only(payload, _GAME_FIELDS, _GAME_REQUIRED)
    _matches(payload, "player", _PSEUDONYM, N_("a keyed pseudonym of 32 hex digits"))
    _choice(payload, "age_band", AGE_BANDS, nullable=True)
    _uuid(payload, "group_id", nullable=True)
    _matches(payload, "mode", _WORD, N_("a short lower-case word"))
    _matches(payload, "language", _LANGUAGE, N_("a language code"))
    _integer(payload, "score", 0, 10_000_000)
    _integer(payload, "questions", 0, 1000)
    _integer(payload, "correct", 0, payload["questions"])
    _amount(payload, "seconds")
    _integer(payload, "team", 0, 1000, nullable=True)
    _day(payload, "day")


def _check_energy_minute(payload: dict) -> None:
    _only(payload, _ENERGY_FIELDS, _ENERGY_FIELDS)
    _text(payload, "channel", 80)
    _integer(payload, "minute_ts", 0, 2**40)
    if payload["minute_ts"] % 60:
        raise _refuse("minute_ts", _("a multiple of 60"))
    for name in ("mean_w", "max_w", "energy_wh"):
        _amount(payload, name)
    _integer(payload, "samples", 0, 2**31)


def _check_certificate(payload: dict) -> None:
    _only(payload, _CERTIFICATE_FIELDS, _CERTIFICATE_FIELDS)
    _matches(payload, "code", _CERTIFICATE_CODE, N_("a certificate code XXXX-XXXX-XXXX"))
    _text(payload, "first_name", 40)
    _day(payload, "date")
    _integer(payload, "key_no", 0, 255)
    if decoded_length(payload["signature"]) != 64:
        raise _refuse("signature", _("an Ed25519 signature in base64url"))
    _matches(payload, "recipient_key", _RECIPIENT, N_("attendee:ID or player:NAME"))


_EVENT_FIELDS = frozenset(
    {
        "share_certificates",
        "name",
        "project",
        "city",
        "venue",
        "date",
        "audiences",
        "languages",
        "share_adult_contacts",
        "signing_keys",
    }
)
_ATTENDEE_FIELDS = frozenset(
    {"role", "audience", "age_band", "group_id", "source", "consent_contact", *CONTACT_FIELDS}
)
_GROUP_FIELDS = frozenset({"school", "age_band", "size"})
_CHECKIN_FIELDS = frozenset({"attendee_id", "direction", "method", "desk"})
_GAME_REQUIRED = frozenset({"player", "mode", "language", "score", "correct", "questions", "day"})
_GAME_FIELDS = _GAME_REQUIRED | {"age_band", "group_id", "seconds", "team"}
_ENERGY_FIELDS = frozenset({"channel", "minute_ts", "mean_w", "max_w", "energy_wh", "samples"})
_CERTIFICATE_FIELDS = frozenset(
    {"code", "first_name", "date", "key_no", "signature", "recipient_key"}
)

_PAYLOAD_CHECKS: dict[str, Callable[[dict], None]] = {
    "event": _check_event,
    "attendee": _check_attendee,
    "school_group": _check_school_group,
    "checkin": _check_checkin,
    "game_result": _check_game_result,
    "energy_minute": _check_energy_minute,
    "certificate": _check_certificate,
}

ALLOWED_FIELDS: dict[str, frozenset[str]] = {
    "event": _EVENT_FIELDS,
    "attendee": _ATTENDEE_FIELDS,
    "school_group": _GROUP_FIELDS,
    "checkin": _CHECKIN_FIELDS,
    "game_result": _GAME_FIELDS,
    "energy_minute": _ENERGY_FIELDS,
    "certificate": _CERTIFICATE_FIELDS,
}
