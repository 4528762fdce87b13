"""Quiz packs: the frozen model the game engine plays.

A pack is a JSON file (``resources/quiz/<pack_id>.json``). Every text in it is a
``{language: string}`` object; a language missing from one text falls back to English
for that string only (:meth:`LocalText.get`). What each question type means (its fields,
checks, judging and wording) is declared in :mod:`.question_types`; packs are read and
checked by :mod:`.loading` and :mod:`.validation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from mscd_desktop.core.errors import MscdError
from mscd_desktop.i18n import _, ngettext
from mscd_desktop.paths import resources_dir

AGE_BANDS: tuple[str, ...] = ("8-11", "12-15")


class QuestionType(StrEnum):
    """The kinds of question a pack can hold (the ``type`` of a question in the JSON).

    A member equals its JSON string, so ``question.type == "order"`` holds. What each type
    needs and does is declared once, in :data:`.question_types.RULES` (core) and in the
    kiosk's registry (its page and keys), both keyed by these members.
    """

    SINGLE_CHOICE = "single_choice"
    TRUE_FALSE = "true_false"
    MULTIPLE_SELECT = "multiple_select"
    ORDER = "order"
    ESTIMATE = "estimate"
    TAP_HOTSPOT = "tap_hotspot"
    LIVE_METER = "live_meter"


QUESTION_TYPES: tuple[str, ...] = tuple(kind.value for kind in QuestionType)
FALLBACK_LANGUAGE = "en"
# The packs shipped with the app are complete in the app's languages.
SHIPPED_LANGUAGES: tuple[str, ...] = ("en", "es", "sv")
SCHEMA_FILE = "pack.schema.json"

Answer = str | bool | float | tuple[str, ...] | None


@dataclass(frozen=True)
class LocalText:
    """One text in several languages; :meth:`get` falls back to English."""

    texts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", MappingProxyType(dict(self.texts)))

    def get(self, lang: str) -> str:
        """The text in *lang*, else in English, else in any language it has, else ''."""
        for code in (lang, lang.split("_")[0], FALLBACK_LANGUAGE):
            if self.texts.get(code):
                return self.texts[code]
        return next((text for text in self.texts.values() if text), "")

    @property
    def languages(self) -> frozenset[str]:
        """Languages this text is written in (non-empty strings only)."""
        return frozenset(code for code, text in self.texts.items() if text)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.texts.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalText) and dict(self.texts) == dict(other.texts)


@dataclass(frozen=True)
class Choice:
    """An answer button of a single-choice or multiple-select question."""

    id: str
    text: LocalText


@dataclass(frozen=True)
class OrderItem:
    """A card to put in order; ``value`` (e.g. watts) is shown after answering."""

    id: str
    text: LocalText
    value: float | None = None


@dataclass(frozen=True)
class Hotspot:
    """A box on the picture, in fractions (0..1) of its width and height."""

    id: str
    x: float
    y: float
    w: float
    h: float
    label: LocalText

    def contains(self, fx: float, fy: float) -> bool:
        """Whether the point (*fx*, *fy*), in fractions of the picture, is in the box."""
        return self.x <= fx <= self.x + self.w and self.y <= fy <= self.y + self.h


@dataclass(frozen=True)
class Tolerance:
    """How far (percent of the right value) an estimate may be for full or partial marks."""

    full: float
    partial: float


@dataclass(frozen=True)
class Question:
    """One question. ``type`` says which of the type fields are used
    (:data:`.question_types.RULES` declares them):

    - single_choice: ``choices``, ``answer`` (a choice id)
    - true_false: ``answer`` (bool)
    - multiple_select: ``choices``, ``answer`` (tuple of choice ids)
    - order: ``items``, ``answer`` (item ids in the right order), ``order_hint``
    - estimate: ``min``, ``max``, ``step``, ``unit``, ``answer`` (number), ``tolerance``
    - tap_hotspot: ``image``, ``hotspots``, ``answer`` (ids of the energy wasters)
    - live_meter: ``channel``, ``unit``, ``min``, ``max``, ``step``, ``tolerance``;
      judged against the live reading, so ``answer`` is None
    """

    id: str
    type: QuestionType
    age_bands: tuple[str, ...]
    prompt: LocalText
    explanation: LocalText
    source: LocalText  # a plain string in the pack stands for every language
    image: Path | None = None
    answer: Answer = None
    choices: tuple[Choice, ...] = ()
    items: tuple[OrderItem, ...] = ()
    order_hint: LocalText = field(default_factory=LocalText)
    hotspots: tuple[Hotspot, ...] = ()
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: LocalText = field(default_factory=LocalText)
    tolerance: Tolerance | None = None
    channel: str | None = None
    pack_id: str = ""


@dataclass(frozen=True)
class QuizPack:
    """A validated pack of questions."""

    id: str
    version: int
    title: LocalText
    description: LocalText
    languages: tuple[str, ...]
    questions: tuple[Question, ...]
    path: Path | None = None

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if the pack has none)."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack: which file, question and field, and what is wrong."""

    file: str
    question_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.question_id:
            where.append(_("question {id}").format(id=self.question_id))
        if self.field:
            where.append(_("field {field}").format(field=self.field))
        return ", ".join(where) + ": " + self.message

    def as_dict(self) -> dict[str, str | None]:
        """A plain dict, for ``--json`` output."""
        return {
            "file": self.file,
            "question_id": self.question_id,
            "field": self.field,
            "message": self.message,
        }


class PackError(MscdError):
    """A pack that cannot be played; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: list[PackProblem]) -> None:
        first = str(problems[0]) if problems else _("The quiz pack cannot be read.")
        more = len(problems) - 1
        message = (
            first
            if not more
            else ngettext(
                "{first} (and {n} more problem)", "{first} (and {n} more problems)", more
            ).format(first=first, n=more)
        )
        super().__init__(message)
        self.problems = problems


def shipped_packs_dir() -> Path:
    """Folder of the packs that come with the app."""
    return resources_dir() / "quiz"


def pack_files(folder: str | Path) -> list[Path]:
    """The pack files of *folder*, sorted by name (the schema file left out)."""
    return sorted(p for p in Path(folder).glob("*.json") if p.name != SCHEMA_FILE)


def questions_for(pack: QuizPack, age_band: str) -> list[Question]:
    """The pack's questions for one age band, in pack order."""
    return [question for question in pack.questions if age_band in question.age_bands]
