"""Wire records as a laptop would push them (docs/sync-protocol.md), for tests and benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mscd_desktop.core.ids import new_id
from mscd_desktop.core.sync.protocol import b64url, make_record, player_pseudonym

VENUE_KEY = b"k" * 32


def public_key_text(private_key: Ed25519PrivateKey) -> str:
    """The raw public key of *private_key* in base64url, as enrolment sends it."""
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return b64url(raw)


def event(
    event_id: str | None = None,
    *,
    name: str = "Open House Valladolid",
    project: str = "CITyFiED",
    city: str = "Valladolid",
    date: str = "2026-05-12",
    share_adult_contacts: bool = False,
    share_certificates: bool = False,
    signing_keys: list[dict] | None = None,
) -> dict:
    """The first record of an event (its id is the event id)."""
    event_id = event_id or new_id()
    payload = {
        "name": name,
        "project": project,
        "city": city,
        "venue": "Torrelago",
        "date": date,
        "audiences": ["school_children", "citizens"],
        "languages": ["es", "en"],
        "share_adult_contacts": share_adult_contacts,
        "share_certificates": share_certificates,
        "signing_keys": signing_keys or [],
    }
    return make_record("event", event_id, payload, record_id=event_id)


def attendee(
    event_id: str,
    *,
    role: str = "adult",
    audience: str | None = "citizens",
    age_band: str | None = "18+",
    contact: dict | None = None,
    record_id: str | None = None,
) -> dict:
    """An attendee as the privacy filter lets it through (contact: name/email + consent)."""
    payload = {
        "role": role,
        "audience": audience,
        "age_band": age_band,
        "group_id": None,
        "source": "import",
    }
    if contact:
        payload.update(contact)
    return make_record("attendee", event_id, payload, record_id=record_id)


def checkin(event_id: str, attendee_id: str, direction: str = "in") -> dict:
    """A check-in of the attendee whose first record id is *attendee_id*."""
    payload = {"attendee_id": attendee_id, "direction": direction, "method": "scan", "desk": "A"}
    return make_record("checkin", event_id, payload)


def game(
    event_id: str, nickname: str, score: int, correct: int, questions: int = 10, age_band="8-11"
) -> dict:
    """A finished kiosk game, the player as a keyed pseudonym."""
    payload = {
        "player": player_pseudonym(VENUE_KEY, event_id, nickname),
        "age_band": age_band,
        "group_id": None,
        "mode": "solo",
        "language": "es",
        "score": score,
        "correct": correct,
        "questions": questions,
        "seconds": 61.5,
        "team": None,
        "day": "2026-05-12",
    }
    return make_record("game_result", event_id, payload)


def energy_minute(event_id: str, minute: int, energy_wh: float, channel: str = "plug") -> dict:
    """One channel's minute."""
    payload = {
        "channel": channel,
        "minute_ts": 1_778_572_800 + 60 * minute,
        "mean_w": energy_wh * 60,
        "max_w": energy_wh * 75,
        "energy_wh": energy_wh,
        "samples": 60,
    }
    return make_record("energy_minute", event_id, payload)


def correction(original: dict, payload: dict) -> dict:
    """A new version of *original* (``{"withdrawn": True}`` takes it back)."""
    return make_record(original["kind"], original["event_id"], payload, corrects=original["id"])


def many(event_id: str, count: int, seed: int = 1) -> list[dict]:
    """*count* mixed records of one event (check-ins, games and energy minutes)."""
    rng = random.Random(seed)
    out: list[dict] = []
    start = datetime(2026, 5, 12, 9, tzinfo=UTC)
    while len(out) < count:
        person = attendee(event_id, audience=rng.choice(["citizens", "technical", "political"]))
        out.append(person)
        if len(out) < count:
            out.append(checkin(event_id, person["id"]))
        if len(out) < count:
            out.append(game(event_id, f"p{len(out)}", rng.randint(0, 900), rng.randint(0, 10)))
        if len(out) < count:
            out.append(energy_minute(event_id, len(out), round(rng.uniform(0.5, 3.0), 3)))
    for index, record in enumerate(out):
        moment = start + timedelta(seconds=index)
        record["occurred_at"] = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return out


def visited_event(**event_fields) -> list[dict]:
    """An event with 3 visitors (one checked in twice), one no-show, four games (three by
    two children, one by an adult) and 1.5 kWh (one minute sent twice under two ids)."""
    first = event(**event_fields)
    eid = first["event_id"]
    ann = attendee(eid, audience="political", age_band="18+")
    bo = attendee(eid, audience="technical", age_band="18+")
    pupil = attendee(eid, role="pupil", audience="school_children", age_band="8-11")
    no_show = attendee(eid, audience="citizens")
    batch = [first, ann, bo, pupil, no_show]
    batch += [checkin(eid, ann["id"]), checkin(eid, ann["id"], "out")]
    batch += [checkin(eid, ann["id"]), checkin(eid, bo["id"]), checkin(eid, pupil["id"])]
    batch += [game(eid, "Lucía", 500, 8), game(eid, "Lucía", 700, 6), game(eid, "Nils", 300, 4)]
    batch += [game(eid, "Teacher", 900, 10, age_band="18+")]
    batch += [energy_minute(eid, 1, 1000.0), energy_minute(eid, 2, 500.0)]
    batch.append(energy_minute(eid, 1, 1000.0))  # the same minute under another id
    return batch
