"""Spanish speaks to organisers as *usted* and to children at the kiosk as *tú*.

Kiosk messages are told apart by their source: a message only the kiosk shows (every place
it is used is in ``gui/kiosk/`` or ``ui/kiosk/``) may say "Toca", "Elige", "tu nombre". Every
other message (screens, dialogs, CLI, documents) must not use a *tú* form: an imperative
at the start of a sentence or after a comma or "y"/"o" ("Pulsa", "o busca"), an enclitic imperative
("Inténtalo", "Bloquéalo"), a *tú* verb ("puedes") or the pronouns and possessives "tu",
"tus", "te", "ti", "contigo".
"""

from __future__ import annotations

import re

import pytest

from mscd_desktop.devtools import translations

KIOSK_SOURCES = ("mscd_desktop/gui/kiosk/", "ui/kiosk/")

# Imperatives of the verbs the app's messages use, as *tú* (the *usted* forms differ:
# "pulse", "elija", "revise"). Only checked at the start of a sentence, where a command
# stands: elsewhere "usa" or "guarda" are plain third persons ("el quiosco usa…"). Words
# that are also nouns at the start of a label ("Lista", "Copia", "Pregunta") are left out.
_TU_IMPERATIVES = [
    "abre", "anula", "arrastra", "añade", "borra", "busca", "cambia", "cierra", "combina",
    "compara", "comparte", "comprueba", "conecta", "conserva", "crea", "da", "deja",
    "desbloquea", "dibuja", "elige", "emite", "empieza", "envía", "escanea", "escoge",
    "escribe", "exporta", "genera", "guarda", "haz", "importa", "imprime", "indica", "inicia",
    "intenta", "introduce", "juega", "libera", "mira", "muestra", "mueve", "omite", "pega",
    "permite", "pide", "pon", "pulsa", "quita", "reabre", "registra", "reinstala", "renueva",
    "restaura", "retira", "revisa", "selecciona", "simula", "sincroniza", "sube", "sustituye",
    "teclea", "toca", "usa", "vuelve",
]  # fmt: skip
_TU_ENCLITICS = [
    "inténtalo", "búscalo", "búscala", "elígelo", "bórralo", "ábrelo", "guárdalo", "escríbelo",
    "revísalo", "bloquéalo", "desbloquéalo", "escanéalo", "pruébalo", "cámbialo", "pídela",
    "pídelo", "ponlo", "quítalo", "vuélvelo", "restáuralo",
]  # fmt: skip
_TU_WORDS = [
    "tu", "tus", "te", "ti", "contigo", "tú", "puedes", "tienes", "quieres", "debes", "estás",
    "eres",
]  # fmt: skip

_SENTENCE_START = r"(?:^|[.!?:;,\n]\s+|[¡¿(«\"“—·]\s*|\s[yoe]\s+)"
TU_FORMS = re.compile(
    rf"{_SENTENCE_START}(?P<command>{'|'.join(_TU_IMPERATIVES)})\b"
    rf"|\b(?P<word>{'|'.join(_TU_ENCLITICS + _TU_WORDS)})\b",
    re.IGNORECASE,
)


def tu_forms(text: str) -> list[str]:
    """The *tú* forms in a Spanish *text* ("Pulsa", "tu", "inténtalo")."""
    return [m.group("command") or m.group("word") for m in TU_FORMS.finditer(text)]


def _kiosk_only(locations: list[tuple[str, int]]) -> bool:
    return bool(locations) and all(path.startswith(KIOSK_SOURCES) for path, _line in locations)


def test_organiser_messages_say_usted_not_tu():
    sources = {m.id: m.locations for m in translations.build_template() if m.id}
    found = []
    for message in translations.load("es"):
        if not message.id or message.id not in sources or _kiosk_only(sources[message.id]):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if forms := tu_forms(text):
                found.append(f"{message.id!r} -> {text!r}: {forms}")
    assert found == []


def test_the_kiosk_keeps_its_warm_tu():
    catalogue = translations.load("es")
    assert tu_forms(catalogue["Who is playing? Tap your name"].string) == ["Toca", "tu"]
    assert tu_forms(catalogue["Pick an animal: it gives you a nickname"].string) == [
        "Elige",
        "te",
    ]


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        (
            "Escanea una entrada, teclea su código o busca por nombre.",
            ["Escanea", "teclea", "busca"],
        ),
        ("No dejes pasar a la persona todavía; inténtalo de nuevo.", ["inténtalo"]),
        ("Revisa las cifras o busca por nombre.", ["Revisa", "busca"]),
        ("⚠ El quiosco NO está bloqueado. Bloquéalo cuando esté listo.", ["Bloquéalo"]),
        ("Pon primero un PIN de organizador en el evento.", ["Pon"]),
        ("Elija un archivo. Pulse Guardar; inténtelo de nuevo.", []),
        ("El quiosco ya usa estos ajustes.", []),  # a third person, not a command
        ("Copia de seguridad guardada: {path}", []),
    ],
)
def test_tu_forms_are_told_from_usted_and_third_persons(text, forms):
    assert tu_forms(text) == forms
