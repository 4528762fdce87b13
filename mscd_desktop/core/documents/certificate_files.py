"""Writing certificates: one PDF per person, or one merged PDF, whole or not at all.

A batch is drawn into a hidden folder beside the target and moved into place only when
every file is complete; a cancelled or failed batch leaves nothing behind. Long batches
report ``progress(done, total)`` and stop soon after ``is_cancelled()`` turns true, so the
GUI can run them off its thread (``gui.workers.run_task``).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from mscd_desktop.core.atomic_files import Cancelled, atomic_path, check_folder, file_error
from mscd_desktop.core.documents.certificate_layout import PAGE, CertificateItem, draw_certificate
from mscd_desktop.core.documents.certificates import certificate_items, recipients
from mscd_desktop.core.documents.fonts import register_fonts
from mscd_desktop.core.documents.page_parts import EventArt, load_event_art
from mscd_desktop.core.events import Event, get_event
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


@dataclass(frozen=True)
class CertificateBatch:
    """What a batch wrote: the files (one merged file, or one per person) and how many
    certificates they hold."""

    files: tuple[Path, ...]
    certificates: int

    def as_dict(self) -> dict:
        """Plain data for ``--json``."""
        return {"files": [str(f) for f in self.files], "certificates": self.certificates}


def safe_file_name(text: str, limit: int = 60) -> str:
    """*text* usable as a file name on Windows, macOS and Linux (letters of every script
    kept; separators, control characters and trailing dots removed)."""
    cleaned = " ".join(_UNSAFE.sub(" ", text).split())[:limit].strip(" .")
    return cleaned or "certificate"


def _new_canvas(target: str | io.BytesIO, event: Event) -> Canvas:
    canvas = Canvas(target, pagesize=PAGE)
    canvas.setTitle(event.name)
    canvas.setAuthor(event.project)
    canvas.setCreator("mscd-desktop")
    return canvas


def render_pdf(
    items: list[CertificateItem],
    art: EventArt,
    event: Event,
    target: str | io.BytesIO,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> None:
    """Draw *items*, one page each, into one PDF at *target*."""
    register_fonts()
    canvas = _new_canvas(target, event)
    for index, item in enumerate(items):
        if is_cancelled and is_cancelled():
            raise Cancelled(_("Making certificates was cancelled; no file was written."))
        draw_certificate(canvas, item, art)
        canvas.showPage()
        if progress:
            progress(index + 1, len(items))
    canvas.save()


def certificate_pdf(
    store: Store, event_id: str, group: str | None = None, limit: int | None = 1
) -> bytes:
    """The first *limit* certificates (all with None) of a batch as PDF bytes, for a
    preview."""
    event = get_event(store, event_id)
    people = recipients(store, event, group)[:limit]
    buffer = io.BytesIO()
    render_pdf(
        certificate_items(store, event, people), load_event_art(store, event.id), event, buffer
    )
    return buffer.getvalue()


def _batch_name(event: Event, group: str | None) -> str:
    parts = [_("Certificates"), event.name] + ([group] if group else [])
    return safe_file_name(" - ".join(parts), limit=100) + ".pdf"


def write_certificates(
    store: Store,
    event_id: str,
    out_dir: str | Path,
    *,
    group: str | None = None,
    merged: bool = False,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> CertificateBatch:
    """Write the certificates of the event (or of *group*) into *out_dir*: one PDF per
    person named after them and their code, or with *merged* one PDF of all."""
    out_dir = check_folder(Path(out_dir))
    event = get_event(store, event_id)
    if merged:
        target = out_dir / _batch_name(event, group)
        return write_merged_certificates(store, event.id, target, group, progress, is_cancelled)
    people = recipients(store, event, group)
    items = certificate_items(store, event, people)
    art = load_event_art(store, event.id)
    return CertificateBatch(
        _write_each(items, art, event, out_dir, progress, is_cancelled), len(items)
    )


def write_merged_certificates(
    store: Store,
    event_id: str,
    path: str | Path,
    group: str | None = None,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> CertificateBatch:
    """Write the certificates of the event (or of *group*) as one PDF at *path*."""
    event = get_event(store, event_id)
    items = certificate_items(store, event, recipients(store, event, group))
    art = load_event_art(store, event.id)
    with atomic_path(path) as partial:
        render_pdf(items, art, event, str(partial), progress, is_cancelled)
    return CertificateBatch((Path(path),), len(items))


def _write_each(
    items: list[CertificateItem],
    art: EventArt,
    event: Event,
    out_dir: Path,
    progress: Progress | None,
    is_cancelled: IsCancelled | None,
) -> tuple[Path, ...]:
    register_fonts()
    names = [f"{safe_file_name(item.name)} {item.code}.pdf" for item in items]
    staging = out_dir / f".certificates-{os.getpid()}-{id(items):x}.part"
    current = out_dir / (names[0] if names else "")
    try:
        staging.mkdir()
        for index, (item, name) in enumerate(zip(items, names, strict=True)):
            if is_cancelled and is_cancelled():
                raise Cancelled(_("Making certificates was cancelled; no file was written."))
            current = out_dir / name
            canvas = _new_canvas(str(staging / name), event)
            draw_certificate(canvas, item, art)
            canvas.showPage()
            canvas.save()
            if progress:
                progress(index + 1, len(items))
        for name in names:
            os.replace(staging / name, out_dir / name)
    except OSError as exc:
        raise file_error(exc, current) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return tuple(out_dir / name for name in names)
