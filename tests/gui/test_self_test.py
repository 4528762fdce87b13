"""``mscd-desktop --self-test`` from the checkout: every step, its time, its exit status,
and nothing of the person's own touched."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from mscd_desktop.core import self_check
from mscd_desktop.gui.shell import self_test
from mscd_desktop.gui.shell.screens import SCREENS

TRIPWIRE = textwrap.dedent(
    """
    import os
    from keyring.backend import KeyringBackend

    class Keyring(KeyringBackend):
        priority = 99

        def _touched(self, what):
            with open(os.environ["TRIPWIRE_LOG"], "a") as log:
                log.write(what + "\\n")

        def get_password(self, service, username):
            self._touched("get " + service)

        def set_password(self, service, username, password):
            self._touched("set " + service)

        def delete_password(self, service, username):
            self._touched("delete " + service)
    """
)


def test_the_self_test_passes_and_never_touches_the_keyring_or_key_folder(tmp_path):
    (tmp_path / "tripwire_keyring.py").write_text(TRIPWIRE, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "PYTHONPATH": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "tripwire_keyring.Keyring",  # the "real" keyring here
        "TRIPWIRE_LOG": str(tmp_path / "touched.log"),
    }
    for variable in ("MSCD_KEY_DIR", "MSCD_DATA_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env.pop(variable, None)
    result = subprocess.run(
        [sys.executable, "-m", "mscd_desktop", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + len(SCREENS) + 9  # title, 7 core + 2 GUI steps, screens, summary
    assert lines[-1].startswith("Self-test passed")
    assert not (tmp_path / "touched.log").exists()  # the keyring was never asked
    assert [p for p in home.rglob("*") if "mscd" in p.name.lower()] == []  # no key folder


def test_a_failing_step_is_reported_and_the_others_still_run():
    seen = []

    def broken() -> str:
        raise RuntimeError("the quiz packs are gone")

    steps = [
        self_check.Step("first", lambda: "fine"),
        self_check.Step("second", broken),
        self_check.Step("third", lambda: "fine too"),
    ]
    results = self_check.run_steps(steps, seen.append)
    assert [r.status for r in results] == ["ok", "failed", "ok"] and seen == results
    line = results[1].line()
    assert line.startswith("FAILED") and "second: RuntimeError: the quiz packs are gone" in line
    assert " s  " in line


def test_the_self_test_exits_1_when_a_step_fails(capsys, monkeypatch, tmp_path):
    for variable in ("MSCD_DATA_DIR", "MSCD_KEY_DIR", "PYTHON_KEYRING_BACKEND", "MSCD_TTS_ENGINE"):
        monkeypatch.setenv(variable, os.environ.get(variable, ""))
    monkeypatch.setenv("QT_QPA_PLATFORM", os.environ.get("QT_QPA_PLATFORM", "offscreen"))

    def no_packs() -> str:
        raise self_check.MscdError("0 of 3 packs loaded.")

    monkeypatch.setattr(self_check, "load_quiz_packs", no_packs)
    assert self_test.run_self_test() == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "0 of 3 packs loaded." in out
    assert out.splitlines()[-1].startswith("Self-test FAILED: 1 of")
