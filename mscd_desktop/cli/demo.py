"""``mscd demo``: a ready demo event with sample data."""

from __future__ import annotations

import click

from mscd_desktop.cli.common import common_options, emit, open_store
from mscd_desktop.core.demo import DEMO_PIN, create_demo
from mscd_desktop.i18n import _


def register(group: click.Group) -> None:
    """Add the demo command to *group*."""

    @group.command(help=_("Create a ready demo event with sample data and open it."))
    @common_options
    def demo() -> None:
        with open_store() as store:
            event = create_demo(store)
        emit(
            event.as_dict(),
            _("Demo event ready: {name} ({id}). Organiser PIN: {pin}").format(
                name=event.name, id=event.id, pin=DEMO_PIN
            ),
        )
