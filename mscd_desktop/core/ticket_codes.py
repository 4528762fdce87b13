"""The signed ticket code: payload layout, digits-only encoding, check digits, scanner input.

A ticket's QR holds one run of decimal digits (QR numeric mode, so it survives a USB
scanner typing through any keyboard layout and stays at QR version 5 at level M):

``digits(payload ‖ Ed25519 signature)`` zero-padded to 184 digits, then one Damm check
digit. The 12-byte payload is::

    byte 0      format version (high 4 bits) | role (2 bits) | reserved (2 bits)
    bytes 1-4   event tag (first 4 bytes of SHA-256 of the event id)
    byte 5      key number (keys rotate; each event keeps a list of public keys)
    bytes 6-8   ticket number within the event
    bytes 9-10  first valid day (days since 2020-01-01)
    byte 11     number of valid days

The short code printed under the QR for typing by hand is in
:mod:`mscd_desktop.core.short_codes`. Nothing here touches the store;
:mod:`mscd_desktop.core.tickets` does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

FORMAT_VERSION = 1
PAYLOAD_BYTES = 12
SIGNATURE_BYTES = 64
BODY_DIGITS = 184  # 76 bytes < 10**184
CODE_DIGITS = BODY_DIGITS + 1
SIGNING_DOMAIN = b"mscd-ticket-v1:"
EPOCH = date(2020, 1, 1)
MAX_TICKET_NO = 2**24 - 1

ROLES = ("adult", "pupil", "class")

# Damm algorithm: detects every single-digit error and every adjacent transposition.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_digit(digits: str) -> str:
    """The Damm check digit of a string of decimal digits."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return str(interim)


def damm_valid(digits: str) -> bool:
    """Whether *digits* (check digit last) passes the Damm check."""
    return bool(digits) and digits.isascii() and digits.isdigit() and damm_digit(digits) == "0"


def event_tag(event_id: str) -> int:
    """The 32-bit tag of an event carried in its tickets' payloads."""
    return int.from_bytes(hashlib.sha256(event_id.encode()).digest()[:4], "big")


@dataclass(frozen=True)
class TicketPayload:
    """The signed fields of a ticket."""

    event_tag: int
    key_no: int
    ticket_no: int
    role: str
    valid_from: date
    valid_days: int

    @property
    def valid_until(self) -> date:
        """The last day the ticket admits."""
        return self.valid_from + timedelta(days=self.valid_days - 1)

    def valid_on(self, day: date) -> bool:
        """Whether the ticket admits on *day*."""
        return self.valid_from <= day <= self.valid_until

    def pack(self) -> bytes:
        """The 12 payload bytes."""
        first = (FORMAT_VERSION << 4) | (ROLES.index(self.role) << 2)
        day = (self.valid_from - EPOCH).days
        return (
            bytes([first])
            + self.event_tag.to_bytes(4, "big")
            + bytes([self.key_no])
            + self.ticket_no.to_bytes(3, "big")
            + day.to_bytes(2, "big")
            + bytes([self.valid_days])
        )

    @classmethod
    def unpack(cls, raw: bytes) -> TicketPayload:
        """Read the 12 payload bytes; ValueError if they are not a known format."""
        if len(raw) != PAYLOAD_BYTES or raw[0] >> 4 != FORMAT_VERSION:
            raise ValueError("unknown ticket format")
        role_index = (raw[0] >> 2) & 0b11
        if role_index >= len(ROLES) or raw[11] == 0:
            raise ValueError("bad ticket fields")
        return cls(
            event_tag=int.from_bytes(raw[1:5], "big"),
            key_no=raw[5],
            ticket_no=int.from_bytes(raw[6:9], "big"),
            role=ROLES[role_index],
            valid_from=EPOCH + timedelta(days=int.from_bytes(raw[9:11], "big")),
            valid_days=raw[11],
        )


def signed_message(payload: bytes) -> bytes:
    """The bytes the event key signs (domain-separated from any other use of the key)."""
    return SIGNING_DOMAIN + payload


def encode_code(payload: bytes, signature: bytes) -> str:
    """The digits-only QR content of a signed payload."""
    body = str(int.from_bytes(payload + signature, "big")).zfill(BODY_DIGITS)
    return body + damm_digit(body)


def split_code(code: str) -> tuple[bytes, bytes]:
    """Payload and signature bytes of a code whose check digit passed."""
    raw = int(code[:BODY_DIGITS]).to_bytes(PAYLOAD_BYTES + SIGNATURE_BYTES, "big")
    return raw[:PAYLOAD_BYTES], raw[PAYLOAD_BYTES:]


# -- scanner input ---------------------------------------------------------------------

# The number row as scanners "type" it through layouts other than the one they assume.
LAYOUTS: dict[str, str] = {
    "azerty-fr": "&é\"'(-è_çà",
    "azerty-be": "&é\"'(§è!çà",
    "qwertz-cz": "+ěščřžýáíé",
    "qwertz-sk": "+ľščťžýáíé",
    "shifted-us": "!@#$%^&*()",
    "shifted-de": '!"§$%&/()=',
}
_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")  # AIM symbology id, e.g. ]Q1
_ECI = re.compile(r"\\\d{6}")  # ECI designators some scanners pass on, e.g. \000026


def strip_scanner_noise(text: str) -> str:
    """*text* without control characters, AIM symbology prefixes and ECI designators."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    text = text.strip()
    text = _PREFIX.sub("", text, count=1)
    return _ECI.sub("", text).strip()


def as_digit(ch: str) -> str | None:
    """*ch* as a decimal digit (also full-width and other scripts' digits), or None."""
    if "0" <= ch <= "9":
        return ch
    value = unicodedata.digit(ch, None)  # full-width and other scripts' digits
    return str(value) if value is not None else None


def _decode_with(text: str, row: str | None) -> str | None:
    out = []
    for ch in text:
        digit = as_digit(ch)
        if digit is None and row is not None and ch in row:
            digit = str((row.index(ch) + 1) % 10)
        if digit is None:
            return None
        out.append(digit)
    return "".join(out)


def digit_candidates(text: str) -> list[str]:
    """Every reading of *text* as digits, trying each keyboard layout's number row.

    Plain digits give one reading. Characters from a layout's number row are mapped back;
    where layouts disagree (``é`` is 2 on AZERTY, 0 on Czech QWERTZ) every reading is
    returned and the check digit decides.
    """
    plain = _decode_with(text, None)
    if plain is not None:
        return [plain]
    readings: list[str] = []
    for row in LAYOUTS.values():
        reading = _decode_with(text, row)
        if reading is not None and reading not in readings:
            readings.append(reading)
    return readings


def code_readings(text: str) -> list[str]:
    """The readings of scanner input *text* as digits whose check digit passes, best first
    (every character counts: ``-`` is the digit 6 on a French keyboard)."""
    return [r for r in digit_candidates(strip_scanner_noise(text)) if damm_valid(r)]


def is_whole_code(text: str) -> bool:
    """Whether *text* reads as one complete ticket code (a check digit passes at full length)."""
    return any(len(r) == CODE_DIGITS for r in code_readings(text))


def may_be_cut_short(text: str) -> bool:
    """Whether *text*, a fast burst from a scanner, could be the first part of a ticket code
    whose rest is still on its way (the keyboard stream paused in the middle of a code):
    shorter than a code, and digits under some keyboard layout."""
    cleaned = strip_scanner_noise(text)
    return 0 < len(cleaned) < CODE_DIGITS and bool(digit_candidates(cleaned))


def split_joined_scans(text: str) -> list[str]:
    """Split two or more full codes that arrived as one run (a scanner sending no Enter
    and no pause); anything else comes back as it is."""
    cleaned = strip_scanner_noise(text)
    count, rest = divmod(len(cleaned), CODE_DIGITS)
    if count < 2 or rest:
        return [text]
    parts = [cleaned[i * CODE_DIGITS : (i + 1) * CODE_DIGITS] for i in range(count)]
    if all(any(damm_valid(r) for r in digit_candidates(p)) for p in parts):
        return parts
    return [text]
