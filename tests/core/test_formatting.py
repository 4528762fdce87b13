"""Numbers, money, percentages, times and dates are written the reader's way (Babel/CLDR).

A Spaniard reads "2.08 kW" as two thousand and eighty kilowatts and a Swede reads
"4,546 EUR/år" as four and a half euros: these tests pin the figures people see.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from mscd_desktop.core.formatting import current_formats, formats_for
from mscd_desktop.i18n import set_language

NBSP = "\u00a0"


@pytest.fixture
def ui_language():
    """Switch the user interface's language for one test, and back to English after."""
    yield set_language
    set_language("en")


def test_decimals_use_the_locale_decimal_mark():
    assert formats_for("es").power(2080) == "2,08 kW"
    assert formats_for("sv").power(2080) == "2,08 kW"
    assert formats_for("en").power(2080) == "2.08 kW"
    assert formats_for("es").fixed(0.5912, 2) == "0,59"
    assert formats_for("sv").decimal(2.5, 2) == "2,5"


def test_spanish_groups_thousands_only_from_five_digits():
    es = formats_for("es")
    assert es.integer(4546) == "4546"  # CLDR minimumGroupingDigits = 2
    assert es.integer(45_460) == "45.460"
    assert es.integer(1_234_567) == "1.234.567"
    assert es.fixed(1234.5, 2) == "1234,50"
    assert es.money(1234.5) == f"1234,50{NBSP}€"


def test_swedish_groups_thousands_with_a_no_break_space():
    sv = formats_for("sv")
    assert sv.integer(4546) == f"4{NBSP}546"
    assert sv.integer(50_000) == f"50{NBSP}000"
    assert sv.fixed(1234.5, 2) == f"1{NBSP}234,50"


def test_english_groups_with_commas():
    assert formats_for("en").integer(4546) == "4,546"


def test_percentages_follow_the_locale():
    assert formats_for("es").percent(0.41) == f"41{NBSP}%"
    assert formats_for("sv").percent(0.41) == f"41{NBSP}%"
    assert formats_for("en").percent(0.41) == "41%"


def test_dates_have_the_whole_year_in_the_locale_order():
    assert formats_for("es").date("2026-11-25") == "25/11/2026"
    assert formats_for("en").date(date(2026, 11, 25)) == "25/11/2026"
    assert formats_for("sv").date("2026-11-25") == "2026-11-25"
    assert formats_for("es").long_date("2026-11-25") == "25 de noviembre de 2026"


def test_times_are_on_the_24_hour_clock():
    assert formats_for("es").time(time(14, 5)) == "14:05"
    assert formats_for("sv").time(time(14, 5)) == "14:05"
    moment = datetime(2026, 11, 25, 14, 5, 3)
    assert formats_for("sv").clock_seconds(moment.timestamp()) == "14:05:03"


def test_a_stored_utc_stamp_is_shown_as_its_local_day(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Madrid")
    import time as clock

    clock.tzset()
    try:
        # 23:30 UTC on the 24th is already the 25th in Madrid.
        assert formats_for("es").stamp_date("2026-11-24T23:30:00.000Z") == "25/11/2026"
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()


def test_the_current_formats_follow_the_user_interface_language(ui_language):
    ui_language("es")
    assert current_formats().integer(45_460) == "45.460"
    ui_language("sv")
    assert current_formats().integer(45_460) == f"45{NBSP}460"
    ui_language("en")
    assert current_formats().integer(45_460) == "45,460"


def test_quiz_figures_follow_the_user_interface_language(ui_language):
    from mscd_desktop.core.quiz.question_types import number_text

    ui_language("es")
    assert number_text(4546.5) == "4546,5" and number_text(12_500) == "12.500"
    ui_language("sv")
    assert number_text(4546.5) == f"4{NBSP}546,5" and number_text(0.25) == "0,25"
