"""The live energy screen: channels, pause, window, notes, step events, export, stale, wall."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from scripted_source import ScriptedSource

from mscd_desktop.core.energy.session import STEP
from mscd_desktop.core.energy.source_choice import CSV_REPLAY, SourceChoice
from mscd_desktop.gui.energy.live_energy_screen import LiveEnergyScreen
from mscd_desktop.gui.energy.source_dialog import EnergySourceDialog

T0 = 1_767_261_600.0  # 2026-01-01 10:00 UTC


@pytest.fixture
def screen(qtbot, context):
    widget = LiveEnergyScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    yield widget
    widget.shutdown()
    context.shutdown()


@pytest.fixture
def source(screen):
    src = ScriptedSource()
    assert screen.set_source(SourceChoice(), source=src)
    screen.context.feed_timer.stop()  # the test drives the frames
    return src


def tick(screen, now=None):
    """One frame of the app's live feed, as its timer would pump it."""
    screen.context.pump_feed(now)


def show_channel(screen, channel):
    """Pick *channel* under "Figures for", as the host would."""
    combo = screen.ui.tileChannelCombo
    combo.setCurrentIndex(combo.findData(channel))


def test_every_channel_gets_a_curve_and_a_tile_choice(screen, source):
    source.add("kettle", T0, [0.0] * 10)
    source.add("fridge", T0, [85.0] * 10)
    tick(screen)
    assert set(screen.chart.curves) == {"kettle", "fridge", "heat_pump"}
    combo = screen.ui.tileChannelCombo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Kettle",
        "Fridge",
        "Heat Pump",
        "Total of all channels",
    ]
    assert "__total__" not in screen.chart.curves  # the total is for the tiles and the wall
    x, y = screen.chart.curves["fridge"].getOriginalDataset()
    assert len(x) == 10 and y[-1] == 85.0


def test_pause_freezes_the_chart_but_keeps_the_readings(screen, source):
    source.add("kettle", T0, [10.0] * 5)
    tick(screen)
    screen.set_paused(True)
    source.add("kettle", T0 + 5, [20.0] * 5)
    tick(screen)
    assert len(screen.chart.curves["kettle"].getOriginalDataset()[0]) == 5
    assert len(screen.session.series("kettle")[0]) == 10
    assert screen.ui.pauseButton.text() == "&Resume"
    screen.set_paused(False)
    tick(screen)
    assert len(screen.chart.curves["kettle"].getOriginalDataset()[0]) == 10


def test_time_window_goes_from_one_minute_to_the_whole_day(screen, source):
    source.add("fridge", T0, [85.0] * 600)
    for seconds in (60, 24 * 3600):
        screen.set_window(seconds)
        tick(screen)
        left, right = screen.chart.getPlotItem().getViewBox().viewRange()[0]
        assert right - left == pytest.approx(seconds)
        assert right == pytest.approx(T0 + 599, abs=1.0)


def test_manual_note_is_drawn_and_kept_in_the_session(screen, source):
    source.add("kettle", T0, [0.0] * 5)
    tick(screen)
    assert screen.add_note("  Lights switched off  ")
    assert not screen.add_note("   ")
    assert screen.chart.annotation_texts() == ["Lights switched off"]
    assert screen.session.annotations[-1].ts == T0 + 4


def test_a_kettle_boiling_is_annotated_with_its_energy_cost_and_co2(screen, source):
    source.add("kettle", T0, [0.0] * 20 + [2100.0] * 120 + [0.0] * 10)
    tick(screen)
    notes = [n for n in screen.session.annotations if n.kind == STEP]
    assert len(notes) == 1
    assert notes[0].ts == pytest.approx(T0 + 20)
    text = notes[0].text
    assert text.startswith("Kettle: 2.1 kW, 0.07 kWh, EUR 0.02")
    assert "g CO2" in text and text in screen.chart.annotation_texts()


def test_tiles_show_power_energy_cost_and_co2_with_the_factor_source(screen, source):
    source.add("kettle", T0, [2000.0] * 3601)
    tick(screen)
    show_channel(screen, "kettle")
    screen.update_figures()
    ui = screen.ui
    assert ui.powerValue.text() == "2.00 kW"
    assert ui.energyValue.text() == "2.000 kWh"
    price = screen.feed.tariff.price_eur_per_kwh
    assert ui.costValue.text() == f"EUR {2 * price:.2f}/h"
    assert ui.co2Value.text() == f"{2 * screen.feed.tariff.co2.g_per_kwh:.0f} g CO2/h"
    assert str(screen.feed.tariff.co2.year) in ui.factorLabel.text()
    assert screen.feed.tariff.co2.source in ui.factorLabel.text()


def test_each_polled_reading_reaches_the_kiosks_live_board(screen, source):
    source.add("heat_pump", T0, [900.0, 950.0])
    tick(screen)
    assert screen.feed.board.latest("heat_pump").power_w == 950.0


def test_png_and_csv_export(screen, source, tmp_path, qtbot):
    source.add("kettle", T0, [5.0] * 30)
    source.add("fridge", T0, [85.0] * 20)
    tick(screen)
    screen.add_note("Start")
    png = tmp_path / "chart.png"
    assert screen.export_png(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    done = []
    screen.export_csv(tmp_path / "session.csv", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [50]
    rows = list(csv.reader((tmp_path / "session.csv").open(encoding="utf-8")))
    assert len(rows) == 1 + 50 + 1 and rows[-1][4] == "Start"
    assert "50 readings exported" in screen.ui.statusLabel.text()


def test_a_quiet_channel_shows_no_data_since(screen, source):
    screen.update_status()
    assert screen.ui.staleLabel.isHidden()
    source.stale["fridge"] = T0
    screen.update_status()
    since = datetime.fromtimestamp(T0).strftime("%H:%M")
    assert not screen.ui.staleLabel.isHidden()
    assert screen.ui.staleLabel.text() == f"Fridge: no data since {since}"


def test_presentation_mode_opens_full_screen_and_esc_leaves(screen, source, qtbot):
    source.add("kettle", T0, [2400.0] * 30)
    tick(screen)
    show_channel(screen, "kettle")
    wall = screen.enter_presentation()
    assert wall is not None and wall.isFullScreen()
    assert wall.ui.powerValue.text() == "2.40 kW"
    assert wall.ui.channelTitle.text() == "Kettle"
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert screen.presentation is None


def test_source_dialog_refuses_a_missing_csv_file(qtbot, tmp_path):
    dialog = EnergySourceDialog(SourceChoice(kind=CSV_REPLAY, csv_path=str(tmp_path / "x.csv")))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert not dialog.ui.errorLabel.isHidden()
    assert "does not exist" in dialog.ui.errorLabel.text()
    assert dialog.result() == 0


def test_a_flooding_channel_is_announced(screen, source):
    source.add("kettle", T0, [100.0] * 500, step=0.001)
    tick(screen)
    screen.update_status()
    assert not screen.ui.floodLabel.isHidden()
    assert "Kettle" in screen.ui.floodLabel.text()
    assert len(screen.session.series("kettle")[0]) == 60


def test_showing_the_screen_starts_the_remembered_simulator_in_the_app_context(qtbot, context):
    widget = LiveEnergyScreen(context)
    qtbot.addWidget(widget)
    widget.on_shown()
    try:
        assert widget.ui.sourceLabel.text().startswith("Simulator")
        assert "kettle" in widget.chart.curves
        assert context.feed_timer.isActive()
        qtbot.waitUntil(lambda: context.feed.board.latest("kettle") is not None, timeout=3000)
        widget.shutdown()  # a window closing (a language switch) leaves the feed running
        assert context.feed_timer.isActive() and context.feed.running
    finally:
        context.shutdown()
    assert not context.feed_timer.isActive()
    assert context.feed.board.latest("kettle") is None  # a stopped source is not live


def test_the_y_axis_fits_the_data_and_goes_below_zero_only_for_export(screen, source):
    source.add("kettle", T0, [2500.0] * 10)
    tick(screen)
    low, high = screen.chart.getPlotItem().getViewBox().viewRange()[1]
    assert low == 0.0 and 2500.0 < high < 4000.0
    source.add("fridge", T0, [-1200.0] * 10)  # a solar meter exporting
    tick(screen)
    low, _high = screen.chart.getPlotItem().getViewBox().viewRange()[1]
    assert -1500.0 < low < -1200.0


def test_the_wall_says_when_the_kettle_switches_on_and_what_it_cost(screen, source):
    source.add("kettle", T0, [0.0] * 20)
    tick(screen)
    wall = screen.enter_presentation(full_screen=False)
    source.add("kettle", T0 + 20, [2100.0] * 10)
    tick(screen)
    assert wall.ui.noteLabel.text() == "Kettle on: 2.1 kW"
    source.add("kettle", T0 + 30, [0.0] * 5)
    tick(screen)
    assert wall.ui.noteLabel.text().startswith("Kettle: 2.1 kW, 0.01 kWh")
    screen.leave_presentation()


def test_real_readings_are_kept_per_minute_in_the_open_event(qtbot, demo_context):
    from mscd_desktop.core.energy.energy_minutes import minute_rows
    from mscd_desktop.core.energy.source_choice import MQTT

    screen = LiveEnergyScreen(demo_context)
    qtbot.addWidget(screen)
    src = ScriptedSource(["plug"])
    assert screen.set_source(SourceChoice(kind=MQTT, mqtt_topic="plug"), source=src)
    demo_context.feed_timer.stop()
    start = 1_767_261_600.0  # a whole minute
    src.add("plug", start, [600.0] * 130)  # two whole minutes and a bit
    tick(screen)
    before = {r.minute_ts for r in minute_rows(demo_context.store, demo_context.event.id, "plug")}
    assert before == {start, start + 60}
    screen.shutdown()
    demo_context.shutdown()  # the app quits: the open minute is written too
    rows = minute_rows(demo_context.store, demo_context.event.id, "plug")
    assert {r.minute_ts for r in rows} == {start, start + 60, start + 120}
    assert rows[0].mean_w == 600.0


def test_the_simulator_is_not_recorded_into_the_event(qtbot, demo_context):
    from mscd_desktop.core.energy.energy_minutes import minute_rows
    from mscd_desktop.core.energy.simulator import SimulatorSource

    screen = LiveEnergyScreen(demo_context)
    qtbot.addWidget(screen)
    demo_rows = minute_rows(demo_context.store, demo_context.event.id)  # the demo's own
    assert screen.set_source(SourceChoice(), source=SimulatorSource(["kettle"], speed=600.0))
    qtbot.waitUntil(lambda: demo_context.feed.board.latest("kettle") is not None, timeout=3000)
    qtbot.wait(300)  # several simulated minutes
    screen.shutdown()
    demo_context.shutdown()
    assert minute_rows(demo_context.store, demo_context.event.id) == demo_rows


def test_a_hidden_screen_keeps_feeding_the_board_but_does_not_draw(screen, source):
    screen.hide()
    source.add("kettle", T0, [1500.0] * 5)
    tick(screen)
    assert screen.feed.board.latest("kettle").power_w == 1500.0
    assert screen.chart.curves["kettle"].getOriginalDataset()[0] is None
    screen.show()
    tick(screen)
    assert len(screen.chart.curves["kettle"].getOriginalDataset()[0]) == 5


def test_source_dialog_shows_and_returns_the_choice(qtbot):
    from mscd_desktop.core.energy.source_choice import MQTT

    choice = SourceChoice(kind=MQTT, mqtt_topic="tasmota_1", mqtt_preset="tasmota", mqtt_port=1884)
    dialog = EnergySourceDialog(choice)
    qtbot.addWidget(dialog)
    assert dialog.ui.pages.currentWidget() is dialog.ui.mqttPage
    assert dialog.choice().mqtt_topic == "tasmota_1"
    assert dialog.choice().mqtt_port == 1884
    dialog.ui.kindCombo.setCurrentIndex(0)
    assert dialog.ui.pages.currentWidget() is dialog.ui.simulatorPage
    dialog.accept()
    assert dialog.result() == 1
    assert dialog.choice().kind == "simulator"


def test_f11_opens_presentation_mode(screen, source, qtbot):
    source.add("kettle", T0, [100.0] * 3)
    tick(screen)
    screen.activateWindow()
    screen.chart.setFocus()
    qtbot.keyClick(screen.chart, Qt.Key.Key_F11)
    assert screen.presentation is not None and screen.presentation.isFullScreen()
    screen.leave_presentation()
    assert screen.presentation is None


def test_a_tariff_changed_elsewhere_is_used_when_the_screen_is_shown_again(screen, source, context):
    from mscd_desktop.core.energy.numbers import Tariff, save_tariff

    save_tariff(context.store, Tariff.for_country("SE", price_eur_per_kwh=0.10))
    screen.on_shown()
    source.add("kettle", T0, [1000.0] * 3)
    tick(screen)
    screen.update_figures()
    assert screen.ui.costValue.text() == "EUR 0.10/h"
    assert "Sweden" in screen.ui.factorLabel.text()


def test_a_source_that_fails_is_reported_and_the_chart_goes_on(screen, source):
    source.add("kettle", T0, [100.0] * 3)
    tick(screen)

    def broken(now=None):
        raise OSError("device unplugged")

    source.poll = broken
    tick(screen)
    assert "device unplugged" in screen.ui.statusLabel.text()
    del source.poll  # the class's poll again
    source.add("kettle", T0 + 3, [200.0] * 3)
    tick(screen)
    assert len(screen.session.series("kettle")[0]) == 6


def test_two_kept_runs_of_one_channel_are_compared_from_their_start(screen, source, qtbot):
    screen.set_window(300)
    source.add("kettle", T0, [0.0] * 20 + [2100.0] * 150 + [0.0] * 30)
    tick(screen)
    show_channel(screen, "kettle")
    assert screen.keep_run()
    source.add("kettle", T0 + 600, [0.0] * 20 + [1500.0] * 150 + [0.0] * 30)
    tick(screen)
    assert screen.keep_run()
    ui = screen.ui
    assert ui.beforeCombo.currentData() == "run:1" and ui.afterCombo.currentData() == "run:2"
    assert ui.afterCombo.currentText().startswith("Kettle, ")
    assert screen.run_comparison()
    qtbot.waitUntil(lambda: screen.compare_plot.result is not None, timeout=5000)
    result = screen.compare_plot.result
    assert result.before.offsets_s[0] == 0.0 and result.after.offsets_s[0] == 0.0
    assert result.before.cycles_wh[0] > result.after.cycles_wh[0] > 0
    assert "less energy after" in ui.compareSummary.text()


def test_a_window_chosen_while_paused_shows_the_frozen_moment(screen, source):
    screen.set_window(60)
    source.add("fridge", T0, [85.0] * 600)
    tick(screen)
    screen.set_paused(True)
    source.add("fridge", T0 + 600, [90.0] * 300)
    tick(screen)
    screen.set_window(300)
    left, right = screen.chart.getPlotItem().getViewBox().viewRange()[0]
    assert right == pytest.approx(T0 + 599, abs=1.0) and right - left == pytest.approx(300)
    x, _y = screen.chart.curves["fridge"].getOriginalDataset()
    assert x[-1] == T0 + 599 and x[0] <= T0 + 299
    screen.set_paused(False)
    tick(screen)
    assert screen.chart.getPlotItem().getViewBox().viewRange()[0][1] == pytest.approx(
        T0 + 899, abs=1.0
    )


def test_a_new_source_replaces_the_channels_but_keeps_kept_runs(screen, source):
    source.add("kettle", T0, [0.0] * 10 + [2000.0] * 10)
    tick(screen)
    show_channel(screen, "kettle")
    assert screen.keep_run()
    screen.set_paused(True)
    assert screen.set_source(SourceChoice(), source=ScriptedSource(["solar"]))
    screen.context.feed_timer.stop()
    combo = screen.ui.beforeCombo
    items = [combo.itemData(i) for i in range(combo.count())]
    assert items == ["run:1", "solar"]
    assert list(screen.chart.curves) == ["solar"]
    assert not screen.chart.paused and screen.ui.pauseButton.text() == "&Pause"


def test_source_dialog_takes_tls_a_ca_file_and_a_login(qtbot, tmp_path):
    from mscd_desktop.core.energy.source_choice import MQTT

    choice = SourceChoice(kind=MQTT, mqtt_topic="plug", mqtt_username="demo", mqtt_password="pw")
    dialog = EnergySourceDialog(choice)
    qtbot.addWidget(dialog)
    ui = dialog.ui
    assert ui.usernameEdit.text() == "demo" and ui.passwordEdit.text() == "pw"
    assert ui.passwordEdit.echoMode() == ui.passwordEdit.EchoMode.Password
    assert not ui.caFileEdit.isEnabled()
    ui.tlsCheck.setChecked(True)
    assert ui.caFileEdit.isEnabled() and ui.portSpin.value() == 8883
    ui.caFileEdit.setText(str(tmp_path / "venue-ca.pem"))
    dialog.accept()
    assert dialog.result() == 0 and "venue-ca.pem does not exist" in ui.errorLabel.text()
    ui.caFileEdit.clear()  # the system's CAs
    dialog.accept()
    assert dialog.result() == 1
    chosen = dialog.choice()
    assert (chosen.mqtt_tls, chosen.mqtt_ca_file, chosen.mqtt_port) == (True, "", 8883)
    assert (chosen.mqtt_username, chosen.mqtt_password) == ("demo", "pw")


def test_values_dropped_as_implausible_are_said_on_the_screen(screen, source):
    from mscd_desktop.core.energy.plausible import DropTally, ImplausibleReading

    tally = DropTally()
    for _k in range(3):
        tally.add("kettle", ImplausibleReading("too much", "power", "too_high"))
    source.implausible = tally.dropped
    tick(screen)
    screen.update_status()
    assert not screen.ui.floodLabel.isHidden()
    assert "Kettle: 3 power values dropped (too high for the channel)." in (
        screen.ui.floodLabel.text()
    )
