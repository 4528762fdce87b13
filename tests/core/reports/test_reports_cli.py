"""The reporter's commands end to end on the demo event: certificates and their codes,
exports, EU settings, pictures for documents, and the check-in fields of attendees list."""

from __future__ import annotations

import json
import re

from PIL import Image

from mscd_desktop.cli import main


def run(capsys, data_dir, *args):
    status = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return status, out, err


def demo(capsys, data_dir):
    status, _out, _err = run(capsys, data_dir, "demo")
    assert status == 0


def test_certificates_are_made_and_their_codes_verify(capsys, data_dir, tmp_path):
    demo(capsys, data_dir)
    status, out, _err = run(capsys, data_dir, "certificates", "--out", str(tmp_path), "--json")
    assert status == 0
    made = json.loads(out)
    assert made["certificates"] == len(made["files"]) > 30
    code = re.search(r"([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\.pdf$", made["files"][0]).group(1)
    status, out, err = run(capsys, data_dir, "certificates", "verify", code)
    assert status == 0 and out.startswith("Genuine: ") and err == ""
    status, out, _err = run(capsys, data_dir, "certificates", "verify", code.lower(), "--json")
    checked = json.loads(out)
    assert status == 0 and checked["genuine"]
    assert set(checked) == {"genuine", "status", "code", "event", "date", "first_name"}
    status, out, err = run(capsys, data_dir, "certificates", "verify", "0000-0000-0000")
    assert status == 1 and out == "" and "No certificate with the code 0000-0000-0000" in err


def test_a_merged_batch_of_one_class_and_a_bad_group(capsys, data_dir, tmp_path):
    demo(capsys, data_dir)
    status, out, _err = run(
        capsys, data_dir, "certificates", "--out", str(tmp_path), "--group", "5A", "--merged"
    )
    assert status == 0 and "Wrote 23 certificates into" in out
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    status, _out, err = run(
        capsys, data_dir, "certificates", "--out", str(tmp_path), "--group", "9Z"
    )
    assert status == 1 and err.startswith("mscd: There is no group '9Z'") and err.count("\n") == 1
    status, _out, err = run(capsys, data_dir, "certificates")
    assert status != 0 and "--out DIR" in err


def test_certificate_text_is_shown_set_and_checked(capsys, data_dir):
    demo(capsys, data_dir)
    status, out, _err = run(
        capsys, data_dir, "certificates", "text", "--children", "¡Bien, {first_name}!"
    )
    assert status == 0 and "¡Bien, {first_name}!" in out
    status, _out, err = run(capsys, data_dir, "certificates", "text", "--adults", "Dear {title}")
    assert status == 1 and "{title}, which does not exist" in err


def test_exports_write_every_format(capsys, data_dir, tmp_path):
    demo(capsys, data_dir)
    for fmt, name in (
        ("csv", "a.csv"),
        ("csv-excel", "b.csv"),
        ("xlsx", "c.xlsx"),
        ("pdf", "d.pdf"),
    ):
        status, out, err = run(
            capsys, data_dir, "export", "attendance", "--format", fmt, "--out", str(tmp_path / name)
        )
        assert status == 0, err
        assert "rows to" in out and (tmp_path / name).stat().st_size > 0
    status, out, _err = run(
        capsys, data_dir, "export", "kpis", "--out", str(tmp_path / "r.json"), "--json"
    )
    assert status == 0 and json.loads(out)["checked_in"] > 0
    status, out, _err = run(
        capsys,
        data_dir,
        "export",
        "card",
        "--out",
        str(tmp_path / "card.png"),
        "--size",
        "1080x1080",
    )
    assert status == 0 and Image.open(tmp_path / "card.png").size == (1080, 1080)
    status, _out, err = run(capsys, data_dir, "export", "kpis", "--out", str(tmp_path / "r.txt"))
    assert status == 1 and ".pdf, .json or .xlsx" in err


def test_eu_settings_are_shown_and_changed(capsys, data_dir):
    demo(capsys, data_dir)
    status, out, _err = run(capsys, data_dir, "export", "eu-settings", "--json")
    assert status == 0 and json.loads(out)["audience_map"]["press"] == "media"
    status, out, _err = run(
        capsys,
        data_dir,
        "export",
        "eu-settings",
        "--map",
        "citizens=general_public",
        "--leader",
        "Ayuntamiento de Valladolid",
        "--country",
        "ES",
    )
    assert status == 0 and "Main leader: Ayuntamiento de Valladolid" in out
    assert "Citizens (citizens) → General public (general_public)" in out
    status, _out, err = run(capsys, data_dir, "export", "eu-settings", "--map", "citizens")
    assert status == 1 and "AUDIENCE=TYPE" in err


def test_event_edit_sets_logos_and_signature_and_names_a_broken_file(capsys, data_dir, tmp_path):
    demo(capsys, data_dir)
    logo, broken = tmp_path / "logo.png", tmp_path / "firma.png"
    Image.new("RGB", (200, 100), "navy").save(logo)
    broken.write_bytes(b"not a picture")
    status, _out, err = run(capsys, data_dir, "event", "edit", "--signature", str(broken))
    assert status == 1 and "firma.png cannot be read as a picture" in err
    status, out, _err = run(
        capsys, data_dir, "event", "edit", "--logo", str(logo), "--signer-name", "Ana Gil", "--json"
    )
    shown = json.loads(out)
    assert status == 0
    assert [image["file_name"] for image in shown["logos"]] == ["logo.png"]
    assert shown["signer"]["name"] == "Ana Gil" and shown["signature"] is None


def test_attendees_list_gains_the_check_in_fields(capsys, data_dir):
    demo(capsys, data_dir)
    status, out, _err = run(capsys, data_dir, "attendees", "list", "--json")
    assert status == 0
    people = json.loads(out)
    came = [p for p in people if p["checked_in"]]
    away = [p for p in people if not p["checked_in"]]
    assert came and away
    assert came[0]["desk"] == "B" and came[0]["checked_out"] is False
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", came[0]["first_checkin_at"])
    assert away[0]["first_checkin_at"] is None and away[0]["desk"] is None
    status, out, _err = run(capsys, data_dir, "attendees", "list")
    assert status == 0 and "checked in " in out and "at desk B" in out
