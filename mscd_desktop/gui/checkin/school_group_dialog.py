"""The school group dialog: a class arrives with its teacher; children by first name only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from mscd_desktop.core import attendees as at
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.field_errors import show_field_errors
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.i18n import _, ngettext

_FIELDS = ("school", "class_name", "teacher", "age_band", "children")
CHILD_BANDS = tuple(b for b in at.AGE_BANDS if b != "18+")


class SchoolGroupDialog(QDialog):
    """Register a school class for the current event; emits ``group_registered``."""

    group_registered = Signal(object)  # the new core.attendees.SchoolGroup

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if context.event is None:
            raise MscdError(_("Open an event first."))
        self.context = context
        self.event_id = context.event.id
        self.group: at.SchoolGroup | None = None
        self.ui = embed_form(self, "checkin/school_group_dialog", margin=12)
        for band in CHILD_BANDS:
            self.ui.ageBandCombo.addItem(_("{band} years").format(band=band), band)
        save = self.ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("&Save"))  # our catalogue, not qtbase's, names the buttons
        save.setDefault(True)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.childrenEdit.textChanged.connect(self._on_children_edit_text_changed)
        self.ui.messageLabel.hide()
        self._on_children_edit_text_changed()
        self.ui.schoolEdit.setFocus()

    def children(self) -> list[str]:
        """The names typed, one per line, blank lines left out."""
        return [
            line.strip() for line in self.ui.childrenEdit.toPlainText().splitlines() if line.strip()
        ]

    def _on_children_edit_text_changed(self) -> None:
        count = len(self.children())
        self.ui.countLabel.setText(
            ngettext("{count} child", "{count} children", count).format(count=count)
        )

    def _show_errors(self, errors: dict[str, str]) -> None:
        show_field_errors(
            self.ui,
            _FIELDS,
            errors,
            rest_label=self.ui.messageLabel,
            focus={
                "school": self.ui.schoolEdit,
                "class_name": self.ui.classEdit,
                "teacher": self.ui.teacherEdit,
                "children": self.ui.childrenEdit,
            },
        )

    def save(self) -> None:
        """Store the class; on bad input say what is wrong at the field and stay open."""
        try:
            self.group = at.add_school_group(
                self.context.store,
                self.event_id,
                self.ui.schoolEdit.text(),
                self.ui.classEdit.text(),
                self.ui.teacherEdit.text(),
                self.children(),
                self.ui.ageBandCombo.currentData(),
            )
        except ValidationError as exc:
            self._show_errors(exc.errors or {"": exc.message})
            return
        except MscdError as exc:
            self._show_errors({"": str(exc)})
            return
        self.group_registered.emit(self.group)
        self.accept()
