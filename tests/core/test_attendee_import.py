"""Importing attendees: CSV dialects, XLSX, bad files, duplicates, re-import, cancel."""

from __future__ import annotations

import pytest

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.importing import (
    SINGLE_COLUMN,
    ImportOptions,
    import_attendees,
    read_file,
)

ROWS = [
    ("Name", "Organisation", "E-mail", "Audience", "Age"),
    ("Ana García López", "Ayuntamiento de Laguna de Duero", "ana@laguna.es", "political", "45"),
    ("José Ñúñez", "Universidad de Valladolid", "", "technical", "33,5"),
    ("Björk Ström", "SOMACYL, Área de Energía", "bjork@somacyl.es", "press", ""),
]
EXPECTED = {
    ("Ana García López", "Ayuntamiento de Laguna de Duero", "ana@laguna.es", "political", "18+"),
    ("José Ñúñez", "Universidad de Valladolid", None, "technical", "18+"),
    ("Björk Ström", "SOMACYL, Área de Energía", "bjork@somacyl.es", "press", None),
}


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Torrelago",
            project="CITyFiED",
            city="Valladolid",
            date="2026-06-10",
            audiences=("school_children", "citizens", "press"),
        ),
    )


def stored(store, event):
    return {
        (a.name, a.organisation, a.email, a.audience, a.age_band)
        for a in at.list_attendees(store, event.id)
    }


def csv_text(rows, delimiter):
    def quote(cell):
        if any(c in cell for c in (delimiter, '"', "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(quote(c) for c in row) + "\r\n" for row in rows)


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        (",", "utf-8", b""),
        (";", "utf-8", b"\xef\xbb\xbf"),  # Excel "CSV UTF-8" in a comma-decimal locale
        ("\t", "utf-8", b""),
        (";", "cp1252", b""),  # legacy Excel in Spain
        ("\t", "utf-16", b""),  # Excel "Unicode text" (the codec writes the BOM)
        (",", "utf-16-le", b""),  # UTF-16 without a BOM
        ("|", "utf-8", b""),
    ],
)
def test_each_csv_dialect_imports_the_same_people(store, event, tmp_path, delimiter, encoding, bom):
    path = tmp_path / "people.csv"
    path.write_bytes(bom + csv_text(ROWS, delimiter).encode(encoding))
    table = read_file(path)
    assert table.format.delimiter == delimiter and table.format.certain
    report = import_attendees(store, event.id, path)
    assert (report.rows, report.added, report.rejected) == (3, 3, [])
    assert stored(store, event) == EXPECTED


def test_cp1252_is_not_read_as_latin1(store, event, tmp_path):
    path = tmp_path / "euro.csv"
    path.write_bytes("Name;Notes\nAna;Pagó 5 €\n".encode("cp1252"))
    assert read_file(path).format.encoding == "cp1252"
    import_attendees(store, event.id, path)
    assert at.list_attendees(store, event.id)[0].notes == "Pagó 5 €"


def test_quoted_fields_with_newlines_and_decimal_commas(store, event, tmp_path):
    path = tmp_path / "newlines.csv"
    path.write_text(
        'Nombre;Edad;Observaciones\n"Ana";"10,5";"Alergia:\nfrutos secos"\nLeo;15,9;\n',
        encoding="utf-8",
    )
    report = import_attendees(store, event.id, path)
    assert report.added == 2
    people = {a.name: a for a in at.list_attendees(store, event.id)}
    assert people["Ana"].notes == "Alergia:\nfrutos secos"
    assert (people["Ana"].age_band, people["Leo"].age_band) == ("8-11", "12-15")


def test_single_column_of_names_with_commas_in_them(store, event, tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("Name\nGarcía, Ana\nPérez, Luis\nGil, Eva\n", encoding="utf-8")
    assert read_file(path).format.delimiter == SINGLE_COLUMN
    import_attendees(store, event.id, path)
    assert [a.name for a in at.list_attendees(store, event.id)] == [
        "García, Ana",
        "Gil, Eva",
        "Pérez, Luis",
    ]


def test_undetectable_delimiter_is_reported_not_guessed(store, event, tmp_path):
    path = tmp_path / "ambiguous.csv"
    path.write_text("a,b;c\nd,e;f\ng,h;i\n", encoding="utf-8")
    table = read_file(path)
    assert not table.format.certain
    assert {",", ";"} <= set(table.format.candidates)
    with pytest.raises(ValidationError, match="Cannot tell how the columns are separated"):
        import_attendees(store, event.id, path)
    report = import_attendees(
        store,
        event.id,
        path,
        ImportOptions(delimiter=";", has_header=False, mapping={"name": 0, "notes": 1}),
    )
    assert report.added == 3
    assert [(a.name, a.notes) for a in at.list_attendees(store, event.id)] == [
        ("a,b", "c"),
        ("d,e", "f"),
        ("g,h", "i"),
    ]


def test_spanish_and_swedish_headers_are_recognised(store, event, tmp_path):
    es = tmp_path / "es.csv"
    es.write_text(
        "Nombre;Apellidos;Correo electrónico;Organización;Perfil;Fotos\n"
        "Ana;García;ana@x.es;UVa;Prensa;sí\n",
        encoding="utf-8",
    )
    sv = tmp_path / "sv.csv"
    sv.write_text(
        "Namn,E-post,Organisation,Målgrupp,Ålder,Fotosamtycke\n"
        "Sven Ek,sven@lund.se,Lunds kommun,Politiker,52,ja\n",
        encoding="utf-8",
    )
    import_attendees(store, event.id, es)
    import_attendees(store, event.id, sv)
    people = {a.name: a for a in at.list_attendees(store, event.id)}
    assert (people["Ana García"].email, people["Ana García"].audience) == ("ana@x.es", "press")
    assert people["Ana García"].consent_photo
    assert (
        people["Sven Ek"].organisation,
        people["Sven Ek"].audience,
        people["Sven Ek"].age_band,
    ) == ("Lunds kommun", "political", "18+")


def test_explicit_mapping_overrides_the_header(store, event, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Who,Where\nAna,Ayuntamiento\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="No column with the attendees' names"):
        import_attendees(store, event.id, path)
    import_attendees(store, event.id, path, ImportOptions(mapping={"name": 0, "organisation": 1}))
    assert [(a.name, a.organisation) for a in at.list_attendees(store, event.id)] == [
        ("Ana", "Ayuntamiento")
    ]


def test_xlsx_imports_and_formulas_stay_text(store, event, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "people.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in ROWS:
        sheet.append(list(row))
    sheet.append(['=HYPERLINK("http://evil.example","Click")', "", "", "citizens", 40.0])
    book.save(path)
    report = import_attendees(store, event.id, path)
    assert (report.added, report.rejected) == (4, [])
    people = {a.name: a for a in at.list_attendees(store, event.id)}
    formula = people['=HYPERLINK("http://evil.example","Click")']
    assert formula.flags == (at.FORMULA_FLAG,) and formula.age_band == "18+"
    assert any(w.row == 5 and "formula" in w.reason for w in report.warnings)
    assert stored(store, event) >= EXPECTED


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "has no rows"),
        (b"Name;E-mail\r\n;\r\n", "column names but no rows"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel (.xls)"),
        (b"PK\x03\x04garbage", "not a valid XLSX"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"Name\nAna\n" + b"\x81\x8d\x90", "neither UTF-8 nor Windows-1252"),
        (b"Colour,Size\nred,4\n", "No column with the attendees' names"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(store, event, tmp_path, content, words):
    at.register_walk_in(store, event.id, "Eva Gil", "citizens")
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(
        ValidationError, match=words.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
    ):
        import_attendees(store, event.id, path)
    assert [a.name for a in at.list_attendees(store, event.id)] == ["Eva Gil"]


def test_rejected_rows_are_reported_by_row_and_field(store, event, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "Name,E-mail,Audience,Role,Photo consent\n"
        "Ana,ana@x.es,citizens,adult,yes\n"
        ",nobody@x.es,citizens,adult,no\n"
        "Leo,leo@,aliens,adult,maybe\n"
        "Lucía Fernández,,,pupil,\n",
        encoding="utf-8",
    )
    report = import_attendees(store, event.id, path)
    problems = {(p.row, p.field) for p in report.rejected}
    assert problems == {
        (3, "name"),
        (4, "email"),
        (4, "audience"),
        (4, "consent_photo"),
        (5, "name"),
    }
    assert report.rejected_rows == 3 and report.added == 1
    assert "first name or nickname" in next(p.reason for p in report.rejected if p.row == 5)


def test_duplicates_are_skipped_or_merged(store, event, tmp_path):
    at.add_attendee(
        store,
        event.id,
        at.AttendeeDraft(name="Ana García", organisation="UVa", audience="citizens"),
    )
    path = tmp_path / "dups.csv"
    path.write_text(
        "Name,Organisation,E-mail,Notes,Contact consent\n"
        "ANA GARCIA,uva,ana@uva.es,Llega tarde,yes\n"
        "Luis Pérez,,luis@x.es,,\n"
        "Luis Perez Gil,SOMACYL,LUIS@x.es,Vegetariano,\n",
        encoding="utf-8",
    )
    skipped = import_attendees(store, event.id, path)
    assert (skipped.added, skipped.duplicates_skipped, skipped.merged) == (1, 2, 0)
    ana = next(a for a in at.list_attendees(store, event.id) if a.name == "Ana García")
    assert ana.email is None

    merged = import_attendees(store, event.id, path, ImportOptions(duplicates="merge"))
    assert (merged.added, merged.merged, merged.already_imported) == (0, 2, 1)
    people = {a.name: a for a in at.list_attendees(store, event.id)}
    assert set(people) == {"Ana García", "Luis Pérez"}
    assert (
        people["Ana García"].email,
        people["Ana García"].notes,
        people["Ana García"].consent_contact,
    ) == ("ana@uva.es", "Llega tarde", True)
    assert (people["Luis Pérez"].organisation, people["Luis Pérez"].notes) == (
        "SOMACYL",
        "Vegetariano",
    )


def test_importing_the_same_file_twice_adds_nothing(store, event, tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text(
        "Name,Role,Organisation\nLucía,pupil,CEIP\nLucía,pupil,CEIP\nMarta Ruiz,teacher,CEIP\n",
        encoding="utf-8",
    )
    first = import_attendees(store, event.id, path)
    assert first.added == 3  # two different pupils called Lucía
    again = import_attendees(store, event.id, path, ImportOptions(duplicates="merge"))
    assert (again.added, again.merged, again.already_imported) == (0, 0, 3)
    assert len(at.list_attendees(store, event.id)) == 3


def test_cancel_leaves_nothing_imported(store, event, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(
        "Name,E-mail\n" + "".join(f"Person {i},p{i}@x.es\n" for i in range(1200)), encoding="utf-8"
    )
    seen = []
    report = import_attendees(
        store,
        event.id,
        path,
        ImportOptions(batch_size=100),
        progress=lambda done, total: seen.append((done, total)),
        is_cancelled=lambda: len(seen) >= 5,
    )
    assert report.cancelled and report.added == 0
    assert seen[:2] == [(100, 1200), (200, 1200)]
    assert at.list_attendees(store, event.id) == []
    finished = import_attendees(store, event.id, path, ImportOptions(batch_size=100))
    assert finished.added == 1200 and len(at.list_attendees(store, event.id)) == 1200


def test_failure_while_publishing_leaves_nothing_imported(store, event, tmp_path, monkeypatch):
    from mscd_desktop.core.importing import run

    path = tmp_path / "people.csv"
    path.write_text("Name\n" + "".join(f"Person {i}\n" for i in range(50)), encoding="utf-8")

    def broken(self, *_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(run._Importer, "publish", broken)
    with pytest.raises(RuntimeError):
        import_attendees(store, event.id, path, ImportOptions(batch_size=10))
    assert at.list_attendees(store, event.id) == []
    with store.read() as db:
        assert not [
            t for t in db.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table'")
        ]


def test_xlsx_sheet_is_chosen_by_name(store, event, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Nothing to see"])
    sheet = book.create_sheet("Inscripciones")
    sheet.append(["Nombre", "Correo"])
    sheet.append(["Ana García", "ana@x.es"])
    book.save(path)
    table = read_file(path, ImportOptions(sheet="Inscripciones"))
    assert table.format.sheets == ("Notes", "Inscripciones")
    assert table.header == ["Nombre", "Correo"]
    with pytest.raises(ValidationError, match="no sheet called 'Hoja1'"):
        read_file(path, ImportOptions(sheet="Hoja1"))
    report = import_attendees(store, event.id, path, ImportOptions(sheet="Inscripciones"))
    assert report.added == 1
    assert at.list_attendees(store, event.id)[0].email == "ana@x.es"


def test_chosen_encoding_overrides_detection(store, event, tmp_path):
    path = tmp_path / "latin9.csv"
    path.write_bytes("Name\nJosé Ñúñez\n".encode("iso-8859-15"))
    assert read_file(path).format.encoding == "cp1252"
    with pytest.raises(ValidationError, match="cannot be read as utf-8"):
        read_file(path, ImportOptions(encoding="utf-8"))
    import_attendees(store, event.id, path, ImportOptions(encoding="iso-8859-15"))
    assert at.list_attendees(store, event.id)[0].name == "José Ñúñez"


def test_excel_sep_line_names_the_separator(store, event, tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\nName;Organisation\nAna García;Ayuntamiento, Área 2\n", encoding="utf-8")
    table = read_file(path)
    assert (table.format.delimiter, table.format.certain) == (";", True)
    assert table.header == ["Name", "Organisation"]
    import_attendees(store, event.id, path)
    assert at.list_attendees(store, event.id)[0].organisation == "Ayuntamiento, Área 2"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        # Unknown headers, a decimal comma in every row: the semicolon still wins.
        ("Wer;Wo;Wert\nAna;Lund;3,5\nEva;Malmö;4,5\nLeo;Ystad;1,5\n", ";"),
        # One known column whose values contain commas: a single column, not two.
        ("Participants\nGarcía, Ana\nPérez, Luis\nGil, Eva\nRuiz, Leo\nSanz, Ada\n", SINGLE_COLUMN),
        # Tab-separated with commas and semicolons inside the cells.
        ("Name\tNotes\nAna\tyes; no, maybe\nEva\ta, b; c\n", "\t"),
    ],
)
def test_delimiter_detection_is_not_fooled_by_separators_inside_cells(tmp_path, text, delimiter):
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    table = read_file(path)
    assert (table.format.delimiter, table.format.certain) == (delimiter, True)


def test_stated_consent_wins_when_merging(store, event, tmp_path):
    at.add_attendee(
        store,
        event.id,
        at.AttendeeDraft(
            name="Ana García", email="ana@x.es", consent_photo=True, consent_contact=True
        ),
    )
    path = tmp_path / "update.csv"
    path.write_text(
        "Name,E-mail,Photo consent,Contact consent\nAna García,ana@x.es,no,\n", encoding="utf-8"
    )
    report = import_attendees(store, event.id, path, ImportOptions(duplicates="merge"))
    assert report.merged == 1
    ana = at.list_attendees(store, event.id)[0]
    assert (ana.consent_photo, ana.consent_contact) == (False, True)


def test_audience_the_event_does_not_expect_is_kept_with_a_warning(store, event, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Audience\nAna,Técnico\nEva,Prensa\nLeo,\n", encoding="utf-8")
    report = import_attendees(store, event.id, path)
    assert report.added == 3  # Leo gets the default audience, without a warning
    assert [(w.row, w.field) for w in report.warnings] == [(2, "audience")]
    assert "Technical stakeholders" in report.warnings[0].reason


def test_details_learnt_by_merging_find_later_rows(store, event, tmp_path):
    path = tmp_path / "three.csv"
    path.write_text(
        "Name,Organisation,E-mail\nAna García,UVa,\nAna García,UVa,ana@uva.es\n"
        "Ana G.,,ANA@uva.es\n",
        encoding="utf-8",
    )
    report = import_attendees(store, event.id, path, ImportOptions(duplicates="merge"))
    assert (report.added, report.merged, report.duplicates_skipped) == (1, 1, 1)
    assert [(a.name, a.email) for a in at.list_attendees(store, event.id)] == [
        ("Ana García", "ana@uva.es")
    ]
