"""What the kiosk says: hints, verdicts, right answers and read-aloud text, translated.

The kiosk switches the app's language to the child's for the length of a game, so the
form's fixed texts are set again here (:func:`retranslate`) when the language changes.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

from babel.numbers import format_decimal
from PySide6.QtWidgets import QWidget

from mscd_desktop import i18n
from mscd_desktop.core.quiz.judging import Judgement
from mscd_desktop.core.quiz.packs import Question
from mscd_desktop.i18n import _
from mscd_desktop.paths import locale_dir


def number(value: float) -> str:
    """*value* written the way the current language writes numbers."""
    value = round(value, 2)
    shown = int(value) if float(value).is_integer() else value
    try:
        return format_decimal(shown, locale=i18n.current_language())
    except (ValueError, LookupError):
        return str(shown)


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


def hint(question: Question, lang: str) -> str:
    """What to do, under the question."""
    kind = question.type
    if kind == "multiple_select":
        return _("Pick every right answer, then tap the tick.")
    if kind == "order":
        order_hint = question.order_hint.get(lang)
        drag = _("Drag the cards, or tap a card and then its place.")
        return f"{order_hint} — {drag}" if order_hint else drag
    if kind == "estimate":
        return _("Move the slider to your guess, then tap the tick.")
    if kind == "live_meter":
        return _("Look at the demo table! Move the slider, then tap the tick.")
    if kind == "tap_hotspot":
        many = isinstance(question.answer, tuple) and len(question.answer) > 1
        return (
            _("Tap every energy waster, then tap the tick.")
            if many
            else _("Tap the energy waster in the picture.")
        )
    return ""


def verdict(judgement: Judgement) -> str:
    """Right, partly right, not quite, or time is up."""
    if judgement.response is None and judgement.credit == 0:
        return _("Time is up!")
    if judgement.correct:
        return _("Right! ✔")
    if judgement.credit > 0:
        return _("Partly right!")
    return _("Not quite…")


def right_answer(question: Question, judgement: Judgement, lang: str) -> str:
    """The right answer in words."""
    kind = question.type
    answer = question.answer
    if kind == "single_choice":
        names = [c.text.get(lang) for c in question.choices if c.id == answer]
    elif kind == "true_false":
        names = [_("True") if answer else _("False")]
    elif kind == "multiple_select":
        names = [c.text.get(lang) for c in question.choices if c.id in (answer or ())]
    elif kind == "order":
        items = {i.id: i for i in question.items}
        names = [
            items[i].text.get(lang)
            + (f" ({number(items[i].value)})" if items[i].value is not None else "")
            for i in (answer or ())
            if i in items
        ]
        return _("The right order: {answer}").format(answer=" → ".join(names))
    elif kind == "tap_hotspot":
        names = [h.label.get(lang) for h in question.hotspots if h.id in (answer or ())]
    elif kind == "live_meter":
        if judgement.expected is None:
            return ""
        return _("The meter read {value} {unit}.").format(
            value=number(float(judgement.expected)), unit=question.unit.get(lang)
        )
    else:
        return _("The answer: {value} {unit}").format(
            value=number(float(answer or 0)), unit=question.unit.get(lang)
        )
    return _("The answer: {answer}").format(answer=", ".join(names))


def spoken(question: Question, lang: str) -> str:
    """The question and its choices, for reading aloud."""
    parts = [question.prompt.get(lang)]
    letters = "ABCD"
    if question.type in ("single_choice", "multiple_select"):
        parts += [f"{letters[i]}: {c.text.get(lang)}" for i, c in enumerate(question.choices[:4])]
    elif question.type == "true_false":
        parts += [_("True") + "?", _("False") + "?"]
    return ". ".join(parts)


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
