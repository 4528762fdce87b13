"""The hub's ASGI application: the sync API, the cluster view, certificate checks, admin.

:func:`create_app` builds it for one database URL; :func:`app_from_environment` is the
factory ``uvicorn --workers N`` imports in each worker (the URL comes from
``$MSCD_HUB_DB``). The process holds nothing but a connection pool: everything that must
be shared (codes, sessions, rate limits, records) is in the database.
"""

from __future__ import annotations

import logging
import os

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic.json_schema import models_json_schema
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from mscd_desktop.core.sync.protocol import API_PREFIX
from mscd_desktop.hub import api, web
from mscd_desktop.hub.api_models import REQUEST_MODELS
from mscd_desktop.hub.bodies import ApiError
from mscd_desktop.hub.db import DB_ENV, make_engine, reading
from mscd_desktop.hub.language import hub_gettext as _
from mscd_desktop.hub.language import pick_language, use_language
from mscd_desktop.hub.record_writes import RetryBatch

log = logging.getLogger(__name__)
TITLE = "mscd-hub"
VERSION = "1"


def create_app(url: str | None = None, engine: Engine | None = None) -> FastAPI:
    """The hub for the database at *url* (or an existing *engine*)."""
    app = FastAPI(
        title=TITLE,
        version=VERSION,
        description="The My Smart City District cluster hub: see docs/sync-protocol.md.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.engine = engine or make_engine(url or os.environ[DB_ENV])
    app.include_router(api.router)
    app.include_router(web.router)

    @app.middleware("http")
    async def _language(request: Request, call_next):
        use_language(
            pick_language(
                request.headers.get("accept-language", ""), request.query_params.get("lang")
            )
        )
        return await call_next(request)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse(
            {"error": error.code, "reason": error.reason},
            status_code=error.status,
            headers=error.headers,
        )

    @app.exception_handler(DBAPIError)
    async def _database_down(_request: Request, error: DBAPIError) -> JSONResponse:
        if not isinstance(error, OperationalError) and not error.connection_invalidated:
            raise error
        log.warning("database unavailable: %s", error.orig)
        return _unavailable()

    @app.exception_handler(RetryBatch)
    async def _busy(_request: Request, _error: RetryBatch) -> JSONResponse:
        return _unavailable()

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        with reading(app.state.engine) as db:
            db.execute(text("SELECT 1"))
        return {"status": "ok"}

    def _openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _keys, definitions = models_json_schema(
                [(model, "validation") for model in REQUEST_MODELS],
                ref_template="#/components/schemas/{model}",
            )
            schema.setdefault("components", {}).setdefault("schemas", {}).update(
                definitions.get("$defs", {})
            )
            app.openapi_schema = schema
        return app.openapi_schema

    # FastAPI's documented way to extend the schema; its types call openapi a method
    app.openapi = _openapi  # type: ignore[method-assign]
    return app


def _unavailable() -> JSONResponse:
    return JSONResponse(
        {"error": "unavailable", "reason": _("The hub cannot reach its database; try again.")},
        status_code=503,
        headers={"Retry-After": "5"},
    )


def app_from_environment() -> FastAPI:
    """The factory each ``uvicorn --workers N`` process calls."""
    return create_app(os.environ[DB_ENV])
