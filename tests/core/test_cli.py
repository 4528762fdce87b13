"""The ``mscd`` CLI contract: JSON round trips, one-line errors, exit codes."""

from __future__ import annotations

import json
import re

from mscd_desktop.cli import main


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_event_create_then_list_round_trips_every_field(capsys, data_dir):
    status, out, _err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "event",
        "create",
        "--name",
        "Open House Lund",
        "--project",
        "CITyFiED",
        "--city",
        "Lund",
        "--date",
        "2026-06-10",
        "--venue",
        "Linero",
        "--audience",
        "political",
        "--audience",
        "financial",
        "--language",
        "sv",
        "--language",
        "en",
        "--pin",
        "2468",
        "--json",
    )
    assert status == 0
    created = json.loads(out)
    status, out, _err = run(capsys, "--data-dir", str(data_dir), "event", "list", "--json")
    assert status == 0
    listed = json.loads(out)
    assert listed == [created]
    assert created["name"] == "Open House Lund" and created["venue"] == "Linero"
    assert created["audiences"] == ["political", "financial"]
    assert created["languages"] == ["sv", "en"] and created["has_pin"] is True


def test_options_work_after_the_command_too(capsys, data_dir):
    status, out, _ = run(capsys, "event", "list", "--data-dir", str(data_dir), "--json")
    assert status == 0 and json.loads(out) == []


def test_bad_input_gives_one_line_on_stderr_and_non_zero(capsys, data_dir):
    status, out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "event",
        "create",
        "--name",
        "X",
        "--project",
        "CITyFiED",
        "--city",
        "Lund",
        "--date",
        "31/12/2026",
    )
    assert status != 0 and out == ""
    assert err.count("\n") == 1 and "YYYY-MM-DD" in err
    status, out, err = run(capsys, "--data-dir", str(data_dir), "event", "list", "--json")
    assert json.loads(out) == []


def test_unknown_command_is_a_one_line_error(capsys, data_dir):
    status, _out, err = run(capsys, "--data-dir", str(data_dir), "frobnicate")
    assert status == 2 and err.count("\n") == 1 and "frobnicate" in err


def test_demo_creates_the_valladolid_event_once(capsys, data_dir):
    status, out, _ = run(capsys, "--data-dir", str(data_dir), "demo", "--json")
    first = json.loads(out)
    assert status == 0 and first["city"] == "Valladolid" and first["project"] == "CITyFiED"
    _, out, _ = run(capsys, "--data-dir", str(data_dir), "demo", "--json")
    assert json.loads(out)["id"] == first["id"]
    _, out, _ = run(capsys, "--data-dir", str(data_dir), "event", "list", "--json")
    assert len(json.loads(out)) == 1


def test_backup_create_list_and_restore(capsys, data_dir):
    run(capsys, "--data-dir", str(data_dir), "demo")
    status, out, _ = run(capsys, "--data-dir", str(data_dir), "backup", "create", "--json")
    name = json.loads(out)["name"]
    assert status == 0 and re.match(r"mscd-\d{8}T\d+\.sqlite3", name)
    _, out, _ = run(capsys, "--data-dir", str(data_dir), "backup", "list", "--json")
    assert [b["name"] for b in json.loads(out)] == [name]
    status, out, _ = run(
        capsys, "--data-dir", str(data_dir), "backup", "restore", "latest", "--json"
    )
    assert status == 0 and json.loads(out)["restored"] == name


def test_messages_follow_the_language(capsys, data_dir, monkeypatch):
    from mscd_desktop import i18n

    if "es" not in i18n.available_languages():
        return
    monkeypatch.setenv("MSCD_LANGUAGE", "es")
    status, _out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "event",
        "create",
        "--name",
        "",
        "--project",
        "CITyFiED",
        "--city",
        "Lund",
        "--date",
        "2026-06-10",
    )
    assert status == 1
    assert "The event needs a name." not in err


def test_opening_an_event_takes_a_backup(capsys, data_dir):
    _, out, _ = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "event",
        "create",
        "--name",
        "A",
        "--project",
        "ZenN",
        "--city",
        "Bilbao",
        "--date",
        "2026-06-10",
        "--json",
    )
    event_id = json.loads(out)["id"]
    assert not (data_dir / "backups").exists()
    status, _, _ = run(capsys, "--data-dir", str(data_dir), "event", "open", event_id)
    assert status == 0
    assert len(list((data_dir / "backups").glob("mscd-*.sqlite3"))) == 1
