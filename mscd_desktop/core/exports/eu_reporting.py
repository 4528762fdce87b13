"""The EU reporting sheet: the event as a row of the "dissemination and communication
activities" table that H2020 and Horizon Europe projects fill in on the Funding & Tenders
portal (type of activity, main leader, title, date, place, countries addressed, and the
number reached per type of audience).

The event's own audiences map to the portal's audience types through a mapping the
organiser can edit per event (``mscd export eu-settings``); the defaults suit the
cluster's Open House days: residents' associations count as civil society, school
classes as the general public, politicians as policy makers, the press as media.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from mscd_desktop.core.documents import event_settings as es
from mscd_desktop.core.documents.language import DocumentLanguage
from mscd_desktop.core.energy.numbers import SETTINGS_KEY as TARIFF_KEY
from mscd_desktop.core.energy.numbers import load_tariff
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.events import AUDIENCES, Event
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _

SETTINGS_KEY = "eu_reporting"

EU_AUDIENCES: dict[str, str] = {
    "scientific_community": N_("Scientific community (higher education, research)"),
    "industry": N_("Industry"),
    "civil_society": N_("Civil society"),
    "general_public": N_("General public"),
    "policy_makers": N_("Policy makers"),
    "media": N_("Media"),
    "investors": N_("Investors"),
    "customers": N_("Customers"),
    "other": N_("Other"),
}

EU_ACTIVITY_TYPES: dict[str, str] = {
    "organisation_of_workshop": N_("Organisation of workshops"),
    "organisation_of_conference": N_("Organisation of a conference"),
    "exhibition": N_("Exhibition"),
    "training": N_("Training"),
    "participation_in_event": N_("Participation in an event other than a conference or a workshop"),
    "joint_activity": N_("Activities organised jointly with other EU projects"),
    "social_media": N_("Social media"),
    "video": N_("Video or film"),
    "other": N_("Other"),
}

DEFAULT_AUDIENCE_MAP: dict[str, str] = {
    "school_children": "general_public",
    "citizens": "civil_society",
    "political": "policy_makers",
    "technical": "industry",
    "financial": "investors",
    "press": "media",
    "other": "other",
}
DEFAULT_ACTIVITY = "organisation_of_workshop"


@dataclass(frozen=True)
class EuSettings:
    """How the event is reported: the audience mapping and the row's fixed fields."""

    audience_map: dict[str, str]
    activity_type: str
    leader: str
    countries: tuple[str, ...]  # ISO 3166 codes, e.g. ("ES",)

    def as_dict(self) -> dict:
        """Plain data for ``--json`` and for storing."""
        return {
            "audience_map": dict(self.audience_map),
            "activity_type": self.activity_type,
            "leader": self.leader,
            "countries": list(self.countries),
        }


def _default_countries(store: Store) -> tuple[str, ...]:
    """The country of the energy tariff the organiser chose, if any (it is the venue's)."""
    if store.get_state(TARIFF_KEY) is None:
        return ()
    code = load_tariff(store).co2.code
    return (code,) if len(code) == 2 and code.isalpha() else ()


def eu_settings(store: Store, event_id: str) -> EuSettings:
    """The event's EU reporting settings, defaults filled in."""
    saved = es.get_setting(store, event_id, SETTINGS_KEY, {}) or {}
    mapping = {**DEFAULT_AUDIENCE_MAP, **saved.get("audience_map", {})}
    countries = saved.get("countries")
    return EuSettings(
        audience_map=mapping,
        activity_type=saved.get("activity_type", DEFAULT_ACTIVITY),
        leader=saved.get("leader", ""),
        countries=tuple(countries) if countries is not None else _default_countries(store),
    )


def _country_ok(code: str) -> bool:
    return len(code) == 2 and code.isalpha() and code.upper() in Locale("en").territories


def update_eu_settings(
    store: Store,
    event_id: str,
    *,
    audience_map: dict[str, str] | None = None,
    activity_type: str | None = None,
    leader: str | None = None,
    countries: list[str] | None = None,
    reset: bool = False,
) -> EuSettings:
    """Change the given parts of the event's EU reporting settings (``reset`` first goes
    back to the defaults). Nothing is stored when any part is wrong."""
    saved = {} if reset else dict(es.get_setting(store, event_id, SETTINGS_KEY, {}) or {})
    for audience, eu_type in (audience_map or {}).items():
        if audience not in AUDIENCES:
            raise ValidationError(
                _("Unknown audience '{audience}'. Choose from: {known}.").format(
                    audience=audience, known=", ".join(AUDIENCES)
                ),
                field="audience_map",
            )
        if eu_type not in EU_AUDIENCES:
            raise ValidationError(
                _("Unknown EU audience type '{type}'. Choose from: {known}.").format(
                    type=eu_type, known=", ".join(EU_AUDIENCES)
                ),
                field="audience_map",
            )
    if activity_type is not None and activity_type not in EU_ACTIVITY_TYPES:
        raise ValidationError(
            _("Unknown activity type '{type}'. Choose from: {known}.").format(
                type=activity_type, known=", ".join(EU_ACTIVITY_TYPES)
            ),
            field="activity_type",
        )
    cleaned = [c.strip().upper() for c in countries or [] if c.strip()]
    bad = [c for c in cleaned if not _country_ok(c)]
    if bad:
        raise ValidationError(
            _("'{code}' is not a two-letter country code (e.g. ES, SE).").format(code=bad[0]),
            field="countries",
        )
    # only what the organiser chose is stored; the rest keeps following the defaults
    if audience_map:
        saved["audience_map"] = {**saved.get("audience_map", {}), **audience_map}
    if activity_type is not None:
        saved["activity_type"] = activity_type
    if leader is not None:
        saved["leader"] = " ".join(leader.split())
    if countries is not None:
        saved["countries"] = list(dict.fromkeys(cleaned))
    es.put_setting(store, event_id, SETTINGS_KEY, saved or None)
    return eu_settings(store, event_id)


@dataclass(frozen=True)
class EuRow:
    """The event as one row of the portal's table (labels in the document's language)."""

    activity_type: str
    leader: str
    title: str
    date: str  # ISO day
    place: str
    countries: str
    reached: dict[str, int]  # EU audience type code -> people
    project: str

    @property
    def total(self) -> int:
        """Size of the audience: everyone counted in a type."""
        return sum(self.reached.values())

    def as_dict(self) -> dict:
        """Plain data for JSON."""
        return {**self.__dict__, "reached": dict(self.reached), "total": self.total}


def eu_row(
    event: Event, settings: EuSettings, by_audience: dict[str, int], lang: DocumentLanguage
) -> EuRow:
    """The row of *event*, counting the people who came (*by_audience*: event audience
    code -> people checked in; people without an audience count as "other")."""
    reached = dict.fromkeys(EU_AUDIENCES, 0)
    for audience, people in by_audience.items():
        reached[settings.audience_map.get(audience, "other")] += people
    names = lang.fmt.locale.territories
    return EuRow(
        activity_type=lang.tr.gettext(EU_ACTIVITY_TYPES[settings.activity_type]),
        leader=settings.leader,
        title=event.name,
        date=event.date,
        place=", ".join(p for p in (event.venue, event.city) if p),
        countries=", ".join(names.get(c, c) for c in settings.countries),
        reached=reached,
        project=event.project,
    )
