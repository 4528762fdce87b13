"""The live screen reading a real Shelly Gen2 plug payload through a real Mosquitto broker."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from mscd_desktop.core.energy.source_choice import MQTT, SourceChoice
from mscd_desktop.gui.energy.live_energy_screen import LiveEnergyScreen

_spec = importlib.util.spec_from_file_location(
    "energy_servers", Path(__file__).resolve().parents[1] / "core" / "energy" / "conftest.py"
)
servers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(servers)


@pytest.fixture
def broker(tmp_path):
    if servers.MOSQUITTO is None:
        pytest.skip("mosquitto is not installed (packaging/debian-packages.txt)")
    running = servers.Broker(tmp_path)
    running.start()
    yield running
    running.stop()


def _publish(broker, topic: str, payload: str) -> None:
    from paho.mqtt import publish

    publish.single(topic, payload, qos=1, hostname="127.0.0.1", port=broker.port)


def test_a_shelly_plug_on_the_broker_is_drawn_and_goes_stale_when_offline(qtbot, context, broker):
    screen = LiveEnergyScreen(context)
    qtbot.addWidget(screen)
    choice = SourceChoice(
        kind=MQTT, mqtt_port=broker.port, mqtt_preset="shelly_gen2",
        mqtt_topic="shellyplusplugs-e465b8", mqtt_label="Kettle",
    )  # fmt: skip
    assert screen.set_source(choice)
    try:
        qtbot.waitUntil(lambda: screen.feed.source.connected, timeout=10000)
        status = {"id": 0, "output": True, "apower": 2130.5, "aenergy": {"total": 1520.75}}
        _publish(broker, "shellyplusplugs-e465b8/status/switch:0", json.dumps(status))
        qtbot.waitUntil(lambda: "shellyplusplugs-e465b8" in screen.session.traces, timeout=10000)
        assert screen.session.series("shellyplusplugs-e465b8")[1][-1] == 2130.5
        assert context.feed.board.latest("shellyplusplugs-e465b8").power_w == 2130.5
        screen.update_figures()
        assert screen.ui.powerValue.text() == "2.13 kW"
        _publish(broker, "shellyplusplugs-e465b8/online", "false")
        qtbot.waitUntil(
            lambda: "Kettle: no data since" in screen.ui.staleLabel.text(), timeout=10000
        )
        assert (
            screen.ui.sourceLabel.text()
            == f"MQTT: shellyplusplugs-e465b8 on 127.0.0.1:{broker.port}"
        )
    finally:
        screen.shutdown()
        context.shutdown()
