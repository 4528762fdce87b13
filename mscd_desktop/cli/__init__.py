"""The ``mscd`` command: a thin shell over ``mscd_desktop.core``.

Each command group lives in its own module, listed in ``COMMAND_MODULES``; a module
exposes ``register(group)``.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

import click

from mscd_desktop import __version__
from mscd_desktop.cli import (
    attendees,
    backup,
    checkin,
    demo,
    documents,
    energy,
    event_transfer,
    events,
    exports,
    person,
    quiz,
    quiz_results,
    sync,
    tickets,
)
from mscd_desktop.i18n import _, set_language

# In the order they register (quiz_results adds to the group that quiz creates).
COMMAND_MODULES: tuple[ModuleType, ...] = (
    events,
    backup,
    demo,
    quiz,
    energy,
    attendees,
    checkin,
    tickets,
    quiz_results,
    documents,
    exports,
    sync,
    person,
    event_transfer,  # adds to the event group
)


def build_cli() -> click.Group:
    """The ``mscd`` group with every command registered (help in the current language)."""
    from mscd_desktop.cli.common import common_options

    @click.group(
        help=_("Run an energy-efficiency Open House day offline."),
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    @click.version_option(__version__, prog_name="mscd")
    @common_options
    def mscd() -> None:
        pass

    for module in COMMAND_MODULES:
        module.register(mscd)
    return mscd


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``mscd``; returns the exit status."""
    from mscd_desktop.cli.common import run_guarded

    set_language(os.environ.get("MSCD_LANGUAGE") or None)
    status = run_guarded(build_cli(), argv if argv is not None else sys.argv[1:])
    if argv is None:
        sys.exit(status)
    return status
