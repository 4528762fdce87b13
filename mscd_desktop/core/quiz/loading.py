"""Reading quiz packs into the model (:mod:`.packs`), after checking them.

:func:`load_pack` refuses a pack with any problem (raising :class:`~.packs.PackError`);
:func:`load_packs` keeps the good packs of a folder and reports the broken ones, so a
kiosk can go on with the packs that are fine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mscd_desktop.core.quiz.packs import (
    FALLBACK_LANGUAGE,
    Choice,
    Hotspot,
    LocalText,
    OrderItem,
    PackError,
    PackProblem,
    Question,
    QuestionType,
    QuizPack,
    Tolerance,
    pack_files,
)
from mscd_desktop.core.quiz.question_types import RULES
from mscd_desktop.core.quiz.validation import check_pack, check_packs


def _text(value: Any) -> LocalText:
    """A text of the pack: an object by language, or one string (kept as English, which
    every other language falls back to)."""
    if value is None:
        return LocalText()
    if isinstance(value, str):
        return LocalText({FALLBACK_LANGUAGE: value})
    return LocalText(value)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def question_from_data(data: Mapping[str, Any], folder: Path, pack_id: str = "") -> Question:
    """Build a :class:`Question` from its (already validated) JSON object."""
    kind = QuestionType(data["type"])
    tolerance = data.get("tolerance")
    image = data.get("image")
    return Question(
        id=data["id"],
        type=kind,
        age_bands=tuple(data["age_bands"]),
        prompt=_text(data["prompt"]),
        explanation=_text(data["explanation"]),
        source=_text(data["source"]),
        image=(folder / image) if image else None,
        answer=RULES[kind].read_answer(data.get("answer")),
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
    return check_pack(Path(path))[1]


def load_pack(path: str | Path) -> QuizPack:
    """Read and validate one pack; raises :class:`PackError` listing its problems."""
    path = Path(path)
    data, problems = check_pack(path)
    if problems or data is None:
        raise PackError(problems)
    return pack_from_data(data, path)


def load_packs(
    folder: str | Path | Iterable[str | Path],
) -> tuple[list[QuizPack], list[PackProblem]]:
    """Load every pack of a folder (or a list of files), keeping the good ones.

    A pack with any problem is left out and its problems reported. Question ids must be
    unique across packs: a pack reusing an id already taken by an earlier pack (by file
    name order) is left out as well.
    """
    paths = pack_files(folder) if isinstance(folder, str | Path) else [Path(p) for p in folder]
    results = check_packs(paths)
    good = [
        pack_from_data(data, path)
        for path, (data, problems) in results.items()
        if data is not None and not problems
    ]
    problems = [problem for _data, found in results.values() for problem in found]
    return good, problems
