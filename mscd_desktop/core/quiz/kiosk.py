"""Kiosk settings the organiser chooses, the kiosk lock, and group sessions.

All of it is kept in the store's ``app_state`` so it survives a restart of the app: a
kiosk that was locked comes back locked. Packs are loaded with
:func:`~mscd_desktop.core.quiz.loading.load_packs`; a broken pack is left out and its
problems are reported to the organiser (never to the child).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from mscd_desktop.core import attendees
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.quiz.engine import GameConfig, Mode
from mscd_desktop.core.quiz.loading import load_packs
from mscd_desktop.core.quiz.packs import (
    AGE_BANDS,
    PackProblem,
    Question,
    QuizPack,
    questions_for,
    shipped_packs_dir,
)
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

SETTINGS_KEY = "kiosk_settings"
LOCK_KEY = "kiosk_locked"
SESSION_KEY = "kiosk_group_session"


@dataclass(frozen=True)
class KioskSettings:
    """What the kiosk plays: packs (ids; empty = all good ones), mode, questions per band."""

    packs: tuple[str, ...] = ()
    mode: str = Mode.EXPLORER.value
    questions_per_band: dict[str, int] = field(default_factory=lambda: {"8-11": 8, "12-15": 10})
    time_limit: float = 20.0
    idle_seconds: float = 60.0
    packs_folder: str = ""  # empty: the packs shipped with the app

    def game_config(self) -> GameConfig:
        """The engine configuration for these settings."""
        return GameConfig(
            mode=Mode(self.mode),
            questions_per_game=dict(self.questions_per_band),
            time_limit=self.time_limit,
            idle_seconds=self.idle_seconds,
        )

    def folder(self) -> Path:
        """Where the packs are read from."""
        return Path(self.packs_folder) if self.packs_folder else shipped_packs_dir()


def validate_settings(settings: KioskSettings) -> dict[str, str]:
    """Every problem with *settings*, by field."""
    errors: dict[str, str] = {}
    if settings.mode not in {m.value for m in Mode}:
        errors["mode"] = _("Unknown mode '{mode}'.").format(mode=settings.mode)
    for band, count in settings.questions_per_band.items():
        if band not in AGE_BANDS:
            errors["questions_per_band"] = _("Unknown age band '{band}'.").format(band=band)
        elif not 1 <= int(count) <= 50:
            errors["questions_per_band"] = _(
                "The number of questions for ages {band} must be 1 to 50."
            ).format(band=band)
    if not 5 <= settings.time_limit <= 120:
        errors["time_limit"] = _("The time per question must be 5 to 120 seconds.")
    if not 15 <= settings.idle_seconds <= 600:
        errors["idle_seconds"] = _("The idle timeout must be 15 to 600 seconds.")
    return errors


def load_settings(store: Store) -> KioskSettings:
    """The kiosk settings kept in the store (defaults when none were saved)."""
    raw = store.get_state(SETTINGS_KEY)
    if not raw:
        return KioskSettings()
    data = json.loads(raw)
    data["packs"] = tuple(data.get("packs", ()))
    known = KioskSettings.__dataclass_fields__
    return KioskSettings(**{k: v for k, v in data.items() if k in known})


def save_settings(store: Store, settings: KioskSettings) -> KioskSettings:
    """Keep *settings*; raises ValidationError (nothing saved) when they are wrong."""
    errors = validate_settings(settings)
    if errors:
        raise ValidationError(" ".join(errors.values()), field=next(iter(errors)), errors=errors)
    store.set_state(SETTINGS_KEY, json.dumps(asdict(settings)))
    return settings


@dataclass(frozen=True)
class PackSelection:
    """The packs the kiosk plays, the question pools per age band, and what was refused."""

    packs: list[QuizPack]
    problems: list[PackProblem]
    pools: dict[str, list[Question]]

    def refused_files(self) -> list[str]:
        """Pack files left out because something is wrong with them."""
        return sorted({p.file for p in self.problems})


def _folder_stamp(folder: Path) -> tuple:
    """What changes when any file of the pack folder (pictures included) changes."""
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(
            (str(p.relative_to(folder)), p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*")
            if p.is_file()
        )
    )


@lru_cache(maxsize=4)
def _load_folder(folder: Path, _stamp: tuple) -> tuple[list[QuizPack], list[PackProblem]]:
    return load_packs(folder)


def select_packs(settings: KioskSettings) -> PackSelection:
    """Load the packs of the settings; broken ones are left out and reported.

    Packs are validated once per content of the folder (a changed file is read again).
    """
    folder = settings.folder()
    good, problems = _load_folder(folder, _folder_stamp(folder))
    chosen = [p for p in good if not settings.packs or p.id in settings.packs]
    pools = {band: [q for p in chosen for q in questions_for(p, band)] for band in AGE_BANDS}
    return PackSelection(chosen, list(problems), pools)


def is_locked(store: Store) -> bool:
    """Whether the kiosk is locked (full screen, no way out without the PIN)."""
    return store.get_state(LOCK_KEY) == "1"


def set_locked(store: Store, locked: bool) -> None:
    """Lock or unlock the kiosk; kept across restarts."""
    store.set_state(LOCK_KEY, "1" if locked else "0")


@dataclass(frozen=True)
class GroupSession:
    """A school group at the kiosk: members play in turns, or the class splits into teams."""

    group_id: str
    name: str
    style: str = "turns"  # "turns" or "teams"
    members: tuple[str, ...] = ()  # first names (turns) or team names (teams)
    age_band: str = "8-11"
    attendee_ids: tuple[str, ...] = ()  # the attendee of each member, when known

    def attendee_of(self, index: int) -> str | None:
        """The attendee id of member *index*, if the group came from the attendee list."""
        return self.attendee_ids[index] if index < len(self.attendee_ids) else None


def parse_members(text: str, *, teams: bool = False) -> tuple[str, ...]:
    """Names typed one per line (or comma-separated) by the organiser, cleaned.

    For children only the first word of each line is kept, so no surname is stored; team
    names ("Team Red") are kept whole. E-mail addresses and duplicates are dropped.
    """
    names: list[str] = []
    for part in text.replace(",", "\n").splitlines():
        words = part.split()
        name = (" ".join(words) if teams else words[0] if words else "")[:40]
        if name and "@" not in name and name not in names:
            names.append(name)
    return tuple(names)


def start_group_session(store: Store, session: GroupSession) -> GroupSession:
    """Make *session* the current group at the kiosk."""
    if session.style not in ("turns", "teams"):
        raise ValidationError(_("A group plays in turns or as teams."), field="style")
    if not session.name.strip():
        raise ValidationError(_("The group needs a name."), field="name")
    if not session.members:
        raise ValidationError(_("Add at least one name or team."), field="members")
    if session.age_band not in AGE_BANDS:
        raise ValidationError(
            _("Unknown age band '{band}'.").format(band=session.age_band), field="age_band"
        )
    store.set_state(SESSION_KEY, json.dumps(asdict(session)))
    return session


def current_group_session(store: Store) -> GroupSession | None:
    """The group playing now, if the organiser started one."""
    raw = store.get_state(SESSION_KEY)
    if not raw:
        return None
    data = json.loads(raw)
    data["members"] = tuple(data.get("members", ()))
    data["attendee_ids"] = tuple(data.get("attendee_ids", ()))
    return GroupSession(**data)


def session_from_school_group(store: Store, group_id: str, style: str = "turns") -> GroupSession:
    """A group session for a school class of the attendee list: its pupils by first name
    (the full stored name only where two pupils share a first name), linked to their
    attendee records so results reach their certificates."""
    group = attendees.get_group(store, group_id)
    pupils = [a for a in attendees.group_members(store, group_id) if a.role == "pupil"]
    firsts = [p.name.split()[0] if p.name.split() else p.name for p in pupils]
    names = tuple(
        first if firsts.count(first) == 1 else p.name[:40]
        for first, p in zip(firsts, pupils, strict=True)
    )
    band = group.age_band if group.age_band in AGE_BANDS else AGE_BANDS[0]
    name = f"{group.school} {group.class_name}".strip()
    return GroupSession(group.id, name, style, names, band, tuple(p.id for p in pupils))


def end_group_session(store: Store) -> None:
    """No group plays any more (children pick an avatar instead)."""
    store.set_state(SESSION_KEY, None)
