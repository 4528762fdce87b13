"""Comparing the outbox with what the hub holds, record for record.

The hub lists an event's records (id, kind, payload hash, correction) in id order; every
record the laptop marked as sent must be there with the same hash, and the hub must hold
nothing of this event that the laptop does not know. Records frozen but not acknowledged
(a cut answer) may or may not be there yet: they are reported apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync.client import HubClient
from mscd_desktop.core.sync.outbox import READY, SENT, TABLE


@dataclass(frozen=True)
class Comparison:
    """How the laptop's outbox and the hub's records of one event compare."""

    event_id: str
    agreeing: int
    missing_on_hub: list[str] = field(default_factory=list)
    unknown_here: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)
    in_flight: int = 0

    @property
    def agree(self) -> bool:
        """Whether every sent record is on the hub as sent, and nothing else is."""
        return not (self.missing_on_hub or self.unknown_here or self.differing)

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {**self.__dict__, "agree": self.agree}


def hub_records(client: HubClient, event_id: str) -> dict[str, tuple]:
    """Every record the hub holds for *event_id*: id → (kind, hash, corrects)."""
    found: dict[str, tuple] = {}
    after = ""
    while True:
        page = client.records(event_id, after)
        for record in page.get("records", []):
            found[record["id"]] = (record["kind"], record["payload_hash"], record["corrects"])
        after = page.get("next_after") or ""
        if not after:
            return found


def compare_with_hub(
    store: Store, event_id: str, *, transport: httpx.BaseTransport | None = None
) -> Comparison:
    """Compare the event's outbox with the hub's records of it."""
    access = settings.require_access(store)
    with HubClient(access.hub_url, settings.token(store), transport=transport) as client:
        remote = hub_records(client, event_id)
    with store.read() as db:
        rows = db.execute(
            f"SELECT record_id, kind, payload_hash, corrects, state FROM {TABLE} "
            "WHERE event_id = ? AND state IN (?, ?)",
            [event_id, SENT, READY],
        ).fetchall()
    sent = {r[0]: (r[1], r[2], r[3]) for r in rows if r[4] == SENT}
    in_flight = {r[0] for r in rows if r[4] == READY}
    missing = sorted(set(sent) - set(remote))
    unknown = sorted(set(remote) - set(sent) - in_flight)
    differing = sorted(i for i in set(sent) & set(remote) if sent[i] != remote[i])
    agreeing = len(set(sent) & set(remote)) - len(differing)
    return Comparison(event_id, agreeing, missing, unknown, differing, len(in_flight))
