"""Pack validation names the file, question and field of every problem."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from mscd_desktop import i18n
from mscd_desktop.core.quiz import load_packs, validate_pack

DATA = Path(__file__).parent / "data"
SAMPLE = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))


def write_pack(folder: Path, data: dict, name: str = "sample") -> Path:
    """Write *data* as ``<name>.json`` beside a copy of the sample's pictures."""
    if not (folder / "images").exists():
        shutil.copytree(DATA / "images", folder / "images")
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def question(data: dict, qid: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == qid)


def problems_of(tmp_path: Path, change) -> list:
    data = copy.deepcopy(SAMPLE)
    change(data)
    return validate_pack(write_pack(tmp_path, data))


def only(problems: list, question_id, field):
    found = [p for p in problems if (p.question_id, p.field) == (question_id, field)]
    assert found, f"no problem at {question_id}/{field} in {problems}"
    return found[0]


def test_sample_pack_has_no_problems(tmp_path):
    assert problems_of(tmp_path, lambda data: None) == []


def test_missing_translation_names_question_field_and_language(tmp_path):
    def change(data):
        del question(data, "sample-order")["items"][1]["text"]["sv"]
        question(data, "sample-tf")["explanation"]["es"] = "  "

    problems = problems_of(tmp_path, change)
    assert len(problems) == 2
    problem = only(problems, "sample-order", "items[1].text.sv")
    assert problem.file.endswith("sample.json") and '"sv"' in problem.message
    only(problems, "sample-tf", "explanation.es")


def test_a_pack_may_declare_fewer_languages(tmp_path):
    def change(data):
        data["languages"] = ["en"]
        for q in data["questions"]:
            q["prompt"] = {"en": q["prompt"]["en"]}

    assert problems_of(tmp_path, change) == []


def test_english_is_required_as_the_fallback(tmp_path):
    problems = problems_of(tmp_path, lambda data: data.update(languages=["es", "sv"]))
    assert "English" in only(problems, None, "languages").message


@pytest.mark.parametrize(
    ("qid", "answer", "words"),
    [
        ("sample-single", "d", "not one of the choices"),
        ("sample-multi", ["a", "x"], "not one of the choices"),
        ("sample-hotspot", ["sofa"], "not one of the hotspots"),
        ("sample-order", ["led", "tv"], "every item exactly once"),
        ("sample-order", ["led", "tv", "tv"], "every item exactly once"),
        ("sample-order", ["tv", "led", "kettle"], "does not follow the items' values"),
        ("sample-estimate", 3500, "outside the slider"),
        ("sample-estimate", 1490, "whole steps of 8"),
    ],
)
def test_wrong_answer_key_is_named(tmp_path, qid, answer, words):
    problems = problems_of(tmp_path, lambda data: question(data, qid).update(answer=answer))
    assert words in only(problems, qid, "answer").message


def test_hotspot_outside_the_picture(tmp_path):
    problems = problems_of(
        tmp_path, lambda data: question(data, "sample-hotspot")["hotspots"][1].update(x=0.9)
    )
    assert "outside the picture" in only(problems, "sample-hotspot", "hotspots[1]").message


def test_answer_of_the_wrong_kind_is_a_schema_problem(tmp_path):
    def change(data):
        question(data, "sample-tf")["answer"] = "yes"
        del question(data, "sample-estimate")["tolerance"]
        question(data, "sample-live")["answer"] = 2000

    problems = problems_of(tmp_path, change)
    assert "true or false" in only(problems, "sample-tf", "answer").message
    assert "required" in only(problems, "sample-estimate", "tolerance").message
    assert "live reading" in only(problems, "sample-live", "answer").message


def test_duplicate_ids_within_a_pack_and_a_question(tmp_path):
    def change(data):
        question(data, "sample-tf")["id"] = "sample-single"
        question(data, "sample-multi")["choices"][2]["id"] = "a"

    problems = problems_of(tmp_path, change)
    assert "used twice" in only(problems, "sample-single", "id").message
    assert "used twice" in only(problems, "sample-multi", "choices[2].id").message


def test_question_ids_must_be_unique_across_packs(tmp_path):
    write_pack(tmp_path, SAMPLE)
    other = copy.deepcopy(SAMPLE)
    other["id"] = "spare"
    other["questions"] = [q for q in other["questions"] if q["id"] == "sample-tf"]
    write_pack(tmp_path, other, "spare")
    good, problems = load_packs(tmp_path)
    assert [p.id for p in good] == ["sample"]  # the earlier file keeps the id
    problem = only(problems, "sample-tf", "id")
    assert problem.file.endswith("spare.json") and "sample.json" in problem.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "does not exist"),
        (b"not a picture at all", "cannot be opened"),
        ("truncated", "cannot be opened"),
    ],
)
def test_broken_or_missing_picture(tmp_path, content, words):
    path = write_pack(tmp_path, SAMPLE)
    picture = tmp_path / "images" / "room.png"
    if content is None:
        picture.unlink()
    elif content == "truncated":
        picture.write_bytes(picture.read_bytes()[:120])
    else:
        picture.write_bytes(content)
    problem = only(validate_pack(path), "sample-hotspot", "image")
    assert words in problem.message and "images/room.png" in problem.message


def test_malformed_json_gives_line_and_column(tmp_path):
    path = tmp_path / "sample.json"
    path.write_text('{\n  "id": "sample",\n  "version": 1,,\n}', encoding="utf-8")
    [problem] = validate_pack(path)
    assert problem.file == str(path) and "line 3, column 16" in problem.message


def test_unknown_field_and_pack_id_not_matching_file(tmp_path):
    def change(data):
        data["id"] = "samples"
        question(data, "sample-single")["answr"] = "b"

    problems = problems_of(tmp_path, change)
    assert "Unknown field" in only(problems, "sample-single", "answr").message
    assert "file name" in only(problems, None, "id").message


def test_messages_are_translated(tmp_path):
    i18n.set_language("es")
    problems = problems_of(tmp_path, lambda d: question(d, "sample-single").update(answer="d"))
    assert only(problems, "sample-single", "answer").message.startswith("La respuesta")


def test_a_field_allowing_two_forms_gets_one_clear_message(tmp_path):
    def change(data):
        question(data, "sample-estimate")["unit"] = 5
        question(data, "sample-live")["unit"] = {"english": "W"}

    problems = problems_of(tmp_path, change)
    assert len(problems) == 2
    assert only(problems, "sample-estimate", "unit").message == (
        "Should be a text or an object, not 5."
    )
    assert "two-letter language code" in only(problems, "sample-live", "unit").message


def test_schema_problems_name_the_question_even_when_its_type_is_unknown(tmp_path):
    problems = problems_of(tmp_path, lambda d: question(d, "sample-tf").update(type="truefalse"))
    assert "true_false" in only(problems, "sample-tf", "type").message


def test_shipped_packs_must_be_written_in_english_spanish_and_swedish(tmp_path, monkeypatch):
    from mscd_desktop.core.quiz import validation

    data = copy.deepcopy(SAMPLE)
    data["languages"] = ["en", "es"]
    for q in data["questions"]:
        q["prompt"].pop("sv")
    path = write_pack(tmp_path, data)
    assert validate_pack(path) == []  # anywhere else, its own languages are enough
    monkeypatch.setattr(validation, "shipped_packs_dir", lambda: tmp_path)
    problems = validate_pack(path)
    assert "sv" in only(problems, None, "languages").message
    assert '"sv"' in only(problems, "sample-tf", "prompt.sv").message


def test_hotspot_too_small_for_a_finger(tmp_path):
    problems = problems_of(
        tmp_path, lambda data: question(data, "sample-hotspot")["hotspots"][0].update(w=0.05)
    )
    assert "too small" in only(problems, "sample-hotspot", "hotspots[0]").message
