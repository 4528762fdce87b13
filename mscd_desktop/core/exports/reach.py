"""The day's reach in figures: who came, who played, what the live demo showed.

:func:`reach_report` gathers everything the reach report (PDF, JSON, XLSX), the EU
reporting sheet and the reach card print, through the core services of check-in, the
kiosk and the live feed. It holds counts only: no name of any person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from mscd_desktop.core.attendance import arrivals_by_hour, attendance_records
from mscd_desktop.core.documents.certificates import pack_titles
from mscd_desktop.core.documents.language import DocumentLanguage, event_language
from mscd_desktop.core.energy.energy_minutes import channel_totals
from mscd_desktop.core.energy.simulator import PROFILES
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import Event, get_event
from mscd_desktop.core.exports.eu_reporting import EuRow, eu_row, eu_settings
from mscd_desktop.core.quiz import kiosk, results
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

MOST_MISSED = 10


@dataclass(frozen=True)
class CountRow:
    """People of one kind (an audience, an age band, an organisation): registered and
    checked in."""

    key: str
    label: str
    registered: int
    checked_in: int


@dataclass(frozen=True)
class PackRow:
    """One quiz pack over the day: games that used it, answers, share right, mean points."""

    pack_id: str
    title: str
    games: int
    answers: int
    share_right: float
    mean_points: float


@dataclass(frozen=True)
class MissedQuestion:
    """A question children often did not get fully right, by its text."""

    question_id: str
    text: str
    asked: int
    missed: int


@dataclass(frozen=True)
class ChannelRow:
    """One live-demo channel: energy shown, peak and mean power, minutes recorded."""

    channel: str
    label: str
    energy_wh: float
    peak_w: float
    mean_w: float
    minutes: int


@dataclass(frozen=True)
class ReachReport:
    """Everything the reach report shows, in the language of *language*."""

    event: Event
    language: str
    registered: int
    checked_in: int
    players: int
    games: int
    by_audience: list[CountRow]
    by_age_band: list[CountRow]
    by_organisation: list[CountRow]
    by_hour: dict[int, int]
    packs: list[PackRow]
    most_missed: list[MissedQuestion]
    channels: list[ChannelRow]
    eu: EuRow
    generated_at: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @property
    def energy_wh(self) -> float:
        """Energy shown by every channel of the live demo together."""
        return sum(c.energy_wh for c in self.channels)

    def as_dict(self) -> dict:
        """Plain data for the JSON report."""
        return {
            "event": self.event.as_dict(),
            "language": self.language,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "registered": self.registered,
            "checked_in": self.checked_in,
            "players": self.players,
            "games": self.games,
            "by_audience": [r.__dict__ for r in self.by_audience],
            "by_age_band": [r.__dict__ for r in self.by_age_band],
            "by_organisation": [r.__dict__ for r in self.by_organisation],
            "arrivals_by_hour": {f"{h:02d}:00": n for h, n in self.by_hour.items()},
            "quiz_packs": [r.__dict__ for r in self.packs],
            "most_missed_questions": [r.__dict__ for r in self.most_missed],
            "energy_wh": self.energy_wh,
            "channels": [r.__dict__ for r in self.channels],
            "eu_reporting": self.eu.as_dict(),
        }


def _counts(pairs: list[tuple[str, bool]], label: Callable[[str], str]) -> list[CountRow]:
    registered, came = Counter(k for k, _c in pairs), Counter(k for k, c in pairs if c)
    rows = [CountRow(k, label(k), n, came[k]) for k, n in registered.items()]
    return sorted(rows, key=lambda r: (-r.checked_in, -r.registered, r.label.casefold()))


def _questions(store: Store, lang: DocumentLanguage) -> dict[str, str]:
    settings = kiosk.load_settings(store)
    found = {}
    for chosen in (kiosk.KioskSettings(), kiosk.KioskSettings(packs_folder=settings.packs_folder)):
        for pack in kiosk.select_packs(chosen).packs:
            found.update({q.id: q.prompt.get(lang.code) for q in pack.questions})
    return found


def _quiz(
    store: Store, event: Event, lang: DocumentLanguage
) -> tuple[list[PackRow], list[MissedQuestion]]:
    titles = pack_titles(store)
    packs = [
        PackRow(
            s.pack_id,
            titles[s.pack_id].get(lang.code) if s.pack_id in titles else s.pack_id,
            s.games,
            s.answers,
            s.mean_credit,
            s.mean_points,
        )
        for s in results.pack_stats(store, event.id)
    ]
    texts = _questions(store, lang)
    missed = [
        MissedQuestion(qid, texts.get(qid, qid), asked, asked - right)
        for qid, (asked, right) in results.question_stats(store, event.id).items()
        if asked > right
    ]
    missed.sort(key=lambda q: (-q.missed / q.asked, -q.missed, q.text))
    return packs, missed[:MOST_MISSED]


def _channels(store: Store, event: Event, lang: DocumentLanguage) -> list[ChannelRow]:
    rows = []
    for total in channel_totals(store, event.id):
        profile = PROFILES.get(total.channel)
        label = lang.tr.gettext(profile().label) if profile else total.channel
        rows.append(
            ChannelRow(
                total.channel, label, total.energy_wh, total.max_w, total.mean_w, total.minutes
            )
        )
    return rows


def reach_report(store: Store, event_id: str) -> ReachReport:
    """The reach of the event, in its first language. An event nobody checked in to and
    where no child played has no reach to report (MscdError)."""
    event = get_event(store, event_id)
    lang = event_language(event)
    records = attendance_records(store, event.id)
    checked_in = sum(r.checked_in for r in records)
    games = results.games(store, event.id)
    if not checked_in and not games:
        raise MscdError(
            _(
                "Nobody has checked in to '{event}' and no child played at the kiosk, "
                "so there is no reach to report yet."
            ).format(event=event.name)
        )
    people = [(r.attendee, r.checked_in) for r in records]
    packs, missed = _quiz(store, event, lang)
    by_audience = _counts(
        [(p.audience or "", c) for p, c in people], lambda k: lang.audience(k) or "–"
    )
    return ReachReport(
        event=event,
        language=lang.code,
        registered=len(records),
        checked_in=checked_in,
        players=len(results.best_game_per_player(store, event.id)),
        games=len(games),
        by_audience=by_audience,
        by_age_band=_counts([(p.age_band or "", c) for p, c in people], lambda k: k or "–"),
        by_organisation=_counts([(p.organisation, c) for p, c in people], lambda k: k or "–"),
        by_hour=arrivals_by_hour(store, event.id),
        packs=packs,
        most_missed=missed,
        channels=_channels(store, event, lang),
        eu=eu_row(
            event, eu_settings(store, event.id), {r.key: r.checked_in for r in by_audience}, lang
        ),
    )
