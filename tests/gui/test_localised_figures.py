"""Every screen shows figures the way its reader's language writes them.

"2.08 kW" reads as 2,080 kW to a Spaniard and "4,546 EUR/år" as four and a half euros to a
Swede: each screen that shows a number, an amount, a time or a date is built in Spanish,
Swedish and English and its visible text is read back.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from kiosk_games import stored_game
from scripted_source import ScriptedSource

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.energy.numbers import Tariff, save_tariff
from mscd_desktop.core.energy.session import STEP
from mscd_desktop.core.energy.source_choice import SourceChoice
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.core.quiz import kiosk, results
from mscd_desktop.core.sync import settings as sync_settings
from mscd_desktop.core.sync import status as st
from mscd_desktop.gui.checkin.checkin_screen import CheckInScreen
from mscd_desktop.gui.common.translator import apply_language
from mscd_desktop.gui.energy.live_energy_screen import LiveEnergyScreen
from mscd_desktop.gui.event.event_screen import EventScreen
from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen
from mscd_desktop.gui.kiosk.speech import Speaker
from mscd_desktop.gui.quiz_setup.quiz_organiser_screen import QuizOrganiserScreen
from mscd_desktop.gui.reports.reports_screen import ReportsScreen
from mscd_desktop.gui.sync.sync_screen import SyncScreen

NBSP = "\u00a0"
T0 = 1_767_261_600.0  # 2026-01-01 10:00 UTC
LANGUAGES = ["es", "sv", "en"]


@pytest.fixture(params=LANGUAGES)
def language(request):
    """The user interface speaks this language while the screen is built and shown."""
    apply_language(request.param)
    yield request.param
    apply_language("en")


@pytest.fixture
def energy_screen(qtbot, context, language):
    # 2.08 kW all year at 0.2495 EUR/kWh is 4546 EUR: the figure of the reviewer's report.
    save_tariff(context.store, Tariff.for_country("ES", 0.2495))
    context.feed.reload_tariff()
    screen = LiveEnergyScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    source = ScriptedSource(("heat_pump", "kettle"))
    assert screen.set_source(SourceChoice(), source=source)
    context.feed_timer.stop()  # the test drives the frames
    yield screen, source
    screen.shutdown()
    context.shutdown()


TILES = {
    "es": ("2,08 kW", "4546 €/año", "0,52 €/h"),
    "sv": ("2,08 kW", f"4{NBSP}546 euro/år", "0,52 euro/h"),
    "en": ("2.08 kW", "EUR 4,546/year", "EUR 0.52/h"),
}


def _citizens_event(context, name: str, city: str, day: str) -> ev.Event:
    """A CITyFiED event for citizens, the kind each screen below shows."""
    return ev.create_event(
        context.store,
        ev.EventDraft(name=name, project="CITyFiED", city=city, date=day, audiences=("citizens",)),
    )


def test_live_energy_tiles_wall_axis_and_notes_are_localised(energy_screen, language, screenshot):
    screen, source = energy_screen
    source.add("heat_pump", T0, [2080.0] * 3600)
    source.add("kettle", T0, [0.0] * 20 + [2100.0] * 120 + [0.0] * 10)
    screen.context.pump_feed(None)
    combo = screen.ui.tileChannelCombo
    combo.setCurrentIndex(combo.findData("heat_pump"))
    screen.update_figures()
    ui = screen.ui
    power, year, cost = TILES[language]
    assert (ui.powerValue.text(), ui.yearValue.text(), ui.costValue.text()) == (power, year, cost)
    price = {"es": "Precio: 0,25 € por kWh", "sv": "Pris: 0,25 euro per kWh"}
    assert price.get(language, "Price: EUR 0.25 per kWh") in ui.factorLabel.text()
    [note] = [n for n in screen.session.annotations if n.kind == STEP]
    notes = {
        "es": "Kettle: 2,1 kW, 0,07 kWh, 0,02 €, 12 g de CO2",
        "sv": "Kettle: 2,1 kW, 0,07 kWh, 0,02 euro, 12 g CO2",
        "en": "Kettle: 2.1 kW, 0.07 kWh, EUR 0.02, 12 g CO2",
    }
    assert note.text == notes[language] and note.text in screen.chart.annotation_texts()
    ticks = screen.chart.getPlotItem().getAxis("left").tickStrings([0.5, 1.0, 1.5], 1.0, 0.5)
    assert ticks == (["0.5", "1.0", "1.5"] if language == "en" else ["0,5", "1,0", "1,5"])
    big = screen.chart.getPlotItem().getAxis("left").tickStrings([45_000.0], 1.0, 5000)
    assert big == [{"es": "45.000", "sv": f"45{NBSP}000", "en": "45,000"}[language]]
    screenshot(screen, f"localised-live-energy-{language}")
    screen.enter_presentation(full_screen=False)
    wall = screen.presentation
    assert wall is not None and wall.ui.powerValue.text() == power
    assert wall.ui.yearValue.text() == year
    screen.leave_presentation()


def test_check_in_counters_group_thousands_the_readers_way(qtbot, context, language, screenshot):
    event = _citizens_event(context, "Open House Linero", "Lund", date.today().isoformat())
    records = [
        at.build_record(event.id, at.AttendeeDraft(name=f"Person {n}", audience="citizens"))
        for n in range(12_345)
    ]
    with context.store.transaction() as db:
        db["attendees"].insert_all(records, batch_size=2000)
    context.set_event(event)
    screen = CheckInScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh_counters()
    expected = {
        "es": "0 / 12.345 han llegado",
        "sv": f"0 / 12{NBSP}345 incheckade",
        "en": "0 / 12,345 checked in",
    }
    assert screen.ui.checkedInLabel.text() == expected[language]
    assert screen.ui.audienceLabel.text().endswith(expected[language].split(" ")[2])
    screen.resize(1280, 760)
    screenshot(screen, f"localised-checkin-{language}")


def test_kiosk_and_quiz_set_up_show_points_the_readers_way(
    qtbot, demo_context, language, screenshot
):
    store, event = demo_context.store, demo_context.event
    kiosk.save_settings(store, kiosk.KioskSettings())
    results.reset_leaderboard(store, event.id)
    best = stored_game(store, event.id, "Brave Otter", 12, questions=12)
    assert best.score >= 10_000  # five digits: grouped in Spanish too
    shown = {"es": f"{best.score:,}".replace(",", "."), "sv": f"{best.score:,}".replace(",", NBSP)}
    score = shown.get(language, f"{best.score:,}")
    screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    screen.show()
    words = {"es": "puntos", "sv": "poäng", "en": "points"}[language]
    assert f"{score} {words}" in screen.ui.topScoreLabel.text()
    organiser = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(organiser)
    organiser.show()
    organiser.refresh_progress()
    assert organiser.ui.gamesTable.item(0, 2).text() == score
    screen.resize(1366, 768)
    screenshot(screen, f"localised-kiosk-{language}")
    organiser.resize(1280, 800)
    screenshot(organiser, f"localised-quiz-set-up-{language}")


def test_event_and_reports_screens_write_dates_the_readers_way(
    qtbot, context, language, screenshot
):
    event = _citizens_event(context, "Open House Torrelago", "Valladolid", "2026-11-25")
    context.set_event(event)
    day = {"es": "25/11/2026", "sv": "2026-11-25", "en": "25/11/2026"}[language]
    events = EventScreen(context)
    qtbot.addWidget(events)
    events.show()
    assert events.ui.eventList.item(0).text().startswith(day)
    assert events.ui.dateEdit.text() == day
    reports = ReportsScreen(context)
    qtbot.addWidget(reports)
    reports.show()
    assert reports.ui.eventCombo.currentText().startswith(day)
    events.resize(1280, 800)
    screenshot(events, f"localised-event-{language}")


SYNC_SUMMARY = {
    "es": "12.345 registros aún sin sincronizar; última sincronización: ",
    "sv": f"12{NBSP}345 poster ännu inte synkade; senaste synkning: ",
    "en": "12,345 records not yet synced; last sync: ",
}
SYNC_CLOCK = {
    "es": "El reloj de este portátil va 1,5 horas por detrás del hub.",
    "sv": "Datorns klocka går 1,5 timmar efter navets.",
    "en": "This laptop's clock is 1.5 hours behind the hub's.",
}


def test_sync_screen_counts_times_and_clock_offset_the_readers_way(
    qtbot, context, language, screenshot
):
    event = _citizens_event(context, "Open House Linero", "Lund", "2026-11-25")
    records = [
        at.build_record(event.id, at.AttendeeDraft(name=f"Person {n}", audience="citizens"))
        for n in range(12_344)  # and the event itself: 12,345 records wait for the hub
    ]
    with context.store.transaction() as db:
        db["attendees"].insert_all(records, batch_size=2000)
        # Last synced the day before yesterday at 09:05 local time; the hub's clock runs
        # an hour and a half ahead of this laptop's.
        last = datetime.combine(date.today() - timedelta(days=2), time(9, 5)).astimezone()
        sync_settings.put_values(
            db, {st.LAST_SYNC: st.utc_text(last), st.CLOCK_OFFSET: str(1.5 * 3600)}
        )
    context.set_event(event)
    screen = SyncScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    when = {"es": "9:05", "sv": "09:05", "en": "09:05"}[language]  # CLDR: H:mm in Spanish
    day = formats_for(language).date(last.date())
    assert screen.ui.summaryLabel.text() == f"{SYNC_SUMMARY[language]}{day} {when}"
    assert SYNC_CLOCK[language] in screen.ui.detailLabel.text()
    screenshot(screen, f"localised-sync-{language}")
    screen.shutdown()
