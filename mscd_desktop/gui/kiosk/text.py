"""What the kiosk says that is no question's own: verdicts, greetings, the form's texts.

Each question type's hint and read-aloud choices are in :mod:`.question_types`; the right
answer in words comes from core (:mod:`mscd_desktop.core.quiz.question_types`).

The kiosk switches the app's language to the child's for the length of a game, so the
form's fixed texts are set again here (:func:`retranslate`) when the language changes.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

from PySide6.QtWidgets import QWidget

from mscd_desktop import i18n
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.quiz.judging import Judgement
from mscd_desktop.core.quiz.question_types import number_text
from mscd_desktop.i18n import _, ngettext
from mscd_desktop.paths import locale_dir


def number(value: float) -> str:
    """*value* written the way the current language writes numbers."""
    return number_text(value)


def points(score: int) -> str:
    """ "1 point", "5240 points" ("5 240 poäng" in Swedish)."""
    return ngettext("{points} point", "{points} points", score).format(
        points=current_formats().integer(score)
    )


@lru_cache(maxsize=16)
def _catalogue(code: str) -> gettext.NullTranslations:
    return gettext.translation(
        i18n.DOMAIN, localedir=str(locale_dir()), languages=[code], fallback=True
    )


def in_language(code: str, message: str) -> str:
    """*message* (marked with ``N_``) in the language *code*, whatever the app speaks now
    (the attract screen greets in every language of the event)."""
    if code == i18n.SOURCE_LANGUAGE:
        return message
    return _catalogue(code).gettext(message)


def verdict(judgement: Judgement) -> str:
    """Right, partly right, not quite, or time is up."""
    if judgement.response is None and judgement.credit == 0:
        return _("Time is up!")
    if judgement.correct:
        return _("Right! ✔")
    if judgement.credit > 0:
        return _("Partly right!")
    return _("Not quite…")


def restyle(widget: QWidget, style: str) -> None:
    """Give *widget* the style sheet *style*, only if it changes (restyling is slow)."""
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)


def retranslate(ui: QWidget) -> None:
    """Set the form's fixed texts again in the current language."""
    ui.attractTitle.setText(_("Energy quiz"))
    ui.placeCaption.setText(_("Your place today"))
    ui.playButton.setText(_("Tap to play!"))
    ui.languageTitle.setText(_("Your language"))
    ui.ageTitle.setText(_("Your age"))
    ui.speakButton.setText(_("Read aloud"))
    ui.doneButton.setText(_("That's my answer ✔"))
    ui.nextButton.setText(_("Next ➜"))
    ui.topTenTitle.setText(_("Today's top ten"))
    ui.againButton.setText(_("Next player"))
