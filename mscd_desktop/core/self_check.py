"""What ``mscd-desktop --self-test`` checks without a window, in a throw-away data folder.

The self-test proves that a built app (a bundle on a fresh laptop, or a checkout) has all
its parts: it opens a store in a temporary folder, creates an event, issues and verifies a
ticket, writes a badge PDF (and a certificate where this version has them), and loads every
quiz pack and every translation. The GUI adds drawing each screen
(:mod:`mscd_desktop.gui.shell.self_test`).

Nothing of the person's own is touched: :func:`isolate` points the data folder, the key
folder and the keyring at the temporary folder first, so the local secret made for the
test's signing key lives and dies there.
"""

from __future__ import annotations

import gettext
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mscd_desktop import i18n
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import _, ngettext

if TYPE_CHECKING:  # the steps import what they prove loads, so that a missing part is a step
    from mscd_desktop.core.events import Event
    from mscd_desktop.core.store import Store
    from mscd_desktop.core.tickets import Ticket

PDF_MAGIC = b"%PDF-"
Needed = TypeVar("Needed")


class StepSkipped(Exception):
    """A step that does not apply to this version (not a failure)."""


@dataclass(frozen=True)
class Step:
    """One check: what it proves (shown), and the function that does it, returning a detail."""

    title: str
    run: Callable[[], str]


@dataclass(frozen=True)
class StepResult:
    """How one step went."""

    title: str
    status: str  # "ok", "skipped" or "failed"
    seconds: float
    detail: str = ""

    def line(self) -> str:
        """The line the self-test prints for this step."""
        label = {"ok": _("ok"), "skipped": _("skipped"), "failed": _("FAILED")}[self.status]
        text = f"{label:<8} {self.seconds:7.3f} s  {self.title}"
        return f"{text}: {self.detail}" if self.detail else text


def isolate(folder: Path) -> None:
    """Keep the self-test inside *folder*: its data, its key folder and no system keyring,
    for this process and those it starts."""
    import keyring
    from keyring.backends import fail

    os.environ["MSCD_DATA_DIR"] = str(folder / "data")
    os.environ["MSCD_KEY_DIR"] = str(folder / "keys")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    keyring.set_keyring(fail.Keyring())
    # the key file made in the temporary folder is expected: no warning about it
    logging.getLogger("mscd_desktop.core.local_secret").setLevel(logging.ERROR)


def run_steps(steps: list[Step], report: Callable[[StepResult], None]) -> list[StepResult]:
    """Run *steps* in order, timing each; *report* gets each result as it comes. A failed
    step does not stop the others (each says what it found)."""
    results = []
    for step in steps:
        started = time.perf_counter()
        try:
            detail, status = step.run(), "ok"
        except StepSkipped as skipped:
            detail, status = str(skipped), "skipped"
        except Exception as exc:  # the point of a self-test: report anything that breaks
            detail, status = f"{type(exc).__name__}: {exc}", "failed"
        result = StepResult(step.title, status, time.perf_counter() - started, detail)
        report(result)
        results.append(result)
    return results


@dataclass
class CoreCheck:
    """The state the core steps build on one another: store, event, ticket."""

    folder: Path
    store: Store | None = None
    event: Event | None = None
    ticket: Ticket | None = None
    opened: list[object] = field(default_factory=list)

    def steps(self) -> list[Step]:
        """The core steps, in order."""
        return [
            Step(_("open the store in a temporary folder"), self.open_store),
            Step(_("create an event"), self.create_event),
            Step(_("issue a ticket and verify it"), self.issue_and_verify_ticket),
            Step(_("write a badge PDF"), self.write_badge_pdf),
            Step(_("write a certificate PDF"), self.write_certificate),
            Step(_("load every quiz pack"), load_quiz_packs),
            Step(_("load every translation"), load_translations),
        ]

    def _need(self, value: Needed | None, what: str) -> Needed:
        if value is None:
            raise MscdError(_("Not possible: {what} failed.").format(what=what))
        return value

    def open_store(self) -> str:
        from mscd_desktop.core.store import Store

        self.store = Store.open(self.folder / "data")
        return str(self.folder / "data")

    def create_event(self) -> str:
        from mscd_desktop.core import events as ev

        store = self._need(self.store, _("opening the store"))
        draft = ev.EventDraft(
            name="Self-test Open House",
            project=ev.DEFAULT_PROJECTS[0],
            city="Valladolid",
            venue="",
            date=date.today().isoformat(),
            audiences=("citizens",),
            languages=tuple(i18n.available_languages()),
            pin="2468",
        )
        self.event = ev.create_event(store, draft)
        ev.open_event(store, self.event.id)
        if not ev.check_pin(store, self.event.id, "2468").accepted:
            raise MscdError(_("The organiser PIN just set is not accepted."))
        return self.event.id

    def issue_and_verify_ticket(self) -> str:
        from mscd_desktop.core import attendees, checkin
        from mscd_desktop.core import tickets as tk
        from mscd_desktop.core.outcomes import Outcome
        from mscd_desktop.core.ticket_checks import check_scan
        from mscd_desktop.core.ticket_keys import load_keyring

        store = self._need(self.store, _("opening the store"))
        event = self._need(self.event, _("creating the event"))
        person = attendees.register_walk_in(store, event.id, "Ada Self-Test", "citizens")
        ticket = tk.issue_ticket(store, event.id, role="adult", attendee_id=person.id)
        self.ticket = ticket
        check = check_scan(ticket.code, load_keyring(store), event.id, date.today())
        if check.outcome is not Outcome.VALID:
            raise MscdError(_("The new ticket reads as {status}.").format(status=check.outcome))
        verdict = checkin.CheckInDesk(store, event.id, desk="self-test").scan(ticket.code)
        if verdict.status is not Outcome.VALID:
            raise MscdError(_("Checking in with it said {status}.").format(status=verdict.status))
        return _("{digits} digits, checked in").format(digits=len(ticket.code))

    def write_badge_pdf(self) -> str:
        from mscd_desktop.core.documents import badges

        store = self._need(self.store, _("opening the store"))
        event = self._need(self.event, _("creating the event"))
        self._need(self.ticket, _("issuing the ticket"))
        path = self.folder / "badges.pdf"
        pages = badges.write_pdf(path, event, badges.badge_items(store, event.id))
        return _check_pdf(path, pages)

    def write_certificate(self) -> str:
        from mscd_desktop.core.documents.certificate_files import certificate_pdf

        store = self._need(self.store, _("opening the store"))
        event = self._need(self.event, _("creating the event"))
        self._need(self.ticket, _("issuing the ticket"))  # the checked-in person gets one
        path = self.folder / "certificate.pdf"
        path.write_bytes(certificate_pdf(store, event.id))
        return _check_pdf(path, 1)

    def close(self) -> None:
        """Close the store (the folder itself is removed by whoever made it)."""
        if self.store is not None:
            self.store.close()
            self.store = None


def _check_pdf(path: Path, pages: int) -> str:
    data = path.read_bytes()
    if not data.startswith(PDF_MAGIC) or b"%%EOF" not in data[-1024:]:
        raise MscdError(_("{path} is not a complete PDF.").format(path=path.name))
    figures = current_formats()
    return ngettext("{pages} page, {size} KB", "{pages} pages, {size} KB", pages).format(
        pages=figures.integer(pages), size=figures.integer(len(data) // 1024)
    )


def load_quiz_packs() -> str:
    """Every shipped pack loads with no problem."""
    from mscd_desktop.core.quiz.loading import load_packs
    from mscd_desktop.core.quiz.packs import pack_files, shipped_packs_dir

    files = pack_files(shipped_packs_dir())
    packs, problems = load_packs(shipped_packs_dir())
    if problems:
        raise MscdError("; ".join(str(p) for p in problems[:3]))
    if not files or len(packs) != len(files):
        loaded = _("{found} of {files} packs loaded.")
        raise MscdError(loaded.format(found=len(packs), files=len(files)))
    questions = sum(len(pack.questions) for pack in packs)
    return _("{packs} packs, {questions} questions").format(packs=len(packs), questions=questions)


def _catalogues() -> Iterator[tuple[str, gettext.GNUTranslations]]:
    for code in i18n.available_languages():
        if code != i18n.SOURCE_LANGUAGE:
            yield code, gettext.translation(i18n.DOMAIN, str(i18n.locale_dir()), [code])


def load_translations() -> str:
    """Every compiled catalogue opens and translates the app's name for a screen."""
    found = []
    for code, catalogue in _catalogues():
        if catalogue.gettext("Event") == "Event":
            raise MscdError(_("The {language} catalogue translates nothing.").format(language=code))
        found.append(code)
    if not found:
        raise MscdError(_("No translation was found in {path}.").format(path=i18n.locale_dir()))
    return ", ".join(found)
