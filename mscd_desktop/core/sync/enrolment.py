"""Enrolling this laptop with a hub: a one-time code (typed, or the QR's text) for a token.

The QR carries ``mscd-enrol:<hub address>#<code>``; the code alone is 12 characters of
Crockford's base 32, shown as ``ABCD-EFGH-JKMN`` (case, spaces and hyphens do not matter,
O reads as 0 and I or L as 1). The laptop makes its own Ed25519 key pair, sends only the
public half, and keeps the token and the key sealed in its store.
"""

from __future__ import annotations

import socket

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import settings
from mscd_desktop.core.sync import status as st
from mscd_desktop.core.sync.client import HubClient, check_hub_url
from mscd_desktop.core.sync.protocol import ENROL_SCHEME
from mscd_desktop.i18n import _

_CODE_LETTERS = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
CODE_LENGTH = 12


def clean_code(text: str) -> str:
    """A typed code as the hub reads it, or ValidationError naming what is wrong."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    wrong = sorted({ch for ch in cleaned if ch not in _CODE_LETTERS})
    if wrong or len(cleaned) != CODE_LENGTH:
        raise ValidationError(
            _(
                "'{code}' is not an enrolment code: it has 12 letters and digits, like "
                "ABCD-EFGH-JKMN."
            ).format(code=text.strip()),
            field="code",
        )
    return "-".join(cleaned[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def parse_enrolment(text: str, hub_url: str | None = None) -> tuple[str, str]:
    """The hub address and the code from the QR text, or from *hub_url* and a typed code."""
    text = text.strip()
    if text.lower().startswith(ENROL_SCHEME):
        address, sep, code = text[len(ENROL_SCHEME) :].rpartition("#")
        if not sep or not address:
            raise ValidationError(_("The QR text has no hub address and code in it."), field="code")
        return check_hub_url(hub_url or address), clean_code(code)
    if not hub_url:
        raise ValidationError(
            _("Give the hub's address too (e.g. https://hub.example.org)."), field="hub_url"
        )
    return check_hub_url(hub_url), clean_code(text)


def default_device_name() -> str:
    """This computer's name, as the hub's admin will see the device."""
    return (socket.gethostname() or "laptop")[:80]


def enrol(
    store: Store,
    text: str,
    hub_url: str | None = None,
    *,
    device_name: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> settings.HubAccess:
    """Enrol with the hub named in *text* (a QR's text) or *hub_url*; returns the access.

    The outbox is kept: whatever waits is pushed to the new hub at the next sync.
    """
    url, code = parse_enrolment(text, hub_url)
    name = (device_name or default_device_name()).strip()[:80] or "laptop"
    key = Ed25519PrivateKey.generate()
    with HubClient(url, transport=transport) as client:
        enrolled = client.enrol(code, name, settings.public_key_text(key))
    access = settings.save_enrolment(
        store,
        hub_url=url,
        device_id=enrolled.device_id,
        venue=enrolled.venue,
        device_name=name,
        device_token=enrolled.token,
        device_key=key,
    )
    st.record_success(store, finished=False, clock_offset_s=None)
    return access
