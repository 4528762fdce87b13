"""An energy source whose readings and staleness a GUI test scripts."""

from __future__ import annotations

from mscd_desktop.core.energy.sources import ChannelInfo, ChannelStatus, EnergySource, Reading


class ScriptedSource(EnergySource):
    """Readings the test queues with :meth:`add`; staleness the test sets."""

    name = "scripted"

    def __init__(self, channels=("kettle", "fridge", "heat_pump")) -> None:
        self.ids = list(channels)
        self.queue: list[Reading] = []
        self.stale: dict[str, float | None] = {}
        self.running = False

    def add(self, channel: str, start: float, watts: list[float], step: float = 1.0) -> None:
        self.queue.extend(Reading(start + i * step, channel, w) for i, w in enumerate(watts))

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def channels(self):
        return [ChannelInfo(c, c.replace("_", " ").title(), "meter") for c in self.ids]

    def poll(self, now=None):
        out, self.queue = self.queue, []
        return out

    def channel_status(self, now=None):
        return {
            c: ChannelStatus(
                self.stale.get(c), c in self.stale, None if c not in self.stale else False
            )
            for c in self.ids
        }
