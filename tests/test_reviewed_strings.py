"""The strings the native-level review of issue 10 (A.6) singled out stay mended.

"Casi…" told a child with 0 points they were close; "Bienvenida" greeted everyone as a
woman; "Lavadora encendido" got the gender wrong; "Identifiera" (identify) stood for
"Detect"; counts were written "evento(s)" and "{count} alumnos/elever", so a screen said
"1 elever". Plurals come from ``ngettext``: no translation makes one with brackets or slashes.
"""

from __future__ import annotations

import re

import pytest

from mscd_desktop.devtools import translations

# "evento(s)", "alumno(s)", "elev(er)", "alumnos/as", "niño/a": a plural or gender by hand.
HAND_MADE_FORM = re.compile(r"\w\((?:s|es|er|n|ar|or|na|a|o)\)|\w/(?:as?|os?|er|na)\b")


def _strings(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (str(value),)


@pytest.mark.parametrize(
    ("language", "msgid", "wrong"),
    [
        ("es", "Not quite…", r"^Casi"),
        ("es", "Welcome", r"Bienvenid[ao]\b"),
        ("es", "{label} on: {kw} kW", r"encendid[oa]"),
        ("sv", "Detect", r"Identifiera"),
    ],
)
def test_the_reviewers_examples_stay_mended(language, msgid, wrong):
    text = translations.load(language)[msgid].string
    assert text and not re.search(wrong, text), text


@pytest.mark.parametrize("language", ["es", "sv"])
def test_no_translation_makes_a_plural_or_gender_by_hand(language):
    found = [
        f"{message.id!r} -> {text!r}"
        for message in translations.load(language)
        if message.id
        for text in _strings(message.string)
        if HAND_MADE_FORM.search(text)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("Se borrarán 3 evento(s).", True),
        ("{count} alumnos/as", True),
        ("1 elev(er)", True),
        ("Elige tu animal (o pide ayuda).", False),
        ("CSV/Excel", False),
        ("kWh/año", False),
    ],
)
def test_the_check_tells_hand_made_plurals_from_ordinary_text(text, caught):
    assert bool(HAND_MADE_FORM.search(text)) is caught


@pytest.mark.parametrize(
    ("language", "singular", "plural"),
    [
        ("es", "CEIP Torrelago 5º A (1 alumno o alumna)", "CEIP Torrelago 5º A (2 alumnos)"),
        ("sv", "Linero skola 4B (1 elev)", "Linero skola 4B (2 elever)"),
    ],
)
def test_a_count_of_pupils_agrees_with_its_number(language, singular, plural):
    from mscd_desktop.i18n import ngettext, set_language

    set_language(language)
    try:
        school, class_name = singular.split(" (")[0].rsplit(" ", 1)
        forms = [
            ngettext(
                "{school} {class_name} ({n} pupil)", "{school} {class_name} ({n} pupils)", n
            ).format(school=school, class_name=class_name, n=n)
            for n in (1, 2)
        ]
    finally:
        set_language("en")
    assert forms == [singular, plural]
