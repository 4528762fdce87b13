"""MQTT with TLS and a password, against Mosquitto configured by the test with its own CA;
and the size limit the broker is given (MQTT 5), or that we keep ourselves (MQTT 3.1.1)."""

from __future__ import annotations

import json
import ssl
import time

import paho.mqtt.client as mqtt
import paho.mqtt.publish as publish
import pytest

from mscd_desktop.cli import main
from mscd_desktop.core.energy.mqtt import MqttConfig, MqttSource
from mscd_desktop.core.energy.mqtt_presets import DeviceConfig
from mscd_desktop.core.errors import ValidationError

DEVICES = (DeviceConfig("emon", "emonpi", label="House", kind="home"),)


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def _secure_publish(broker, topic, payload):
    publish.single(
        topic,
        payload,
        qos=1,
        hostname="127.0.0.1",
        port=broker.port,
        auth={"username": broker.username, "password": broker.password},
        tls={"ca_certs": str(broker.ca_file)},
    )


def _source(broker, **settings) -> MqttSource:
    config = MqttConfig(port=broker.port, devices=DEVICES, reconnect_max_s=1, **settings)
    source = MqttSource(config)
    source.start()
    return source


def test_right_ca_and_password_read_data(secure_broker):
    source = _source(
        secure_broker,
        tls=True,
        ca_file=str(secure_broker.ca_file),
        username=secure_broker.username,
        password=secure_broker.password,
    )
    try:
        _wait(lambda: source.connected)
        _secure_publish(secure_broker, "emon/emonpi/power1", "1170")
        [reading] = _wait(source.poll)
        assert (reading.channel, reading.power_w) == ("emonpi", 1170.0)
        assert not source.refused and source.last_error == ""
    finally:
        source.stop()


@pytest.mark.parametrize("trusted", ["other CA", "system CAs"])
def test_a_broker_certificate_the_ca_does_not_vouch_for_is_refused(secure_broker, trusted):
    ca_file = str(secure_broker.other_ca_file) if trusted == "other CA" else ""
    source = _source(
        secure_broker,
        tls=True,
        ca_file=ca_file,
        username=secure_broker.username,
        password=secure_broker.password,
    )
    try:
        _wait(lambda: source.refused)
        assert not source.connected and source.connects == 0
        assert f"The broker 127.0.0.1:{secure_broker.port} showed a TLS certificate" in (
            source.last_error
        )
        assert (ca_file or "the system's certificate authorities") in source.last_error
        assert "Choose the CA file that signed the broker's certificate." in source.last_error
    finally:
        source.stop()


@pytest.mark.parametrize(
    ("username", "password", "expected"),
    [
        ("demo-host", "wrong", "did not let user demo-host in"),
        ("", "", "wants a user name and password"),
    ],
)
def test_a_wrong_or_missing_password_is_refused_with_a_clear_message(
    secure_broker, username, password, expected
):
    source = _source(
        secure_broker,
        tls=True,
        ca_file=str(secure_broker.ca_file),
        username=username,
        password=password,
    )
    try:
        _wait(lambda: source.refused)
        assert not source.connected
        assert expected in source.last_error
    finally:
        source.stop()


def test_tls_to_a_port_without_tls_says_so(broker):
    source = _source(broker, tls=True)
    try:
        _wait(lambda: "TLS handshake" in source.last_error)
        assert "Is TLS on at this port (usually 8883, and 1883 without TLS)?" in source.last_error
    finally:
        source.stop()


def test_a_missing_or_broken_ca_file_is_named_before_connecting(tmp_path):
    with pytest.raises(ValidationError, match="does not exist") as caught:
        MqttSource(MqttConfig(devices=DEVICES, tls=True, ca_file=str(tmp_path / "no.pem")))
    assert caught.value.field == "ca_file"
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(ValidationError, match="no usable PEM certificate"):
        MqttSource(MqttConfig(devices=DEVICES, tls=True, ca_file=str(junk)))
    with pytest.raises(ValidationError, match="user name"):
        MqttSource(MqttConfig(devices=DEVICES, password="secret"))


def _listen(capsys, broker, *extra):
    status = main(
        [
            "energy",
            "listen",
            "--port",
            str(broker.port),
            "--device",
            "emon:emonpi",
            "--seconds",
            "3",
            "--json",
            *extra,
        ]
    )
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_listens_with_tls_and_a_password_file(capsys, data_dir, secure_broker, tmp_path):
    secret = tmp_path / "broker-password"
    secret.write_text(secure_broker.password + "\n")
    publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    publisher.username_pw_set(secure_broker.username, secure_broker.password)
    publisher.tls_set_context(ssl.create_default_context(cafile=str(secure_broker.ca_file)))
    publisher.connect("127.0.0.1", secure_broker.port)
    publisher.loop_start()
    publishing = True

    def keep_publishing(*_args):
        if publishing:
            publisher.publish("emon/emonpi/power1", "640", qos=1)

    publisher.on_publish = keep_publishing
    keep_publishing()
    try:
        status, out, err = _listen(
            capsys,
            secure_broker,
            "--data-dir",
            str(data_dir),
            "--ca-file",
            str(secure_broker.ca_file),
            "--username",
            secure_broker.username,
            "--password-file",
            str(secret),
        )
    finally:
        publishing = False
        publisher.loop_stop()
        publisher.disconnect()
    assert status == 0, err
    data = json.loads(out)
    assert data["connected"] and data["readings"][0]["power_w"] == 640.0


def test_cli_reports_a_wrong_password_from_the_environment_in_one_line(
    capsys, data_dir, secure_broker, monkeypatch
):
    monkeypatch.setenv("MSCD_MQTT_PASSWORD", "not the password")
    started = time.monotonic()
    status, out, err = _listen(
        capsys,
        secure_broker,
        "--data-dir",
        str(data_dir),
        "--ca-file",
        str(secure_broker.ca_file),
        "--username",
        secure_broker.username,
    )
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "did not let user demo-host in" in err
    assert "not the password" not in err
    assert time.monotonic() - started < 3  # it gives up at once, not after --seconds


def test_cli_reports_an_untrusted_certificate_in_one_line(capsys, data_dir, secure_broker):
    status, _out, err = _listen(
        capsys,
        secure_broker,
        "--data-dir",
        str(data_dir),
        "--ca-file",
        str(secure_broker.other_ca_file),
    )
    assert status == 1 and err.startswith("mscd: The broker 127.0.0.1:")
    assert "does not vouch for" in err and err.count("\n") == 1


def _publish_a_huge_then_a_good_message(broker, source):
    """4 MB of digits, then "230", on the House meter's topic; the readings that came."""
    publish.multiple(
        [
            {"topic": "emon/emonpi/power1", "payload": b"9" * (4 * 1024 * 1024), "qos": 1},
            {"topic": "emon/emonpi/power1", "payload": b"230", "qos": 1},
        ],
        hostname="127.0.0.1",
        port=broker.port,
    )
    return _wait(source.poll)


def test_the_broker_drops_messages_larger_than_a_meter_sends(broker):
    source = _source(broker)
    try:
        _wait(lambda: source.connected)
        assert source.protocol == mqtt.MQTTv5
        [reading] = _publish_a_huge_then_a_good_message(broker, source)
        assert reading.power_w == 230.0
        assert source.skipped == 0  # the 4 MB message never reached this process
    finally:
        source.stop()


def test_a_broker_without_mqtt5_is_used_with_311_and_sizes_checked_here(broker, old_broker):
    source = MqttSource(MqttConfig(port=old_broker.port, devices=DEVICES, reconnect_max_s=1))
    source.start()
    try:
        _wait(lambda: source.connected)
        assert old_broker.refused >= 1 and source.protocol == mqtt.MQTTv311
        [reading] = _publish_a_huge_then_a_good_message(broker, source)
        assert reading.power_w == 230.0
        [(_ts, text)] = source.problems()
        assert "4,194,304 bytes, more than the 65,536 a meter sends" in text and len(text) < 300
    finally:
        source.stop()
