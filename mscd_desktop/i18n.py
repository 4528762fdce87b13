"""One gettext catalogue for every user-visible string: screens, dialogs, CLI and PDFs.

Strings are marked with ``_()`` (translated when called, so a language switch takes
effect at once) or ``N_()`` (marked for extraction, translated later with ``_()``).
Designer forms go through the same catalogue: the GUI installs a QTranslator that asks
:func:`gettext` (see ``mscd_desktop/gui/common/translator.py``). No Qt is imported here.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import locale
import os
import threading
from collections.abc import Mapping

from mscd_desktop.paths import locale_dir

DOMAIN = "mscd"
SOURCE_LANGUAGE = "en"

_lock = threading.Lock()
_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def available_languages() -> list[str]:
    """Language codes with a compiled catalogue, plus English (the source language)."""
    found = {SOURCE_LANGUAGE}
    root = locale_dir()
    if root.is_dir():
        for entry in root.iterdir():
            if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.add(entry.name)
    return sorted(found)


def language_name(code: str) -> str:
    """The language's own name for itself ("Español", "Svenska"), for pickers."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def system_language(env: Mapping[str, str] | None = None) -> str:
    """The first supported language the system locale asks for, else English."""
    environ: Mapping[str, str] = os.environ if env is None else env
    wanted: list[str] = []
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            wanted.extend(value.split(":"))
            if var != "LANGUAGE":
                break
    if not wanted and env is None:
        code = locale.getlocale()[0]
        if code:
            wanted.append(code)
    supported = available_languages()
    for item in wanted:
        code = item.split(".")[0].split("@")[0].replace("-", "_")
        for candidate in (code, code.split("_")[0]):
            if candidate in supported:
                return candidate
    return SOURCE_LANGUAGE


def set_language(code: str | None) -> str:
    """Switch every later ``_()`` to *code* (None: follow the system). Returns the code used."""
    global _translations, _language
    code = code or system_language()
    if code == SOURCE_LANGUAGE:
        new: _gettext.NullTranslations = _gettext.NullTranslations()
    else:
        try:
            new = _gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[code])
        except OSError:
            code, new = SOURCE_LANGUAGE, _gettext.NullTranslations()
    with _lock:
        _translations, _language = new, code
    return code


def current_language() -> str:
    """Code of the language strings are translated into now."""
    return _language


def gettext(message: str) -> str:
    """Translate *message* into the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count *n*."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark *message* for extraction without translating it yet."""
    return message


_ = gettext


def translations_for(code: str) -> _gettext.NullTranslations:
    """A translator for *code* that leaves the process-wide language alone (for documents
    in the reader's language: a certificate in the child's, a report in the event's).
    Unknown languages fall back to English."""
    return _translations_in(code, str(locale_dir()))


@functools.lru_cache(maxsize=16)
def _translations_in(code: str, folder: str) -> _gettext.NullTranslations:
    if code == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    try:
        return _gettext.translation(DOMAIN, localedir=folder, languages=[code])
    except OSError:
        return _gettext.NullTranslations()
