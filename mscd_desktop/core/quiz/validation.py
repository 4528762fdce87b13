"""Checking quiz packs: JSON syntax, the JSON schema, then what a schema cannot say.

Every problem names the file, the question and the field (``choices[1].text.sv``) and
says in a translated sentence what is wrong. The semantic checks: every text in each of
the pack's languages, unique ids, pictures that open, and each question type's own checks
(:data:`.question_types.RULES`: a choice that exists, an order that is a permutation of
the items, an estimate inside the slider, hotspots inside the picture).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from mscd_desktop.core.quiz.pack_json import bad_numbers, read_pack_json
from mscd_desktop.core.quiz.packs import (
    SCHEMA_FILE,
    SHIPPED_LANGUAGES,
    PackProblem,
    QuestionType,
    shipped_packs_dir,
)
from mscd_desktop.core.quiz.pictures import picture_problem
from mscd_desktop.core.quiz.question_types import RULES
from mscd_desktop.core.quiz.schema_messages import locate, schema_problems
from mscd_desktop.i18n import _
from mscd_desktop.paths import resources_dir

COMMON_FIELDS = {"id", "age_bands", "type", "prompt", "explanation", "source", "image"}
# Text fields of a question, and of each entry of its lists.
QUESTION_TEXTS = ("prompt", "explanation", "order_hint")
LIST_TEXTS = {"choices": "text", "items": "text", "hotspots": "label"}
Data = dict[str, Any]
log = logging.getLogger(__name__)


@cache
def load_schema() -> Data:
    """The pack JSON schema shipped with the app."""
    schema = resources_dir() / "quiz" / SCHEMA_FILE
    data: Data = json.loads(schema.read_text(encoding="utf-8"))
    return data


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
        questions = data.get("questions", []) if isinstance(data, dict) else []
        pack_id = str(data.get("id", path.stem)) if isinstance(data, dict) else path.stem
        for question in questions:
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
                owners[qid] = (pack_id, path)
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
    rules = RULES[QuestionType(kind)]
    for extra in sorted(set(q) - COMMON_FIELDS - rules.fields):
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
    for name in ("unit", "source"):  # one string for all, or an object with every language
        if isinstance(q.get(name), dict):
            _check_text(report, qid, name, q[name], languages)
    if q.get("image"):
        problem = picture_problem(folder / q["image"], q["image"], folder)
        if problem:
            report.add(qid, "image", problem)
    for field, message in rules.check(q):
        report.add(qid, field, message)


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
