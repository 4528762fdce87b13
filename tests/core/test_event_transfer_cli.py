"""``mscd event export`` / ``mscd event import``: the passphrase never on the command line."""

from __future__ import annotations

import json
import subprocess
import sys

from mscd_desktop.cli import main

PASSPHRASE = "a long enough passphrase"


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_export_then_import_on_another_laptop(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path / "keys-a"))
    a, b, file = tmp_path / "a", tmp_path / "b", tmp_path / "day.mscd-event"
    assert run(capsys, "--data-dir", str(a), "demo", "--json")[0] == 0
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    status, out, err = run(
        capsys, "--data-dir", str(a), "event", "export", "--out", str(file),
        "--passphrase-file", str(secret), "--json",
    )  # fmt: skip
    assert status == 0, err
    exported = json.loads(out)
    assert exported["rows"]["attendees"] > 50 and exported["private_keys"] == 1
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path / "keys-b"))
    monkeypatch.setenv("MSCD_EVENT_PASSPHRASE", PASSPHRASE)
    status, out, err = run(capsys, "--data-dir", str(b), "event", "import", str(file))
    assert status == 0, err
    assert "102 people" in out and "mscd event edit --event" in out
    status, out, err = run(capsys, "--data-dir", str(b), "event", "list", "--json")
    assert [e["id"] for e in json.loads(out)] == [exported["event"]["id"]]
    status, _out, err = run(capsys, "--data-dir", str(b), "event", "import", str(file))
    assert status == 1 and "already has the event" in err and err.count("\n") == 1
    assert run(capsys, "--data-dir", str(b), "event", "import", str(file), "--replace")[0] == 0


def test_a_wrong_passphrase_is_one_line_and_exit_1(capsys, tmp_path, monkeypatch):
    a = tmp_path / "a"
    run(capsys, "--data-dir", str(a), "demo")
    monkeypatch.setenv("MSCD_EVENT_PASSPHRASE", PASSPHRASE)
    run(capsys, "--data-dir", str(a), "event", "export", "--out", str(tmp_path / "e"))
    monkeypatch.setenv("MSCD_EVENT_PASSPHRASE", "something else entirely")
    status, _out, err = run(
        capsys, "--data-dir", str(tmp_path / "b"), "event", "import", str(tmp_path / "e")
    )
    assert status == 1
    assert err.startswith("mscd: The passphrase does not open") and err.count("\n") == 1


def test_without_a_passphrase_and_no_terminal_it_says_how_to_give_one(tmp_path):
    env_cmd = [sys.executable, "-m", "mscd_desktop.cli", "--data-dir", str(tmp_path / "a")]
    subprocess.run([*env_cmd, "demo"], check=True, capture_output=True)
    result = subprocess.run(
        [*env_cmd, "event", "export", "--out", str(tmp_path / "e")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "--passphrase-file" in result.stderr and "MSCD_EVENT_PASSPHRASE" in result.stderr
    assert not (tmp_path / "e").exists()


def test_the_passphrase_is_not_an_option():
    from mscd_desktop.cli import build_cli

    event = build_cli().commands["event"]
    for name in ("export", "import"):
        options = [o for p in event.commands[name].params for o in p.opts]
        assert "--passphrase-file" in options
        assert not [o for o in options if o in ("--passphrase", "--password")]
