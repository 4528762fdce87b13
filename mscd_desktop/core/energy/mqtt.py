"""Live readings from an MQTT broker (paho-mqtt 2.x), for Shelly, Tasmota, emonPi and more.

The paho network thread receives messages; each is parsed by its device's preset
(:mod:`mscd_desktop.core.energy.mqtt_presets`), checked, converted to W/Wh, and put in the
bounded buffer that :meth:`MqttSource.poll` empties. A bad message (not JSON, NaN,
negative power, an unknown unit) is skipped with a log entry and never stops the source.
paho reconnects by itself (1 s doubling to 30 s); while the broker is away, or a device
says it is offline, its channels are stale.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from mscd_desktop.core.energy.mqtt_presets import (
    PRESETS,
    STALE_AFTER_S,
    DeviceConfig,
    Update,
    channel_id,
    parse,
    subscriptions,
)
from mscd_desktop.core.energy.sources import BufferedSource, ChannelInfo, ChannelStatus, Reading
from mscd_desktop.core.energy.units import EnergyCounter, PowerIntegrator
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

MAX_CHANNELS = 64
"""More channels than a demo table can show: beyond this, new topics are ignored."""


@dataclass(frozen=True)
class MqttConfig:
    """Where the broker is and which devices to read."""

    host: str = "127.0.0.1"
    port: int = 1883
    devices: tuple[DeviceConfig, ...] = ()
    username: str = ""
    password: str = field(default="", repr=False)
    client_id: str = ""
    keepalive_s: int = 30
    reconnect_max_s: int = 30


@dataclass
class _ChannelState:
    power_w: float | None = None
    temperature_c: float | None = None
    counter: EnergyCounter = field(default_factory=EnergyCounter)
    integrator: PowerIntegrator = field(default_factory=PowerIntegrator)


class MqttSource(BufferedSource):
    """Readings of the configured devices on one broker."""

    name = "mqtt"

    def __init__(
        self, config: MqttConfig, *, clock: Callable[[], float] = time.time, **kwargs: float
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        if not config.devices:
            raise ValidationError(_("Add at least one MQTT device."), field="devices")
        for index, device in enumerate(config.devices):
            if device.preset not in PRESETS:
                raise ValidationError(
                    _("Device {n}: unknown preset '{preset}'. Choose from: {known}.").format(
                        n=index + 1, preset=device.preset, known=", ".join(PRESETS)
                    ),
                    field="preset",
                )
            if not device.topic.strip():
                raise ValidationError(
                    _("Device {n}: the topic is empty.").format(n=index + 1), field="topic"
                )
        self.config = config
        self._clock = clock
        self._state: dict[str, _ChannelState] = {}
        self._state_lock = threading.Lock()
        self._client: mqtt.Client | None = None
        self.connected = False
        self._stopping = False
        self.last_error = ""
        self.connects = 0
        for device in config.devices:
            stale = device.stale_after_s or STALE_AFTER_S[device.preset]
            wildcard = "+" in device.topic or "#" in device.topic
            if device.channel or not (device.preset == "custom" and wildcard):
                self._add_channel(
                    ChannelInfo(channel_id(device, 0), device.label or device.base, device.kind),
                    stale,
                )

    # -- life cycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Connect in the background; paho keeps reconnecting until :meth:`stop`."""
        if self._client is not None:
            return
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=self.config.client_id)
        if self.config.username:
            client.username_pw_set(self.config.username, self.config.password or None)
        client.reconnect_delay_set(1, self.config.reconnect_max_s)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        try:
            client.connect_async(self.config.host, self.config.port, self.config.keepalive_s)
        except (OSError, ValueError) as exc:
            raise MscdError(
                _("Cannot reach the MQTT broker {host}:{port} ({error}).").format(
                    host=self.config.host, port=self.config.port, error=exc
                )
            ) from exc
        client.loop_start()
        self._stopping = False
        self._client = client

    def stop(self) -> None:
        """Disconnect and stop the network thread."""
        client, self._client = self._client, None
        self._stopping = True
        if client is not None:
            client.disconnect()
            client.loop_stop()
        self.connected = False

    def _on_connect(
        self,
        client: mqtt.Client,
        _userdata: object,
        _flags: object,
        reason_code: mqtt.ReasonCode,
        _properties: object,
    ) -> None:
        if reason_code.is_failure:
            self.last_error = str(reason_code)
            log.warning("MQTT broker refused the connection: %s", reason_code)
            return
        self.connected = True
        self.connects += 1
        self.last_error = ""
        topics = sorted({t for d in self.config.devices for t in subscriptions(d)})
        client.subscribe([(t, 0) for t in topics])
        log.info(
            "connected to MQTT broker %s:%s, %d subscriptions",
            self.config.host,
            self.config.port,
            len(topics),
        )

    def _on_disconnect(
        self,
        _client: mqtt.Client,
        _userdata: object,
        _flags: object,
        reason_code: mqtt.ReasonCode,
        _properties: object,
    ) -> None:
        self.connected = False
        if self._stopping:
            return
        self.last_error = str(reason_code)
        log.warning("lost the MQTT broker (%s); reconnecting", reason_code)

    # -- messages ------------------------------------------------------------------------

    def _on_message(
        self, _client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage
    ) -> None:
        try:
            self.handle_message(message.topic, message.payload)
        except Exception as exc:  # a bad message must never stop the network thread
            log.exception("MQTT message on %s could not be handled", message.topic)
            self._skip(
                _("Message on {topic} skipped: {error}").format(topic=message.topic, error=exc)
            )

    def handle_message(self, topic: str, payload: bytes) -> list[Reading]:
        """Parse one message (from any thread); returns the readings it produced."""
        now = self._clock()
        readings: list[Reading] = []
        for device in self.config.devices:
            if not any(mqtt.topic_matches_sub(s, topic) for s in subscriptions(device)):
                continue
            try:
                updates = parse(device, topic, payload)
            except (ValidationError, ValueError, KeyError, TypeError, AttributeError) as exc:
                self._skip(_("Message on {topic} skipped: {error}").format(topic=topic, error=exc))
                continue
            for update in updates:
                reading = self._apply(device, update, now)
                if reading is not None:
                    readings.append(reading)
        if readings:
            self._push(readings, seen_at=now)
        return readings

    def _apply(self, device: DeviceConfig, update: Update, now: float) -> Reading | None:
        if update.online is not None:
            for info in self.channels():
                if info.id == device.base or info.id.startswith(device.base + ":"):
                    self._set_online(info.id, update.online)
            return None
        known = {c.id for c in self.channels()}
        if update.channel not in known:
            if len(known) >= MAX_CHANNELS:  # a wildcard catching a flood of topics
                self._skip(
                    _("Channel {channel} ignored: already {n} channels.").format(
                        channel=update.channel, n=MAX_CHANNELS
                    )
                )
                return None
            label = device.label or device.base
            if update.channel != device.base:
                label = f"{label} {update.channel.rsplit(':', 1)[-1]}"
            self._add_channel(
                ChannelInfo(update.channel, label, device.kind),
                device.stale_after_s or STALE_AFTER_S[device.preset],
            )
        if self._online.get(update.channel) is False:
            self._set_online(update.channel, True)  # it sends data, so it is back
        with self._state_lock:
            state = self._state.setdefault(update.channel, _ChannelState())
            if update.temperature_c is not None:
                state.temperature_c = update.temperature_c
            if update.energy_wh is not None:
                state.counter.update(update.energy_wh)
            if update.power_w is None:
                return None  # energy-only message: the next power reading carries it
            state.power_w = update.power_w
            integrated = state.integrator.update(now, update.power_w)
            energy = state.counter.total_wh
            return Reading(
                now,
                update.channel,
                update.power_w,
                integrated if energy is None else energy,
                state.temperature_c,
            )

    def channel_status(self, now: float | None = None) -> dict[str, ChannelStatus]:
        """As :class:`BufferedSource`, and every channel is stale while the broker is away."""
        status = super().channel_status(now)
        if self.connected:
            return status
        return {c: ChannelStatus(s.last_ts, True, s.online) for c, s in status.items()}
