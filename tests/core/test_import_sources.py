"""Registrations as other tools and people write them: translated audiences, form
questions as headers, --map COLUMN=FIELD, ragged and blank rows, odd e-mail cells."""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from mscd_desktop.cli import main
from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.importing import import_attendees, mapping_from_pairs, read_file
from mscd_desktop.core.importing.headers import guess_mapping
from mscd_desktop.paths import locale_dir

CATALOGUES = sorted(locale_dir().glob("*/LC_MESSAGES/mscd.po"))


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(name="Open House Linero", project="CITyFiED", city="Lund", date="2026-06-10"),
    )


def people(store, event) -> dict[str, at.Attendee]:
    return {a.name: a for a in at.list_attendees(store, event.id)}


def test_there_are_catalogues_to_loop_over():
    assert {p.parent.parent.name for p in CATALOGUES} >= {"es", "sv"}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_translated_audience_name_is_accepted(store, event, tmp_path, catalogue):
    with catalogue.open("rb") as fh:
        po = read_po(fh)
    compiled = gettext.GNUTranslations(catalogue.with_suffix(".mo").open("rb"))
    rows = []
    for code, label in ev.AUDIENCES.items():
        for number, translated in enumerate((po[label].string, compiled.gettext(label))):
            assert translated, f"{label!r} is not translated in {catalogue}"
            rows.append((f"Person {code} {number}", translated, code))
    path = tmp_path / "audiences.csv"
    path.write_text(
        "Name;Audience\n" + "".join(f"{n};{t}\n" for n, t, _code in rows), encoding="utf-8"
    )
    report = import_attendees(store, event.id, path)
    assert report.rejected == []
    found = people(store, event)
    assert {(n, found[n].audience) for n, _t, _code in rows} == {(n, c) for n, _t, c in rows}


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        # Google Forms (en, es, sv): time stamp, collected address, then the questions
        (
            ["Timestamp", "Email Address", "Your full name", "Organisation"],
            ["2026/05/02 10:14:03 AM GMT+2", "ana@x.org", "Ana Ek", "Lunds kommun"],
            ("Ana Ek", "ana@x.org", "Lunds kommun"),
        ),
        (
            ["Marca temporal", "Dirección de correo electrónico", "¿Cuál es tu nombre?"],
            ["2/5/2026 10:14:03", "lucia@x.es", "Lucía Pérez"],
            ("Lucía Pérez", "lucia@x.es", ""),
        ),
        (
            [
                "Tidstämpel",
                "E-postadress",
                "Vad heter du?",
                "Vilken organisation representerar du?",
            ],
            ["2026-05-02 10:14:03", "sven@x.se", "Sven Ek", "Kraftringen"],
            ("Sven Ek", "sven@x.se", "Kraftringen"),
        ),
        # Typeform: questions with a greeting before them
        (
            ["#", "Hi there! What's your name?", "And your email address? *", "Submit Date (UTC)"],
            ["a1b2", "Eva Gil", "eva@x.org", "2026-05-02 08:14:03"],
            ("Eva Gil", "eva@x.org", ""),
        ),
        # Microsoft Forms, anonymous: the account columns say "anonymous"
        (
            ["ID", "Start time", "Completion time", "Email", "Name", "What's your name?", "Email2"],
            ["1", "5/2/26 10:14:03", "5/2/26 10:16:40", "anonymous", "anonymous", "Leo Ruiz", ""],
            ("Leo Ruiz", None, ""),
        ),
        (
            ["Id.", "Hora de inicio", "Correo electrónico", "Nombre", "Tu nombre completo"],
            ["1", "2/5/26 10:14:03", "anónimo", "anónimo", "Marta Gil"],
            ("Marta Gil", None, ""),
        ),
        (
            ["ID", "Starttid", "E-post", "Namn", "Ditt namn", "Din e-postadress"],
            ["1", "2026-05-02 10:14", "anonym", "anonym", "Åsa Berg", "asa@x.se"],
            ("Åsa Berg", "asa@x.se", ""),
        ),
    ],
)
def test_form_tool_questions_are_recognised(store, event, tmp_path, header, row, expected):
    path = tmp_path / "form.csv"
    path.write_text(
        ",".join(f'"{h}"' for h in header) + "\n" + ",".join(f'"{c}"' for c in row) + "\n",
        encoding="utf-8",
    )
    report = import_attendees(store, event.id, path)
    assert (report.added, report.rejected) == (1, [])
    person = next(iter(people(store, event).values()))
    assert (person.name, person.email, person.organisation) == expected


def test_a_question_that_only_mentions_a_field_is_not_taken_for_it():
    header = ["Name", "May we publish your name in the report?", "Photo consent"]
    assert guess_mapping(header) == {"name": 0, "consent_photo": 2}


def test_map_takes_column_equals_field(capsys, data_dir, store, event, tmp_path):
    store.close()
    path = tmp_path / "odd.csv"
    path.write_text("Wer,Kontakt,E-mail\nAna Ek,ana@x.org,\n", encoding="utf-8")
    base = ["--data-dir", str(data_dir), "attendees", "import", str(path), "--event", event.id]
    assert main([*base, "--json"]) == 1
    _out, err = capsys.readouterr()
    assert "'Wer'" in err and '--map "COLUMN=name"' in err
    assert main([*base, "--map", "Wer=name", "--map", "2=email", "--json"]) == 0
    report = json.loads(capsys.readouterr()[0])
    assert report["mapping"] == {"name": 0, "email": 1}


@pytest.mark.parametrize(
    ("pair", "words"),
    [
        ("name=Wer", "'name=Wer' is the wrong way round: 'name' is a field and 'Wer' a column"),
        ("Wer=fullname", "Unknown field 'fullname' in 'Wer=fullname'"),
        ("Nobody=name", "There is no column 'Nobody'"),
        ("name", "Write a column mapping as COLUMN=FIELD"),
    ],
)
def test_a_misordered_or_wrong_map_names_both_sides(pair, words):
    with pytest.raises(ValidationError) as caught:
        mapping_from_pairs([pair], ["Wer", "Kontakt"])
    assert words in str(caught.value)


def test_readme_documents_map_as_column_equals_field():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "--map COLUMN=FIELD" in readme and "FIELD=COLUMN" not in readme


@pytest.mark.parametrize(
    "text",
    [
        "Name,E-mail,Organisation\nAna Ek,ana@x.org,Lunds kommun\n"
        "Eva Gil,eva@x.org,Lunds kommun,Kraftringen,extra\nLeo Ruiz,leo@x.org,LKF\n",
        "Name;E-mail\nAna Ek;ana@x.org\nEva Gil;eva@x.org;;;;oops\nLeo Ruiz;leo@x.org\n",
    ],
)
def test_a_ragged_row_is_reported_by_itself(store, event, tmp_path, text):
    path = tmp_path / "ragged.csv"
    path.write_text(text, encoding="utf-8")
    assert read_file(path).format.certain
    report = import_attendees(store, event.id, path)
    assert report.added == 2
    assert [(p.row, p.field) for p in report.rejected] == [(3, "row")]
    assert "cells but the header has" in report.rejected[0].reason
    assert set(people(store, event)) == {"Ana Ek", "Leo Ruiz"}


def test_blank_rows_are_reported_by_themselves(store, event, tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text(
        "Name,E-mail\nAna Ek,ana@x.org\n\n,\nEva Gil,eva@x.org\n;;;\nLeo Ruiz,leo@x.org\n\n\n",
        encoding="utf-8",
    )
    report = import_attendees(store, event.id, path)
    assert report.added == 3
    assert [(w.row, w.field) for w in report.warnings if w.field == "row"] == [(3, "row")]
    assert "Rows 3 to 4 are empty" in report.warnings[0].reason
    assert [(p.row, p.field) for p in report.rejected] == [(6, "name")]


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("Ana Ek <Ana.Ek@Lund.se>", "ana.ek@lund.se"),
        ('"Ek, Ana" <ana@lund.se>', "ana@lund.se"),
        ("mailto:ana@lund.se", "ana@lund.se"),
        ("MAILTO:ana@lund.se?subject=Open%20House", "ana@lund.se"),
        (" <ana@lund.se> ", "ana@lund.se"),
    ],
)
def test_an_email_cell_gives_its_address(store, event, tmp_path, cell, stored):
    path = tmp_path / "emails.csv"
    quoted = '"' + cell.replace('"', '""') + '"'
    path.write_text(f"Name;E-mail\nAna Ek;{quoted}\n", encoding="utf-8")
    report = import_attendees(store, event.id, path)
    assert report.rejected == []
    assert people(store, event)["Ana Ek"].email == stored


def test_middle_names_and_second_surnames_are_joined(store, event, tmp_path):
    path = tmp_path / "names.csv"
    path.write_text(
        "First Name,Middle Name,Last Name,E-mail Address\nMaria,Luisa,Ek,m@x.org\n"
        "Eva,,Gil,e@x.org\n",
        encoding="utf-8",
    )
    import_attendees(store, event.id, path)
    es = tmp_path / "es.csv"
    es.write_text("Nombre;Primer apellido;Segundo apellido\nLucía;Pérez;Gómez\n", encoding="utf-8")
    import_attendees(store, event.id, es)
    assert set(people(store, event)) == {"Maria Luisa Ek", "Eva Gil", "Lucía Pérez Gómez"}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Vorname", "Name", "E-Mail"], {"first_name": 0, "last_name": 1, "email": 2}),
        (["Prénom", "Nom", "Courriel"], {"first_name": 0, "last_name": 1, "email": 2}),
        (["Nom", "Courriel"], {"name": 0, "email": 1}),
        (["Imię", "Nazwisko", "Adres e-mail"], {"first_name": 0, "last_name": 1, "email": 2}),
        (["Όνομα", "Επώνυμο", "Email"], {"first_name": 0, "last_name": 1, "email": 2}),
        (["Име", "Фамилия", "Имейл"], {"first_name": 0, "last_name": 1, "email": 2}),
        (
            ["name", "first_name", "last_name", "email"],
            {"name": 0, "first_name": 1, "last_name": 2, "email": 3},
        ),
    ],
)
def test_headers_in_other_eu_languages(header, expected):
    assert guess_mapping(header) == expected
