"""The names of check-in outcomes, one set for tickets, verdicts, the CLI and the screen.

An :class:`Outcome` is what a desk shows after a scan (the screen colours by it, the CLI
prints it and derives its exit status from it, JSON carries its value); a :class:`Reason`
says why, in finer grain. Ticket checks (:mod:`mscd_desktop.core.ticket_checks`) answer
with the same outcomes before the store is asked. The words for both are in
:mod:`mscd_desktop.core.verdicts`.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """What came of a scan or a desk action. The values are the ``status`` in JSON."""

    VALID = "valid"
    CHECKED_OUT = "checked_out"
    ALREADY = "already_checked_in"
    JUST_SCANNED = "just_scanned"
    NOT_INSIDE = "not_inside"
    FORGED = "forged"
    CANCELLED = "cancelled"
    OUTSIDE_VALIDITY = "outside_validity"
    OTHER_EVENT = "other_event"
    EVENT_CLOSED = "event_closed"
    LOCKED_OUT = "locked_out"
    MISREAD = "misread"
    UNREADABLE = "unreadable"

    @property
    def admits(self) -> bool:
        """Whether this outcome let someone in (or out)."""
        return self in (Outcome.VALID, Outcome.CHECKED_OUT)

    @property
    def unusable_input(self) -> bool:
        """Whether the scan could not be read as a ticket at all (scan or type it again)."""
        return self in (Outcome.MISREAD, Outcome.UNREADABLE)


class Reason(StrEnum):
    """Why a verdict is what it is. The values are the ``reason`` in JSON."""

    FIRST = "first"
    REENTRY = "reentry"
    GROUP = "group"
    GROUP_INSIDE = "group_inside"
    REPEAT = "repeat"
    ALREADY = "already"
    OUT = "out"
    NOT_INSIDE = "not_inside"
    FORGED = "forged"
    ALTERED = "altered"
    UNKNOWN_TICKET = "unknown_ticket"
    UNKNOWN_CODE = "unknown_code"
    UNREADABLE = "unreadable"
    CHECK_DIGIT = "check_digit"
    INCOMPLETE = "incomplete"
    OTHER_KNOWN = "other_known"
    OTHER_UNKNOWN = "other_unknown"
    REVOKED = "revoked"
    REPLACED = "replaced"
    KEY_RETIRED = "key_retired"
    DATES = "dates"
    EVENT_CLOSED = "event_closed"
    TOO_MANY_WRONG_CODES = "too_many_wrong_codes"
    CODES_PAUSED = "codes_paused"
