"""``mscd quiz validate``: human and JSON output, exit status."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mscd_desktop.cli import main

DATA = Path(__file__).parent / "data"


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_good_pack_passes_with_counts_per_band(capsys):
    status, out, err = run(capsys, "quiz", "validate", str(DATA / "sample.json"), "--json")
    assert status == 0 and err == ""
    report = json.loads(out)
    assert report["ok"] is True and report["problems"] == []
    assert report["packs"][0]["id"] == "sample"
    assert report["packs"][0]["questions"] == {"8-11": 5, "12-15": 5}


def test_broken_pack_exits_non_zero_naming_file_question_and_field(capsys, tmp_path):
    shutil.copytree(DATA, tmp_path / "packs")
    path = tmp_path / "packs" / "sample.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"answer": "b"', '"answer": "q"'), encoding="utf-8"
    )
    status, out, err = run(capsys, "quiz", "validate", str(tmp_path / "packs"))
    assert status == 1 and err.count("\n") == 1 and "1 problem" in err
    assert str(path) in out and "sample-single" in out and "answer" in out
    status, out, err = run(capsys, "quiz", "validate", str(path), "--json")
    report = json.loads(out)
    assert status == 1 and report["ok"] is False
    assert report["problems"] == [
        {
            "file": str(path),
            "question_id": "sample-single",
            "field": "answer",
            "message": "The answer q is not one of the choices: a, b, c.",
        }
    ]


def test_missing_file_is_a_problem_not_a_crash(capsys, tmp_path):
    status, out, _err = run(capsys, "quiz", "validate", str(tmp_path / "nope.json"))
    assert status == 1 and "does not exist" in out and "nope.json" in out
