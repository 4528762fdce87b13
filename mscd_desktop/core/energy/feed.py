"""The app's one live energy feed: the running source and everything that follows it.

:class:`LiveFeed` owns the source the host chose, its :class:`LiveSession` (the chart's
ring buffers and notes), the :class:`LiveBoard` the kiosk reads, one step detector per
channel and the minute recorder. Whoever owns the feed (the GUI's app context, a test)
calls :meth:`LiveFeed.pump` from one timer; screens only read from it. So the readings,
the chart's history and the event's energy minutes do not depend on which screen is
showing, and a screen rebuilt after a language switch finds everything where it was.

It also offers a "total of all channels" (:data:`TOTAL_CHANNEL`), a synthetic channel in
the session that adds up the live power of every consuming channel (solar panels, which
produce, are left out), and picks the channel a wall view should start with.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from mscd_desktop.core.energy.energy_minutes import EnergyRecorder
from mscd_desktop.core.energy.live import LiveBoard
from mscd_desktop.core.energy.numbers import Tariff, load_tariff
from mscd_desktop.core.energy.plausible import Dropped
from mscd_desktop.core.energy.ring_buffer import DAY_AT_2HZ
from mscd_desktop.core.energy.session import STEP, Annotation, LiveSession, SessionSnapshot
from mscd_desktop.core.energy.simulator import SimulatorSource
from mscd_desktop.core.energy.source_choice import (
    SourceChoice,
    build_source,
    load_choice,
    save_choice,
)
from mscd_desktop.core.energy.sources import ChannelInfo, EnergySource, Reading
from mscd_desktop.core.energy.steps import StepDetector, StepEvent, describe_step
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _

log = logging.getLogger(__name__)

TOTAL_CHANNEL = "__total__"
TOTAL_LABEL = N_("Total of all channels")
TOTAL_EVERY_S = 0.5
"""One total sample per half second of reading time: a day fits the ring buffer (2 Hz)."""
TOTAL_QUIET_S = 60.0
"""A channel silent for longer than this no longer adds its last power to the total."""
PRODUCING_KINDS = frozenset({"solar"})
WHOLE_HOUSE_KINDS = ("home",)


@dataclass(frozen=True)
class SeenStep:
    """A step event of one pump, with the sentence people read."""

    event: StepEvent
    text: str


@dataclass(frozen=True)
class FeedUpdate:
    """What one :meth:`LiveFeed.pump` brought: readings stored, steps seen, notes added."""

    readings: list[Reading] = field(default_factory=list)
    steps: list[SeenStep] = field(default_factory=list)
    notes: list[Annotation] = field(default_factory=list)
    error: str = ""


class LiveFeed:
    """The one running energy source of the app, with its session, board and recorder."""

    def __init__(self, store: Store | None = None, *, capacity: int = DAY_AT_2HZ) -> None:
        self.store = store
        self.capacity = capacity
        self.board = LiveBoard()
        self.session: LiveSession | None = None
        self.choice: SourceChoice | None = None
        self.tariff: Tariff = load_tariff(store) if store is not None else Tariff()
        self.generation = 0  # goes up with every new source: readers start afresh
        self.chosen_channel: str | None = None  # what the host picked for tiles and wall
        self.last_error = ""
        self._running = False
        self._detectors: dict[str, StepDetector] = {}
        self._event_id: str | None = None
        self._recorder: EnergyRecorder | None = None
        self._total_ts = -float("inf")
        self._parts: dict[str, tuple[float, float]] = {}  # channel -> (ts, W) in the total
        self._moment: float | None = None  # time of the newest reading in the total

    # -- the source -----------------------------------------------------------------------
    @property
    def source(self) -> EnergySource | None:
        """The running source (None before the first :meth:`start`)."""
        return self.session.source if self.session is not None else None

    @property
    def running(self) -> bool:
        """Whether a source is started and pumped."""
        return self.session is not None and self._running

    def start(self, choice: SourceChoice, source: EnergySource | None = None) -> None:
        """Read from *choice* (or the ready *source* built from it) instead of the old source.

        Raises MscdError, with the old source still running, when the new one cannot start.
        A choice of the host's (no ready source) is remembered for the next start.
        """
        new = source if source is not None else build_source(choice)
        new.start()
        self._close()
        self.session = LiveSession(new, capacity=self.capacity)
        self.session.started_at = time.time()
        self._running = True
        self.choice = choice
        self.generation += 1
        self.chosen_channel = None
        self.last_error = ""
        self._detectors.clear()
        self._total_ts = -float("inf")
        self._parts.clear()
        self._moment = None
        self.board.clear()
        self.board.set_channels(new.channels())
        self._open_recorder()
        if source is None and self.store is not None:
            save_choice(self.store, choice)

    def ensure_started(self) -> bool:
        """Start the remembered choice if nothing runs yet; False (and ``last_error``) if
        it cannot start."""
        if self.running:
            return True
        try:
            choice = load_choice(self.store) if self.store is not None else SourceChoice()
            self.start(choice, build_source(choice))
        except MscdError as exc:
            self.last_error = str(exc)
            return False
        return True

    def stop(self) -> None:
        """Stop the source and the recording (the session keeps its readings for export)."""
        self._close()
        self.board.clear()

    def _close(self) -> None:
        self._close_recorder()
        if self.session is not None and self._running:
            self.session.stop()
        self._running = False

    # -- minutes for the event --------------------------------------------------------------
    def record_into(self, event_id: str | None) -> None:
        """Energy minutes go to *event_id* from now on (None: nowhere)."""
        self._close_recorder()
        self._event_id = event_id
        self._open_recorder()

    @property
    def recording(self) -> bool:
        """Whether minutes are being written into an event."""
        return self._recorder is not None

    def _open_recorder(self) -> None:
        # Simulated data never goes into an event's figures: the reach report counts
        # only what a real meter measured.
        source = self.source
        if (
            self.store is not None
            and self._event_id is not None
            and self._running
            and not isinstance(source, SimulatorSource)
        ):
            self._recorder = EnergyRecorder(self.store, self._event_id)

    def _close_recorder(self) -> None:
        recorder, self._recorder = self._recorder, None
        if recorder is not None:
            try:
                recorder.close()
            except MscdError as exc:
                self.last_error = str(exc)

    def _record(self, readings: list[Reading]) -> str:
        if self._recorder is None or not readings:
            return ""
        try:
            self._recorder.record(readings)
        except MscdError as exc:  # e.g. the event was deleted: keep drawing, stop recording
            self._recorder = None
            self.last_error = str(exc)
            return self.last_error
        return ""

    # -- the pump ---------------------------------------------------------------------------
    def pump(self, now: float | None = None) -> FeedUpdate:
        """Take the source's new readings into the session, the board, the minutes and the
        step detectors. A failing source is said in ``error``, never raised."""
        if self.session is None or not self._running:
            return FeedUpdate()
        source = self.session.source
        try:
            readings = self.session.poll(now)
        except Exception as exc:  # a broken source must not stop the app's timer
            log.exception("energy source %s failed to poll", source.name)
            self.last_error = _("The source failed: {error}").format(error=exc)
            return FeedUpdate(error=self.last_error)
        infos = source.channels()
        self.board.set_channels(infos)
        self.board.update(readings, now)
        error = self._record(readings)
        labels = {info.id: info.label for info in infos}
        steps = self._detect_steps(readings, labels)
        notes = [
            self.session.annotate(s.event.start_ts, s.text, s.event.channel, STEP)
            for s in steps
            if s.event.kind == "off"
        ]
        if readings:
            self._add_total(readings, infos)
        return FeedUpdate(readings, steps, notes, error)

    def _detect_steps(self, readings: list[Reading], labels: dict[str, str]) -> list[SeenStep]:
        by_channel: dict[str, list[Reading]] = defaultdict(list)
        for r in readings:
            by_channel[r.channel].append(r)
        seen: list[SeenStep] = []
        for channel, items in by_channel.items():
            detector = self._detectors.get(channel)
            if detector is None:
                detector = self._detectors[channel] = StepDetector(channel)
            for event in detector.feed(items):
                label = labels.get(channel, channel)
                seen.append(SeenStep(event, describe_step(event, label, self.tariff)))
        return seen

    def _add_total(self, readings: list[Reading], infos: list[ChannelInfo]) -> None:
        """Samples of the total channel, one per TOTAL_EVERY_S of reading time at most,
        each when all readings of its moment are in (a burst gives its whole history)."""
        assert self.session is not None
        if len(infos) < 2:
            return
        consuming = {i.id for i in infos if i.kind not in PRODUCING_KINDS}
        samples: list[Reading] = []
        for r in sorted(readings, key=lambda r: r.ts):
            if r.channel not in consuming:
                continue
            if self._moment is not None and r.ts > self._moment:
                samples.extend(self._total_sample(self._moment))
            self._parts[r.channel] = (r.ts, r.power_w)
            self._moment = r.ts
        if self._moment is not None:
            samples.extend(self._total_sample(self._moment))
        self.session.ingest(samples)

    def _total_sample(self, ts: float) -> list[Reading]:
        if ts - self._total_ts < TOTAL_EVERY_S:
            return []
        self._total_ts = ts
        power = sum(w for seen, w in self._parts.values() if ts - seen <= TOTAL_QUIET_S)
        return [Reading(ts, TOTAL_CHANNEL, power)]

    # -- what readers ask -------------------------------------------------------------------
    def annotate(self, text: str, ts: float | None = None) -> Annotation | None:
        """A note by the host at *ts* (default: the newest reading); None if empty."""
        if self.session is None or not text.strip():
            return None
        if ts is None:
            ends = [t.last_ts for t in self.session.traces.values() if t.last_ts is not None]
            ts = max(ends) if ends else time.time()
        return self.session.annotate(ts, text.strip())

    def channels(self) -> list[ChannelInfo]:
        """The source's channels, then the total of all channels when there are several."""
        source = self.source
        infos = source.channels() if source is not None else []
        if len(infos) >= 2:
            infos = [*infos, ChannelInfo(TOTAL_CHANNEL, _(TOTAL_LABEL), "total")]
        return infos

    def default_channel(self) -> str | None:
        """The channel a wall shows first: a whole-house meter, else the total of several
        channels, else the only one."""
        infos = self.channels()
        for kind in WHOLE_HOUSE_KINDS:
            found = next((i.id for i in infos if i.kind == kind), None)
            if found is not None:
                return found
        if any(i.id == TOTAL_CHANNEL for i in infos):
            return TOTAL_CHANNEL
        return infos[0].id if infos else None

    def channel_to_show(self) -> str | None:
        """The host's choice while its channel exists, else :meth:`default_channel`."""
        known = {i.id for i in self.channels()}
        if self.chosen_channel in known:
            return self.chosen_channel
        return self.default_channel()

    def power_and_energy(self, channel: str) -> tuple[float | None, float]:
        """*channel*'s live power (None before its first reading) and energy since the start.

        The total's energy is the sum of its channels', so a burst of readings taken in one
        pump counts in full.
        """
        session = self.session
        if session is None:
            return None, 0.0
        trace = session.traces.get(channel)
        power = trace.last_power_w if trace is not None and trace.last_ts is not None else None
        if channel != TOTAL_CHANNEL:
            return power, trace.energy_since_start_wh if trace is not None else 0.0
        kinds = {i.id: i.kind for i in self.channels()}
        energy = sum(
            t.energy_since_start_wh
            for c, t in session.traces.items()
            if c != TOTAL_CHANNEL and kinds.get(c) not in PRODUCING_KINDS
        )
        return power, energy

    def snapshot(self) -> SessionSnapshot | None:
        """The session's readings and notes for export, without the synthetic total."""
        return self.session.snapshot(leave_out=[TOTAL_CHANNEL]) if self.session else None

    def implausible(self) -> list[Dropped]:
        """Values the source dropped as implausible, per channel."""
        source = self.source
        return source.implausible() if source is not None else []

    def reload_tariff(self) -> None:
        """Take up a price or CO2 factor changed in the store."""
        if self.store is not None:
            self.tariff = load_tariff(self.store)
