"""Clean generated nicknames (adjective + animal) in English, Spanish and Swedish.

A child who does not tap their name picks an animal avatar and gets a friendly nickname
for it, so no keyboard is needed and no real name is stored. The word lists are curated:
only kind adjectives, and in Spanish only adjectives that do not change with gender
(``Zorro Veloz``, ``Tortuga Veloz``); in Swedish only animals that are *en* words, so the
adjective always agrees (``Snabb Räv``).
"""

from __future__ import annotations

import random

AVATARS: dict[str, dict[str, str]] = {
    "fox": {"en": "Fox", "es": "Zorro", "sv": "Räv"},
    "owl": {"en": "Owl", "es": "Búho", "sv": "Uggla"},
    "bear": {"en": "Bear", "es": "Oso", "sv": "Björn"},
    "dolphin": {"en": "Dolphin", "es": "Delfín", "sv": "Delfin"},
    "panda": {"en": "Panda", "es": "Panda", "sv": "Panda"},
    "tiger": {"en": "Tiger", "es": "Tigre", "sv": "Tiger"},
    "turtle": {"en": "Turtle", "es": "Tortuga", "sv": "Sköldpadda"},
    "penguin": {"en": "Penguin", "es": "Pingüino", "sv": "Pingvin"},
    "squirrel": {"en": "Squirrel", "es": "Ardilla", "sv": "Ekorre"},
    "hedgehog": {"en": "Hedgehog", "es": "Erizo", "sv": "Igelkott"},
    "moose": {"en": "Moose", "es": "Alce", "sv": "Älg"},
    "eagle": {"en": "Eagle", "es": "Águila", "sv": "Örn"},
}

ADJECTIVES: dict[str, tuple[str, ...]] = {
    "en": (
        "Swift",
        "Brave",
        "Happy",
        "Wise",
        "Bright",
        "Kind",
        "Calm",
        "Clever",
        "Curious",
        "Lucky",
        "Sunny",
        "Gentle",
        "Bold",
        "Cheerful",
        "Strong",
        "Quick",
    ),
    "es": (
        "Veloz",
        "Valiente",
        "Alegre",
        "Brillante",
        "Amable",
        "Genial",
        "Audaz",
        "Feliz",
        "Fuerte",
        "Ágil",
        "Tenaz",
        "Leal",
        "Gentil",
        "Sonriente",
        "Paciente",
        "Inteligente",
    ),
    "sv": (
        "Snabb",
        "Modig",
        "Glad",
        "Klok",
        "Pigg",
        "Stark",
        "Snäll",
        "Lugn",
        "Smart",
        "Listig",
        "Vänlig",
        "Kvick",
        "Duktig",
        "Nyfiken",
        "Solig",
        "Lycklig",
    ),
}

FALLBACK = "en"


def avatar_name(avatar: str, language: str) -> str:
    """The animal's name in *language* (English when the language is not covered)."""
    names = AVATARS[avatar]
    return names.get(language.split("_")[0]) or names[FALLBACK]


def _compose(adjective: str, animal: str, language: str) -> str:
    return f"{animal} {adjective}" if language == "es" else f"{adjective} {animal}"


def generate_nickname(
    avatar: str,
    language: str,
    rng: random.Random | None = None,
    taken: set[str] | frozenset[str] = frozenset(),
) -> str:
    """A nickname for *avatar* in *language*, different from those in *taken* if it can be.

    When every adjective is taken for this animal, a number is added ("Swift Fox 2").
    """
    rng = rng or random.Random()
    language = language.split("_")[0]
    if language not in ADJECTIVES:
        language = FALLBACK
    animal = avatar_name(avatar, language)
    adjectives = list(ADJECTIVES[language])
    rng.shuffle(adjectives)
    for adjective in adjectives:
        name = _compose(adjective, animal, language)
        if name not in taken:
            return name
    base = _compose(adjectives[0], animal, language)
    number = 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"
