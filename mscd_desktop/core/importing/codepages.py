"""Which Windows code page a legacy (not UTF-8) CSV was saved in.

Excel's "CSV (comma delimited)" writes the system's ANSI code page: Windows-1252 in
Western Europe, 1250 in Poland, Czechia, Slovakia, Hungary, Slovenia, Croatia and
Romania, 1257 in the Baltic states, 1253 in Greece and 1251 in Bulgaria. Every byte
decodes in each of them, so the bytes alone cannot tell: "Dvořák" saved in 1250 reads
"Dvoøák" in 1252. Each candidate is decoded and scored against the alphabets of the
languages its code page serves: letters of one language score, letters no single
language of the page uses together and symbols inside words cost. Short or plain texts
tie, and a tie goes to Windows-1252 (the decoded text is then usually the same).
"""

from __future__ import annotations

CODE_PAGES: tuple[str, ...] = ("cp1252", "cp1250", "cp1257", "cp1253", "cp1251")
SAMPLE_BYTES = 256 * 1024

# Lower-case letters beyond ASCII of the languages each code page serves.
_ALPHABETS: dict[str, tuple[str, ...]] = {
    "cp1252": (
        "äöüß",  # German
        "àâæçéèêëîïôœùûüÿ",  # French
        "áéíñóúü",  # Spanish
        "àèéìíîòóùú",  # Italian
        "àáâãçéêíóôõú",  # Portuguese
        "éëïóöü",  # Dutch
        "æøåé",  # Danish
        "åäöé",  # Swedish
        "äöåšž",  # Finnish
        "äõöüšž",  # Estonian (its letters sit where 1257 has them, but for š and ž)
        "áéíóú",  # Irish
        "àçéèíïòóúü",  # Catalan
    ),
    "cp1250": (
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "čšž",  # Slovenian
        "čćđšž",  # Croatian
        "áéíóöőúüű",  # Hungarian
        "ăâîşţ",  # Romanian (cedilla forms: 1250 has no comma-below letters)
        "äöüß",  # German, also written in this code page
    ),
    "cp1257": (
        "ąčęėįšųūž",  # Lithuanian
        "āčēģīķļņšūž",  # Latvian
        "äõöüšž",  # Estonian
    ),
    "cp1253": ("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",),  # Greek
    "cp1251": ("абвгдежзийклмнопрстуфхцчшщъьюяѝ",),  # Bulgarian
}
# Typography every code page has; neutral unless it sits inside a word.
_NEUTRAL = set("€‚„…†‡‰‹›‘’“”•–—™«»°±§©®·×÷¡¿ªº")
_NON_LATIN = ("cp1253", "cp1251")


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _score(text: str, alphabet: str, latin: bool) -> int:
    score = 0
    for index, char in enumerate(text):
        if char.isascii():
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if char.lower() in alphabet:
            # A Greek or Cyrillic letter inside a word of Latin letters is a misreading.
            mixed = not latin and (_ascii_letter(before) or _ascii_letter(after))
            score += -2 if mixed else 1
            continue
        if char in _NEUTRAL and not (before.isalpha() and after.isalpha()):
            continue
        score -= 2 if char.isalpha() else 3
    return score


def guess_code_page(data: bytes) -> str | None:
    """The code page that reads *data* most plausibly (None: none decodes it into
    plausible text)."""
    sample = data[:SAMPLE_BYTES]
    best: tuple[int, str] | None = None
    for code_page in CODE_PAGES:
        try:
            text = sample.decode(code_page)
        except UnicodeDecodeError:
            continue
        latin = code_page not in _NON_LATIN
        score = max(_score(text, alphabet, latin) for alphabet in _ALPHABETS[code_page])
        if best is None or score > best[0]:  # ties keep the earlier, more common page
            best = (score, code_page)
    if best is None or best[0] < 0:  # more misreadings than letters in every page
        return None
    return best[1]
