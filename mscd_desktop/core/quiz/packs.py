"""Quiz packs: the frozen model the game engine plays, and how packs are loaded.

A pack is a JSON file (``resources/quiz/<pack_id>.json``). Every text in it is a
``{language: string}`` object; a language missing from one text falls back to English
for that string only (:meth:`LocalText.get`). :func:`load_pack` refuses a pack with any
problem (raising :class:`PackError`); :func:`load_packs` keeps the good packs of a folder
and reports the broken ones, so a kiosk can go on with the packs that are fine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mscd_desktop.core.errors import MscdError
from mscd_desktop.i18n import _
from mscd_desktop.paths import resources_dir

AGE_BANDS: tuple[str, ...] = ("8-11", "12-15")
QUESTION_TYPES: tuple[str, ...] = (
    "single_choice",
    "true_false",
    "multiple_select",
    "order",
    "estimate",
    "tap_hotspot",
    "live_meter",
)
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
    """One question. ``type`` says which of the type fields are used:

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
    type: str
    age_bands: tuple[str, ...]
    prompt: LocalText
    explanation: LocalText
    source: str
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

    @property
    def needs_live_source(self) -> bool:
        """True for live-meter questions (skipped when no live source runs)."""
        return self.type == "live_meter"


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
            first if not more else _("{first} (and {n} more problems)").format(first=first, n=more)
        )
        super().__init__(message)
        self.problems = problems


def shipped_packs_dir() -> Path:
    """Folder of the packs that come with the app."""
    return resources_dir() / "quiz"


def _text(value: Any) -> LocalText:
    if value is None:
        return LocalText()
    if isinstance(value, str):
        return LocalText({FALLBACK_LANGUAGE: value})
    return LocalText(value)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _answer(kind: str, value: Any) -> Answer:
    if kind in ("multiple_select", "order", "tap_hotspot"):
        return tuple(value)
    if kind == "estimate":
        return float(value)
    if kind == "live_meter":
        return None
    return value


def question_from_data(data: Mapping[str, Any], folder: Path, pack_id: str = "") -> Question:
    """Build a :class:`Question` from its (already validated) JSON object."""
    kind = data["type"]
    tolerance = data.get("tolerance")
    image = data.get("image")
    return Question(
        id=data["id"],
        type=kind,
        age_bands=tuple(data["age_bands"]),
        prompt=_text(data["prompt"]),
        explanation=_text(data["explanation"]),
        source=data["source"],
        image=(folder / image) if image else None,
        answer=_answer(kind, data.get("answer")),
        choices=tuple(Choice(c["id"], _text(c["text"])) for c in data.get("choices", ())),
        items=tuple(
            OrderItem(i["id"], _text(i["text"]), _number(i.get("value")))
            for i in data.get("items", ())
        ),
        order_hint=_text(data.get("order_hint")),
        hotspots=tuple(
            Hotspot(
                h["id"],
                float(h["x"]),
                float(h["y"]),
                float(h["w"]),
                float(h["h"]),
                _text(h.get("label")),
            )
            for h in data.get("hotspots", ())
        ),
        min=_number(data.get("min")),
        max=_number(data.get("max")),
        step=_number(data.get("step")),
        unit=_text(data.get("unit")),
        tolerance=Tolerance(float(tolerance["full"]), float(tolerance["partial"]))
        if tolerance
        else None,
        channel=data.get("channel"),
        pack_id=pack_id,
    )


def pack_from_data(data: Mapping[str, Any], path: Path | None = None) -> QuizPack:
    """Build a :class:`QuizPack` from its (already validated) JSON object."""
    folder = path.parent if path else Path.cwd()
    return QuizPack(
        id=data["id"],
        version=int(data["version"]),
        title=_text(data["title"]),
        description=_text(data.get("description")),
        languages=tuple(data.get("languages", (FALLBACK_LANGUAGE,))),
        questions=tuple(question_from_data(q, folder, data["id"]) for q in data["questions"]),
        path=path,
    )


def validate_pack(path: str | Path) -> list[PackProblem]:
    """Everything wrong with the pack at *path* (empty when it is fine)."""
    from mscd_desktop.core.quiz.validation import check_pack

    return check_pack(Path(path))[1]


def load_pack(path: str | Path) -> QuizPack:
    """Read and validate one pack; raises :class:`PackError` listing its problems."""
    from mscd_desktop.core.quiz.validation import check_pack

    path = Path(path)
    data, problems = check_pack(path)
    if problems or data is None:
        raise PackError(problems)
    return pack_from_data(data, path)


def pack_files(folder: str | Path) -> list[Path]:
    """The pack files of *folder*, sorted by name (the schema file left out)."""
    return sorted(p for p in Path(folder).glob("*.json") if p.name != SCHEMA_FILE)


def load_packs(
    folder: str | Path | Iterable[str | Path],
) -> tuple[list[QuizPack], list[PackProblem]]:
    """Load every pack of a folder (or a list of files), keeping the good ones.

    A pack with any problem is left out and its problems reported. Question ids must be
    unique across packs: a pack reusing an id already taken by an earlier pack (by file
    name order) is left out as well.
    """
    from mscd_desktop.core.quiz.validation import check_packs

    paths = pack_files(folder) if isinstance(folder, str | Path) else [Path(p) for p in folder]
    results = check_packs(paths)
    good = [
        pack_from_data(data, path)
        for path, (data, problems) in results.items()
        if data is not None and not problems
    ]
    problems = [problem for _data, found in results.values() for problem in found]
    return good, problems


def questions_for(pack: QuizPack, age_band: str) -> list[Question]:
    """The pack's questions for one age band, in pack order."""
    return [question for question in pack.questions if age_band in question.age_bands]
