"""Live energy data: sources (simulator, CSV replay, MQTT), units, numbers, step events.

Every source yields :class:`Reading` objects (watts, cumulative Wh) through the small
:class:`EnergySource` interface. The app runs one source at a time through a
:class:`~mscd_desktop.core.energy.feed.LiveFeed`, whose :class:`LiveBoard` holds the latest
value per channel for readers such as the kiosk's live-meter questions.
"""

from mscd_desktop.core.energy.live import LiveBoard
from mscd_desktop.core.energy.simulator import SCENARIOS, SimulatorSource
from mscd_desktop.core.energy.sources import (
    ChannelInfo,
    ChannelStatus,
    EnergySource,
    Reading,
)

__all__ = [
    "SCENARIOS",
    "ChannelInfo",
    "ChannelStatus",
    "EnergySource",
    "LiveBoard",
    "Reading",
    "SimulatorSource",
]
