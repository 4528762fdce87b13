"""Certificate verification on the hub: ``/verify/CODE`` shows event, date and first name.

A laptop pushes a ``certificate`` record (code, first name, date, key number, signature,
recipient key) when its organiser opted in, and the event record carries the event's
Ed25519 public keys. The hub finds the record by its printed code and checks the signature
with the event's key over the same facts the laptop signed (``core/documents``: domain
``mscd-certificate-v1:`` + canonical JSON of date, event, first name and recipient).

The printed code is derived from the signature (``core/documents/certificate_codes``), so a
record whose signature verifies but whose code is not the one printed for that signature
is refused as well.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine, and_, select

from mscd_desktop.core.documents.certificate_codes import code_for_signature
from mscd_desktop.core.sync.protocol import canonical_json, from_b64url
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.schema import certificate_facts, events, records

SIGNING_DOMAIN = b"mscd-certificate-v1:"
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class Verification:
    """What ``/verify/CODE`` may show: only the event, its date and the first name."""

    genuine: bool
    code: str
    event_name: str = ""
    date: str = ""
    first_name: str = ""

    def as_dict(self) -> dict:
        """Plain data for JSON."""
        return {
            "genuine": self.genuine,
            "code": self.code,
            "event": self.event_name,
            "date": self.date,
            "first_name": self.first_name,
        }


def normalise(text: str) -> str:
    """A typed code in the printed form ``XXXX-XXXX-XXXX`` (case, spaces, O/I/L forgiven)."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_TYPOS)
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def signed_message(event_id: str, recipient_key: str, first_name: str, date: str) -> bytes:
    """The bytes an event key signs for a certificate (after the domain)."""
    facts = {"date": date, "event": event_id, "first": first_name, "who": recipient_key}
    return canonical_json(facts)


def verify(engine: Engine, text: str) -> Verification:
    """Whether *text* is the code of a genuine certificate the hub knows."""
    code = normalise(text)[:14]
    query = (
        select(certificate_facts, events.c.name, events.c.signing_keys)
        .join(
            records,
            and_(records.c.id == certificate_facts.c.record_id, records.c.superseded_by.is_(None)),
        )
        .join(events, events.c.event_id == certificate_facts.c.event_id)
        .where(certificate_facts.c.code == code, events.c.withdrawn.is_(False))
    )
    with reading(engine) as db:
        rows = db.execute(query).all()
    for row in rows:
        if _genuine(row, code):
            return Verification(True, code, row.name or "", row.date, row.first_name)
    return Verification(False, code)


def _genuine(row, code: str) -> bool:
    keys = {key["key_no"]: key["public_key"] for key in json.loads(row.signing_keys or "[]")}
    if row.key_no not in keys:
        return False
    try:
        signature = from_b64url(row.signature)
        key = Ed25519PublicKey.from_public_bytes(from_b64url(keys[row.key_no]))
        message = signed_message(row.event_id, row.recipient_key, row.first_name, row.date)
        key.verify(signature, SIGNING_DOMAIN + message)
    except (InvalidSignature, ValueError):
        return False
    return code_for_signature(signature) == code
