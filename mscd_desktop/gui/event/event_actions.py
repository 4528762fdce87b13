"""What the Event screen asks: whether to save a form before leaving it; the organiser PIN
before closing or deleting an event; the way to the Reports screen after closing; and a
second question before records the hub has not received yet are lost
(:mod:`mscd_desktop.core.event_removal`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from mscd_desktop import i18n
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.event_removal import EventDeleted, delete_event
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.core.sync.status import unsynced_count
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.pin_prompt import confirm_with_pin
from mscd_desktop.i18n import _, ngettext


def delete_after_asking(
    parent: QWidget, context: AppContext, event: ev.Event
) -> EventDeleted | None:
    """Delete *event* once its organiser PIN is typed; when records have not reached the
    hub yet, only after a second question that counts them. None when nothing was deleted
    (cancelled, wrong PIN, or refused with a message)."""
    waiting = unsynced_count(context.store, event.id)
    count = formats_for(i18n.current_language()).integer(waiting)
    text = _(
        "Delete “{name}” and everything recorded for it: attendees, tickets, check-ins, "
        "games and energy minutes? This cannot be undone (the backups keep a copy)."
    ).format(name=event.name)
    if waiting:
        text += " " + ngettext(
            "{n} record has not reached the hub yet and will be lost.",
            "{n} records have not reached the hub yet and will be lost.",
            waiting,
        ).format(n=count)
    if not confirm_with_pin(parent, context, title=_("Delete event"), text=text, event=event):
        return None
    if waiting and not _confirm_losing_unsynced(parent, event, waiting, count):
        return None
    try:
        deleted = delete_event(context.store, event.id, discard_unsynced=bool(waiting))
    except MscdError as exc:  # e.g. more records became unsynced meanwhile
        QMessageBox.warning(parent, _("Delete event"), str(exc))
        return None
    if context.event and context.event.id == event.id:
        context.set_event(None)
    context.status_message_requested.emit(_("“{name}” deleted.").format(name=deleted.name))
    return deleted


def _confirm_losing_unsynced(parent: QWidget, event: ev.Event, waiting: int, count: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Delete event"),
        ngettext(
            "The hub has not received {n} record of “{name}” yet. Sync first (Sync "
            "screen), or delete the event anyway and lose it.",
            "The hub has not received {n} records of “{name}” yet. Sync first (Sync "
            "screen), or delete the event anyway and lose them.",
            waiting,
        ).format(n=count, name=event.name),
        parent=parent,
    )
    box.setObjectName("unsyncedDeleteQuestion")
    lose = box.addButton(_("Delete and &lose them"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("&Keep the event"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is lose


def close_after_asking(parent: QWidget, context: AppContext, event: ev.Event) -> bool:
    """Close *event* once its organiser PIN is typed; True when it was closed."""
    if not confirm_with_pin(
        parent,
        context,
        title=_("Close event"),
        text=_("Close “{name}”? It stays available for reports and sync.").format(name=event.name),
        event=event,
    ):
        return False
    ev.close_event(context.store, event.id)
    if context.event and context.event.id == event.id:
        context.set_event(None)
    return True


def offer_reports(parent: QWidget, context: AppContext, event: ev.Event) -> None:
    """After closing: offer to take the reporter to the Reports screen for *event* (not
    modal to the app: the screen goes on behind it)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _("Event closed"),
        _(
            "“{name}” is closed. Make its certificates, attendance list, reach report "
            "and reach card now?"
        ).format(name=event.name),
        parent=parent,
    )
    go = box.addButton(_("Open &Reports"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
    box.setObjectName("reportsOffer")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(
        lambda button: button is go and context.screen_requested.emit("reports", event.id)
    )
    box.open()


def ask_about_unsaved_event(
    parent: QWidget, typed_name: str, editing: ev.Event | None
) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel, for a new event (*editing* None) or changes to *editing*."""
    if editing is None:
        text = (
            _("The new event “{name}” is not saved yet.").format(name=typed_name)
            if typed_name
            else _("The new event is not saved yet.")
        )
    else:
        text = _("Your changes to “{name}” are not saved yet.").format(name=editing.name)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Unsaved event"),
        text,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("unsavedEventQuestion")
    box.setInformativeText(_("Do you want to save it before you leave?"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None:  # closed some other way
        return QMessageBox.StandardButton.Cancel
    return box.standardButton(clicked)
