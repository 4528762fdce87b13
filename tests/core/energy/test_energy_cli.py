"""``mscd energy ...``: simulate, record, tariff, check-csv, listen (real broker)."""

from __future__ import annotations

import json
import threading

import paho.mqtt.publish as publish

from mscd_desktop.cli import main


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_simulate_json_is_deterministic_and_lists_kettle_steps(capsys, data_dir):
    args = (
        "--data-dir",
        str(data_dir),
        "energy",
        "simulate",
        "--seconds",
        "1800",
        "--channel",
        "kettle",
        "--channel",
        "solar",
        "--seed",
        "3",
        "--json",
    )
    status, out, _err = run(capsys, *args)
    assert status == 0
    first = json.loads(out)
    kettle, solar = first
    assert kettle["channel"] == "kettle" and kettle["steps"]
    assert kettle["steps"][0].startswith("Kettle: 2.")
    assert solar["produces"] is True and kettle["produces"] is False
    assert kettle["energy_wh"] > 0 and kettle["max_w"] >= 2000
    status, out, _err = run(capsys, *args)
    assert json.loads(out)[0]["energy_wh"] == kettle["energy_wh"]


def test_tariff_is_saved_and_changes_the_co2_figures(capsys, data_dir):
    base = ("--data-dir", str(data_dir), "energy")
    status, out, _ = run(capsys, *base, "tariff", "--country", "se", "--price", "0.15", "--json")
    assert status == 0 and json.loads(out)["code"] == "SE"
    status, out, _ = run(capsys, *base, "simulate", "--seconds", "600", "--channel", "kettle")
    assert "Sweden 2023: 41 g CO2/kWh" in out
    status, _out, err = run(capsys, *base, "tariff", "--price", "-2")
    assert status == 1 and "between 0 and 10" in err


def test_simulate_record_needs_an_event_and_then_stores_minutes(capsys, data_dir):
    base = ("--data-dir", str(data_dir))
    status, _out, err = run(capsys, *base, "energy", "simulate", "--seconds", "120", "--record")
    assert status == 1 and "No event is open" in err
    run(
        capsys,
        *base,
        "event",
        "create",
        "--name",
        "Open House",
        "--project",
        "CITyFiED",
        "--city",
        "Lund",
        "--date",
        "2026-06-10",
    )
    status, _out, err = run(
        capsys, *base, "energy", "simulate", "--seconds", "180", "--channel", "fridge", "--record"
    )
    assert status == 0, err
    from mscd_desktop.core.energy.energy_minutes import channel_totals
    from mscd_desktop.core.events import current_event
    from mscd_desktop.core.store import Store

    with Store.open(data_dir) as store:
        [total] = channel_totals(store, current_event(store).id)
    assert total.channel == "fridge" and 3 <= total.minutes <= 4


def test_check_csv_names_skipped_lines(capsys, data_dir, tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text("ts,channel,power_w\n1,a,10\n2,a,x\n3,a,12\n")
    status, out, _ = run(
        capsys, "--data-dir", str(data_dir), "energy", "check-csv", str(path), "--json"
    )
    data = json.loads(out)
    assert status == 0 and data["readings"] == 2 and data["channels"] == ["a"]
    assert data["skipped"][0].startswith("line 3:")


def listen_while_publishing(capsys, data_dir, broker, device, topic, payload):
    """``mscd energy listen --json`` for 1.5 s while *payload* is published every 0.2 s."""
    done = threading.Event()

    def publish_until_done():
        while not done.wait(0.2):
            publish.single(topic, payload, hostname="127.0.0.1", port=broker.port)

    thread = threading.Thread(target=publish_until_done)
    thread.start()
    try:
        return run(
            capsys,
            "--data-dir",
            str(data_dir),
            "energy",
            "listen",
            "--port",
            str(broker.port),
            "--device",
            device,
            "--seconds",
            "1.5",
            "--json",
        )
    finally:
        done.set()
        thread.join()


def test_listen_prints_readings_from_a_real_broker(capsys, data_dir, broker):
    status, out, err = listen_while_publishing(
        capsys, data_dir, broker, "emon:emontx", "emon/emontx/power1", "321"
    )
    assert status == 0, err
    data = json.loads(out)
    assert data["connected"] and data["readings"]
    assert {r["channel"] for r in data["readings"]} == {"emontx"}
    assert data["readings"][0]["power_w"] == 321.0


def test_listen_without_broker_fails_with_one_line(capsys, data_dir):
    status, _out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "energy",
        "listen",
        "--port",
        "1",
        "--device",
        "tasmota:plug",
        "--seconds",
        "0.5",
    )
    assert status == 1 and "Could not connect to the MQTT broker 127.0.0.1:1" in err


def test_modbus_command_reads_a_meter_and_fails_clearly_without_one(capsys, data_dir, meter):
    meter.power_w, meter.energy_kwh = 1500.0, 2.0
    status, out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "energy",
        "modbus",
        "127.0.0.1",
        "--port",
        str(meter.port),
        "--seconds",
        "0.6",
        "--json",
    )
    assert status == 0, err
    readings = json.loads(out)["readings"]
    assert readings and readings[0]["power_w"] == 1500.0 and readings[0]["energy_wh"] == 2000.0
    meter.stop()
    status, _out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "energy",
        "modbus",
        "127.0.0.1",
        "--port",
        str(meter.port),
        "--seconds",
        "0.3",
    )
    assert status == 1 and "gave no readings" in err


def test_listen_json_stays_json_and_says_what_was_dropped(capsys, data_dir, broker):
    infinite_total = json.dumps({"ENERGY": {"Power": 52, "Total": 1e308}})  # kWh -> inf Wh
    status, out, err = listen_while_publishing(
        capsys, data_dir, broker, "tasmota:plug", "tele/plug/SENSOR", infinite_total
    )
    assert status == 0, err

    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    data = json.loads(out, parse_constant=refuse)
    assert data["readings"] and all(r["power_w"] == 52.0 for r in data["readings"])
    [dropped] = data["dropped"]
    assert (dropped["channel"], dropped["quantity"], dropped["reason"]) == (
        "plug",
        "energy",
        "not_finite",
    )
    assert dropped["count"] >= len(data["readings"])
