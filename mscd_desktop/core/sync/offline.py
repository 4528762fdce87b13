"""Offline bundles for a USB stick: everything not yet acknowledged, signed by this laptop.

The bundle holds the same records a push would send, frozen the same way (so a later push
or a second bundle carries the same ids and hashes, and the hub answers ``duplicate``).
Writing one does not mark anything as sent: the laptop cannot know whether or when the
stick reaches the hub, so the records stay in the outbox until a push hears back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import httpx

from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync.batches import seal_next_batch
from mscd_desktop.core.sync.bundles import write_bundle
from mscd_desktop.core.sync.client import HubClient
from mscd_desktop.core.sync.lock import sync_lock
from mscd_desktop.core.sync.outbox import READY, TABLE
from mscd_desktop.i18n import _


@dataclass(frozen=True)
class BundleWritten:
    """A bundle on disk."""

    path: str
    records: int

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {"path": self.path, "records": self.records}


def unacknowledged_records(store: Store) -> list[dict]:
    """Every frozen record the hub has not acknowledged, as wire records, in order."""
    with store.read() as db:
        rows = db.execute(
            f"SELECT record_id, kind, event_id, occurred_at, payload_hash, payload, corrects "
            f"FROM {TABLE} WHERE state = ? ORDER BY seq",
            [READY],
        ).fetchall()
    return [
        {
            "id": record_id,
            "kind": kind,
            "event_id": event_id,
            "occurred_at": occurred_at,
            "payload_hash": digest,
            "payload": json.loads(payload),
            "corrects": corrects,
        }
        for record_id, kind, event_id, occurred_at, digest, payload, corrects in rows
    ]


def write_offline_bundle(store: Store, path: Path, data_dir: Path | None = None) -> BundleWritten:
    """Freeze whatever is pending and write every unacknowledged record to *path*
    (a temporary file beside it, then renamed: a cut leaves no half bundle)."""
    access = settings.require_access(store)
    key = settings.device_key(store)
    path = Path(path)
    if path.is_dir():
        raise MscdError(_("{path} is a folder; give a file name for the bundle.").format(path=path))
    if not path.parent.is_dir():
        raise MscdError(
            _("The folder {folder} does not exist (is the USB stick plugged in?).").format(
                folder=path.parent
            )
        )
    with sync_lock(Path(data_dir) if data_dir else store.path.parent):
        venue_key = settings.venue_key(store)
        reader = store.open_reader()
        try:
            while seal_next_batch(store, reader, venue_key)[0]:
                pass
        finally:
            reader.close()
        records = unacknowledged_records(store)
        try:
            write_bundle(path, access.device_id, key, records)
        except OSError as exc:
            raise MscdError(
                _("The bundle could not be written to {path}: {problem}").format(
                    path=path, problem=exc.strerror or exc
                )
            ) from exc
    return BundleWritten(str(path), len(records))


@dataclass(frozen=True)
class BundleCarried:
    """What the hub did with a bundle this laptop carried to it."""

    path: str
    counts: dict

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {"path": self.path, "counts": dict(self.counts)}


def carry_bundle(
    store: Store, path: Path, *, transport: httpx.BaseTransport | None = None
) -> BundleCarried:
    """Hand a bundle (this laptop's or another's) to the hub this laptop is enrolled with.

    The hub checks the signature of the laptop that wrote it, whoever carries it.
    """
    access = settings.require_access(store)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise MscdError(
            _("Cannot read {path}: {problem}").format(path=path, problem=exc.strerror or exc)
        ) from exc
    with HubClient(access.hub_url, settings.token(store), transport=transport) as client:
        answer = client.upload_bundle(data)
    return BundleCarried(str(path), dict(answer.get("counts") or {}))
