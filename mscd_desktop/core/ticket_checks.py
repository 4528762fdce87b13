"""Reading a scan: what the code and its signature say, before the store is asked.

:func:`check_scan` tells a full QR code (verified with the public keys alone: forged,
altered, other event, misread, out of date) from a typed short code (which names a ticket
in the store; the desk then checks that ticket's full code with :func:`check_code`, so
both take one path) and from input that is no ticket at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from mscd_desktop.core import short_codes
from mscd_desktop.core import ticket_codes as tc
from mscd_desktop.core.outcomes import Outcome, Reason

NEAR_DIGITS = 2  # a code this many digits too short or long was misread, not forged


@dataclass
class Keyring:
    """Public keys of every event this desk knows, by event tag then key number."""

    events: dict[int, tuple[str, dict[int, Ed25519PublicKey]]] = field(default_factory=dict)

    def add(self, event_id: str, key_no: int, public_key: bytes) -> None:
        """Trust *public_key* for the event's tickets signed with *key_no*."""
        tag = tc.event_tag(event_id)
        _eid, keys = self.events.setdefault(tag, (event_id, {}))
        keys[key_no] = Ed25519PublicKey.from_public_bytes(public_key)

    def event_for(self, tag: int) -> str | None:
        """The event id whose tickets carry *tag*, if known."""
        entry = self.events.get(tag)
        return entry[0] if entry else None

    def key(self, tag: int, key_no: int) -> Ed25519PublicKey | None:
        """The public key *key_no* of the event tagged *tag*, if trusted."""
        entry = self.events.get(tag)
        return entry[1].get(key_no) if entry else None


@dataclass(frozen=True)
class CodeCheck:
    """What a scan says by itself.

    ``outcome`` is None for a typed short code (``short_readings`` holds what it may be);
    otherwise VALID, FORGED, OUTSIDE_VALIDITY, OTHER_EVENT, MISREAD or UNREADABLE, with the
    payload when the code carried one.
    """

    outcome: Outcome | None
    reason: Reason | None = None
    payload: tc.TicketPayload | None = None
    event_id: str | None = None
    code: str = ""
    short_readings: tuple[str, ...] = ()

    @property
    def is_short_code(self) -> bool:
        """Whether this is a typed short code, to be looked up in the store."""
        return self.outcome is None


def check_scan(text: str, keyring: Keyring, event_id: str, today: date) -> CodeCheck:
    """Read scanner input or a typed short code for the event *event_id* on *today*."""
    cleaned = tc.strip_scanner_noise(text)
    if not cleaned:
        return CodeCheck(Outcome.UNREADABLE, Reason.UNREADABLE)
    if len(cleaned) < tc.BODY_DIGITS // 2:
        found, shaped = short_codes.readings(cleaned)
        if found:
            return CodeCheck(None, code=found[0], short_readings=tuple(found))
        if shaped:
            return CodeCheck(Outcome.MISREAD, Reason.CHECK_DIGIT, code=cleaned)
    candidates = tc.digit_candidates(cleaned)
    full = [r for r in candidates if len(r) == tc.CODE_DIGITS and tc.damm_valid(r)]
    if not full:
        return _unreadable(candidates, cleaned)
    checks = (check_code(digits, keyring, event_id, today) for digits in full)
    first = next(checks)
    if first.outcome == Outcome.VALID:
        return first
    # another reading of a garbled scan may still be the valid code
    return next((check for check in checks if check.outcome == Outcome.VALID), first)


def _unreadable(candidates: list[str], cleaned: str) -> CodeCheck:
    """A scan with no complete code in it: misread if it is about as long as one."""
    length = len(candidates[0]) if candidates else 0
    if candidates and abs(length - tc.CODE_DIGITS) <= NEAR_DIGITS:
        return CodeCheck(Outcome.MISREAD, Reason.CHECK_DIGIT, code=candidates[0])
    if candidates and short_codes.MAX_DIGITS < length < tc.CODE_DIGITS:
        return CodeCheck(Outcome.MISREAD, Reason.INCOMPLETE, code=candidates[0])
    return CodeCheck(Outcome.UNREADABLE, Reason.UNREADABLE, code=cleaned)


def check_code(digits: str, keyring: Keyring, event_id: str, today: date) -> CodeCheck:
    """Verify one full code (digits, check digit passed) with the public keys alone."""
    try:
        payload_bytes, signature = tc.split_code(digits)
        payload = tc.TicketPayload.unpack(payload_bytes)
    except (ValueError, OverflowError):  # digits with a passing check digit, but no ticket
        return CodeCheck(Outcome.UNREADABLE, Reason.UNREADABLE, code=digits)
    if payload.event_tag != tc.event_tag(event_id):
        owner = keyring.event_for(payload.event_tag)
        return CodeCheck(Outcome.OTHER_EVENT, None, payload, owner, digits)
    key = keyring.key(payload.event_tag, payload.key_no)
    if key is None:
        return CodeCheck(Outcome.FORGED, Reason.FORGED, payload, event_id, digits)
    try:
        key.verify(signature, tc.signed_message(payload_bytes))
    except InvalidSignature:
        return CodeCheck(Outcome.FORGED, Reason.FORGED, payload, event_id, digits)
    if not payload.valid_on(today):
        return CodeCheck(Outcome.OUTSIDE_VALIDITY, Reason.DATES, payload, event_id, digits)
    return CodeCheck(Outcome.VALID, None, payload, event_id, digits)
