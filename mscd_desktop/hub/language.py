"""Per-request language for the hub's pages (Accept-Language or ``?lang=``).

The hub serves many people at once in one process, so the language lives in a context
variable per request instead of the process-wide setting of :mod:`mscd_desktop.i18n`.
Templates get ``_``/``gettext``/``ngettext`` through Jinja2's i18n extension.
"""

from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar
from functools import cache

from mscd_desktop.i18n import DOMAIN, SOURCE_LANGUAGE, available_languages
from mscd_desktop.paths import locale_dir

_current: ContextVar[_gettext.NullTranslations | None] = ContextVar(
    "hub_translations", default=None
)
_ENGLISH = _gettext.NullTranslations()


@cache
def translations(code: str) -> _gettext.NullTranslations:
    """The catalogue of language *code* (English: none)."""
    if code == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    try:
        return _gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[code])
    except OSError:
        return _gettext.NullTranslations()


def pick_language(accept_language: str, asked: str | None = None) -> str:
    """The language to answer in: *asked* if supported, else the best of Accept-Language."""
    supported = available_languages()
    if asked and asked in supported:
        return asked
    weighted: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag:
            weighted.append((weight, tag.strip().lower()))
    for _weight, tag in sorted(weighted, key=lambda item: -item[0]):
        for candidate in (tag.replace("-", "_"), tag.split("-")[0]):
            if candidate in supported:
                return candidate
    return SOURCE_LANGUAGE


def use_language(code: str) -> None:
    """Translate this request's strings into *code*."""
    _current.set(translations(code))


def hub_gettext(message: str) -> str:
    """*message* in this request's language."""
    return (_current.get() or _ENGLISH).gettext(message)


def hub_ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message in this request's language."""
    return (_current.get() or _ENGLISH).ngettext(singular, plural, n)
