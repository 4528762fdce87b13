"""Check-in verdicts: what a desk shows after a scan, and the words for it.

A :class:`Verdict` has a ``status`` (an :class:`~mscd_desktop.core.outcomes.Outcome`: what
the screen colours by, the CLI's exit status), a ``reason`` (why, for JSON and tests) and
the person, group and times the message needs. :meth:`Verdict.title`
and :meth:`Verdict.message` give the translated text for the screen and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from mscd_desktop.core.attendees import Attendee
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.events import audience_label, get_event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.outcomes import Outcome, Reason
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _, ngettext

TITLES = {
    Outcome.VALID: N_("Welcome"),
    Outcome.ALREADY: N_("Already checked in"),
    Outcome.JUST_SCANNED: N_("Just scanned"),
    Outcome.FORGED: N_("Not a valid ticket"),
    Outcome.UNREADABLE: N_("Not a ticket code"),
    Outcome.MISREAD: N_("Misread: scan again"),
    Outcome.OTHER_EVENT: N_("Ticket for another event"),
    Outcome.CANCELLED: N_("Ticket cancelled"),
    Outcome.OUTSIDE_VALIDITY: N_("Not valid today"),
    Outcome.EVENT_CLOSED: N_("Event closed"),
    Outcome.LOCKED_OUT: N_("Typed codes paused"),
    Outcome.CHECKED_OUT: N_("Checked out"),
    Outcome.NOT_INSIDE: N_("Not checked in"),
}

REASONS = {
    Reason.FIRST: N_("Checked in."),
    Reason.REENTRY: N_("Checked in again after leaving."),
    Reason.GROUP: N_("{admitted} of {size} in the class checked in."),
    Reason.GROUP_INSIDE: N_("The whole class ({size}) is already inside."),
    Reason.REPEAT: N_("The same code again within a few seconds: ignored."),
    Reason.ALREADY: N_("First checked in at {time}, desk {desk}."),
    Reason.FORGED: N_("The signature does not match: this code was not issued by this event."),
    Reason.ALTERED: N_("This ticket was changed after it was issued."),
    Reason.UNKNOWN_TICKET: N_("The code is signed, but no such ticket is registered here."),
    Reason.UNKNOWN_CODE: N_("No ticket has this short code. Check the digits or search by name."),
    Reason.UNREADABLE: N_("This is not a ticket code."),
    Reason.CHECK_DIGIT: N_("The check digit does not match: scan again or type the code."),
    Reason.INCOMPLETE: N_("Only part of a code arrived: scan again."),
    Reason.OTHER_KNOWN: N_("This ticket is for {event} on {date}."),
    Reason.OTHER_UNKNOWN: N_("This ticket is for an event that is not on this desk."),
    Reason.REVOKED: N_("This ticket was cancelled."),
    Reason.KEY_RETIRED: N_("The key that signed this ticket was withdrawn; issue a new ticket."),
    Reason.REPLACED: N_("This ticket was replaced by a newer one; ask for the new ticket."),
    Reason.DATES: N_("Valid from {start} to {end}."),
    Reason.EVENT_CLOSED: N_("This event is closed, so nobody is checked in. Reopen it first."),
    Reason.TOO_MANY_WRONG_CODES: N_(
        "Too many wrong short codes at this desk: typed codes are paused for {wait}. "
        "Scan the QR code or search by name meanwhile."
    ),
    Reason.CODES_PAUSED: N_(
        "Typed codes are paused at this desk for {wait} more, after too many wrong ones. "
        "Scan the QR code or search by name."
    ),
    Reason.OUT: N_("Checked out."),
    Reason.NOT_INSIDE: N_("This person is not checked in, so cannot check out."),
}


def wait_text(seconds: int) -> str:
    """A pause as people say it: "40 seconds", "2 minutes", "1 hour"."""
    if seconds < 90:
        return ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
    if seconds < 90 * 60:
        minutes = -(-seconds // 60)
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    hours = -(-seconds // 3600)
    return ngettext("{n} hour", "{n} hours", hours).format(n=hours)


def local_time(stamp: str | None) -> str:
    """A stored UTC time stamp as the local clock time, the UI's way (``14:05``)."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return current_formats().time(moment.astimezone())


@dataclass(frozen=True)
class Verdict:
    """The outcome of one scan or desk action."""

    status: Outcome
    reason: Reason
    attendee: Attendee | None = None
    group: str | None = None
    group_size: int = 0
    admitted: int = 0
    first_at: str | None = None
    first_desk: str | None = None
    batch_id: str | None = None
    event_name: str | None = None
    event_date: str | None = None
    valid_from: str | None = None
    valid_days: int = 0
    wait_seconds: int = 0  # how long typed codes stay paused (LOCKED_OUT)
    repeat_of: Outcome | None = None  # what a JUST_SCANNED repeat repeated

    @property
    def admitted_now(self) -> bool:
        """Whether this verdict let someone in (or out)."""
        return self.status.admits

    @property
    def admits(self) -> bool:
        """Whether the person may go in: admitted now, or a repeat of an admission."""
        return self.status.admits or bool(self.repeat_of and self.repeat_of.admits)

    @property
    def audience(self) -> str | None:
        """The translated audience of the person, if any."""
        if self.attendee is None or not self.attendee.audience:
            return None
        return audience_label(self.attendee.audience)

    def title(self) -> str:
        """The headline shown large."""
        if self.status == Outcome.VALID and self.attendee is not None:
            return self.attendee.name
        if self.status == Outcome.VALID and self.group:
            return self.group
        return _(TITLES[self.status])

    def message(self) -> str:
        """The sentence under the headline."""
        text = _(REASONS[self.reason])
        end = ""
        if self.valid_from:
            start = date.fromisoformat(self.valid_from)
            end = (start + timedelta(days=max(self.valid_days, 1) - 1)).isoformat()
        return text.format(
            admitted=self.admitted,
            size=self.group_size,
            time=local_time(self.first_at),
            desk=self.first_desk or "-",
            event=self.event_name or "",
            date=self.event_date or "",
            start=self.valid_from or "",
            end=end,
            wait=wait_text(self.wait_seconds),
        )

    def as_dict(self) -> dict:
        """Plain data for JSON output (``status``, ``reason``, ``attendee`` ...)."""
        person = None
        if self.attendee is not None:
            person = {
                "id": self.attendee.id,
                "name": self.attendee.name,
                "organisation": self.attendee.organisation,
                "audience": self.attendee.audience,
                "role": self.attendee.role,
                "group_id": self.attendee.group_id,
            }
        return {
            "status": self.status,
            "reason": self.reason,
            "title": self.title(),
            "message": self.message(),
            "attendee": person,
            "audience": self.audience,
            "group": self.group,
            "group_size": self.group_size,
            "admitted": self.admitted,
            "first_at": self.first_at,
            "first_desk": self.first_desk,
            "other_event": self.event_name,
            "wait_seconds": self.wait_seconds,
            "repeat_of": self.repeat_of,
        }


def other_event(store: Store, event_id: str | None) -> Verdict:
    """The verdict for a ticket of another event, naming it when this laptop knows it."""
    if event_id:
        try:
            event = get_event(store, event_id)
        except NotFoundError:
            event = None
        if event is not None:
            return Verdict(
                Outcome.OTHER_EVENT,
                Reason.OTHER_KNOWN,
                event_name=event.name,
                event_date=event.date,
            )
    return Verdict(Outcome.OTHER_EVENT, Reason.OTHER_UNKNOWN)


@dataclass(frozen=True)
class Counters:
    """Live counts for the desk: overall and per audience (checked in, registered, inside)."""

    registered: int = 0
    checked_in: int = 0
    inside: int = 0
    by_audience: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "registered": self.registered,
            "checked_in": self.checked_in,
            "inside": self.inside,
            "by_audience": {
                k: {"checked_in": v[0], "registered": v[1], "inside": v[2]}
                for k, v in self.by_audience.items()
            },
        }
