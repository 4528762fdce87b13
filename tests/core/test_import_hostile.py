"""Hostile registration files: each is made by the test, as an attacker would make it.

A stale XLSX dimension, a zip bomb, a billion-laughs workbook, duplicate headers, NUL
bytes deep in a CSV, ANSI escape sequences, invisible names and formula e-mails.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib

import pytest

from mscd_desktop.cli import main
from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.importing import import_attendees, read_file

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(name="Open House Linero", project="CITyFiED", city="Lund", date="2026-06-10"),
    )


def names(store, event) -> list[str]:
    return [a.name for a in at.list_attendees(store, event.id)]


def workbook_bytes(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_members(data: bytes, change: dict) -> bytes:
    """The workbook *data* with members replaced: ``{name: new bytes or f(old) -> new}``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in change:
                new = change[info.filename]
                content = new(content) if callable(new) else new
            target.writestr(info.filename, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_stale_xlsx_dimension_loses_no_rows(store, event, tmp_path):
    rows = [["Name", "E-mail"]] + [[f"Person {i}", f"p{i}@x.org"] for i in range(11)]

    def stale(sheet: bytes) -> bytes:  # what some generators leave: the size of row 1 only
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', sheet)

    path = tmp_path / "stale.xlsx"
    path.write_bytes(rewrite_members(workbook_bytes(rows), {"xl/worksheets/sheet1.xml": stale}))
    assert read_file(path).total == 11
    report = import_attendees(store, event.id, path)
    assert (report.rows, report.added) == (11, 11)
    assert len(names(store, event)) == 11


def test_stale_dimension_does_not_cut_columns(store, event, tmp_path):
    rows = [["Name", "Organisation", "E-mail"], ["Ana Ek", "Lunds kommun", "ana@lund.se"]]

    def narrow(sheet: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', sheet)

    path = tmp_path / "narrow.xlsx"
    path.write_bytes(rewrite_members(workbook_bytes(rows), {"xl/worksheets/sheet1.xml": narrow}))
    import_attendees(store, event.id, path)
    ana = at.list_attendees(store, event.id)[0]
    assert (ana.organisation, ana.email) == ("Lunds kommun", "ana@lund.se")


def deflated_bomb(size: int) -> bytes:
    """*size* bytes of one repeated character, deflated (about 1,000 to 1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"A" * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def test_zip_bomb_xlsx_is_refused_before_it_is_unpacked(store, event, tmp_path):
    """A 200 MB shared string packed into a few hundred kilobytes."""
    size = 200 << 20
    honest = workbook_bytes([["Name"], ["Ana Ek"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(honest)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename), zipfile.ZIP_DEFLATED)
        bomb = zipfile.ZipInfo("xl/sharedStrings.xml")
        bomb.compress_type = zipfile.ZIP_DEFLATED
        with target.open(bomb, "w", force_zip64=True) as member:
            member.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            member.write(b"<si><t>")
            for _ in range(size >> 20):
                member.write(b"A" * (1 << 20))
            member.write(b"</t></si></sst>")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 2 << 20
    with pytest.raises(ValidationError, match="unpack") as caught:
        import_attendees(store, event.id, path)
    assert "bomb.xlsx" in str(caught.value) and "sharedStrings.xml" in str(caught.value)
    assert names(store, event) == []


def test_workbook_larger_than_the_limit_is_refused_even_when_it_compresses_normally(
    tmp_path, monkeypatch
):
    from mscd_desktop.core.importing import xlsx_check

    monkeypatch.setattr(xlsx_check, "MAX_UNPACKED_BYTES", 20_000)
    path = tmp_path / "big.xlsx"
    path.write_bytes(workbook_bytes([["Name"]] + [[f"Person number {i}"] for i in range(2000)]))
    with pytest.raises(ValidationError, match="unpack"):
        read_file(path)


LAUGHS_DTD = b"""<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
# The dimension comes first, as in every real sheet, so the entity is met while reading rows.
LAUGHING_SHEET = (
    b'<?xml version="1.0"?>\n'
    + LAUGHS_DTD
    + b"""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:A2"/><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>"""
)


@pytest.mark.parametrize(
    ("part", "payload"),
    [
        ("xl/worksheets/sheet1.xml", lambda _xml: LAUGHING_SHEET),
        ("xl/workbook.xml", lambda xml: LAUGHS_DTD + xml),
    ],
)
def test_billion_laughs_xlsx_is_refused_with_a_sentence(store, event, tmp_path, part, payload):
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(rewrite_members(workbook_bytes([["Name"], ["Ana Ek"]]), {part: payload}))
    with pytest.raises(ValidationError, match="DTD") as caught:
        import_attendees(store, event.id, path)
    assert part in str(caught.value)
    assert names(store, event) == []


def test_damaged_sheet_xml_is_a_sentence_not_a_traceback(store, event, tmp_path):
    honest = workbook_bytes([["Name"], ["Ana Ek"], ["Eva Gil"]])
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(
        rewrite_members(honest, {"xl/worksheets/sheet1.xml": lambda xml: xml[: len(xml) // 2]})
    )
    with pytest.raises(ValidationError, match=r"damaged\.xlsx"):
        import_attendees(store, event.id, path)
    assert names(store, event) == []


def test_duplicate_headers_are_reported_and_both_columns_stay_reachable(store, event, tmp_path):
    from mscd_desktop.core.importing.headers import mapping_from_pairs

    path = tmp_path / "twice.csv"
    path.write_text(
        "Name,E-mail,Organisation,E-mail\nAna Ek,ana@old.se,Lunds kommun,ana@lund.se\n",
        encoding="utf-8",
    )
    table = read_file(path)
    assert table.header == ["Name", "E-mail", "Organisation", "E-mail (column 4)"]
    report = import_attendees(store, event.id, path)
    warning = next(w for w in report.warnings if w.field == "E-mail")
    assert warning.row == 1
    assert "columns 2 and 4" in warning.reason and "column 4 was not imported" in warning.reason
    assert at.list_attendees(store, event.id)[0].email == "ana@old.se"
    chosen = mapping_from_pairs(["Name=name", "E-mail (column 4)=email"], table.header)
    assert chosen == {"name": 0, "email": 3}


def test_the_filled_column_wins_over_an_empty_one_of_the_same_name(store, event, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("Name,E-mail,E-mail\nAna Ek,,ana@lund.se\nEva Gil,,eva@lund.se\n")
    report = import_attendees(store, event.id, path)
    assert "column 3 was imported" in report.warnings[0].reason
    assert {a.email for a in at.list_attendees(store, event.id)} == {"ana@lund.se", "eva@lund.se"}


def test_nul_bytes_deep_in_a_csv_are_never_stored(store, event, tmp_path):
    filler = "".join(f"Person {i},p{i}@x.org\n" for i in range(300))
    assert len(filler) > 4096
    path = tmp_path / "nul.csv"
    path.write_bytes(("Name,E-mail\n" + filler + "Ana\x00 Ek,ana\x00@x.org\n").encode("utf-8"))
    report = import_attendees(store, event.id, path)
    assert report.added == 301
    stored = [a for a in at.list_attendees(store, event.id) if a.name.startswith("Ana")]
    assert [(a.name, a.email) for a in stored] == [("Ana Ek", "ana@x.org")]
    assert any(w.row == 302 and "Control characters" in w.reason for w in report.warnings)
    assert all("\x00" not in a.name for a in at.list_attendees(store, event.id))


def test_ansi_escape_sequences_are_stripped_on_import(store, event, tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_text(
        "Name,Organisation,Notes\n"
        "\x1b[31mAna Ek\x1b[0m,\x1b]0;pwned\x07Lunds kommun,\x1b[2J\x1b[Hcleared\n",
        encoding="utf-8",
    )
    import_attendees(store, event.id, path)
    ana = at.list_attendees(store, event.id)[0]
    assert (ana.name, ana.organisation, ana.notes) == ("Ana Ek", "Lunds kommun", "cleared")


def test_the_cli_never_echoes_control_characters(capsys, data_dir, store, event):
    """A name stored before this fix (or by another tool) still reaches the terminal
    only as visible escapes."""
    record = at.build_record(event.id, at.AttendeeDraft(name="Ana Ek", audience="citizens"))
    record["name"] = "\x1b[31mAna\x1b[0m\x9b2J Ek\x07"
    with store.transaction() as db:
        db["attendees"].insert(record)
    store.close()
    status = main(["--data-dir", str(data_dir), "attendees", "list", "--event", event.id])
    out, err = capsys.readouterr()
    assert status == 0
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out + err)
    assert "Ana" in out and "\\x1b[31m" in out
    status = main(["--data-dir", str(data_dir), "attendees", "list", "--json", "--event", event.id])
    out, _err = capsys.readouterr()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
    assert json.loads(out)[0]["name"] == record["name"]
    status = main(["--data-dir", str(data_dir), "attendees", "list", "--event", "\x1b[31mx"])
    _out, err = capsys.readouterr()
    assert status == 1 and "\x1b" not in err and "\\x1b" in err


def test_walk_in_name_with_control_characters_is_cleaned(store, event):
    person = at.register_walk_in(store, event.id, "Eva\x1b[1m Gil\x00", "citizens")
    assert person.name == "Eva Gil"


@pytest.mark.parametrize(
    "name", ["\u200b\u200b\u200b", "\u200d\ufeff", "\u2060 \u200c", "\x1b[0m", "\u202e\u202c"]
)
def test_a_name_of_invisible_characters_is_refused_naming_the_row(store, event, tmp_path, name):
    path = tmp_path / "invisible.csv"
    path.write_text(f"Name,E-mail\nAna Ek,ana@x.org\n{name},ghost@x.org\n", encoding="utf-8")
    report = import_attendees(store, event.id, path)
    assert report.added == 1
    assert [(p.row, p.field) for p in report.rejected] == [(3, "name")]
    assert "visible" in report.rejected[0].reason
    with pytest.raises(ValidationError, match="visible"):
        at.register_walk_in(store, event.id, name, "citizens")


def test_zero_width_joiner_inside_a_real_name_is_kept(store, event):
    person = at.register_walk_in(store, event.id, "Mehr\u200cnaz Ek", "citizens")
    assert person.name == "Mehr\u200cnaz Ek"


@pytest.mark.parametrize("email", ["=1+1@x.org", "+cmd@x.org", "-2+3@x.org", "@SUM(1)@x.org"])
def test_an_email_starting_with_a_formula_character_is_refused(store, event, tmp_path, email):
    path = tmp_path / "formula.csv"
    path.write_text(f"Name,E-mail\nAna Ek,{email}\n", encoding="utf-8")
    report = import_attendees(store, event.id, path)
    assert [(p.row, p.field) for p in report.rejected] == [(2, "email")]
    assert "formula" in report.rejected[0].reason
    with pytest.raises(ValidationError, match="formula"):
        at.register_walk_in(store, event.id, "Eva Gil", "citizens", email=email)


def test_cli_import_with_rejected_rows_exits_3(capsys, data_dir, store, event, tmp_path):
    store.close()
    path = tmp_path / "mixed.csv"
    path.write_text("Name,E-mail\nAna Ek,ana@x.org\n,nobody@x.org\n", encoding="utf-8")
    args = ["--data-dir", str(data_dir), "attendees", "import", "--event", event.id]
    status = main([*args, str(path)])
    out, err = capsys.readouterr()
    assert status == 3
    assert "1 added" in out and "Row 3, name" in out
    assert "1 row was rejected" in err
    clean = tmp_path / "clean.csv"
    clean.write_text("Name\nEva Gil\n", encoding="utf-8")
    assert main([*args, str(clean)]) == 0
