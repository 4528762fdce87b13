"""README pictures of the live energy screen at 1920x1080, from three simulated hours."""

from __future__ import annotations

from mscd_desktop.core.energy.simulator import SCENARIOS, SimulatorSource
from mscd_desktop.core.energy.source_choice import SourceChoice
from mscd_desktop.core.energy.sources import ChannelStatus, EnergySource
from mscd_desktop.gui.energy.live_energy_screen import LiveEnergyScreen

T0 = 1_767_261_600.0  # 2026-01-01 10:00 UTC
CHUNK = 5_000  # readings per poll: a few minutes of the scenario, like a busy feed


class Prerecorded(EnergySource):
    """A simulator's readings handed out at the first poll (no wall clock involved)."""

    name = "simulator"

    def __init__(self, scenario: str, seconds: float) -> None:
        self.sim = SimulatorSource(SCENARIOS[scenario], start_time=T0, seed=3)
        self.queue = self.sim.generate(seconds)
        while scenario == "home" and self.queue[-5].power_w < 1000:  # end with the kettle on
            self.queue += self.sim.generate(10)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def channels(self):
        return self.sim.channels()

    def poll(self, now=None):
        out, self.queue = self.queue[:CHUNK], self.queue[CHUNK:]
        return out

    def channel_status(self, now=None):
        return {c.id: ChannelStatus(self.sim._last_ts, False, True) for c in self.sim.channels()}


def _screen(qtbot, context, scenario: str) -> LiveEnergyScreen:
    screen = LiveEnergyScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1920, 1080)
    screen.show()
    source = Prerecorded(scenario, 10800)
    assert screen.set_source(SourceChoice(scenario=scenario), source=source)
    context.feed_timer.stop()
    screen.set_window(3600)
    while source.queue:
        context.pump_feed()
    context.pump_feed()
    screen.update_figures()  # the tiles follow twice a second; the picture is taken now
    qtbot.wait(50)  # let the layouts settle before a picture is taken
    return screen


def test_screenshot_of_the_live_screen_and_presentation_mode(qtbot, context, screenshot):
    screen = _screen(qtbot, context, "home")
    assert screen.current_channel() == "__total__"  # the wall starts with the total
    assert screen.ui.powerValue.text().endswith("kW")
    screenshot(screen, "live-energy")
    wall = screen.enter_presentation(full_screen=False)
    wall.resize(1920, 1080)
    context.pump_feed()
    qtbot.waitExposed(wall)
    qtbot.wait(50)
    assert wall.ui.powerValue.text() == screen.ui.powerValue.text()
    assert wall.chart.height() > 400  # the chart is not squashed
    screenshot(wall, "live-energy-presentation")
    wall.close()
    screen.shutdown()
    context.shutdown()


def test_screenshot_of_before_and_after_renovation(qtbot, context, screenshot):
    screen = _screen(qtbot, context, "renovation")
    screen.ui.compareButton.setChecked(True)
    assert screen.run_comparison()
    qtbot.waitUntil(lambda: screen.compare_plot.result is not None, timeout=10000)
    qtbot.wait(50)
    result = screen.compare_plot.result
    assert result.before.energy_wh > result.after.energy_wh
    assert "less energy after" in screen.ui.compareSummary.text()
    screenshot(screen, "live-energy-before-after")
    screen.shutdown()
    context.shutdown()
