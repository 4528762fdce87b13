"""The Sync screen: what waits for the hub, Sync now, enrolment, refused records, privacy.

Everything here calls core (``mscd_desktop.core.sync``); network work (enrolment, pushes,
bundles) runs off the GUI thread. Pushes go through the app's one
:class:`~mscd_desktop.gui.common.sync_runner.SyncRunner`, which also retries on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTableWidgetItem, QWidget

from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import Event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import enrolment, offline, settings
from mscd_desktop.core.sync import status as st
from mscd_desktop.core.sync.push import PushReport
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.pin_prompt import confirm_with_pin
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.i18n import N_, _, ngettext

REFRESH_MS = 10_000
KIND_NAMES = {
    "event": N_("Event"),
    "attendee": N_("Attendee"),
    "school_group": N_("School group"),
    "checkin": N_("Check-in"),
    "game_result": N_("Kiosk game"),
    "energy_minute": N_("Energy minute"),
    "certificate": N_("Certificate"),
}


class SyncScreen(Screen):
    """The hub, the backlog and Sync now on the left; refused records and privacy on the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ui = self.load_form("sync/sync_screen")
        self.status: st.SyncStatus | None = None
        self._task: TaskHandle | None = None  # enrolment or bundle in progress
        header = self.ui.quarantineTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.ui.quarantineTable.verticalHeader().setVisible(False)
        self.ui.syncButton.clicked.connect(self._on_sync_clicked)
        self.ui.cancelButton.clicked.connect(self._on_cancel_clicked)
        self.ui.bundleButton.clicked.connect(self._on_bundle_clicked)
        self.ui.enrolButton.clicked.connect(self._on_enrol_clicked)
        self.ui.codeEdit.returnPressed.connect(self._on_enrol_clicked)
        self.ui.tokenButton.clicked.connect(self._on_token_clicked)
        self.ui.shareContactsBox.clicked.connect(self._on_share_contacts_clicked)
        self.ui.shareCertificatesBox.clicked.connect(self._on_share_certificates_clicked)
        self.ui.purgeDaysSpin.editingFinished.connect(self._on_purge_days_edited)
        runner = context.sync
        runner.sync_started.connect(self._on_sync_started)
        runner.sync_progressed.connect(self._on_sync_progressed)
        runner.sync_finished.connect(self._on_sync_finished)
        runner.sync_failed.connect(self._on_sync_failed)
        runner.status_changed.connect(self.refresh)
        self._refresh_timer = QTimer(self, interval=REFRESH_MS)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)
        self._refresh_timer.start()
        self.refresh()

    # -- showing the state ----------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the sync status and the settings from the store."""
        self.status = status = st.sync_status(self.context.store)
        self.ui.summaryLabel.setText(status.summary())
        lines = []
        if status.enrolled:
            if not self.ui.hubEdit.text():
                self.ui.hubEdit.setText(status.hub_url)
            lines.append(
                _("Hub: {url} (venue {venue}).").format(url=status.hub_url, venue=status.venue)
            )
            if status.next_attempt_at and not self.context.sync.running:
                lines.append(
                    _("Next automatic attempt at {time}.").format(
                        time=st.local_time(status.next_attempt_at)
                    )
                )
        else:
            lines.append(_("This laptop is not enrolled with a hub yet: see below."))
        warning = status.clock_warning()
        if warning:
            lines.append(warning)
        self.ui.detailLabel.setText("\n".join(lines))
        problem = status.last_error or ""
        if status.access_revoked:
            problem = _(
                "This laptop's hub access was withdrawn. Nothing was lost: the records wait "
                "here. Enrol again with a new code, or enter the new token below."
            )
        self.ui.problemLabel.setText(problem)
        self.ui.problemLabel.setVisible(bool(problem))
        self._fill_quarantine(status.quarantined)
        self._show_privacy()
        self._update_buttons()

    def _fill_quarantine(self, items: list[st.QuarantinedItem]) -> None:
        table = self.ui.quarantineTable
        table.setRowCount(len(items))
        for row, item in enumerate(items):
            kind = QTableWidgetItem(_(KIND_NAMES.get(item.kind, item.kind)))
            kind.setToolTip(item.record_id)
            table.setItem(row, 0, kind)
            table.setItem(row, 1, QTableWidgetItem(st.local_when(item.occurred_at)))
            reason = QTableWidgetItem(item.reason)
            reason.setToolTip(item.reason)
            table.setItem(row, 2, reason)
        table.resizeRowsToContents()
        self.ui.quarantineBox.setTitle(
            _("Refused by the hub (never retried): {n}").format(
                n=current_formats().integer(len(items))
            )
            if items
            else _("Refused by the hub (never retried)")
        )

    def _show_privacy(self) -> None:
        event = self.context.event
        store = self.context.store
        for box, shared in (
            (self.ui.shareContactsBox, settings.shares_adult_contacts),
            (self.ui.shareCertificatesBox, settings.shares_certificates),
        ):
            box.setEnabled(event is not None)
            box.setChecked(event is not None and shared(store, event.id))
            box.setToolTip(
                _("Open an event to choose.")
                if event is None
                else _("Only for {event}; the hub refuses names without this choice.").format(
                    event=event.name
                )
            )
        self.ui.purgeDaysSpin.setValue(settings.purge_days(store))

    def _update_buttons(self) -> None:
        running = self.context.sync.running
        busy = self._task is not None
        enrolled = bool(self.status and self.status.enrolled)
        self.ui.syncButton.setEnabled(enrolled and not running)
        self.ui.cancelButton.setEnabled(running)
        self.ui.bundleButton.setEnabled(enrolled and not running and not busy)
        self.ui.enrolButton.setEnabled(not running and not busy)
        self.ui.tokenButton.setEnabled(enrolled and not running)

    def _say(self, text: str) -> None:
        self.ui.messageLabel.setText(text)

    # -- Sync now ---------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Start a push now (False when one runs already)."""
        return self.context.sync.sync_now()

    def _on_sync_clicked(self) -> None:
        self.sync_now()

    def _on_cancel_clicked(self) -> None:
        self.context.sync.cancel()
        self._say(_("Stopping after the batch on its way…"))

    def _on_sync_started(self) -> None:
        self.ui.progressBar.setRange(0, 0)  # busy until the first answer
        self.ui.progressBar.setVisible(True)
        self._say(_("Syncing…"))
        had_focus = self.ui.syncButton.hasFocus()
        self._update_buttons()
        if had_focus:  # not to the next field, where typing would replace the hub address
            self.ui.cancelButton.setFocus()

    def _on_sync_progressed(self, done: int, total: int) -> None:
        self.ui.progressBar.setRange(0, max(total, 1))
        self.ui.progressBar.setValue(done)
        number = current_formats().integer
        self.ui.progressBar.setFormat(
            ngettext("{done} of {total} record", "{done} of {total} records", total).format(
                done=number(done), total=number(total)
            )
        )

    def _on_sync_finished(self, report: PushReport) -> None:
        self._sync_ended(report.summary())

    def _on_sync_failed(self, message: str) -> None:
        self._sync_ended(message)

    def _sync_ended(self, message: str) -> None:
        self.ui.progressBar.setVisible(False)
        self._say(message)
        had_focus = self.ui.cancelButton.hasFocus()
        self.refresh()
        if had_focus:
            self.ui.syncButton.setFocus()

    # -- enrolment and token ----------------------------------------------------------------

    def enrol(self, hub_url: str, code: str) -> TaskHandle | None:
        """Enrol with the hub (off the GUI thread); None when something runs already."""
        if self._task is not None:
            return None
        store = self.context.store
        self._say(_("Asking the hub…"))
        self._task = run_task(
            lambda _progress, _cancelled: enrolment.enrol(store, code, hub_url or None),
            on_done=self._on_enrol_done,
            on_error=self._on_task_error,
        )
        self._update_buttons()
        return self._task

    def _on_enrol_clicked(self) -> None:
        self.enrol(self.ui.hubEdit.text().strip(), self.ui.codeEdit.text().strip())

    def _on_enrol_done(self, access: settings.HubAccess) -> None:
        self._task = None
        self.ui.codeEdit.clear()
        self.ui.hubEdit.setText(access.hub_url)
        self.ui.syncButton.setFocus()
        self._say(
            _("Enrolled with {url} for venue {venue}. Sync now sends what waits.").format(
                url=access.hub_url, venue=access.venue
            )
        )
        self.refresh()

    def _on_task_error(self, exc: BaseException) -> None:
        self._task = None
        self._say(str(exc) if isinstance(exc, MscdError) else repr(exc))
        self.refresh()

    def _on_token_clicked(self) -> None:
        try:
            settings.replace_token(self.context.store, self.ui.tokenEdit.text())
        except MscdError as exc:
            self._say(str(exc))
            return
        self.ui.tokenEdit.clear()
        self._say(_("The new token is kept (sealed) for the next sync."))
        self.refresh()

    # -- bundle -------------------------------------------------------------------------------

    def write_bundle(self, path: Path) -> TaskHandle | None:
        """Write an offline bundle to *path* (off the GUI thread)."""
        if self._task is not None:
            return None
        store, data_dir = self.context.store, self.context.data_dir
        self._say(_("Writing the bundle…"))
        self._task = run_task(
            lambda _progress, _cancelled: offline.write_offline_bundle(store, path, data_dir),
            on_done=self._on_bundle_done,
            on_error=self._on_task_error,
        )
        self._update_buttons()
        return self._task

    def _on_bundle_clicked(self) -> None:
        if not confirm_with_pin(
            self,
            self.context,
            title=_("Write the bundle"),
            text=_(
                "The bundle holds every record not yet synced, as the hub would get them "
                "(contacts only where the event shares them). Once on a USB stick, it can "
                "be copied anywhere. Write it?"
            ),
        ):
            return
        venue = (self.status.venue if self.status else "") or "venue"
        suggested = f"mscd-{venue}-{date.today().isoformat()}.mscdbundle".replace(" ", "-")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Write the bundle"), suggested, _("Sync bundles (*.mscdbundle)")
        )
        if path:
            self.write_bundle(Path(path))

    def _on_bundle_done(self, written: offline.BundleWritten) -> None:
        self._task = None
        self._say(
            ngettext(
                "{n} record written to {path}. Hand the file to the hub's admin (mscd-hub "
                "import) or upload it from any enrolled laptop; it stays here until a sync "
                "confirms it.",
                "{n} records written to {path}. Hand the file to the hub's admin (mscd-hub "
                "import) or upload it from any enrolled laptop; they stay here until a sync "
                "confirms them.",
                written.records,
            ).format(n=current_formats().integer(written.records), path=written.path)
        )
        self.refresh()

    # -- privacy ------------------------------------------------------------------------------

    def _on_share_contacts_clicked(self, checked: bool) -> None:
        self._share(
            checked,
            settings.set_share_adult_contacts,
            _("Share adults' contact details"),
            _(
                "The names, e-mails and organisations of the adults of {event} who agreed to "
                "be contacted will go to the cluster hub at the next sync."
            ),
            (
                lambda n: ngettext(
                    "{n} adult's contact details go to the hub at the next sync.",
                    "{n} adults' contact details go to the hub at the next sync.",
                    n,
                ),
                lambda _n: _("Adults' contact details stay here; the hub forgets those it had."),
            ),
        )

    def _on_share_certificates_clicked(self, checked: bool) -> None:
        self._share(
            checked,
            settings.set_share_certificates,
            _("Verify certificates on the hub"),
            _(
                "The codes and first names of the certificates of {event} (children's too) "
                "will go to the cluster hub at the next sync, so that anyone can check a "
                "certificate there."
            ),
            (
                lambda n: ngettext(
                    "{n} certificate goes to the hub at the next sync.",
                    "{n} certificates go to the hub at the next sync.",
                    n,
                ),
                lambda _n: _("Certificates stay here; the hub forgets those it had."),
            ),
        )

    def _share(
        self,
        checked: bool,
        setter: Callable[[Store, str, bool], int],
        title: str,
        question: str,
        outcomes: tuple[Callable[[int], str], Callable[[int], str]],
    ) -> None:
        """Turn one of the event's opt-ins on (after the organiser PIN) or off."""
        event = self.context.event
        if event is None or not self._allowed_to_share(
            checked, title, question.format(event=event.name)
        ):
            return
        changed = setter(self.context.store, event.id, checked)
        self._say(outcomes[not checked](changed).format(n=current_formats().integer(changed)))
        self.refresh()

    def _allowed_to_share(self, checked: bool, title: str, text: str) -> bool:
        """Turning sharing on needs the organiser PIN; turning it off does not."""
        if not checked or confirm_with_pin(self, self.context, title=title, text=text):
            return True
        self._show_privacy()
        return False

    def _on_purge_days_edited(self) -> None:
        days = self.ui.purgeDaysSpin.value()
        if days != settings.purge_days(self.context.store):
            settings.set_purge_days(self.context.store, days)
            self.context.sync.purge_in_background()

    # -- screen life ----------------------------------------------------------------------------

    def _on_refresh_timer_timeout(self) -> None:
        if self.isVisible():
            self.refresh()

    def on_event_changed(self, event: Event | None) -> None:
        """The current event changed: its opt-in shows."""
        self._show_privacy()

    def on_shown(self) -> None:
        """Navigated to: show the latest state."""
        self.refresh()

    def shutdown(self) -> None:
        """The window closes."""
        self._refresh_timer.stop()
