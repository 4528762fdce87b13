"""The ``mscd-hub`` command: serve the hub and manage venues, devices, admins and bundles.

Every command takes ``--db URL`` (default ``$MSCD_HUB_DB``, else a SQLite file in the user
data folder) and ``--json``; failures print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.hub import admins, db, devices
from mscd_desktop.hub.language import use_language
from mscd_desktop.i18n import _, set_language

PROG = "mscd-hub"


def _remember(name: str):
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None and value is not False:
            ctx.find_root().meta[name] = value
        return value

    return callback


def options(command):
    """``--db URL`` and ``--json``, before or after the command name."""
    command = click.option(
        "--json",
        "as_json",
        is_flag=True,
        expose_value=False,
        callback=_remember("json"),
        help=_("Print machine-readable JSON."),
    )(command)
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        expose_value=False,
        callback=_remember("db"),
        help=_("Database URL: sqlite:///FILE or postgresql+psycopg://USER@HOST/NAME."),
    )(command)


def _url() -> str:
    return click.get_current_context().find_root().meta.get("db") or db.default_url()


def _engine():
    return db.open_database(_url())


def _emit(data: Any, human: str | list[str]) -> None:
    if click.get_current_context().find_root().meta.get("json"):
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        for line in [human] if isinstance(human, str) else human:
            click.echo(line)


@click.group(
    help=_("The My Smart City District cluster hub."),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@options
def hub() -> None:
    pass


@hub.command(help=_("Serve the hub's API and pages (migrates the database first)."))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    help=_("Proxies whose X-Forwarded-For/-Proto headers are trusted."),
)
@options
def serve(host: str, port: int, workers: int, forwarded_allow_ips: str) -> None:
    import uvicorn

    url = _url()
    db.open_database(url).dispose()
    os.environ[db.DB_ENV] = url  # each worker process builds its app from it
    uvicorn.run(
        "mscd_desktop.hub.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )


@hub.command(help=_("Bring the database to the newest schema."))
@options
def migrate() -> None:
    _engine().dispose()
    _emit({"migrated": True}, _("The hub database is up to date."))


@hub.group(help=_("Venues: the organisers whose devices push their events."))
def venue() -> None:
    pass


@venue.command("add", help=_("Add a venue."))
@click.argument("name")
@options
def venue_add(name: str) -> None:
    added = devices.add_venue(_engine(), name)
    _emit(added.as_dict(), _("Venue {name} added.").format(name=added.name))


@venue.command("list", help=_("List the venues."))
@options
def venue_list() -> None:
    found = devices.list_venues(_engine())
    _emit(
        [v.as_dict() for v in found],
        [f"{v.name}\t{v.devices}" for v in found] or [_("No venues yet.")],
    )


@hub.group(help=_("Device tokens: create, list, rotate, revoke."))
def token() -> None:
    pass


@token.command("create", help=_("Create a device and print its token (scripted set-ups)."))
@click.option("--venue", "venue_name", required=True, metavar="V")
@click.option("--name", "device_name", default="", metavar="NAME")
@click.option("--public-key", default=None, metavar="KEY", help=_("Ed25519, base64url."))
@options
def token_create(venue_name: str, device_name: str, public_key: str | None) -> None:
    issued = devices.create_token(_engine(), venue_name, device_name, public_key)
    _emit({**issued.device.as_dict(), "token": issued.token}, issued.token)


@token.command("list", help=_("List devices and whether their token works."))
@click.option("--venue", "venue_name", default=None, metavar="V")
@options
def token_list(venue_name: str | None) -> None:
    found = devices.list_devices(_engine(), venue_name)
    lines = [
        f"{d.id}\t{d.venue}\t{d.name}\t{_('revoked') if d.revoked_at else _('active')}"
        for d in found
    ]
    _emit([d.as_dict() for d in found], lines or [_("No devices yet.")])


@token.command("revoke", help=_("Revoke a device: its token stops working."))
@click.argument("device_id")
@options
def token_revoke(device_id: str) -> None:
    device = devices.revoke_device(_engine(), device_id)
    _emit(device.as_dict(), _("{name} can no longer push to the hub.").format(name=device.name))


@token.command("rotate", help=_("Give a device a new token; the old one stops at once."))
@click.argument("device_id")
@options
def token_rotate(device_id: str) -> None:
    issued = devices.rotate_token(_engine(), device_id)
    _emit({**issued.device.as_dict(), "token": issued.token}, issued.token)


@hub.command("enrol-code", help=_("Print a one-time enrolment code for a venue."))
@click.option("--venue", "venue_name", required=True, metavar="V")
@click.option("--hours", default=devices.CODE_HOURS, show_default=True, type=float)
@click.option("--hub-url", default="", metavar="URL", help=_("Put the hub's address in the QR."))
@options
def enrol_code(venue_name: str, hours: float, hub_url: str) -> None:
    code = devices.create_enrol_code(_engine(), venue_name, hub_url, hours)
    data = {
        "code": code.code,
        "venue": code.venue,
        "expires_at": code.expires_at,
        "qr_text": code.qr_text,
    }
    lines = [code.code] + ([code.qr_text] if code.qr_text else [])
    _emit(data, lines)


@hub.command("import", help=_("Apply an offline bundle (idempotent; a damaged one is refused)."))
@click.argument("bundle_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@options
def import_file(bundle_file: Path) -> None:
    from mscd_desktop.hub.bundle_import import import_bundle

    applied = import_bundle(_engine(), bundle_file.read_bytes())
    counts = applied.outcome.counts()
    number = current_formats().integer
    human = _(
        "Accepted: {accepted}; already there: {duplicate}; conflicts: {conflict}; "
        "rejected: {rejected}."
    ).format(**{key: number(value) for key, value in counts.items()})
    lines = [human] + [
        f"{item.status}\t{item.id}\t{item.reason}"
        for item in applied.outcome.results
        if item.status in ("conflict", "rejected")
    ]
    _emit(applied.as_json(), lines)


@hub.command(help=_("The cluster view's figures, one row per event."))
@click.option("--project", default="")
@click.option("--city", default="")
@click.option("--from", "date_from", default="", metavar="YYYY-MM-DD")
@click.option("--to", "date_to", default="", metavar="YYYY-MM-DD")
@options
def reach(project: str, city: str, date_from: str, date_to: str) -> None:
    from mscd_desktop.hub.reach import ReachFilter, compute_reach

    figures = compute_reach(_engine(), ReachFilter(project, city, date_from, date_to))
    lines = [
        f"{r.date}\t{r.name}\t{r.city}\t{r.checked_in}\t{r.children_played}\t{r.games}\t{r.kwh}"
        for r in figures.events
    ]
    _emit([r.as_dict() for r in figures.events], lines or [_("No events yet.")])


@hub.group(help=_("Admin accounts of the hub's pages."))
def admin() -> None:
    pass


@admin.group("password", help=_("Admin passwords."))
def admin_password() -> None:
    pass


@admin_password.command("set", help=_("Create an admin or change their password."))
@click.option("--user", "username", default="admin", show_default=True)
@click.option("--password-stdin", is_flag=True, help=_("Read the password from standard input."))
@options
def admin_password_set(username: str, password_stdin: bool) -> None:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    admins.set_password(_engine(), username, password)
    _emit({"user": username}, _("Password of {user} set.").format(user=username))


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``mscd-hub``; returns the exit status."""
    use_language(set_language(os.environ.get("MSCD_LANGUAGE") or None))
    try:
        hub.main(args=argv, prog_name=PROG, standalone_mode=False)
        status = 0
    except MscdError as error:
        click.echo(f"{PROG}: {' '.join(str(error).split())}", err=True)
        status = 1
    except click.exceptions.Abort:
        click.echo(f"{PROG}: " + _("aborted"), err=True)
        status = 1
    except click.ClickException as error:
        error.show()
        status = error.exit_code or 2
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    if argv is None:
        sys.exit(status)
    return status
