"""Hostile quiz packs: each is refused by itself, naming file, question and field, and
the good packs of the same folder still load. The tests make the hostile files."""

from __future__ import annotations

import copy
import json
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from mscd_desktop.cli import main
from mscd_desktop.core.quiz import load_packs, validate_pack

DATA = Path(__file__).parent / "data"
SAMPLE = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims *width* x *height* pixels but holds almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def hotspot_question(data: dict) -> dict:
    return next(q for q in data["questions"] if q["type"] == "tap_hotspot")


@pytest.fixture
def folder(tmp_path) -> Path:
    """A pack folder holding the good sample pack and its pictures."""
    packs = tmp_path / "packs"
    shutil.copytree(DATA, packs)
    return packs


def hostile_pack(folder: Path, name: str, change) -> Path:
    """A copy of the sample with other ids (so it does not clash), changed by *change*."""
    data = copy.deepcopy(SAMPLE)
    data["id"] = name
    for question in data["questions"]:
        question["id"] = f"{name}-{question['id']}"
    change(data)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def assert_refused_alone(folder: Path, path: Path, question: str | None, field: str | None):
    good, problems = load_packs(folder)
    assert [p.id for p in good] == ["sample"]
    assert problems and all(p.file == str(path) for p in problems)
    assert (problems[0].question_id, problems[0].field) == (question, field)
    return problems[0]


@pytest.mark.parametrize(("width", "height"), [(30000, 30000), (12000, 12000), (100000, 20)])
def test_a_giant_picture_is_refused_from_its_header(folder, width, height):
    (folder / "images" / "giant.png").write_bytes(png_header_only(width, height))

    def change(data):
        hotspot_question(data)["image"] = "images/giant.png"

    path = hostile_pack(folder, "giant", change)
    problem = assert_refused_alone(folder, path, "giant-sample-hotspot", "image")
    assert f"{width} × {height}" in problem.message and "images/giant.png" in problem.message


def test_a_picture_outside_the_pack_folder_is_refused(folder, tmp_path):
    shutil.copy(DATA / "images" / "room.png", tmp_path / "elsewhere.png")
    for name, image in (("up", "../elsewhere.png"), ("absolute", str(tmp_path / "elsewhere.png"))):

        def change(data, image=image):
            hotspot_question(data)["image"] = image

        path = hostile_pack(folder, name, change)
        problem = assert_refused_alone(folder, path, f"{name}-sample-hotspot", "image")
        assert "outside the pack's folder" in problem.message
        path.unlink()


def test_a_symlinked_picture_leading_outside_is_refused(folder, tmp_path):
    shutil.copy(DATA / "images" / "room.png", tmp_path / "secret.png")
    (folder / "images" / "link.png").symlink_to(tmp_path / "secret.png")

    def change(data):
        hotspot_question(data)["image"] = "images/link.png"

    path = hostile_pack(folder, "linked", change)
    problem = assert_refused_alone(folder, path, "linked-sample-hotspot", "image")
    assert "outside the pack's folder" in problem.message


def test_json_nested_100000_deep_is_refused(folder):
    path = folder / "deep.json"
    path.write_text(
        '{"id": "deep", "questions": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8"
    )
    problem = assert_refused_alone(folder, path, None, None)
    assert "nested" in problem.message and "line 1" in problem.message


def test_an_oversized_pack_file_is_refused_before_it_is_parsed(folder, monkeypatch):
    from mscd_desktop.core.quiz import pack_json

    monkeypatch.setattr(pack_json, "MAX_PACK_BYTES", 2_000)
    path = hostile_pack(folder, "fat", lambda data: None)
    good, problems = load_packs([path])
    assert good == [] and "too large" in problems[0].message


def test_a_5000_digit_integer_is_refused_naming_question_and_field(folder):
    def change(data):
        estimate = next(q for q in data["questions"] if q["type"] == "estimate")
        estimate["answer"] = 10**4999

    import sys

    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # only to write the file; reading it is the test
    try:
        path = hostile_pack(folder, "digits", change)
    finally:
        sys.set_int_max_str_digits(limit)
    problem = assert_refused_alone(folder, path, "digits-sample-estimate", "answer")
    assert "5000 digits" in problem.message


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [("max", 10**400, "401 digits"), ("max", "1e400", "not a usable number")],
)
def test_numbers_no_slider_can_hold_are_refused(folder, field, value, words):
    def change(data):
        estimate = next(q for q in data["questions"] if q["type"] == "estimate")
        estimate[field] = value

    path = hostile_pack(folder, "huge", change)
    if isinstance(value, str):  # a literal JSON cannot express through json.dumps
        path.write_text(
            path.read_text(encoding="utf-8").replace(f'"{value}"', value), encoding="utf-8"
        )
    problem = assert_refused_alone(folder, path, "huge-sample-estimate", field)
    assert words in problem.message


def test_nan_and_infinity_literals_are_refused(folder):
    path = hostile_pack(folder, "nan", lambda data: None)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'"version": 1', '"version": NaN', text), encoding="utf-8")
    problem = assert_refused_alone(folder, path, None, "version")
    assert "not a usable number" in problem.message


def test_quiz_validate_names_each_hostile_pack_and_exits_1(folder, capsys):
    (folder / "images" / "giant.png").write_bytes(png_header_only(30000, 30000))
    hostile_pack(folder, "giant", lambda d: hotspot_question(d).update(image="images/giant.png"))
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    status = main(["quiz", "validate", str(folder)])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in out + err
    assert "OK" in out and "sample.json" in out
    assert "giant.json, question giant-sample-hotspot, field image" in out
    assert "deep.json" in out and "2 problems in 2 packs." in err


def test_validate_pack_reports_instead_of_raising(folder):
    (folder / "images" / "giant.png").write_bytes(png_header_only(30000, 30000))
    path = hostile_pack(
        folder, "giant", lambda d: hotspot_question(d).update(image="images/giant.png")
    )
    assert [p.field for p in validate_pack(path)] == ["image"]
