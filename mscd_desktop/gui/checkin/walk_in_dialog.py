"""The walk-in dialog: register someone at the door in a few seconds.

Type the name, pick who they are (one big button per audience, Alt+1, Alt+2, ...),
optionally their organisation, e-mail and consents, and press Enter.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QWidget,
)

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.field_errors import show_field_errors
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.i18n import _

_FIELDS = ("name", "audience", "organisation", "email")
_CHOICE_STYLE = (
    "QPushButton:checked { background: #13795b; color: #ffffff; "
    "font-weight: bold; border-radius: 4px; }"
)


def walk_in_audiences(event: ev.Event) -> list[str]:
    """The audiences a walk-in can have at *event* (adults: no school children)."""
    codes = [a for a in (event.audiences or list(ev.AUDIENCES)) if a != "school_children"]
    return codes or [a for a in ev.AUDIENCES if a != "school_children"]


class WalkInDialog(QDialog):
    """Register a walk-in for the current event; emits ``walk_in_registered``."""

    walk_in_registered = Signal(object)  # the new core.attendees.Attendee
    similar_found = Signal(list)  # attendees already registered under that name or e-mail
    _last_audience: str | None = None  # the door sees the same kind of visitor in a row

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if context.event is None:
            raise MscdError(_("Open an event first."))
        self.context = context
        self.current_event = context.event
        self.attendee: at.Attendee | None = None
        self._confirmed: tuple[str, str] | None = None
        self.ui = embed_form(self, "checkin/walk_in_dialog", margin=12)
        self.audience_group = QButtonGroup(self)
        self.audience_group.setExclusive(True)
        self.audience_buttons: dict[str, QPushButton] = {}
        self._build_audience_buttons()
        save = self.ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("&Save"))  # our catalogue, not qtbase's, names the buttons
        save.setDefault(True)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.messageLabel.hide()
        self.ui.nameEdit.setFocus()

    def _build_audience_buttons(self) -> None:
        codes = walk_in_audiences(self.current_event)
        self.ui.audienceBox.setStyleSheet(_CHOICE_STYLE)
        for index, code in enumerate(codes):
            button = QPushButton(ev.audience_label(code), self.ui.audienceBox)
            button.setObjectName(f"audience_{code}")
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter always saves
            button.setMinimumHeight(40)
            if index < 9:
                button.setShortcut(QKeySequence(f"Alt+{index + 1}"))
                button.setToolTip(_("Alt+{number}").format(number=index + 1))
            self.audience_group.addButton(button)
            self.ui.audienceGrid.addWidget(button, index // 3, index % 3)
            self.audience_buttons[code] = button
        preferred = WalkInDialog._last_audience
        if preferred not in self.audience_buttons:
            preferred = "citizens" if "citizens" in self.audience_buttons else codes[0]
        self.audience_buttons[preferred].setChecked(True)

    def chosen_audience(self) -> str | None:
        """The audience code of the pressed button."""
        button = self.audience_group.checkedButton()
        return button.objectName().removeprefix("audience_") if button else None

    def _show_errors(self, errors: dict[str, str]) -> None:
        bad = show_field_errors(
            self.ui,
            _FIELDS,
            errors,
            rest_label=self.ui.messageLabel,
            focus={
                "name": self.ui.nameEdit,
                "organisation": self.ui.organisationEdit,
                "email": self.ui.emailEdit,
            },
        )
        if bad is not None:
            bad.selectAll()  # typing replaces the wrong text at once

    def _already_registered(self) -> bool:
        """Say so (once) when the person seems registered; a second Save goes ahead."""
        key = (at.fold(self.ui.nameEdit.text()), self.ui.emailEdit.text().strip().lower())
        if key == self._confirmed:
            return False
        found = at.find_similar(
            self.context.store,
            self.current_event.id,
            self.ui.nameEdit.text(),
            self.ui.emailEdit.text() or None,
        )
        if not found:
            return False
        self._confirmed = key
        people = "; ".join(
            ", ".join(p for p in (a.name, a.organisation, a.email or "") if p) for a in found
        )
        self._show_errors(
            {
                "": _(
                    "Already registered: {people}. Look them up on the "
                    "check-in screen, or press Save again to register a new "
                    "person."
                ).format(people=people)
            }
        )
        self.similar_found.emit(found)
        return True

    def save(self) -> None:
        """Store the walk-in; on bad input say what is wrong at the field and stay open."""
        if self._already_registered():
            return
        try:
            self.attendee = at.register_walk_in(
                self.context.store,
                self.current_event.id,
                self.ui.nameEdit.text(),
                self.chosen_audience() or "",
                organisation=self.ui.organisationEdit.text(),
                email=self.ui.emailEdit.text() or None,
                consent_photo=self.ui.photoCheck.isChecked(),
                consent_contact=self.ui.contactCheck.isChecked(),
            )
        except ValidationError as exc:
            self._show_errors(exc.errors or {"": exc.message})
            return
        except MscdError as exc:
            self._show_errors({"": str(exc)})
            return
        WalkInDialog._last_audience = self.attendee.audience
        self.walk_in_registered.emit(self.attendee)
        self.accept()
