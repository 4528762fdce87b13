"""The sync API under ``/api/v1`` (docs/sync-protocol.md): enrol, push, read back, bundles.

Handlers are async only to read bodies with a size limit; database work runs in the
thread pool. A device is found by its bearer token before any body is read, so an unknown
or revoked token costs the hub one indexed look-up.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select
from starlette.concurrency import run_in_threadpool

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.sync.bundles import BundleRefused
from mscd_desktop.core.sync.protocol import (
    API_PREFIX,
    MAX_BODY_BYTES,
    MAX_BUNDLE_BYTES,
    MAX_SMALL_BODY_BYTES,
    RecordRefused,
    is_uuid,
)
from mscd_desktop.core.sync.record_checks import check_batch
from mscd_desktop.hub import devices as device_store
from mscd_desktop.hub.api_models import (
    BundleAnswer,
    DeviceAnswer,
    EnrolAnswer,
    EnrolRequest,
    PushAnswer,
    PushRequest,
    RecordsPage,
    errors,
    json_body,
)
from mscd_desktop.hub.bodies import ApiError, read_body, read_json
from mscd_desktop.hub.bundle_import import import_bundle
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.devices import Device
from mscd_desktop.hub.ingest import apply_records
from mscd_desktop.hub.language import hub_gettext as _
from mscd_desktop.hub.reach import ReachFilter, compute_reach
from mscd_desktop.hub.schema import events, records

router = APIRouter(prefix=API_PREFIX, tags=["sync"])
_bearer = HTTPBearer(auto_error=False, description="the device token from enrolment")


def engine_of(request: Request) -> Engine:
    """The hub's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def _bearer_challenge() -> dict[str, str]:
    return {"WWW-Authenticate": "Bearer"}


async def current_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Device:
    """The device whose token the request carries; 401 otherwise."""
    if credentials is None or not credentials.credentials:
        raise ApiError(
            401,
            "token_missing",
            _("Send this laptop's hub token as Authorization: Bearer TOKEN."),
            _bearer_challenge(),
        )
    device = await run_in_threadpool(_device_for_token, engine_of(request), credentials.credentials)
    if device is None:
        raise ApiError(
            401,
            "token_unknown",
            _("The hub does not know this token; enrol the laptop again."),
            _bearer_challenge(),
        )
    if device.revoked_at:
        raise ApiError(
            401,
            "token_revoked",
            _("This laptop's access to the hub was withdrawn; ask the hub's admin."),
            _bearer_challenge(),
        )
    return device


DeviceDep = Annotated[Device, Depends(current_device)]


def _device_for_token(engine: Engine, token: str) -> Device | None:
    with reading(engine) as db:
        return device_store.device_for_token(db, token)


@router.post(
    "/enrol",
    status_code=201,
    response_model=EnrolAnswer,
    responses=errors(400, 401, 413, 415, 422, 429),
    openapi_extra=json_body(EnrolRequest),
)
async def enrol(request: Request) -> JSONResponse:
    """Trade a one-time enrolment code for this device's token."""
    body = await read_json(request, MAX_SMALL_BODY_BYTES)
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        raise ApiError(422, "invalid_request", _("Send code, device_name and device_public_key."))
    name = body.get("device_name") or ""
    key = body.get("device_public_key")
    if not isinstance(name, str) or (key is not None and not isinstance(key, str)):
        raise ApiError(422, "invalid_request", _("device_name and device_public_key are text."))
    address = request.client.host if request.client else "unknown"
    try:
        issued = await run_in_threadpool(
            device_store.enrol, engine_of(request), body["code"], name, key, address
        )
    except device_store.RateLimited as limited:
        raise ApiError(
            429, "rate_limited", str(limited), {"Retry-After": str(limited.retry_after)}
        ) from None
    except device_store.EnrolRefused as refused:
        raise ApiError(401, "code_invalid", str(refused)) from None
    except ValidationError as invalid:
        raise ApiError(422, "invalid_request", str(invalid)) from None
    answer = {
        "device_id": issued.device.id,
        "token": issued.token,
        "venue": issued.device.venue,
        "hub_time": utc_now(),
    }
    return JSONResponse(answer, status_code=201)


@router.get("/me", response_model=DeviceAnswer, responses=errors(401))
async def me(device: DeviceDep) -> dict:
    """Who this token belongs to, and the hub's clock."""
    return {
        "device_id": device.id,
        "device_name": device.name,
        "venue": device.venue,
        "hub_time": utc_now(),
    }


@router.post(
    "/push",
    response_model=PushAnswer,
    responses=errors(400, 401, 413, 415, 422, 503),
    openapi_extra=json_body(PushRequest),
)
async def push(request: Request, device: DeviceDep) -> JSONResponse:
    """Store a batch; the answer has one item per record, in the order sent."""
    body = await read_json(request, MAX_BODY_BYTES)
    try:
        batch_id, raw_records = check_batch(body)
    except RecordRefused as refused:
        raise ApiError(422, "invalid_batch", refused.reason) from None
    outcome = await run_in_threadpool(
        apply_records, engine_of(request), device, batch_id, raw_records
    )
    return JSONResponse(outcome.as_json())


@router.get("/records", response_model=RecordsPage, responses=errors(401, 404, 422))
async def stored_records(
    request: Request,
    event_id: str,
    device: DeviceDep,
    after: str = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
) -> dict:
    """The records the hub holds for one of this venue's events, in id order."""
    if not is_uuid(event_id) or (after and not is_uuid(after)):
        raise ApiError(422, "invalid_request", _("event_id and after must be UUIDs."))
    return await run_in_threadpool(
        _records_page, engine_of(request), device, event_id, after, limit
    )


def _records_page(engine: Engine, device: Device, event_id: str, after: str, limit: int) -> dict:
    with reading(engine) as db:
        owner = db.execute(select(events.c.venue_id).where(events.c.event_id == event_id)).scalar()
        if owner != device.venue_id:
            raise ApiError(404, "not_found", _("This venue has no such event on the hub."))
        query = (
            select(
                records.c.id,
                records.c.kind,
                records.c.payload_hash,
                records.c.corrects,
                records.c.received_at,
            )
            .where(records.c.event_id == event_id, records.c.id > after)
            .order_by(records.c.id)
            .limit(limit)
        )
        rows = [dict(row._mapping) for row in db.execute(query)]
    next_after = rows[-1]["id"] if len(rows) == limit else None
    return {"records": rows, "next_after": next_after}


@router.get("/reach", responses=errors(401))
async def venue_reach(
    request: Request,
    device: DeviceDep,
    project: str = "",
    city: str = "",
    date_from: str = "",
    date_to: str = "",
    event_id: str = "",
) -> dict:
    """The cluster view's figures for this venue's events only."""
    filters = ReachFilter(project, city, date_from, date_to, event_id, venue_id=device.venue_id)
    reach = await run_in_threadpool(compute_reach, engine_of(request), filters)
    return reach.as_dict()


@router.post(
    "/bundles",
    response_model=BundleAnswer,
    responses=errors(400, 401, 413, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def upload_bundle(request: Request, device: DeviceDep) -> dict:
    """Apply an offline bundle carried by this device (it may come from another laptop)."""
    data = await read_body(request, MAX_BUNDLE_BYTES)
    try:
        applied = await run_in_threadpool(import_bundle, engine_of(request), data)
    except BundleRefused as refused:
        raise ApiError(422, "bundle_refused", str(refused)) from None
    return applied.as_json()
