"""Check-in verdicts: what a desk shows after a scan, and the words for it.

A :class:`Verdict` has a ``status`` (what the screen colours by), a ``reason`` code (why,
for JSON and tests) and the person, group and times the message needs. :meth:`Verdict.title`
and :meth:`Verdict.message` give the translated text for the screen and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from mscd_desktop.core.attendees import Attendee
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.events import audience_label, get_event
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _

VALID = "valid"
ALREADY = "already_checked_in"
JUST_SCANNED = "just_scanned"
FORGED = "forged_or_unreadable"
MISREAD = "misread"
OTHER_EVENT = "other_event"
CANCELLED = "cancelled"
OUTSIDE_VALIDITY = "outside_validity"
CHECKED_OUT = "checked_out"
NOT_INSIDE = "not_inside"

STATUSES = (
    VALID,
    ALREADY,
    JUST_SCANNED,
    FORGED,
    MISREAD,
    OTHER_EVENT,
    CANCELLED,
    OUTSIDE_VALIDITY,
    CHECKED_OUT,
    NOT_INSIDE,
)
ADMITTED = (VALID, CHECKED_OUT)

TITLES = {
    VALID: N_("Welcome"),
    ALREADY: N_("Already checked in"),
    JUST_SCANNED: N_("Just scanned"),
    FORGED: N_("Not a valid ticket"),
    MISREAD: N_("Misread: scan again"),
    OTHER_EVENT: N_("Ticket for another event"),
    CANCELLED: N_("Ticket cancelled"),
    OUTSIDE_VALIDITY: N_("Not valid today"),
    CHECKED_OUT: N_("Checked out"),
    NOT_INSIDE: N_("Not checked in"),
}

REASONS = {
    "first": N_("Checked in."),
    "reentry": N_("Checked in again after leaving."),
    "group": N_("{admitted} of {size} in the class checked in."),
    "group_inside": N_("The whole class ({size}) is already inside."),
    "repeat": N_("The same code again within a few seconds: ignored."),
    "already": N_("First checked in at {time}, desk {desk}."),
    "forged": N_("The signature does not match: this code was not issued by this event."),
    "altered": N_("This ticket was changed after it was issued."),
    "unknown_ticket": N_("The code is signed, but no such ticket is registered here."),
    "unknown_code": N_("No ticket has this short code. Check the digits or search by name."),
    "unreadable": N_("This is not a ticket code."),
    "check_digit": N_("The check digit does not match: scan again or type the code."),
    "other_known": N_("This ticket is for {event} on {date}."),
    "other_unknown": N_("This ticket is for an event that is not on this desk."),
    "revoked": N_("This ticket was cancelled."),
    "key_retired": N_("The key that signed this ticket was withdrawn; issue a new ticket."),
    "replaced": N_("This ticket was replaced by a newer one; ask for the new ticket."),
    "dates": N_("Valid from {start} to {end}."),
    "out": N_("Checked out."),
    "not_inside": N_("This person is not checked in, so cannot check out."),
}


def local_time(stamp: str | None) -> str:
    """A stored UTC time stamp as local HH:MM."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment.astimezone().strftime("%H:%M")


@dataclass(frozen=True)
class Verdict:
    """The outcome of one scan or desk action."""

    status: str
    reason: str
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

    @property
    def admitted_now(self) -> bool:
        """Whether this verdict let someone in (or out)."""
        return self.status in ADMITTED

    @property
    def audience(self) -> str | None:
        """The translated audience of the person, if any."""
        if self.attendee is None or not self.attendee.audience:
            return None
        return audience_label(self.attendee.audience)

    def title(self) -> str:
        """The headline shown large."""
        if self.status == VALID and self.attendee is not None:
            return self.attendee.name
        if self.status == VALID and self.group:
            return self.group
        return _(TITLES[self.status])

    def message(self) -> str:
        """The sentence under the headline."""
        text = _(REASONS.get(self.reason, N_("This is not a ticket code.")))
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
        }


def other_event(store: Store, event_id: str | None, payload: object) -> Verdict:
    """The verdict for a ticket of another event, naming it when this laptop knows it."""
    if event_id:
        try:
            event = get_event(store, event_id)
        except NotFoundError:
            event = None
        if event is not None:
            return Verdict(OTHER_EVENT, "other_known", event_name=event.name, event_date=event.date)
    return Verdict(OTHER_EVENT, "other_unknown")


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
