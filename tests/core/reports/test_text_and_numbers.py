"""Text that fits its box, and numbers, dates and plurals written the reader's way."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from mscd_desktop.core.documents.certificate_layout import NAME_BOX
from mscd_desktop.core.documents.fonts import FONT_BOLD, register_fonts
from mscd_desktop.core.documents.language import in_language
from mscd_desktop.core.documents.text_fit import fit_text
from mscd_desktop.core.formatting import formats_for


def _fits(fitted, width, height):
    widths = [stringWidth(line, fitted.font, fitted.size) for line in fitted.lines]
    return max(widths) <= width and fitted.height <= height


def test_a_300_character_name_shrinks_and_wraps_inside_the_box():
    register_fonts()
    width, height = NAME_BOX
    name = " ".join(["Maximiliana-Gwendolyn Żółć-Ærøskøbing Παπαδόπουλος"] * 6)[:300]
    assert len(name) == 300
    fitted = fit_text(name, FONT_BOLD, width, height, 44, min_size=8, max_lines=3)
    assert _fits(fitted, width, height)
    assert 1 < len(fitted.lines) <= 3 and fitted.size < 20
    assert " ".join(fitted.lines) == name  # shrunk and wrapped, nothing cut


def test_a_short_name_stays_large_on_one_line():
    register_fonts()
    fitted = fit_text("Leo", FONT_BOLD, *NAME_BOX, 44)
    assert fitted.lines == ("Leo",) and fitted.size == 44


def test_text_too_long_even_at_the_smallest_size_is_cut_with_an_ellipsis():
    register_fonts()
    word = "Ж" * 400  # one word: no space to wrap at
    fitted = fit_text(word, FONT_BOLD, 200, 30, 20, min_size=8, max_lines=2)
    assert _fits(fitted, 200, 30)
    assert fitted.lines[-1].endswith("…") and len("".join(fitted.lines)) < 400


def test_numbers_units_and_dates_follow_the_locale():
    es, sv, en = formats_for("es"), formats_for("sv"), formats_for("en")
    assert es.power(2080) == "2,08 kW" and en.power(2080) == "2.08 kW"
    assert sv.integer(4546) == "4\u00a0546"  # a no-break space groups thousands
    assert es.date("2026-11-25") == "25/11/2026" == en.date("2026-11-25")
    assert sv.date("2026-11-25") == "2026-11-25"
    assert es.energy(11_198) == "11,2 kWh" and es.power(850) == "850 W"
    assert es.money(12345.5) == "12.345,50\u00a0€" and en.money(1234.5) == "€1,234.50"


def test_plurals_come_from_the_documents_catalogue_not_the_screens():
    es, sv = in_language("es").tr, in_language("sv").tr
    assert es.ngettext("visitor", "visitors", 1) == "visitante"
    assert es.ngettext("visitor", "visitors", 3) == "visitantes"
    assert sv.ngettext("{n} pupil (counted, not named)", "{n} pupils (counted, not named)", 2) == (
        "{n} elever (räknade, inte namngivna)"
    )
    from mscd_desktop.i18n import current_language

    assert current_language() == "en"  # the process-wide language was left alone


def test_a_document_language_follows_the_catalogues_in_use(pseudo_language, monkeypatch):
    from mscd_desktop import i18n

    assert in_language("es").tr.gettext("Reach report") == "Reach report"  # no es here
    monkeypatch.undo()  # the app's own catalogues again
    assert i18n.locale_dir().name == "locale"
    assert in_language("es").tr.gettext("Reach report") == "Informe de alcance"
