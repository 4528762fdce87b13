"""The event's ticket keys and cancelled tickets, for the organiser.

Lists the signing keys (fingerprint, created, signing or retired, how many tickets each
signed) and starts a new key, retires one or cancels a ticket by its short code or id. Each
of those asks for the organiser PIN first (:func:`confirm_with_pin`), saying what will
happen. The same actions exist on the command line (``mscd tickets keys …``,
``mscd tickets revoke``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidgetItem, QWidget

from mscd_desktop.core import ticket_keys as keys
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.gui.common.pin_prompt import confirm_with_pin
from mscd_desktop.i18n import _, ngettext


def key_state(key: keys.TicketKey) -> str:
    """Retired (since when), signing new tickets, or verifying older ones."""
    if key.retired:
        return _("retired {date}").format(date=current_formats().stamp_date(key.retired_at or ""))
    return _("signs new tickets") if key.signing else _("verifies")


class TicketKeysDialog(QDialog):
    """Rotate and retire the current event's keys; cancel one of its tickets."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if context.event is None:
            raise MscdError(_("Open an event first."))
        self.context = context
        self.ui = embed_form(self, "checkin/ticket_keys_dialog", margin=12)
        self.setWindowTitle(self.windowTitle() or _("Ticket keys and cancelled tickets"))
        header = self.ui.keysTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.ui.keysTable.verticalHeader().setVisible(False)
        self.ui.keysTable.itemSelectionChanged.connect(self._update_buttons)
        self.ui.rotateButton.clicked.connect(self._on_rotate_clicked)
        self.ui.retireButton.clicked.connect(self._on_retire_clicked)
        self.ui.revokeButton.clicked.connect(self._on_revoke_clicked)
        self.ui.ticketEdit.returnPressed.connect(self._on_revoke_clicked)
        close = self.ui.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        # Enter in the ticket field cancels that ticket, never rotates a key or closes
        for button in (self.ui.rotateButton, self.ui.retireButton, self.ui.revokeButton, close):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.refresh()

    @property
    def event_id(self) -> str:
        """The event whose keys are shown."""
        return self.context.event.id

    def refresh(self) -> None:
        """Fill the table with the event's keys, oldest first."""
        self.keys = keys.list_keys(self.context.store, self.event_id)
        table = self.ui.keysTable
        table.setRowCount(len(self.keys))
        for row, key in enumerate(self.keys):
            count = (
                ngettext("{n} ticket, refused", "{n} tickets, refused", key.active_tickets)
                if key.retired
                else ngettext("{n} active ticket", "{n} active tickets", key.active_tickets)
            )
            cells = (
                str(key.key_no),
                key.fingerprint,
                current_formats().stamp_date(key.created_at),
                key_state(key),
                count.format(n=current_formats().integer(key.active_tickets)),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, key.key_no)
                table.setItem(row, column, item)
        self._update_buttons()

    def selected_key(self) -> keys.TicketKey | None:
        """The key chosen in the table, if any."""
        rows = {index.row() for index in self.ui.keysTable.selectedIndexes()}
        return self.keys[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        key = self.selected_key()
        self.ui.retireButton.setEnabled(key is not None and not key.retired)

    def _say(self, text: str) -> None:
        self.ui.messageLabel.setText(text)

    def _on_rotate_clicked(self) -> None:
        if not confirm_with_pin(
            self,
            self.context,
            title=_("Start a new key"),
            text=_("New tickets will be signed with a new key. Tickets already issued stay valid."),
        ):
            return
        try:
            number = keys.rotate_key(self.context.store, self.event_id)
        except MscdError as exc:
            self._say(str(exc))
            return
        self.refresh()
        self._say(
            _("Key {key} signs new tickets from now on; older tickets stay valid.").format(
                key=number
            )
        )

    def _on_retire_clicked(self) -> None:
        key = self.selected_key()
        if key is None or key.retired:
            return
        warning = ngettext(
            "Retire key {key}? Its {n} ticket will be refused from now on, scanned or typed, "
            "at every desk. This cannot be undone.",
            "Retire key {key}? Its {n} tickets will be refused from now on, scanned or typed, "
            "at every desk. This cannot be undone.",
            key.active_tickets,
        ).format(key=key.key_no, n=current_formats().integer(key.active_tickets))
        if not confirm_with_pin(self, self.context, title=_("Retire a key"), text=warning):
            return
        try:
            keys.retire_key(self.context.store, self.event_id, key.key_no)
        except MscdError as exc:
            self._say(str(exc))
            return
        self.refresh()
        self._say(
            ngettext(
                "Key {key} is retired: its {n} ticket is refused from now on. Re-issue it "
                "(mscd tickets reissue) or check its holder in by name.",
                "Key {key} is retired: its {n} tickets are refused from now on. Re-issue "
                "them (mscd tickets reissue) or check their holders in by name.",
                key.active_tickets,
            ).format(key=key.key_no, n=current_formats().integer(key.active_tickets))
        )

    def _on_revoke_clicked(self) -> None:
        text = self.ui.ticketEdit.text().strip()
        if not text:
            return
        try:
            ticket = tk.find_ticket(self.context.store, self.event_id, text)
            if ticket.revoked:
                raise MscdError(
                    _("Ticket {id} was already cancelled.").format(id=ticket.short_code)
                )
        except MscdError as exc:
            self._say(str(exc))
            return
        holder = tk.ticket_holder(self.context.store, ticket)
        if not confirm_with_pin(
            self,
            self.context,
            title=_("Cancel a ticket"),
            text=_(
                "Cancel ticket {code} ({holder})? Its QR code and short code will be refused "
                "from now on."
            ).format(code=ticket.short_code, holder=holder),
        ):
            return
        try:
            tk.revoke_ticket(self.context.store, ticket.id)
        except MscdError as exc:
            self._say(str(exc))
            return
        self.ui.ticketEdit.clear()
        self.refresh()
        self._say(
            _("Ticket {code} ({holder}) is cancelled: it is refused from now on.").format(
                code=ticket.short_code, holder=holder
            )
        )
