"""Pushing the outbox to the hub: batch after batch, resumable, one push at a time.

A push holds the sync lock (:mod:`mscd_desktop.core.sync.lock`) and first asks the hub who
it is (a withdrawn token stops everything before anything is built, and the hub's clock
shows how far off the laptop's is). Then, until nothing is left: send the oldest frozen
batch not yet acknowledged (after a cut connection that is the same batch again, so at
most one batch is ever sent twice), or freeze the next one, and mark the hub's answer
item by item. A failure that retrying can fix schedules the next automatic attempt with
backoff; the outbox is kept as it is in every case.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlite_utils

from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync import status as st
from mscd_desktop.core.sync.batches import (
    Batch,
    current_batch,
    is_newest_batch,
    mark_answer,
    mark_failure,
    seal_next_batch,
    split_batch,
)
from mscd_desktop.core.sync.client import REVOKED, TOO_LARGE, TRANSIENT, HubClient, HubError
from mscd_desktop.core.sync.lock import sync_lock
from mscd_desktop.core.sync.protocol import parse_time
from mscd_desktop.i18n import _, ngettext

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PushReport:
    """What one push did."""

    sent: int = 0
    quarantined: int = 0  # refused by the hub, or by the privacy check on this laptop
    batches: int = 0
    remaining: int = 0
    finished: bool = False
    cancelled: bool = False
    error: str | None = None
    error_kind: str | None = None
    next_attempt_at: str | None = None
    clock_offset_s: float | None = None

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return dict(self.__dict__)

    def summary(self) -> str:
        """One sentence for a person."""
        if self.error:
            return self.error
        number = current_formats().integer
        text = ngettext(
            "{sent} record sent; refused: {quarantined}.",
            "{sent} records sent; refused: {quarantined}.",
            self.sent,
        ).format(sent=number(self.sent), quarantined=number(self.quarantined))
        if self.cancelled:
            text += " " + ngettext(
                "Stopped; {n} record waits for the next sync.",
                "Stopped; {n} records wait for the next sync.",
                self.remaining,
            ).format(n=number(self.remaining))
        return text


class _Pusher:
    """One push's state: the client, the counts, and the worker that freezes the next batch
    and marks the previous answer while the hub stores the batch in flight."""

    def __init__(
        self,
        store: Store,
        client: HubClient,
        progress: Progress,
        reader: sqlite_utils.Database,
        venue_key: bytes,
    ) -> None:
        self.store, self.client, self.progress = store, client, progress
        self.reader, self.venue_key = reader, venue_key
        self.sent = self.quarantined = self.batches = 0
        self.total = st.unsynced_count(store)
        self.refused_before = len(st.quarantined_items(store))
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-seal")
        self._marking: Future | None = None

    def clock_offset(self) -> float:
        before = time.time()
        answer = self.client.me()
        after = time.time()
        hub_time = parse_time(answer.get("hub_time"))
        if hub_time is None:
            return 0.0
        return hub_time.timestamp() - (before + after) / 2

    def marked(self) -> None:
        """Wait until the previous answer is marked (a mismatch there stops the push)."""
        marking, self._marking = self._marking, None
        if marking is None:
            return
        try:
            marking.result()
        except ValueError as exc:
            raise HubError(
                _("The hub's answer does not match the batch ({problem}).").format(problem=exc),
                "refused",
            ) from exc

    def next_batch(self) -> Batch | None:
        """The oldest frozen batch not yet acknowledged, else the next one frozen now."""
        self.marked()
        while True:
            batch = current_batch(self.store)
            if batch is not None:
                return batch
            looked_at, _frozen = seal_next_batch(self.store, self.reader, self.venue_key)
            if looked_at == 0:
                return None

    def freeze_ahead(self) -> Future:
        """Freeze the batch after the one about to be sent, on the worker."""
        return self.worker.submit(seal_next_batch, self.store, self.reader, self.venue_key)

    def send(self, batch: Batch) -> None:
        """Send *batch*; its answer is checked here and marked on the worker."""
        while True:
            try:
                answer = self.client.push(batch.body)
            except HubError as error:
                if error.kind == TOO_LARGE and len(batch) > 1:
                    self.marked()
                    split_batch(self.store, batch)
                    batch = current_batch(self.store) or batch
                    continue
                raise
            break
        results = answer.get("results")
        if answer.get("batch_id") != batch.batch_id or not isinstance(results, list):
            raise HubError(_("The hub answered for another batch; nothing was marked."), "refused")
        if len(results) != len(batch) or not all(isinstance(item, dict) for item in results):
            raise HubError(
                _(
                    "The hub's answer does not fit the batch (records sent: {sent}; "
                    "answers: {got}); nothing was marked."
                ).format(
                    got=current_formats().integer(len(results)),
                    sent=current_formats().integer(len(batch)),
                ),
                "refused",
            )
        self.marked()  # the previous answer's marks (long done: they ran while we waited)
        self._marking = self.worker.submit(mark_answer, self.store, batch, results)
        refused = sum(1 for item in results if item.get("status") in ("conflict", "rejected"))
        self.sent += len(results) - refused
        self.quarantined += refused
        self.batches += 1
        self.progress(self.sent + self.quarantined, max(self.total, self.sent + self.quarantined))

    def close(self) -> None:
        """Wait for the worker's last freeze and mark, then stop it."""
        self.worker.shutdown(wait=True)


def push(
    store: Store,
    data_dir: Path | None = None,
    *,
    hub_url: str | None = None,
    token: str | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PushReport:
    """Push everything not yet acknowledged; SyncBusyError when a push already runs.

    *hub_url* and *token* override the enrolled ones for this push only (scripted
    set-ups with ``mscd-hub token create``).
    """
    data_dir = Path(data_dir) if data_dir else store.path.parent
    with sync_lock(data_dir):
        if hub_url is None or token is None:
            access = settings.require_access(store)
            hub_url = hub_url or access.hub_url
            token = token or settings.token(store)
        with HubClient(hub_url, token, transport=transport) as client:
            return _push_locked(
                store, client, progress or (lambda _d, _t: None), is_cancelled or (lambda: False)
            )


def _push_locked(
    store: Store, client: HubClient, progress: Progress, is_cancelled: Callable[[], bool]
) -> PushReport:
    reader = store.open_reader()
    pusher = _Pusher(store, client, progress, reader, settings.venue_key(store))
    batch: Batch | None = None
    offset: float | None = None
    try:
        offset = pusher.clock_offset()
        batch = pusher.next_batch()
        while batch is not None:
            if is_cancelled():
                pusher.marked()
                st.record_success(store, finished=pusher.batches > 0, clock_offset_s=offset)
                return _report(store, pusher, cancelled=True, offset=offset)
            # the next batch is frozen, and this answer marked, while the hub stores the
            # batch in flight; never more than one batch ahead of it
            ahead = pusher.freeze_ahead() if is_newest_batch(store, batch) else None
            try:
                pusher.send(batch)
            finally:
                frozen = ahead.result()[1] if ahead is not None else None
            batch = frozen or pusher.next_batch()
        pusher.marked()
    except HubError as error:
        pusher.close()
        return _failed(store, pusher, error, batch, offset)
    finally:
        pusher.close()
        reader.close()
    st.record_success(store, finished=True, clock_offset_s=offset)
    return _report(store, pusher, finished=True, offset=offset)


def _failed(
    store: Store, pusher: _Pusher, error: HubError, batch: Batch | None, offset: float | None
) -> PushReport:
    message = str(error)
    next_at = None
    if pusher.batches:
        st.record_exchange(store)  # some batches did reach the hub before this
    if error.kind == TRANSIENT:
        next_at = st.record_failure(store, message, error.retry_after)
    else:
        st.record_stop(store, message, revoked=error.kind == REVOKED)
    if batch is not None:
        mark_failure(store, batch, message, next_at)
    return _report(
        store, pusher, error=message, error_kind=error.kind, next_at=next_at, offset=offset
    )


def _report(
    store: Store,
    pusher: _Pusher,
    *,
    finished: bool = False,
    cancelled: bool = False,
    error: str | None = None,
    error_kind: str | None = None,
    next_at: str | None = None,
    offset: float | None = None,
) -> PushReport:
    refused_here = len(st.quarantined_items(store)) - pusher.refused_before - pusher.quarantined
    return PushReport(
        sent=pusher.sent,
        quarantined=pusher.quarantined + max(0, refused_here),
        batches=pusher.batches,
        remaining=st.unsynced_count(store),
        finished=finished,
        cancelled=cancelled,
        error=error,
        error_kind=error_kind,
        next_attempt_at=next_at,
        clock_offset_s=offset,
    )


def seconds_until_next_attempt(store: Store) -> float | None:
    """Seconds until the next automatic attempt (None: none scheduled)."""
    moment = st.parse_utc(settings.get_value(store, st.NEXT_ATTEMPT))
    if moment is None:
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
