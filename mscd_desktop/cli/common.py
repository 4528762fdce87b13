"""Shared plumbing of the ``mscd`` commands: options every command takes, output, errors."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from mscd_desktop.core import local_secret
from mscd_desktop.core.errors import CorruptDatabaseError, MscdError
from mscd_desktop.core.import_runs import recover_interrupted_imports
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _
from mscd_desktop.paths import default_data_dir


def _remember(name: str) -> Callable:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None and value is not False:
            ctx.find_root().meta[name] = value
        return value

    return callback


def common_options(command: Callable) -> Callable:
    """``--data-dir`` and ``--json``, accepted before or after the command name."""
    command = click.option(
        "--json",
        "as_json",
        is_flag=True,
        default=False,
        expose_value=False,
        callback=_remember("json"),
        help=_("Print machine-readable JSON."),
    )(command)
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_remember("data_dir"),
        help=_("Folder of the database (default: the user data folder)."),
    )(command)


def event_option(command: Callable) -> Callable:
    """``--event ID``: act on this event instead of the one opened last."""
    return click.option(
        "--event", "event_id", metavar="ID", help=_("Event id (default: the event opened last).")
    )(command)


def data_dir() -> Path:
    """The data folder chosen with ``--data-dir``, else the default one."""
    chosen = click.get_current_context().find_root().meta.get("data_dir")
    return Path(chosen) if chosen else default_data_dir()


def wants_json() -> bool:
    """Whether ``--json`` was given anywhere on the command line."""
    return bool(click.get_current_context().find_root().meta.get("json"))


@contextmanager
def open_store() -> Iterator[Store]:
    """The store of the chosen data folder, closed afterwards.

    When the command made the local secret (the first time keys or a PIN were stored on
    this computer), says once on stderr where it lives and what it protects against.
    """
    store = Store.open(data_dir(), program=click.get_current_context().command_path)
    try:
        recover_interrupted_imports(store)  # an import cut short by a crash is undone
        yield store
    finally:
        store.close()
        notice = local_secret.take_notice()
        if notice:
            click.echo(f"mscd: {notice}", err=True)


# What a terminal would act on instead of showing: C0 controls but tab and line feed,
# DEL, C1 controls (0x9b starts a sequence like ESC [), bidirectional overrides.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What json.dumps(ensure_ascii=False) leaves raw in strings of that set.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """*text* safe to print on a terminal: control characters shown as ``\\x1b``."""
    return _TERMINAL_UNSAFE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def to_json(data: Any) -> str:
    """*data* as strict JSON: NaN or an infinity is an error here, never ``Infinity`` printed."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    except ValueError as exc:
        raise MscdError(
            _(
                "The result holds a value that is not a finite number, which JSON cannot "
                "carry; nothing was printed. Please report this."
            )
        ) from exc


def emit(data: Any, human: str | list[str]) -> None:
    """Print *data* as JSON with ``--json``, else the human-readable text (control
    characters in either never reach the terminal raw)."""
    if wants_json():
        text = to_json(data)
        click.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    else:
        for line in [human] if isinstance(human, str) else human:
            click.echo(printable(line))


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with a one-line reason on stderr."""
    click.echo(f"mscd: {printable(message)}", err=True)
    sys.exit(code)


def one_line(error: BaseException | str) -> str:
    """An error message squeezed onto one line, safe for a terminal."""
    return printable(" ".join(str(error).split())) or error.__class__.__name__


def restore_hint(error: CorruptDatabaseError) -> str:
    """The command that puts the latest backup in place of a damaged or emptied file."""
    if not error.latest_backup:
        return _("There is no backup to restore.")
    folder = Path(error.latest_backup).parent.parent
    command = "mscd backup restore latest"
    if folder.resolve() != default_data_dir().resolve():
        command += f" --data-dir {folder}"
    return _("To put the latest backup ({name}) in its place: {command}").format(
        name=Path(error.latest_backup).name, command=command
    )


def _unexpected_failure(exc: sqlite3.Error | OSError) -> str:
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return _("A file could not be used: {error}{where}.").format(
            error=exc.strerror or exc, where=where
        )
    return _("The database reported an error: {error}.").format(error=exc)


def run_guarded(group: click.Group, args: list[str] | None) -> int:
    """Run the CLI; every failure becomes a one-line message and a non-zero status."""
    try:
        group.main(args=args, prog_name="mscd", standalone_mode=False)
    except CorruptDatabaseError as exc:
        click.echo(f"mscd: {one_line(exc)} {restore_hint(exc)}", err=True)
        return 1
    except MscdError as exc:
        click.echo(f"mscd: {one_line(exc)}", err=True)
        return 1
    except (sqlite3.Error, OSError) as exc:  # a failure core did not put into words yet
        click.echo(f"mscd: {one_line(_unexpected_failure(exc))}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("mscd: " + _("aborted"), err=True)
        return 1
    except click.ClickException as exc:
        click.echo(f"mscd: {printable(' '.join(exc.format_message().split()))}", err=True)
        return exc.exit_code or 2
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0
