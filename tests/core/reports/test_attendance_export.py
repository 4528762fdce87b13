"""The attendance export: CSV flavours, typed XLSX, the sign-in sheet, and safe cells."""

from __future__ import annotations

import csv
import errno
from datetime import datetime

import openpyxl
import pytest
from report_helpers import NAMES, pdf_text, render_png

from mscd_desktop.core import atomic_files
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.exports.attendance import export_attendance
from mscd_desktop.core.exports.cells import is_risky, neutralise


def _rows(path, delimiter=",", encoding="utf-8"):
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh, delimiter=delimiter))


def test_formula_cells_are_neutralised_also_after_spaces():
    for risky in (
        "=1+2",
        "+34 600 000 000",
        "-5",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "   =cmd|' /C calc'!A0",
    ):
        assert is_risky(risky) and neutralise(risky) == "'" + risky
    for safe in ("Ana", "18+", "8-11", "", "a=b"):
        assert neutralise(safe) == safe
    assert neutralise(-5) == -5 and neutralise(3.5) == 3.5


def test_csv_is_comma_separated_utf8_with_one_row_per_person(store, day, tmp_path):
    out = tmp_path / "attendance.csv"
    result = export_attendance(store, day.event.id, "csv", out)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = _rows(out)
    assert rows[0][:3] == ["Nombre", "Organización", "Público"]  # the event's language
    by_name = {r[0]: r for r in rows[1:]}
    lukasz = by_name[NAMES[0]]
    assert lukasz[1] == '\'=HYPERLINK("http://x")'
    assert lukasz[5] == "sí" and lukasz[7] == "B" and lukasz[8] == "no"
    assert datetime.fromisoformat(lukasz[6]).utcoffset() is not None  # local ISO time
    assert by_name[NAMES[1]][1] == "'+34 600 000 000"  # still readable as a phone number
    assert by_name[NAMES[2]][1] == "'@SUM(A1)"  # stored trimmed
    assert by_name["Absent Person"][1] == "'-5" and by_name["Absent Person"][5] == "no"
    assert by_name["Absent Person"][6] == ""
    assert (result.rows, result.people, result.checked_in) == (7, 9, 8)


def test_pupils_are_counted_per_class_never_named(store, day, tmp_path):
    out = tmp_path / "attendance.csv"
    export_attendance(store, day.event.id, "csv", out)
    text = out.read_text(encoding="utf-8")
    for pupil in ("Lucía", "Hugo", "Leo"):
        assert pupil not in text
    [pupils] = [r for r in _rows(out) if r[4] == "5º A, CEIP Torrelago" and r[9] != "1"]
    assert pupils[0] == "3 escolares (solo recuento, sin nombre)"
    assert (pupils[9], pupils[10]) == ("3", "3")  # numbers stay numbers
    assert "Marta Ruiz" in text  # the teacher is an adult, listed by name


def test_csv_excel_has_bom_semicolons_and_crlf(store, day, tmp_path):
    out = tmp_path / "attendance-excel.csv"
    export_attendance(store, day.event.id, "csv-excel", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw[3:].split(b"\r\n")
    assert lines[0].startswith("Nombre;Organización;Público".encode())
    assert all(b"\n" not in line for line in lines)
    assert lines[-1] == b""  # every row ends with CRLF
    rows = _rows(out, ";", "utf-8-sig")
    assert len(rows) == 8 and all(len(r) == 11 for r in rows)


def test_xlsx_cells_are_typed_and_formulas_stay_text(store, day, tmp_path):
    out = tmp_path / "attendance.xlsx"
    export_attendance(store, day.event.id, "xlsx", out)
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[6] == "Primera llegada"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    lukasz = rows[NAMES[0]]
    assert isinstance(lukasz[6].value, datetime) and lukasz[6].is_date
    assert lukasz[9].value == 1 and lukasz[9].data_type == "n"
    assert lukasz[1].value == '=HYPERLINK("http://x")' and lukasz[1].data_type == "s"
    assert lukasz[1].quotePrefix  # Excel shows it as text and keeps it text when edited
    assert rows[NAMES[1]][1].value == "+34 600 000 000"
    [pupils] = [r for name, r in rows.items() if name.startswith("3 escolares")]
    assert pupils[9].value == 3 and pupils[10].value == 3


def test_the_sign_in_sheet_lists_people_and_classes_to_sign(store, day, tmp_path):
    out = tmp_path / "sign-in.pdf"
    export_attendance(store, day.event.id, "pdf", out)
    text = pdf_text(out)
    assert "Hoja de firmas" in text and "Firma" in text and "Open House Torrelago" in text
    for name in (*NAMES, "Absent Person", "Marta Ruiz"):
        assert name in text
    assert "Lucía" not in text and "3 de 3 llegaron" in text
    assert "Página 1 de 1" in text
    assert render_png(out, tmp_path).stat().st_size > 10_000


def test_nobody_checked_in_still_lists_who_registered(store, tmp_path):
    from mscd_desktop.core import attendees as at

    event = ev.create_event(
        store,
        ev.EventDraft(
            name="Lund", project="ZenN", city="Lund", date="2026-11-26", languages=("sv",)
        ),
    )
    with pytest.raises(MscdError, match="Nobody is registered for 'Lund'"):
        export_attendance(store, event.id, "csv", tmp_path / "none.csv")
    at.register_walk_in(store, event.id, "Sven Svensson", "political")
    result = export_attendance(store, event.id, "csv", tmp_path / "lund.csv")
    assert result.checked_in == 0
    assert _rows(tmp_path / "lund.csv")[1][:1] + _rows(tmp_path / "lund.csv")[1][5:6] == [
        "Sven Svensson",
        "nej",
    ]


def test_an_unknown_format_is_named(store, day, tmp_path):
    with pytest.raises(ValidationError, match="Unknown format 'ods'"):
        export_attendance(store, day.event.id, "ods", tmp_path / "a.ods")


def test_a_full_disk_leaves_no_half_written_file(store, day, tmp_path, monkeypatch):
    out = tmp_path / "attendance.xlsx"
    out.write_bytes(b"the export of yesterday")

    def full(path):  # the disk fills up while the file is flushed
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_files, "_sync", full)
    with pytest.raises(MscdError, match=r"is full, so .*attendance\.xlsx was not written"):
        export_attendance(store, day.event.id, "xlsx", out)
    assert out.read_bytes() == b"the export of yesterday"  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["attendance.xlsx", "data"]


def test_an_unwritable_folder_is_named(store, day, tmp_path, monkeypatch):
    import os

    folder = tmp_path / "readonly"
    folder.mkdir()
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if str(p) == str(folder) else real(p, mode)
    )
    with pytest.raises(MscdError, match="readonly is read-only or not yours"):
        export_attendance(store, day.event.id, "pdf", folder / "sheet.pdf")
    assert list(folder.iterdir()) == []


def test_csv_of_the_same_data_reads_back_like_the_xlsx(store, day, tmp_path):
    export_attendance(store, day.event.id, "csv", tmp_path / "a.csv")
    export_attendance(store, day.event.id, "xlsx", tmp_path / "a.xlsx")
    from_csv = [r[0] for r in _rows(tmp_path / "a.csv")]
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    from_xlsx = [r[0].value for r in sheet.iter_rows()]
    assert from_csv == from_xlsx
