"""The language a document is written in: its translator and its number formats together.

Documents are written for their reader, not in the organiser's current language: a
certificate in the child's kiosk language, a report in the event's first language. A
:class:`DocumentLanguage` translates with :func:`mscd_desktop.i18n.translations_for`, so
the language of the screens is left alone (and a batch can mix languages).
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass

from mscd_desktop import i18n
from mscd_desktop.core.attendee_records import ROLES
from mscd_desktop.core.events import AUDIENCES, Event
from mscd_desktop.core.formatting import Formats, formats_for
from mscd_desktop.i18n import SOURCE_LANGUAGE, available_languages, translations_for


@dataclass(frozen=True)
class DocumentLanguage:
    """Translator (``tr.gettext``, ``tr.ngettext``) and formats (``fmt``) of one language."""

    code: str
    tr: gettext.NullTranslations
    fmt: Formats

    def audience(self, code: str | None) -> str:
        """The audience's name in this language ('' for none)."""
        return self.tr.gettext(AUDIENCES[code]) if code in AUDIENCES else (code or "")

    def role(self, code: str) -> str:
        """The role's name (adult, teacher, pupil) in this language."""
        return self.tr.gettext(ROLES[code]) if code in ROLES else code

    def yes_no(self, value: bool) -> str:
        """ "yes" or "no" in this language."""
        return self.tr.gettext("yes") if value else self.tr.gettext("no")


def in_language(code: str) -> DocumentLanguage:
    """The document language *code*; a language without a catalogue is written in English
    (with its own number and date formats)."""
    return _in_language(code, str(i18n.locale_dir()))


@functools.lru_cache(maxsize=16)
def _in_language(code: str, _catalogues: str) -> DocumentLanguage:  # per catalogue folder
    text_code = code if code in available_languages() else SOURCE_LANGUAGE
    return DocumentLanguage(code, translations_for(text_code), formats_for(code))


def event_language(event: Event) -> DocumentLanguage:
    """The event's first language: the language of its reports, sheets and card."""
    return in_language(event.languages[0] if event.languages else SOURCE_LANGUAGE)
