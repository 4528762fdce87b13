"""Refusing to throw away what the hub has not received yet."""

from __future__ import annotations

from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync.status import unsynced_count
from mscd_desktop.i18n import ngettext


class UnsyncedRecordsError(MscdError):
    """An action would lose records that the hub has not acknowledged."""

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


def refuse_while_unsynced(store: Store, event_id: str, override_hint: str = "") -> None:
    """UnsyncedRecordsError when *event_id* has records not yet acknowledged by the hub.

    *override_hint* (e.g. how to force it on the command line) ends the message.
    """
    count = unsynced_count(store, event_id)
    if count == 0:
        return
    message = ngettext(
        "This event has {n} record not yet synced to the hub. Sync first (Sync screen or "
        "mscd sync push), or carry it on a USB stick (mscd sync bundle).",
        "This event has {n} records not yet synced to the hub. Sync first (Sync screen or "
        "mscd sync push), or carry them on a USB stick (mscd sync bundle).",
        count,
    ).format(n=current_formats().integer(count))
    raise UnsyncedRecordsError(f"{message} {override_hint}".strip(), count)
