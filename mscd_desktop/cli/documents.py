"""``mscd certificates ...``: make participation certificates, verify their codes, and set
the organiser's own line printed on them."""

from __future__ import annotations

from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, emit, event_option, open_store, wants_json
from mscd_desktop.core import events as ev
from mscd_desktop.core.documents import certificates as cert
from mscd_desktop.core.documents.certificate_files import write_certificates
from mscd_desktop.core.documents.certificate_records import verify_code
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.i18n import _, current_language, ngettext


def register(group: click.Group) -> None:
    """Add the certificates commands to *group*."""

    @group.group(
        invoke_without_command=True,
        help=_(
            "Make participation certificates into a folder: one PDF per person, or one merged PDF."
        ),
    )
    @click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        help=_("Folder to write the PDFs into (it must exist)."),
    )
    @click.option(
        "--group",
        "group_name",
        metavar="G",
        help=_("Only children, adults, or one school class (its name or id)."),
    )
    @click.option("--merged", is_flag=True, help=_("Write one PDF with every certificate."))
    @event_option
    @common_options
    @click.pass_context
    def certificates(ctx, out, group_name, merged, event_id) -> None:
        if ctx.invoked_subcommand is not None:
            return
        if out is None:
            raise click.UsageError(_("Say where to write the certificates with --out DIR."))
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            batch = write_certificates(store, event.id, out, group=group_name, merged=merged)
        count = formats_for(current_language()).integer(batch.certificates)
        text = ngettext(
            "Wrote {count} certificate into {where}.",
            "Wrote {count} certificates into {where}.",
            batch.certificates,
        ).format(count=count, where=batch.files[0] if merged else out)
        emit({"event_id": event.id, **batch.as_dict()}, text)

    @certificates.command("verify", help=_("Check a certificate's code (exit 0 only if genuine)."))
    @click.argument("code")
    @common_options
    def verify(code: str) -> None:
        with open_store() as store:
            check = verify_code(store, code)
        if check.genuine:
            day = formats_for(current_language()).date(check.event_date)
            emit(
                check.as_dict(),
                _("Genuine: {first_name} took part in {event} on {date}.").format(
                    first_name=check.first_name, event=check.event_name, date=day
                ),
            )
            return
        reasons = {
            "malformed": _(
                "'{code}' is not a certificate code: check each character (12 letters and "
                "digits, e.g. 7KQM-3XW9-HF4T)."
            ),
            "unknown": _("No certificate with the code {code} was made on this laptop."),
            "altered": _(
                "The certificate {code} was altered after it was made: it is not genuine."
            ),
        }
        if wants_json():
            emit(check.as_dict(), "")
        raise MscdError(reasons[check.status].format(code=check.code))

    @certificates.command(
        "text",
        help=_(
            "Show or set your own line printed on the certificates, with fields such as "
            "{first_name}, {event}, {city}, {date}."
        ),
    )
    @click.option("--children", help=_("Line for the children's certificates ('' removes it)."))
    @click.option("--adults", help=_("Line for the adults' certificates ('' removes it)."))
    @event_option
    @common_options
    def text_(children, adults, event_id) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            texts = cert.certificate_texts(store, event.id)
            for template, value in (("children", children), ("adults", adults)):
                if value is not None:
                    texts = cert.set_certificate_text(store, event.id, template, value)
        lines = [f"{_(cert.TEMPLATES[t])}: {texts.get(t) or _('(none)')}" for t in cert.TEMPLATES]
        emit({"event_id": event.id, "texts": texts}, lines)
