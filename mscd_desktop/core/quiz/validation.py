"""Checking quiz packs: JSON syntax, the JSON schema, then what a schema cannot say.

Every problem names the file, the question and the field (``choices[1].text.sv``) and
says in a translated sentence what is wrong. The semantic checks: every text in each of
the pack's languages, answer keys that fit the question (a choice that exists, an order
that is a permutation of the items, an estimate inside the slider, hotspots inside the
picture), unique ids, and pictures that open.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from mscd_desktop.core.quiz.pack_json import bad_numbers, read_pack_json
from mscd_desktop.core.quiz.packs import (
    SCHEMA_FILE,
    SHIPPED_LANGUAGES,
    PackProblem,
    shipped_packs_dir,
)
from mscd_desktop.core.quiz.pictures import picture_problem
from mscd_desktop.core.quiz.schema_messages import locate, schema_problems
from mscd_desktop.i18n import _
from mscd_desktop.paths import resources_dir

COMMON_FIELDS = {"id", "age_bands", "type", "prompt", "explanation", "source", "image"}
TYPE_FIELDS = {
    "single_choice": {"choices", "answer"},
    "true_false": {"answer"},
    "multiple_select": {"choices", "answer"},
    "order": {"items", "answer", "order_hint"},
    "estimate": {"min", "max", "step", "unit", "answer", "tolerance"},
    "tap_hotspot": {"hotspots", "answer"},
    "live_meter": {"channel", "unit", "min", "max", "step", "tolerance"},
}
# Text fields of a question, and of each entry of its lists.
QUESTION_TEXTS = ("prompt", "explanation", "order_hint")
LIST_TEXTS = {"choices": "text", "items": "text", "hotspots": "label"}
EPSILON = 1e-9
# A hotspot narrower or lower than this share of the picture is too small for a finger
# (8 % of a picture shown 900 px wide on a 15" kiosk is about 18 mm).
MIN_HOTSPOT = 0.08

Data = dict[str, Any]
log = logging.getLogger(__name__)


@cache
def load_schema() -> Data:
    """The pack JSON schema shipped with the app."""
    schema = resources_dir() / "quiz" / SCHEMA_FILE
    return json.loads(schema.read_text(encoding="utf-8"))


class _Report:
    """Collects the problems of one file."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)
        self.problems: list[PackProblem] = []

    def add(self, question_id: str | None, field: str | None, message: str) -> None:
        self.problems.append(PackProblem(self.file, question_id, field, message))


def required_languages(path: Path) -> tuple[str, ...]:
    """Languages a pack must be written in whatever it declares: en, es and sv for the
    packs shipped with the app, none beyond its own ``languages`` for any other pack."""
    shipped = shipped_packs_dir().resolve()
    return SHIPPED_LANGUAGES if path.resolve().parent == shipped else ()


def check_pack(
    path: Path,
    required: Iterable[str] | None = None,
) -> tuple[Data | None, list[PackProblem]]:
    """Parse and check one pack file; returns its data (None if unreadable) and problems.

    *required*: languages every text must have even if the pack does not declare them
    (default: :func:`required_languages`).
    """
    required = tuple(required_languages(path) if required is None else required)
    report = _Report(path)
    data = read_pack_json(path, report.add)
    if data is None:
        return None, report.problems
    questions = data.get("questions") if isinstance(data, dict) else None
    for where, number in bad_numbers(data):
        _index, qid, field = locate(where, questions)
        report.add(qid, field, number.problem())
    if report.problems:
        return None, report.problems  # no later check can use these numbers
    broken_questions = set()
    for problem, index in schema_problems(data, load_schema(), report.file):
        report.problems.append(problem)
        broken_questions.add(index)
    if None in broken_questions:
        return data, report.problems  # the pack's own fields are wrong: stop here
    if data["id"] != path.stem:
        report.add(
            None,
            "id",
            _("The pack id {id} should match the file name {name}.").format(
                id=data["id"], name=path.name
            ),
        )
    languages = list(data["languages"])
    missing = [code for code in required if code not in languages]
    if missing:
        report.add(
            None,
            "languages",
            _("This pack must also be written in: {codes}.").format(codes=", ".join(missing)),
        )
        languages += missing
    if "en" not in languages:
        report.add(
            None,
            "languages",
            _("English (en) must be one of the pack's languages: every text falls back to it."),
        )
    for name in ("title", "description"):
        _check_text(report, None, name, data.get(name), languages, required=name == "title")
    seen: set[str] = set()
    for index, question in enumerate(data["questions"]):
        qid = question["id"] if index not in broken_questions else None
        if qid is None:
            continue
        if qid in seen:
            report.add(
                qid, "id", _("The question id {id} is used twice in this pack.").format(id=qid)
            )
        seen.add(qid)
        _check_question(report, question, languages, path.parent)
    return data, report.problems


def check_packs(paths: Iterable[Path]) -> dict[Path, tuple[Data | None, list[PackProblem]]]:
    """Check several packs, and that question ids are unique across all of them.

    A question id already used by an earlier pack (in the order given) is a problem of
    the later pack.
    """
    results: dict[Path, tuple[Data | None, list[PackProblem]]] = {}
    owners: dict[str, tuple[str, Path]] = {}
    for path in paths:
        try:
            data, problems = check_pack(path)
        except Exception as exc:  # one pack's surprise must not keep the others away
            log.exception("checking %s failed", path)
            data, problems = None, [_unexpected(path, exc)]
        for question in (data or {}).get("questions", []) if isinstance(data, dict) else []:
            qid = question.get("id") if isinstance(question, dict) else None
            if not isinstance(qid, str):
                continue
            owner = owners.get(qid)
            if owner and owner[1] != path:
                problems.append(
                    PackProblem(
                        str(path),
                        qid,
                        "id",
                        _(
                            "The question id {id} is already used by pack {pack} ({file}); "
                            "question ids must be unique across all packs."
                        ).format(id=qid, pack=owner[0], file=owner[1].name),
                    )
                )
            elif not owner:
                owners[qid] = (str(data.get("id", path.stem)), path)
        results[path] = (data, problems)
    return results


def _unexpected(path: Path, exc: Exception) -> PackProblem:
    return PackProblem(
        str(path),
        None,
        None,
        _("The pack could not be checked ({error}); it was left out.").format(
            error=str(exc) or exc.__class__.__name__
        ),
    )


def _check_text(
    report: _Report,
    qid: str | None,
    field: str,
    value: Any,
    languages: list[str],
    required: bool = True,
) -> None:
    if value is None:
        if required:
            report.add(qid, field, _("This text is missing."))
        return
    if isinstance(value, str):
        value = {"en": value}
    for code in languages:
        if not str(value.get(code, "")).strip():
            report.add(
                qid, f"{field}.{code}", _('The "{code}" translation is missing.').format(code=code)
            )


def _check_question(
    report: _Report, q: Mapping[str, Any], languages: list[str], folder: Path
) -> None:
    qid, kind = q["id"], q["type"]
    for extra in sorted(set(q) - COMMON_FIELDS - TYPE_FIELDS[kind]):
        report.add(qid, extra, _("A {type} question does not use this field.").format(type=kind))
    for name in QUESTION_TEXTS:
        _check_text(report, qid, name, q.get(name), languages, required=name != "order_hint")
    for list_name, text_name in LIST_TEXTS.items():
        entries = q.get(list_name, [])
        for i, entry in enumerate(entries):
            _check_text(
                report, qid, f"{list_name}[{i}].{text_name}", entry.get(text_name), languages
            )
        _check_unique_ids(report, qid, list_name, entries)
    if isinstance(q.get("unit"), dict):
        _check_text(report, qid, "unit", q["unit"], languages)
    if q.get("image"):
        problem = picture_problem(folder / q["image"], q["image"], folder)
        if problem:
            report.add(qid, "image", problem)
    CHECKS[kind](report, q)


def _check_unique_ids(
    report: _Report, qid: str, list_name: str, entries: list[Mapping[str, Any]]
) -> None:
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry["id"] in seen:
            report.add(
                qid, f"{list_name}[{i}].id", _("The id {id} is used twice.").format(id=entry["id"])
            )
        seen.add(entry["id"])


def _check_id_list(
    report: _Report, qid: str, answer: list[str], known: list[str], what: str
) -> None:
    for value in answer:
        if value not in known:
            report.add(
                qid,
                "answer",
                _("The answer {value} is not one of the {what}: {known}.").format(
                    value=value, what=what, known=", ".join(known)
                ),
            )
    if len(set(answer)) != len(answer):
        report.add(qid, "answer", _("The answer lists the same id twice."))


def _choice_ids(q: Mapping[str, Any]) -> list[str]:
    return [c["id"] for c in q["choices"]]


def _check_single(report: _Report, q: Mapping[str, Any]) -> None:
    _check_id_list(report, q["id"], [q["answer"]], _choice_ids(q), _("choices"))


def _check_true_false(report: _Report, q: Mapping[str, Any]) -> None:
    """The schema already requires a boolean answer."""


def _check_multiple(report: _Report, q: Mapping[str, Any]) -> None:
    _check_id_list(report, q["id"], q["answer"], _choice_ids(q), _("choices"))


def _check_order(report: _Report, q: Mapping[str, Any]) -> None:
    ids = [item["id"] for item in q["items"]]
    if sorted(q["answer"]) != sorted(ids):
        report.add(
            q["id"],
            "answer",
            _("The order answer must list every item exactly once (items: {items}).").format(
                items=", ".join(ids)
            ),
        )
        return
    values = {item["id"]: item.get("value") for item in q["items"]}
    ordered = [values[i] for i in q["answer"]]
    if None not in ordered:
        rising = all(a <= b for a, b in pairwise(ordered))
        falling = all(a >= b for a, b in pairwise(ordered))
        if not (rising or falling):
            report.add(
                q["id"],
                "answer",
                _("The order answer does not follow the items' values ({values}).").format(
                    values=", ".join(f"{i}={values[i]:g}" for i in q["answer"])
                ),
            )


def _check_range(report: _Report, q: Mapping[str, Any]) -> None:
    low, high, step = q["min"], q["max"], q["step"]
    if low >= high:
        report.add(
            q["id"],
            "max",
            _("The maximum ({max:g}) must be more than the minimum ({min:g}).").format(
                max=high, min=low
            ),
        )
    elif step > high - low:
        report.add(
            q["id"],
            "step",
            _("The step ({step:g}) is larger than the slider's range.").format(step=step),
        )
    tolerance = q["tolerance"]
    if tolerance["full"] > tolerance["partial"]:
        report.add(
            q["id"],
            "tolerance",
            _("The full-marks tolerance must not be wider than the partial one."),
        )


def _check_estimate(report: _Report, q: Mapping[str, Any]) -> None:
    _check_range(report, q)
    answer, low, high, step = q["answer"], q["min"], q["max"], q["step"]
    if not low <= answer <= high:
        report.add(
            q["id"],
            "answer",
            _("The answer {answer:g} is outside the slider ({min:g} to {max:g}).").format(
                answer=answer, min=low, max=high
            ),
        )
    elif step > 0 and not _on_grid(answer - low, step):
        report.add(
            q["id"],
            "answer",
            _(
                "The answer {answer:g} cannot be picked on the slider: "
                "it is not the minimum plus whole steps of {step:g}."
            ).format(answer=answer, step=step),
        )


def _on_grid(offset: float, step: float) -> bool:
    ratio = offset / step
    return math.isclose(ratio, round(ratio), abs_tol=1e-6)


def _check_hotspots(report: _Report, q: Mapping[str, Any]) -> None:
    for i, spot in enumerate(q["hotspots"]):
        x, y, w, h = spot["x"], spot["y"], spot["w"], spot["h"]
        if x < -EPSILON or y < -EPSILON or x + w > 1 + EPSILON or y + h > 1 + EPSILON:
            report.add(
                q["id"],
                f"hotspots[{i}]",
                _(
                    "The hotspot {id} lies outside the picture: x, y, w and h are fractions of "
                    "the picture, so x + w and y + h must be at most 1."
                ).format(id=spot["id"]),
            )
        if w < MIN_HOTSPOT - EPSILON or h < MIN_HOTSPOT - EPSILON:
            report.add(
                q["id"],
                f"hotspots[{i}]",
                _(
                    "The hotspot {id} is too small to tap with a finger: make w and h at least "
                    "{min:g}."
                ).format(id=spot["id"], min=MIN_HOTSPOT),
            )
    _check_id_list(report, q["id"], q["answer"], [s["id"] for s in q["hotspots"]], _("hotspots"))


CHECKS = {
    "single_choice": _check_single,
    "true_false": _check_true_false,
    "multiple_select": _check_multiple,
    "order": _check_order,
    "estimate": _check_estimate,
    "tap_hotspot": _check_hotspots,
    "live_meter": _check_range,
}
