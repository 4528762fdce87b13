"""The JSON shapes of the hub's API, for its OpenAPI description.

The push and enrol handlers read and check bodies themselves (size limit first, then an
answer per record), so these models describe the wire format without validating requests.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from mscd_desktop.core.sync.protocol import KINDS, MAX_BATCH_RECORDS

# built from the protocol's tuple so the two cannot drift; pydantic reads it at run time,
# a static checker only takes Literal with values written out
Kind = Literal[KINDS]  # type: ignore[valid-type]


class ErrorAnswer(BaseModel):
    """Every error answer."""

    error: str = Field(description="a stable code, e.g. too_large, bad_json, token_revoked")
    reason: str = Field(description="one sentence a person can act on")


class EnrolRequest(BaseModel):
    """Trade a one-time code for a device token."""

    code: str = Field(description="the short form, e.g. ABCD-EFGH-JKMN")
    device_name: str = Field(max_length=200)
    device_public_key: str | None = Field(
        None, description="raw Ed25519 public key, base64url: verifies this device's bundles"
    )


class EnrolAnswer(BaseModel):
    """A new device's credentials (the token is shown once)."""

    device_id: str
    token: str
    venue: str
    hub_time: str


class DeviceAnswer(BaseModel):
    """Who a token belongs to."""

    device_id: str
    device_name: str
    venue: str
    hub_time: str


class PushRecord(BaseModel):
    """One record of a batch (payload fields: see docs/sync-protocol.md)."""

    id: str = Field(description="UUID made on the laptop (UUIDv7)")
    kind: Kind
    event_id: str
    occurred_at: str = Field(description="laptop time, ISO 8601 with offset or Z")
    payload_hash: str = Field(description="SHA-256 hex of the canonical JSON of payload")
    payload: dict
    corrects: str | None = Field(None, description="id of the record this one replaces")


class PushRequest(BaseModel):
    """A batch of records."""

    batch_id: str
    records: list[PushRecord] = Field(max_length=MAX_BATCH_RECORDS)


class PushItem(BaseModel):
    """The answer for one record."""

    id: str | None
    status: Literal["accepted", "duplicate", "conflict", "rejected"]
    reason: str | None = None
    field: str | None = None


class PushAnswer(BaseModel):
    """The answer to a push, one item per record in the order sent."""

    batch_id: str
    received_at: str
    results: list[PushItem]


class StoredRecord(BaseModel):
    """A record as the hub holds it (for reconciliation)."""

    id: str
    kind: str
    payload_hash: str
    corrects: str | None
    received_at: str


class RecordsPage(BaseModel):
    """A page of stored records of one event."""

    records: list[StoredRecord]
    next_after: str | None


class BundleAnswer(BaseModel):
    """What importing a bundle did."""

    bundle_id: str
    device_id: str
    counts: dict[str, int]
    results: list[PushItem]


REQUEST_MODELS = (EnrolRequest, PushRequest)


def json_body(model: type[BaseModel]) -> dict:
    """``openapi_extra`` describing a JSON request body of *model*."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            },
        }
    }


def errors(*statuses: int) -> dict:
    """``responses`` entries for error answers."""
    return {status: {"model": ErrorAnswer} for status in statuses}
