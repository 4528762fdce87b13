"""The Spanish and Swedish catalogues keep to their glossaries (``docs/glossary-*.md``).

Each glossary names the word chosen for an idea and the words to avoid for it: "entrada"
is the ticket, never the check-in; "disk" is never the check-in desk; an Open House is not a
"visningsdag". Every translated message is checked against the rows whose English words it
contains.
"""

from __future__ import annotations

import pytest
from glossary_rules import Glossary, load_glossary

from mscd_desktop.devtools import translations


def _strings(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (str(value),)


@pytest.mark.parametrize("language", ["es", "sv"])
def test_no_translation_uses_an_avoided_word_for_a_glossary_idea(language):
    glossary = load_glossary(language)
    found = []
    for message in translations.load(language):
        if not message.id:
            continue
        english = " / ".join(_strings(message.id))
        for text in _strings(message.string):
            for misuse in glossary.misuses(english, text):
                found.append(f"{english!r} -> {text!r}: {misuse}")
    assert found == []


@pytest.mark.parametrize("language", ["es", "sv"])
def test_the_glossary_has_the_rows_the_reviewer_asked_for(language):
    glossary = load_glossary(language)
    assert len(glossary.rows) >= 10
    ideas = {row.english[0] for row in glossary.rows}
    assert {"ticket*", "desk*", "Open House"} <= ideas
    assert all(row.chosen for row in glossary.rows)


@pytest.mark.parametrize(
    ("language", "english", "translation", "avoided"),
    [
        ("es", "&Undo last check-in", "&Deshacer la última entrada", "entrada"),
        ("es", "Look them up on the check-in screen", "Búsquelo en la pantalla de acreditación",
         "acreditacion"),
        ("es", "Name of this desk, e.g. B.", "Nombre de este puesto, p. ej. B.", "puesto"),
        ("es", "Pupil", "Alumno/a", "alumno/a"),
        ("sv", "&Desk:", "&Disk:", "disk"),
        ("sv", "Name of this desk, e.g. B.", "Namn på incheckningsdisken", "incheckningsdisken"),
        ("sv", "Run an energy-efficiency Open House day offline.", "Håll en visningsdag",
         "visningsdag"),
        ("sv", "&Keep this run", "&Behåll den här körningen", "korningen"),
        ("es", "&Enrol", "&Inscribir", "inscribir"),
        ("es", "Bundle for a USB stick…", "Paquete para una memoria USB…", "memoria usb"),
        ("sv", "The hub answered for another batch.", "Hubben svarade för en annan omgång.",
         "hubben"),
        ("sv", "Stopping after the batch on its way…", "Stoppar efter paketet på väg…", "paketet"),
    ],
)  # fmt: skip
def test_the_old_wrong_terms_would_be_caught(language, english, translation, avoided):
    misuses = load_glossary(language).misuses(english, translation)
    assert len(misuses) == 1 and repr(avoided) in misuses[0]


def test_a_word_is_allowed_where_the_message_also_speaks_of_its_own_idea():
    es = load_glossary("es")
    # "entrada" is the ticket, and this message is about a ticket as well as a check-in.
    assert (
        es.misuses(
            "Check someone in from a scanned ticket code",
            "Registrar la llegada de alguien con el código de su entrada",
        )
        == []
    )
    assert (
        es.misuses("Meter model (register map).", "Modelo del medidor (mapa de registros).") == []
    )
    assert es.misuses("Register a school class", "Registrar una clase") != []


def test_words_are_matched_whole_and_without_accents():
    sv: Glossary = load_glossary("sv")
    assert sv.misuses("Name of this desk", "Namn på det här incheckningsbordet") == []
    assert sv.misuses("Open House", "Förhandsvisning av öppet hus") == []  # not "visning…"
    es = load_glossary("es")
    assert es.misuses("Undo last check-in", "Deshacer la ÚLTIMA ENTRADA") != []
    assert es.misuses("Check in", "Registrar llegada") == []
