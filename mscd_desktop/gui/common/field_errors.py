"""Showing a ValidationError at its fields: the house way for every form."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def show_field_errors(
    form: QWidget,
    fields: tuple[str, ...],
    errors: dict[str, str],
    focus: dict[str, QWidget],
    rest_label: QLabel | None = None,
) -> QWidget | None:
    """Put each message in its field's ``<field>Error`` label (hiding the others), the
    messages of no listed field in *rest_label*, and the focus on the first bad field,
    which is returned."""
    for name in fields:
        label: QLabel = getattr(form, f"{name}Error")
        label.setText(errors.get(name, ""))
        label.setVisible(name in errors)
    if rest_label is not None:
        rest = [message for field, message in errors.items() if field not in fields]
        rest_label.setText(" ".join(rest))
        rest_label.setVisible(bool(rest))
    first = next((focus[f] for f in fields if f in errors and f in focus), None)
    if first is not None:
        first.setFocus()
    return first
