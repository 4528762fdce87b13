"""Live readings from an MQTT broker (paho-mqtt 2.x), for Shelly, Tasmota, emonPi and more.

The paho network thread receives messages; each is parsed by its device's preset
(:mod:`mscd_desktop.core.energy.mqtt_presets`), converted to W/Wh, checked against what
the channel's kind can plausibly read (:mod:`~mscd_desktop.core.energy.plausible`), and put
in the bounded buffer that :meth:`MqttSource.poll` empties. A bad message (not JSON, NaN,
an unknown unit, larger than a meter ever sends) is skipped and never stops the source;
only a short excerpt of it is kept, and the log says each kind of problem at most once a
minute per device (:mod:`~mscd_desktop.core.energy.problems`).

The client speaks MQTT 5 and tells the broker the largest packet it takes, so huge
messages never reach this process; a broker that knows only MQTT 3.1.1 is used with that.
TLS (the system's CAs or a CA file) and a user name and password are optional. paho
reconnects by itself (1 s doubling to 30 s); while the broker is away, or a device says it
is offline, its channels are stale. A certificate that does not verify or a refused login
sets ``refused`` and ``last_error`` says why, in a sentence.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from mscd_desktop.core.energy.mqtt_connect import (
    DEFAULT_PORT,
    UNSUPPORTED_PROTOCOL,
    explain_connect_error,
    explain_refusal,
    tls_context,
)
from mscd_desktop.core.energy.mqtt_presets import (
    PRESETS,
    STALE_AFTER_S,
    DeviceConfig,
    Update,
    channel_id,
    parse,
    subscriptions,
)
from mscd_desktop.core.energy.problems import excerpt, shorten
from mscd_desktop.core.energy.sources import (
    DEFAULT_BUFFER_SIZE,
    DEFAULT_STALE_AFTER_S,
    BufferedSource,
    ChannelInfo,
    ChannelStatus,
    Reading,
)
from mscd_desktop.core.energy.units import EnergyCounter, PowerIntegrator
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

MAX_CHANNELS = 64
"""More channels than a demo table can show: beyond this, new topics are ignored."""
MAX_MESSAGE_BYTES = 64 * 1024
"""A meter's message is a few hundred bytes (a Shelly's full status a few kB): larger
ones are refused before they are parsed, or by the broker before they are sent (MQTT 5)."""
PACKET_OVERHEAD = 64 * 1024
"""Room for the topic and the header in the packet-size limit the broker is given."""


def _check_config(config: MqttConfig) -> None:
    """ValidationError naming the field of *config* that cannot work."""
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
    if config.password and not config.username:
        raise ValidationError(
            _("Enter the user name that goes with the password."), field="username"
        )
    if config.ca_file and not config.tls:
        raise ValidationError(_("A CA file needs TLS turned on."), field="tls")


@dataclass(frozen=True)
class MqttConfig:
    """Where the broker is, how to log in, and which devices to read."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    devices: tuple[DeviceConfig, ...] = ()
    username: str = ""
    password: str = field(default="", repr=False)
    client_id: str = ""
    keepalive_s: int = 30
    reconnect_max_s: int = 30
    tls: bool = False
    ca_file: str = ""  # PEM file of the CA that signed the broker's certificate; "": the system's
    max_message_bytes: int = MAX_MESSAGE_BYTES


@dataclass
class _ChannelState:
    power_w: float | None = None
    temperature_c: float | None = None
    counter: EnergyCounter = field(default_factory=EnergyCounter)
    integrator: PowerIntegrator = field(default_factory=PowerIntegrator)


class _Client(mqtt.Client):
    """paho's client, telling its owner why a connection attempt failed.

    paho's network thread catches the exception of a failed connect (a refused port, a
    certificate that does not verify) and only retries; the organiser needs the reason.
    """

    def __init__(
        self, on_error: Callable[[OSError], None], *, client_id: str, protocol: MQTTProtocolVersion
    ) -> None:
        super().__init__(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=protocol)
        self._report_error = on_error

    def reconnect(self) -> mqtt.MQTTErrorCode:
        try:
            return super().reconnect()
        except OSError as exc:
            self._report_error(exc)
            raise


class MqttSource(BufferedSource):
    """Readings of the configured devices on one broker."""

    name = "mqtt"

    def __init__(
        self,
        config: MqttConfig,
        *,
        clock: Callable[[], float] = time.time,
        buffer_size: int = DEFAULT_BUFFER_SIZE,
        stale_after_s: float = DEFAULT_STALE_AFTER_S,
    ) -> None:
        super().__init__(buffer_size=buffer_size, stale_after_s=stale_after_s)
        _check_config(config)
        self.config = config
        self._tls = tls_context(config.ca_file) if config.tls else None
        self._clock = clock
        self._state: dict[str, _ChannelState] = {}
        self._state_lock = threading.Lock()
        self._life_lock = threading.Lock()
        self._client: _Client | None = None
        self.protocol = mqtt.MQTTv5
        self.connected = False
        self._stopping = False
        self.last_error = ""
        self.refused = False  # the broker refused us for good (certificate, login)
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
        with self._life_lock:
            if self._client is not None:
                return
            self._stopping = False
            self._client = self._connect()

    def _connect(self) -> _Client:
        config = self.config
        client = _Client(self._on_connect_error, client_id=config.client_id, protocol=self.protocol)
        if config.username:
            client.username_pw_set(config.username, config.password or None)
        if self._tls is not None:
            client.tls_set_context(self._tls)
        client.reconnect_delay_set(1, config.reconnect_max_s)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        properties = None
        if self.protocol == mqtt.MQTTv5:
            # The broker never sends us a packet larger than this (MQTT 5 Maximum Packet
            # Size): a 20 MB message is dropped there, not read into memory here.
            properties = Properties(PacketTypes.CONNECT)
            properties.MaximumPacketSize = config.max_message_bytes + PACKET_OVERHEAD
        try:
            client.connect_async(
                config.host, config.port, config.keepalive_s, properties=properties
            )
        except (OSError, ValueError) as exc:
            raise MscdError(
                _("Cannot reach the MQTT broker {host}:{port} ({error}).").format(
                    host=config.host, port=config.port, error=exc
                )
            ) from exc
        client.loop_start()
        return client

    def stop(self) -> None:
        """Disconnect and stop the network thread."""
        with self._life_lock:
            client, self._client = self._client, None
            self._stopping = True
        if client is not None:
            client.disconnect()
            client.loop_stop()
        self.connected = False
        self._problems.flush()

    def _fall_back_to_mqtt311(self) -> None:
        """Reconnect with MQTT 3.1.1 for a broker that refused MQTT 5 (from a new thread)."""
        with self._life_lock:
            old = self._client
            if old is None or self._stopping or self.protocol != mqtt.MQTTv5:
                return
            self.protocol = mqtt.MQTTv311
            old.disconnect()
        old.loop_stop()
        log.info(
            "MQTT broker %s:%s does not speak MQTT 5; using 3.1.1 (messages are then "
            "size-checked only after they arrive)",
            self.config.host,
            self.config.port,
        )
        with self._life_lock:
            if not self._stopping:
                self._client = self._connect()

    def _on_connect_error(self, exc: OSError) -> None:
        config = self.config
        problem = explain_connect_error(
            exc, config.host, config.port, tls=config.tls, ca_file=config.ca_file
        )
        self._fail(problem.text, problem.permanent)

    def _fail(self, text: str, permanent: bool) -> None:
        self.refused = self.refused or permanent
        if text != self.last_error:  # once per kind of failure, not once per retry
            log.warning("%s", text)
        self.last_error = text

    def _on_connect(
        self,
        client: mqtt.Client,
        _userdata: object,
        _flags: object,
        reason_code: mqtt.ReasonCode,
        _properties: object,
    ) -> None:
        if reason_code.is_failure:
            if reason_code.value in UNSUPPORTED_PROTOCOL and self.protocol == mqtt.MQTTv5:
                threading.Thread(target=self._fall_back_to_mqtt311, daemon=True).start()
                return
            config = self.config
            problem = explain_refusal(
                reason_code.value, str(reason_code), config.host, config.port, config.username
            )
            self._fail(problem.text, problem.permanent)
            return
        self.connected = True
        self.connects += 1
        self.last_error = ""
        self.refused = False
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
        was_connected, self.connected = self.connected, False
        if self._stopping or not was_connected:
            return
        self.last_error = _("Lost the MQTT broker {host}:{port} ({reason}); reconnecting.").format(
            host=self.config.host, port=self.config.port, reason=reason_code
        )
        log.warning("%s", self.last_error)

    # -- messages ------------------------------------------------------------------------

    def _on_message(
        self, _client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage
    ) -> None:
        try:
            self.handle_message(message.topic, bytes(message.payload))
        except Exception as exc:  # a bad message must never stop the network thread
            log.debug("MQTT message on %s could not be handled", message.topic, exc_info=True)
            self._skip(
                _("Message on {topic} skipped: {error}").format(
                    topic=excerpt(message.topic), error=shorten(str(exc), 200)
                ),
                "unexpected",
            )

    def handle_message(self, topic: str, payload: bytes) -> list[Reading]:
        """Parse one message (from any thread); returns the readings it produced."""
        now = self._clock()
        readings: list[Reading] = []
        for device in self.config.devices:
            if not any(mqtt.topic_matches_sub(s, topic) for s in subscriptions(device)):
                continue
            if len(payload) > self.config.max_message_bytes:
                self._skip(
                    _(
                        "Message on {topic} skipped: {size} bytes, more than the {limit} "
                        "a meter sends."
                    ).format(
                        topic=excerpt(topic),
                        size=current_formats().integer(len(payload)),
                        limit=current_formats().integer(self.config.max_message_bytes),
                    ),
                    f"{device.base}/too-large",
                )
                continue
            try:
                updates = parse(device, topic, payload)
            except (
                ValidationError,
                ValueError,
                KeyError,
                TypeError,
                AttributeError,
                RecursionError,
            ) as exc:
                self._skip(
                    _("Message on {topic} skipped: {error}").format(
                        topic=excerpt(topic), error=shorten(str(exc), 200)
                    ),
                    f"{device.base}/bad-message",
                )
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
                        channel=excerpt(update.channel), n=MAX_CHANNELS
                    ),
                    f"{device.base}/channel-limit",
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
        power, counter = self._plausible(
            update.channel, device.kind, update.power_w, update.energy_wh, device.allow_negative
        )
        with self._state_lock:
            state = self._state.setdefault(update.channel, _ChannelState())
            if update.temperature_c is not None:
                state.temperature_c = update.temperature_c
            if counter is not None:
                state.counter.update(counter)
            if power is None:
                return None  # energy-only message: the next power reading carries it
            state.power_w = power
            integrated = state.integrator.update(now, power)
            energy = state.counter.total_wh
            return Reading(
                now,
                update.channel,
                power,
                integrated if energy is None else energy,
                state.temperature_c,
            )

    def channel_status(self, now: float | None = None) -> dict[str, ChannelStatus]:
        """As :class:`BufferedSource`, and every channel is stale while the broker is away."""
        status = super().channel_status(now)
        if self.connected:
            return status
        return {c: ChannelStatus(s.last_ts, True, s.online) for c, s in status.items()}
