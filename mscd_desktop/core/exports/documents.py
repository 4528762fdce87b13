"""Every document the reporter can take home, as data: the Reports screen lists these.

Each entry says what it is, the file it makes, whether a group (for certificates) applies,
and how it is previewed; :func:`write_document` writes any of them to a file with progress
and cancellation, so the GUI runs it off its thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mscd_desktop.core.documents.certificate_files import safe_file_name, write_merged_certificates
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.events import Event, get_event
from mscd_desktop.core.exports.attendance import export_attendance
from mscd_desktop.core.exports.card import write_card
from mscd_desktop.core.exports.reach_files import export_reach
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _


@dataclass(frozen=True)
class ReportDocument:
    """One kind of document: ``preview`` is "pdf", "png" or "" (spreadsheets, data).

    ``personal``: the file names people (certificates, the sign-in sheet, the attendance
    list), so saving it is an admin action; the reach figures and cards are counts only.
    """

    key: str
    label: str  # marked with N_(), translated when shown
    suffix: str
    preview: str
    uses_group: bool = False
    personal: bool = False


DOCUMENTS: tuple[ReportDocument, ...] = (
    ReportDocument(
        "certificates", N_("Participation certificates"), ".pdf", "pdf", True, personal=True
    ),
    ReportDocument("signin", N_("Sign-in sheet"), ".pdf", "pdf", personal=True),
    ReportDocument(
        "attendance_xlsx", N_("Attendance list (Excel workbook)"), ".xlsx", "", personal=True
    ),
    ReportDocument(
        "attendance_csv_excel", N_("Attendance list (CSV for Excel)"), ".csv", "", personal=True
    ),
    ReportDocument("attendance_csv", N_("Attendance list (CSV)"), ".csv", "", personal=True),
    ReportDocument("reach_pdf", N_("Reach report with the EU reporting sheet"), ".pdf", "pdf"),
    ReportDocument(
        "reach_xlsx", N_("Reach report with the EU reporting sheet (Excel)"), ".xlsx", ""
    ),
    ReportDocument("reach_json", N_("Reach report (JSON for scripts)"), ".json", ""),
    ReportDocument("card_wide", N_("Reach card 1200×675 (LinkedIn, X, YouTube)"), ".png", "png"),
    ReportDocument("card_square", N_("Reach card 1080×1080 (square)"), ".png", "png"),
)
_BY_KEY = {d.key: d for d in DOCUMENTS}
_ATTENDANCE = {
    "signin": "pdf",
    "attendance_xlsx": "xlsx",
    "attendance_csv_excel": "csv-excel",
    "attendance_csv": "csv",
}
_NAMES = {
    "certificates": N_("Certificates"),
    "signin": N_("Sign-in sheet"),
    "reach": N_("Reach report"),
    "card": N_("Reach card"),
    "attendance": N_("Attendance"),
}


def document(key: str) -> ReportDocument:
    """The document *key*, or a ValidationError naming it."""
    if key not in _BY_KEY:
        raise ValidationError(
            _("Unknown document '{key}'. Choose from: {known}.").format(
                key=key, known=", ".join(_BY_KEY)
            ),
            field="document",
        )
    return _BY_KEY[key]


def file_name(event: Event, key: str, group_label: str | None = None) -> str:
    """A file name for the document: what it is, the event, the group (e.g. a class)."""
    doc = document(key)
    kind = key.split("_")[0] if key not in ("certificates", "signin") else key
    parts = [_(_NAMES[kind]), event.name] + ([group_label] if group_label else [])
    return safe_file_name(" - ".join(parts), limit=100) + doc.suffix


def write_document(
    store: Store,
    event_id: str,
    key: str,
    path: str | Path,
    group: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write document *key* of the event to *path* (certificates: of *group*, merged)."""
    document(key)
    get_event(store, event_id)
    if key == "certificates":
        return write_merged_certificates(
            store, event_id, path, group, progress, is_cancelled
        ).files[0]
    if key in _ATTENDANCE:
        return export_attendance(
            store, event_id, _ATTENDANCE[key], path, progress, is_cancelled
        ).path
    if key.startswith("reach_"):
        return export_reach(store, event_id, path, progress).path
    size = "1200x675" if key == "card_wide" else "1080x1080"
    return write_card(store, event_id, path, size).path
