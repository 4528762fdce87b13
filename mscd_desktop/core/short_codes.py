"""Short codes: the digits printed under a ticket's QR for typing by hand, and the guard
that makes guessing them at a desk hopeless.

A short code reads ``00037-5128-0437``: the ticket number (five digits, more past 99,999),
seven digits bound to the ticket's signature, and a Damm check digit that catches every
single wrong digit and every swap of two neighbours before the store is asked. Only the
ticket (or the store) shows the bound digits: they are the SHA-256 of the signature.

A typed short code is not a second way in. The desk looks up the ticket it names and then
checks that ticket's full code exactly as if its QR had been scanned: signature, retired
key, cancelled ticket, validity dates, event, closed event
(:class:`mscd_desktop.core.checkin.CheckInDesk`).

Guessing odds. A guess names a ticket number and must hit its seven bound digits: one
chance in 10,000,000 (the check digit is no secret; a guess always passes it). A typed
text can read as more than one code through keyboard layouts (``-`` is 6 on a French
keyboard); each reading that names no ticket counts as one wrong code. A desk allows
``FREE_FAILURES`` wrong codes; each further one pauses typed codes at that desk for 30 s,
doubling up to an hour; the count is forgotten after 12 hours without a wrong code. So one
desk takes at most 5 + 1 + 7 + 10 = 23 guesses in a 12-hour day: about one chance in
430,000 per desk and day, and a guesser typing a code every 3 s without any pause would
still need 174 days on average. QR codes are not affected: they carry the full signature.
"""

from __future__ import annotations

import hashlib
import re

import sqlite_utils

from mscd_desktop.core import ticket_codes as tc

NUMBER_DIGITS = 5  # at least; ticket numbers past 99,999 take more
BOUND_DIGITS = 7
MIN_DIGITS = NUMBER_DIGITS + BOUND_DIGITS + 1
MAX_DIGITS = len(str(tc.MAX_TICKET_NO)) + BOUND_DIGITS + 1
MAX_READINGS = 3  # readings of one typed text tried against the store, at most
DOMAIN = b"mscd-short-code-v2:"

FREE_FAILURES = 5
FIRST_PAUSE_SECONDS = 30.0
LONGEST_PAUSE_SECONDS = 3600.0
FORGET_AFTER_SECONDS = 12 * 3600.0

_SEPARATORS = frozenset(" \t-./")


def make(ticket_no: int, signature: bytes) -> str:
    """The short code of the ticket numbered *ticket_no* with *signature*."""
    bound = int.from_bytes(hashlib.sha256(DOMAIN + signature).digest()[:8], "big")
    digits = f"{ticket_no:0{NUMBER_DIGITS}d}{bound % 10**BOUND_DIGITS:0{BOUND_DIGITS}d}"
    return formatted(digits + tc.damm_digit(digits))


def formatted(digits: str) -> str:
    """Short code digits in their printed groups: ``00037-5128-0437``."""
    return f"{digits[:-8]}-{digits[-8:-4]}-{digits[-4:]}"


def ticket_number(digits: str) -> int:
    """The ticket number a short code names."""
    return int(digits[:-8])


def _tokens(text: str, row: str | None) -> list[str] | None:
    """*text* as digits, separators (``""``) and characters that may be either (``"?d"``)."""
    tokens = []
    for ch in text:
        digit = tc.as_digit(ch)
        if digit is None and row is not None and ch in row:
            digit = str((row.index(ch) + 1) % 10)
        if digit is not None:
            tokens.append("?" + digit if ch in _SEPARATORS else digit)
        elif ch in _SEPARATORS:
            tokens.append("")
        else:
            return None
    return tokens


def _spellings(tokens: list[str]) -> list[str]:
    """Digit strings *tokens* may stand for: every ambiguous character a digit; each one a
    separator; or separators only where the printed groups break."""
    if not any(t.startswith("?") for t in tokens):
        return ["".join(tokens)]
    breaks = {len(tokens) - 5, len(tokens) - 10}
    return [
        "".join(t[-1] if t.startswith("?") else t for t in tokens),
        "".join("" if t.startswith("?") else t for t in tokens),
        "".join(
            ("" if i in breaks else t[-1]) if t.startswith("?") else t for i, t in enumerate(tokens)
        ),
    ]


def readings(text: str) -> tuple[list[str], bool]:
    """What a typed short code can be: the digit strings of short-code length whose check
    digit passes (at most :data:`MAX_READINGS`, plain digits first), and whether *text*
    looked like a short code at all (digits and separators of about the right length)."""
    cleaned = re.sub(r"\s+", " ", tc.strip_scanner_noise(text))
    found: list[str] = []
    shaped = False
    for row in (None, *tc.LAYOUTS.values()):
        tokens = _tokens(cleaned, row)
        if tokens is None:
            continue
        for digits in _spellings(tokens):
            if MIN_DIGITS - 2 <= len(digits) <= MAX_DIGITS + 1:
                shaped = True
                if len(digits) >= MIN_DIGITS and tc.damm_valid(digits) and digits not in found:
                    found.append(digits)
    return found[:MAX_READINGS], shaped


# -- the desk's guard against guessing -------------------------------------------------------


def create_guard_table(db: sqlite_utils.Database) -> None:
    """Migration step: wrong short codes per desk (local to this laptop, never synced)."""
    db.execute("""
        CREATE TABLE short_code_guard (
            event_id TEXT NOT NULL REFERENCES events(id),
            desk TEXT NOT NULL,
            failures INTEGER NOT NULL,
            last_failure_at REAL NOT NULL,
            paused_until REAL NOT NULL,
            PRIMARY KEY (event_id, desk)
        )""")


def pause_after(failures: int) -> float:
    """Seconds typed codes pause after the *failures*-th wrong code (0: no pause)."""
    if failures <= FREE_FAILURES:
        return 0.0
    doublings = min(failures - FREE_FAILURES - 1, 30)  # capped: 2.0**1100 overflows
    return min(FIRST_PAUSE_SECONDS * 2.0**doublings, LONGEST_PAUSE_SECONDS)


def paused_for(db: sqlite_utils.Database, event_id: str, desk: str, now: float) -> float:
    """Seconds until typed codes are taken again at *desk* (0: they are taken now)."""
    row = db.execute(
        "SELECT paused_until FROM short_code_guard WHERE event_id = ? AND desk = ?",
        [event_id, desk],
    ).fetchone()
    return max(0.0, row[0] - now) if row else 0.0


def record_failures(
    db: sqlite_utils.Database, event_id: str, desk: str, now: float, count: int = 1
) -> float:
    """Count *count* wrong codes at *desk*; returns the pause that starts now (0: none)."""
    row = db.execute(
        "SELECT failures, last_failure_at FROM short_code_guard WHERE event_id = ? AND desk = ?",
        [event_id, desk],
    ).fetchone()
    failures = row[0] if row and now - row[1] < FORGET_AFTER_SECONDS else 0
    failures += count
    pause = pause_after(failures)
    db.execute(
        "INSERT INTO short_code_guard (event_id, desk, failures, last_failure_at, paused_until) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(event_id, desk) DO UPDATE SET "
        "failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
        "paused_until = excluded.paused_until",
        [event_id, desk, failures, now, now + pause],
    )
    return pause


def strengthen(db: sqlite_utils.Database) -> None:
    """Migration step: every ticket's short code made again with seven digits bound to its
    signature instead of three (one fell in 81 guesses)."""
    rows = db.execute("SELECT id, ticket_no, code FROM tickets").fetchall()
    db.conn.executemany(
        "UPDATE tickets SET short_code = ? WHERE id = ?",
        [(make(no, tc.split_code(code)[1]), tid) for tid, no, code in rows],
    )
