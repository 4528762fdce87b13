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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync import status as st
from mscd_desktop.core.sync.batches import (
    Batch,
    current_batch,
    mark_answer,
    mark_failure,
    ready_batches,
    seal_next_batch,
    split_batch,
)
from mscd_desktop.core.sync.client import REVOKED, TOO_LARGE, TRANSIENT, HubClient, HubError
from mscd_desktop.core.sync.lock import sync_lock
from mscd_desktop.core.sync.protocol import parse_time
from mscd_desktop.i18n import _

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
        text = _("{sent} records sent, {quarantined} refused.").format(
            sent=self.sent, quarantined=self.quarantined
        )
        if self.cancelled:
            text += " " + _("Stopped; {n} records wait for the next sync.").format(n=self.remaining)
        return text


class _Pusher:
    def __init__(
        self, store: Store, client: HubClient, progress: Progress, cancelled: Callable[[], bool]
    ):
        self.store, self.client = store, client
        self.progress, self.cancelled = progress, cancelled
        self.sent = self.quarantined = self.batches = 0
        self.total = st.unsynced_count(store)
        self.refused_before = len(st.quarantined_items(store))

    def clock_offset(self) -> float:
        before = time.time()
        answer = self.client.me()
        after = time.time()
        hub_time = parse_time(answer.get("hub_time"))
        if hub_time is None:
            return 0.0
        return hub_time.timestamp() - (before + after) / 2

    def next_batch(self, venue_key: bytes, reader, ahead: Batch | None) -> Batch | None:
        """The oldest frozen batch not yet acknowledged (*ahead*, when it was frozen
        while the previous one was sent), else the next one frozen now."""
        if ahead is not None:
            return ahead
        while True:
            batch = current_batch(self.store)
            if batch is not None:
                return batch
            looked_at, _batch = seal_next_batch(self.store, reader, venue_key)
            if looked_at == 0:
                return None

    def send(self, batch: Batch) -> None:
        while True:
            try:
                answer = self.client.push(batch.body)
            except HubError as error:
                if error.kind == TOO_LARGE and len(batch) > 1:
                    split_batch(self.store, batch)
                    batch = current_batch(self.store) or batch
                    continue
                raise
            break
        results = answer.get("results")
        if answer.get("batch_id") != batch.batch_id or not isinstance(results, list):
            raise HubError(_("The hub answered for another batch; nothing was marked."), "refused")
        if len(results) != len(batch):
            raise HubError(
                _("The hub answered {got} items for {sent} records; nothing was marked.").format(
                    got=len(results), sent=len(batch)
                ),
                "refused",
            )
        try:
            marked = mark_answer(self.store, batch, results)
        except ValueError as exc:
            raise HubError(
                _("The hub's answer does not match the batch ({problem}).").format(problem=exc),
                "refused",
            ) from exc
        self.sent += marked.sent
        self.quarantined += marked.quarantined
        self.batches += 1
        self.progress(self.sent + self.quarantined, max(self.total, self.sent + self.quarantined))


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
    pusher = _Pusher(store, client, progress, is_cancelled)
    batch: Batch | None = None
    frozen_ahead: Batch | None = None
    offset: float | None = None
    reader = store.open_reader()
    # The next batch is frozen while the hub stores the current one (the hub's work and
    # the privacy filter's overlap); never more than one batch ahead of the one in flight.
    ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-seal")
    try:
        offset = pusher.clock_offset()
        venue_key = settings.venue_key(store)
        while True:
            if is_cancelled():
                st.record_success(store, finished=pusher.batches > 0, clock_offset_s=offset)
                return _report(store, pusher, cancelled=True, offset=offset)
            batch = pusher.next_batch(venue_key, reader, frozen_ahead)
            frozen_ahead = None
            if batch is None:
                break
            sealing = (
                ahead.submit(seal_next_batch, store, reader, venue_key)
                if ready_batches(store) == 1
                else None
            )
            try:
                pusher.send(batch)
            finally:
                if sealing is not None:
                    _looked_at, frozen_ahead = sealing.result()
            batch = None
    except HubError as error:
        return _failed(store, pusher, error, batch, offset)
    finally:
        ahead.shutdown(wait=True)
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
