"""``mscd attendees ...``: import with a JSON report, list, walk-in, school group."""

from __future__ import annotations

import json

from mscd_desktop.cli import main


def run(capsys, data_dir, *args):
    status = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return status, out, err


def make_event(capsys, data_dir):
    status, out, _err = run(
        capsys,
        data_dir,
        "event",
        "create",
        "--name",
        "Open House",
        "--project",
        "CITyFiED",
        "--city",
        "Valladolid",
        "--date",
        "2026-06-10",
        "--json",
    )
    assert status == 0
    return json.loads(out)["id"]


def test_import_prints_a_json_report_with_rejected_rows(capsys, data_dir, tmp_path):
    event_id = make_event(capsys, data_dir)
    path = tmp_path / "people.csv"
    path.write_text(
        "Nombre;Correo\nAna García;ana@x.es\n;b@x.es\nLuis Gil;luis@\n", encoding="utf-8"
    )
    status, out, err = run(
        capsys, data_dir, "attendees", "import", str(path), "--event", event_id, "--json"
    )
    assert status == 3  # imported, with rejected rows
    assert err == "mscd: 2 rows were rejected; the rows without problems were imported.\n"
    report = json.loads(out)
    assert (report["event_id"], report["rows"], report["added"]) == (event_id, 3, 1)
    assert [(p["row"], p["field"]) for p in report["rejected"]] == [(3, "name"), (4, "email")]
    assert report["format"]["delimiter"] == ";"
    status, out, _err = run(capsys, data_dir, "attendees", "import", str(path), "--json")
    assert status == 3
    assert (json.loads(out)["added"], json.loads(out)["already_imported"]) == (0, 1)


def test_ambiguous_file_fails_in_one_line_until_the_delimiter_is_given(capsys, data_dir, tmp_path):
    make_event(capsys, data_dir)
    path = tmp_path / "odd.csv"
    path.write_text("Who;Where,Row\na;b,c\nd;e,f\n", encoding="utf-8")
    status, _out, err = run(capsys, data_dir, "attendees", "import", str(path))
    assert status == 1 and "Cannot tell how the columns are separated" in err
    assert err.count("\n") == 1
    status, out, _err = run(
        capsys,
        data_dir,
        "attendees",
        "import",
        str(path),
        "--delimiter",
        "semicolon",
        "--map",
        "Who=name",
        "--json",
    )
    assert status == 0 and json.loads(out)["added"] == 2


def test_walk_in_group_and_list(capsys, data_dir):
    make_event(capsys, data_dir)
    status, out, _err = run(
        capsys,
        data_dir,
        "attendees",
        "walk-in",
        "Pedro Sanz",
        "--audience",
        "press",
        "--photo-consent",
        "--json",
    )
    assert status == 0 and json.loads(out)["source"] == "walk_in"
    status, out, _err = run(
        capsys,
        data_dir,
        "attendees",
        "group",
        "--school",
        "CEIP Ana",
        "--class",
        "5º A",
        "--teacher",
        "Marta Ruiz",
        "--age-band",
        "8-11",
        "--child",
        "Lucía",
        "--child",
        "Hugo",
        "--json",
    )
    assert status == 0 and json.loads(out)["pupil_count"] == 2
    status, _out, err = run(
        capsys,
        data_dir,
        "attendees",
        "group",
        "--school",
        "CEIP Ana",
        "--class",
        "5º B",
        "--teacher",
        "Marta Ruiz",
        "--age-band",
        "8-11",
        "--child",
        "Hugo Pérez García",
    )
    assert status == 1 and "first name or nickname" in err
    status, out, _err = run(capsys, data_dir, "attendees", "list", "--json")
    assert sorted(a["name"] for a in json.loads(out)) == [
        "Hugo",
        "Lucía",
        "Marta Ruiz",
        "Pedro Sanz",
    ]
    status, out, _err = run(capsys, data_dir, "attendees", "list", "pedro")
    assert status == 0 and "Pedro Sanz" in out and "Lucía" not in out
