"""Reading request bodies safely: size limit first, then UTF-8, then JSON.

A body larger than the limit is refused from its ``Content-Length`` before a byte of it is
read, or, without one, as soon as the limit is passed while streaming: a 100 MB request
costs the hub at most the limit in memory. Each refusal is an :class:`ApiError` with the
status and the reason the protocol names (docs/sync-protocol.md).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from mscd_desktop.core.formatting import current_formats
from mscd_desktop.hub.language import hub_gettext as _


class ApiError(Exception):
    """An error answer: HTTP status, protocol error code and a sentence for a person."""

    def __init__(
        self, status: int, code: str, reason: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.code = code
        self.reason = reason
        self.headers = headers or {}


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, at most *limit* bytes; ApiError 413 when it is larger."""
    too_large = ApiError(
        413,
        "too_large",
        _("The request is larger than {limit} bytes.").format(
            limit=current_formats().integer(limit)
        ),
    )
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "bad_request", _("Content-Length is not a number."))
        if int(declared) > limit:
            raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request, limit: int) -> Any:
    """The body as JSON: 415 unless it is UTF-8 JSON, 413 when too large, 400 when not JSON."""
    content_type = request.headers.get("content-type", "")
    media, _sep, params = content_type.partition(";")
    if media.strip().lower() != "application/json":
        raise ApiError(415, "bad_content_type", _("Send the body as application/json (UTF-8)."))
    charset = params.strip().lower()
    if charset and charset.replace(" ", "") not in ("charset=utf-8", "charset=utf8"):
        raise ApiError(415, "bad_encoding", _("The body must be UTF-8."))
    body = await read_body(request, limit)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(
            415,
            "bad_encoding",
            _("The body is not valid UTF-8 (byte {position}).").format(position=error.start),
        ) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise ApiError(
            400, "bad_json", _("The body is not valid JSON: {problem}.").format(problem=error)
        ) from None
