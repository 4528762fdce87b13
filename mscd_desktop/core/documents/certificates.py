"""Participation certificates: who gets one, what it says, in whose language.

Everyone who checked in gets one, and every child who played at the kiosk (also those who
only picked a nickname there). Children and pupils get the ``children`` template with an
achievement line from their best game (``quiz.results.best_game_per_player``): a title
from the share of right answers, the questions right and the packs played.
Teachers and adults get the ``adults`` template (attendance, no quiz line). Each is written
in the person's language: the kiosk language a child chose, else the event's first language.
Writing the PDFs is in :mod:`mscd_desktop.core.documents.certificate_files`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from mscd_desktop.core import attendance
from mscd_desktop.core.attendees import Attendee, fold, list_groups
from mscd_desktop.core.documents import event_settings as es
from mscd_desktop.core.documents.certificate_layout import CertificateItem
from mscd_desktop.core.documents.certificate_records import Signee, issue_codes
from mscd_desktop.core.documents.language import DocumentLanguage, in_language
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.events import Event
from mscd_desktop.core.quiz import kiosk, results
from mscd_desktop.core.quiz.packs import LocalText
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _

TEMPLATES = {"children": N_("children"), "adults": N_("adults")}
TEXT_FIELDS = ("name", "first_name", "event", "city", "venue", "date", "project", "organisation")
TEXTS_KEY = "certificate_texts"
EXPERT, SAVER = 0.85, 0.6  # share of right answers for the two higher titles


@dataclass(frozen=True)
class Recipient:
    """One person who gets a certificate."""

    key: str  # "attendee:<id>" or "player:<name>" (a kiosk nickname)
    name: str
    template: str
    language: str
    organisation: str = ""
    group_id: str | None = None
    game: results.StoredGame | None = None
    packs: tuple[str, ...] = ()

    @property
    def first_name(self) -> str:
        """The first word of the name: all that verification shows."""
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def attendee_id(self) -> str | None:
        """The attendee this certificate is for, when known."""
        return self.key.removeprefix("attendee:") if self.key.startswith("attendee:") else None


# -- the organiser's own line --------------------------------------------------------------


def check_text(text: str) -> None:
    """Refuse a certificate line that uses a field that does not exist (naming it)."""
    try:
        fields = [f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise ValidationError(
            _("The certificate text '{text}' has an unmatched brace ({error}).").format(
                text=text, error=exc
            ),
            field="text",
        ) from exc
    for field in fields:
        if field not in TEXT_FIELDS:
            raise ValidationError(
                _(
                    "The certificate text uses the field {{{field}}}, which does not exist. "
                    "Fields: {known}."
                ).format(field=field, known=", ".join("{" + f + "}" for f in TEXT_FIELDS)),
                field="text",
            )


def certificate_texts(store: Store, event_id: str) -> dict[str, str]:
    """The organiser's own line per template (printed as written, in any language)."""
    return dict(es.get_setting(store, event_id, TEXTS_KEY, {}) or {})


def set_certificate_text(store: Store, event_id: str, template: str, text: str) -> dict[str, str]:
    """Set (or with '' remove) the organiser's line printed on one template."""
    if template not in TEMPLATES:
        raise ValidationError(
            _("Unknown certificate template '{template}'; use children or adults.").format(
                template=template
            ),
            field="template",
        )
    text = " ".join(text.split())
    check_text(text)
    texts = certificate_texts(store, event_id)
    texts[template] = text
    texts = {k: v for k, v in texts.items() if v}
    es.put_setting(store, event_id, TEXTS_KEY, texts or None)
    return texts


# -- who ---------------------------------------------------------------------------------


def certificate_groups(store: Store, event_id: str) -> list[tuple[str, str]]:
    """The groups a batch can be made for, as (value for ``--group``, label)."""
    found = [("children", _("Children")), ("adults", _("Adults"))]
    found += [(g.id, f"{g.class_name}, {g.school}") for g in list_groups(store, event_id)]
    return found


def _group_key(text: str) -> str:
    """*text* compared loosely: "5º A", "5 a" and "5A" are the same class."""
    return "".join(ch for ch in fold(text.replace("º", "").replace("ª", "")) if ch.isalnum())


def _match_group(store: Store, event_id: str, wanted: str) -> str:
    """The group key (children, adults or a group id) that *wanted* names."""
    if wanted.strip().casefold() in TEMPLATES:
        return wanted.strip().casefold()
    key = _group_key(wanted)
    groups = list_groups(store, event_id)
    for group in groups:
        names = {group.id, group.class_name, f"{group.class_name}, {group.school}"}
        if key in {_group_key(name) for name in names}:
            return group.id
    known = ["children", "adults", *(g.class_name for g in groups)]
    raise ValidationError(
        _("There is no group '{group}' in this event. Choose one of: {known}.").format(
            group=wanted, known=", ".join(known)
        ),
        field="group",
    )


def _template_for(person: Attendee) -> str:
    return "children" if person.role == "pupil" else "adults"


def recipients(store: Store, event: Event, group: str | None = None) -> list[Recipient]:
    """Who gets a certificate, by group and name: everyone who checked in, and every child
    who played at the kiosk. *group*: children, adults, or a school class (id or name)."""
    wanted = _match_group(store, event.id, group) if group else None
    first_language = event.languages[0] if event.languages else "en"
    one_class = wanted if wanted and wanted not in TEMPLATES else None  # read only its rows
    best = results.best_game_per_player(store, event.id, group_id=one_class)
    packs = results.packs_per_game(store, event.id)
    by_attendee = {g.attendee_id: g for g in best if g.attendee_id}
    found: list[Recipient] = []
    for record in attendance.attendance_records(store, event.id, one_class):
        person = record.attendee
        game = by_attendee.get(person.id)
        if not record.checked_in and game is None:
            continue
        template = _template_for(person)
        language = (game.language if game and template == "children" else "") or first_language
        found.append(
            Recipient(
                f"attendee:{person.id}",
                person.name,
                template,
                language,
                person.organisation if template == "adults" else "",
                person.group_id,
                game if template == "children" else None,
                packs.get(game.id, ()) if game else (),
            )
        )
    for game in best:
        if not game.attendee_id:
            found.append(
                Recipient(
                    f"player:{game.player_name}",
                    game.player_name,
                    "children",
                    game.language or first_language,
                    group_id=game.group_id,
                    game=game,
                    packs=packs.get(game.id, ()),
                )
            )
    if wanted in TEMPLATES:
        found = [r for r in found if r.template == wanted]
    elif wanted:
        found = [r for r in found if r.group_id == wanted]
    if not found:
        raise MscdError(
            _(
                "Nobody in the group '{group}' checked in or played at the kiosk, "
                "so there is no certificate to make."
            ).format(group=group)
            if group
            else _(
                "Nobody has checked in to '{event}' or played at the kiosk yet, "
                "so there is no certificate to make."
            ).format(event=event.name)
        )
    return sorted(
        found, key=lambda r: (r.template != "children", r.group_id or "", r.name.casefold())
    )


# -- what it says ------------------------------------------------------------------------


def pack_titles(store: Store) -> dict[str, LocalText]:
    """The title of every quiz pack the kiosk can play (shipped, and the organiser's
    folder), by pack id. Loaded once per folder content (see ``kiosk.select_packs``)."""
    folder = kiosk.load_settings(store).packs_folder
    titles = {p.id: p.title for p in kiosk.select_packs(kiosk.KioskSettings()).packs}
    if folder:
        every = kiosk.KioskSettings(packs_folder=folder)
        titles.update({p.id: p.title for p in kiosk.select_packs(every).packs})
    return titles


def achievement(
    game: results.StoredGame, packs: list[str], lang: DocumentLanguage
) -> tuple[str, tuple[str, ...]]:
    """The title and lines a child's best game earns ("Energy Expert", "8 of 10 ...")."""
    tr, fmt = lang.tr, lang.fmt
    share = game.correct / game.questions if game.questions else 0.0
    if share >= EXPERT:
        title = tr.gettext("Energy Expert")
    elif share >= SAVER:
        title = tr.gettext("Energy Saver")
    else:
        title = tr.gettext("Energy Explorer")
    right = tr.ngettext(
        "{correct} of {n} question right · {points} points",
        "{correct} of {n} questions right · {points} points",
        game.questions,
    ).format(correct=game.correct, n=game.questions, points=fmt.integer(game.score))
    lines = [right]
    if packs:
        lines.append(
            tr.ngettext("Quiz pack: {packs}", "Quiz packs: {packs}", len(packs)).format(
                packs=", ".join(packs)
            )
        )
    return title, tuple(lines)


def certificate_item(
    recipient: Recipient, event: Event, code: str, message: str, titles: dict
) -> CertificateItem:
    """The translated, formatted texts of *recipient*'s certificate."""
    lang = in_language(recipient.language)
    tr, fmt = lang.tr, lang.fmt
    place = ", ".join(p for p in (event.venue, event.city) if p)
    fields = {
        "name": recipient.name,
        "first_name": recipient.first_name,
        "event": event.name,
        "city": event.city,
        "venue": event.venue,
        "date": fmt.date(event.date),
        "project": event.project,
        "organisation": recipient.organisation,
    }
    title: str = ""
    lines: tuple[str, ...] = ()
    if recipient.game is not None:
        packs = [titles[p].get(recipient.language) if p in titles else p for p in recipient.packs]
        title, lines = achievement(recipient.game, packs, lang)
    children = recipient.template == "children"
    return CertificateItem(
        template=recipient.template,
        language=recipient.language,
        name=recipient.name,
        heading=tr.gettext("Certificate of participation")
        if children
        else tr.gettext("Certificate of attendance"),
        intro=tr.gettext("This certificate is awarded to")
        if children
        else tr.gettext("This is to certify that"),
        organisation=recipient.organisation,
        took_part=tr.gettext("for taking part in") if children else tr.gettext("attended"),
        event_name=event.name,
        place_date=f"{place} · {fmt.long_date(event.date)}",
        project_line=tr.gettext(
            "An Open House day of the {project} project · My Smart City District cluster"
        ).format(project=event.project),
        message=message.format(**fields) if message else "",
        achievement_title=title,
        achievement_lines=lines,
        code=code,
        code_caption=tr.gettext("Verification code"),
        verify_hint=tr.gettext("The organisers can confirm this certificate with its code."),
        signed_for=tr.gettext("For the organisers"),
        wordmark=f"My Smart City District · {event.project}",
    )


def certificate_items(store: Store, event: Event, people: list[Recipient]) -> list[CertificateItem]:
    """The certificates of *people*, with their verification codes (signed and stored for
    whoever has none yet)."""
    codes = issue_codes(store, event, [Signee(r.key, r.first_name, r.attendee_id) for r in people])
    texts = certificate_texts(store, event.id)
    for text in texts.values():
        check_text(text)
    titles = pack_titles(store)
    return [
        certificate_item(r, event, codes[r.key], texts.get(r.template, ""), titles) for r in people
    ]
