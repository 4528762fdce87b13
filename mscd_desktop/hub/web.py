"""The hub's pages: the cluster view (HTML, JSON, CSV), certificate checks and admin.

Server-rendered with Jinja2 (no JavaScript). The cluster view and the admin pages need an
admin signed in with a password; a request carrying a device token is refused with 403.
Admin forms carry the session's CSRF token; the session cookie is HttpOnly and SameSite.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import AUDIENCES
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.core.sync.protocol import MAX_SMALL_BODY_BYTES
from mscd_desktop.hub import admins, certificates
from mscd_desktop.hub import devices as device_store
from mscd_desktop.hub.bodies import ApiError, read_body
from mscd_desktop.hub.language import hub_gettext as _
from mscd_desktop.hub.language import hub_ngettext, pick_language
from mscd_desktop.hub.reach import UNKNOWN, ReachFilter, compute_reach, reach_csv

router = APIRouter(include_in_schema=False)
COOKIE = "mscd_hub_session"
TEMPLATES = Path(__file__).resolve().parent / "templates"

_templates = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
)
# added by the jinja2.ext.i18n extension at run time, unknown to jinja2's own types
_templates.install_gettext_callables(_, hub_ngettext, newstyle=True)  # type: ignore[attr-defined]


class SignInNeeded(Exception):
    """The page needs an admin session."""


def audience_label(code: str) -> str:
    """The translated name of an audience code."""
    if code == UNKNOWN:
        return _("Not recorded")
    return _(AUDIENCES[code]) if code in AUDIENCES else code


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    """Template *name* in the request's language."""
    language = pick_language(
        request.headers.get("accept-language", ""), request.query_params.get("lang")
    )
    html = _templates.get_template(name).render(
        lang=language, fmt=formats_for(language), audience_label=audience_label, **context
    )
    return HTMLResponse(html, status_code=status)


def _engine(request: Request):
    return request.app.state.engine


async def _session(request: Request) -> admins.Session:
    if request.headers.get("authorization"):
        raise ApiError(
            403, "forbidden", _("A device token cannot open the hub's admin pages; sign in.")
        )
    session = await run_in_threadpool(
        admins.session_for, _engine(request), request.cookies.get(COOKIE)
    )
    if session is None:
        raise SignInNeeded
    return session


def _to_sign_in(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/admin/login?" + urlencode({"next": target}), status_code=303)


async def _form(request: Request, session: admins.Session | None) -> dict[str, str]:
    """The posted form's fields; 403 when the CSRF token does not match the session."""
    body = await read_body(request, MAX_SMALL_BODY_BYTES)
    try:
        fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), max_num_fields=20).items()}
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "bad_request", _("The form could not be read.")) from None
    if session is not None and not hmac.compare_digest(fields.get("csrf", ""), session.csrf_token):
        raise ApiError(403, "forbidden", _("The form has expired; open the page again."))
    return fields


def _filters(request: Request) -> ReachFilter:
    params = request.query_params
    return ReachFilter(
        project=params.get("project", "")[:100],
        city=params.get("city", "")[:100],
        date_from=params.get("date_from", "")[:10],
        date_to=params.get("date_to", "")[:10],
        event_id=params.get("event_id", "")[:36],
    )


@router.get("/")
async def home() -> RedirectResponse:
    """The cluster view is the hub's front page."""
    return RedirectResponse("/cluster", status_code=303)


@router.get("/cluster")
async def cluster_page(request: Request) -> Response:
    """Reach across projects, cities and events, with filters."""
    try:
        session = await _session(request)
    except SignInNeeded:
        return _to_sign_in(request)
    filters = _filters(request)
    reach = await run_in_threadpool(compute_reach, _engine(request), filters)
    query = urlencode({k: v for k, v in filters.as_dict().items() if v})
    return render(request, "cluster.html", session=session, reach=reach, query=query)


@router.get("/cluster.json")
async def cluster_json(request: Request) -> Response:
    """The cluster view's figures as JSON (same filters)."""
    try:
        await _session(request)
    except SignInNeeded:
        raise ApiError(401, "sign_in", _("Sign in as an admin first.")) from None
    reach = await run_in_threadpool(compute_reach, _engine(request), _filters(request))
    return JSONResponse(reach.as_dict())


@router.get("/cluster.csv")
async def cluster_csv(request: Request) -> Response:
    """The cluster view's figures as CSV, one row per event and a total (same filters)."""
    try:
        await _session(request)
    except SignInNeeded:
        raise ApiError(401, "sign_in", _("Sign in as an admin first.")) from None
    reach = await run_in_threadpool(compute_reach, _engine(request), _filters(request))
    return Response(
        reach_csv(reach),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cluster-reach.csv"'},
    )


@router.get("/verify/{code}")
async def verify_page(request: Request, code: str) -> Response:
    """Certificate check: only event, date and first name of a genuine certificate."""
    result = await run_in_threadpool(certificates.verify, _engine(request), code[:40])
    if request.query_params.get("format") == "json":
        return JSONResponse(result.as_dict(), status_code=200 if result.genuine else 404)
    return render(request, "verify.html", status=200 if result.genuine else 404, result=result)


@router.get("/admin/login")
async def login_page(request: Request, next: str = "/cluster") -> Response:
    """The sign-in form."""
    return render(request, "login.html", next=_safe_next(next))


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/cluster"


@router.post("/admin/login")
async def login(request: Request) -> Response:
    """Sign in with user name and password."""
    fields = await _form(request, None)
    try:
        cookie, _session_made = await run_in_threadpool(
            admins.sign_in, _engine(request), fields.get("username", ""), fields.get("password", "")
        )
    except admins.SignInRefused as refused:
        return render(
            request, "login.html", status=401, error=str(refused), next=fields.get("next", "")
        )
    response = RedirectResponse(_safe_next(fields.get("next", "/cluster")), status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=admins.SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/admin/logout")
async def logout(request: Request) -> Response:
    """End this admin session."""
    try:
        session = await _session(request)
    except SignInNeeded:
        return RedirectResponse("/admin/login", status_code=303)
    await _form(request, session)
    await run_in_threadpool(admins.sign_out, _engine(request), request.cookies.get(COOKIE))
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


async def _admin_page(
    request: Request, session: admins.Session, status: int = 200, **context
) -> HTMLResponse:
    engine = _engine(request)
    venues = await run_in_threadpool(device_store.list_venues, engine)
    devices = await run_in_threadpool(device_store.list_devices, engine)
    return render(
        request, "admin.html", status, session=session, venues=venues, devices=devices, **context
    )


@router.get("/admin")
async def admin_page(request: Request) -> Response:
    """Venues and devices."""
    try:
        session = await _session(request)
    except SignInNeeded:
        return _to_sign_in(request)
    return await _admin_page(request, session)


async def _admin_action(request: Request, action) -> Response:
    try:
        session = await _session(request)
    except SignInNeeded:
        return _to_sign_in(request)
    fields = await _form(request, session)
    try:
        context = await run_in_threadpool(action, _engine(request), fields)
    except MscdError as error:
        return await _admin_page(request, session, status=422, error=str(error))
    return await _admin_page(request, session, **context)


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@router.post("/admin/venues")
async def add_venue(request: Request) -> Response:
    """Add a venue."""

    def action(engine, fields):
        venue = device_store.add_venue(engine, fields.get("name", ""))
        return {"notice": _("Venue {name} added.").format(name=venue.name)}

    return await _admin_action(request, action)


@router.post("/admin/enrol-codes")
async def make_enrol_code(request: Request) -> Response:
    """A one-time enrolment code for a venue, with its QR."""
    hub_url = str(request.base_url).rstrip("/")

    def action(engine, fields):
        code = device_store.create_enrol_code(engine, fields.get("venue", ""), hub_url)
        title = _("Enrolment code for {venue} (valid until {time} UTC, once):").format(
            venue=code.venue, time=code.expires_at[:16].replace("T", " ")
        )
        secret = {
            "title": title,
            "value": code.code,
            "qr_text": code.qr_text,
            "qr_svg": _qr_svg(code.qr_text),
        }
        return {"secret": secret}

    return await _admin_action(request, action)


@router.post("/admin/devices/{device_id}/revoke")
async def revoke(request: Request, device_id: str) -> Response:
    """Revoke a device's token."""

    def action(engine, _fields):
        device = device_store.revoke_device(engine, device_id)
        return {"notice": _("{name} can no longer push to the hub.").format(name=device.name)}

    return await _admin_action(request, action)


@router.post("/admin/devices/{device_id}/rotate")
async def rotate(request: Request, device_id: str) -> Response:
    """Give a device a new token (the old one stops at once)."""

    def action(engine, _fields):
        issued = device_store.rotate_token(engine, device_id)
        title = _("New token for {name}; type it into the laptop's sync settings:").format(
            name=issued.device.name
        )
        return {"secret": {"title": title, "value": issued.token}}

    return await _admin_action(request, action)
