"""The README stays true: every CLI command is documented, every screen has a picture."""

from __future__ import annotations

from pathlib import Path

import click

from mscd_desktop.cli import build_cli
from mscd_desktop.gui.shell.screens import SCREENS
from mscd_desktop.hub.cli import hub

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str) -> list[str]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append(path)
    return found


def test_every_cli_command_is_in_the_readme():
    commands = _commands(build_cli(), "mscd")
    assert len(commands) >= 10
    assert [c for c in commands if c not in README] == []


def test_every_hub_command_is_in_the_readme():
    commands = _commands(hub, "mscd-hub")
    assert len(commands) >= 10
    assert [c for c in commands if c not in README] == []


def test_every_screen_has_a_screenshot_in_the_readme():
    for spec in SCREENS:
        assert f"### {spec.title}" in README, spec.key
    pictures = [
        line.split("(")[1].rstrip(")") for line in README.splitlines() if line.startswith("![")
    ]
    assert len(pictures) >= len(SCREENS)
    for picture in pictures:
        assert (ROOT / picture).is_file(), picture


def test_readme_gives_the_two_set_up_commands_that_ci_runs():
    assert "python3 dev.py demo" in README and "python3 dev.py test" in README
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text()
