"""The hub's HTTP API as the laptop calls it (httpx): enrol, who-am-I, push, read back.

Every failure becomes a :class:`HubError` whose ``kind`` tells the push what to do:
``transient`` (network, 5xx, 429: retry later with backoff), ``revoked`` (401: stop and
keep the outbox), ``too_large`` (413: split the batch), or ``refused`` (anything else: a
reason to show). Messages are sentences a person can act on; the hub answers in the
laptop's language when it can.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from mscd_desktop import __version__
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.sync.protocol import API_PREFIX
from mscd_desktop.i18n import _, current_language

TRANSIENT, REVOKED, TOO_LARGE, REFUSED = "transient", "revoked", "too_large", "refused"
TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class HubError(MscdError):
    """A request to the hub that did not succeed; ``kind`` says what to do next."""

    def __init__(
        self, message: str, kind: str, status: int | None = None, retry_after: float = 0
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Enrolled:
    """What the hub answered to an enrolment."""

    device_id: str
    token: str
    venue: str
    hub_time: str


def check_hub_url(url: str) -> str:
    """*url* cleaned (no trailing slash); ValidationError unless it is http(s) to a hub.

    Plain http is allowed only to this computer or a private network address: a token
    must not cross the internet unencrypted.
    """
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            _("'{url}' is not a hub address; write it as https://hub.example.org.").format(url=url),
            field="hub_url",
        )
    if parts.scheme == "http" and not _is_local(parts.hostname):
        raise ValidationError(
            _(
                "The hub at {host} must be reached over https:// (plain http is only for this "
                "computer or the venue's own network)."
            ).format(host=parts.hostname),
            field="hub_url",
        )
    return url


def _is_local(host: str) -> bool:
    if host in ("localhost",) or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


class HubClient:
    """One hub at *base_url*, as device *token* (None before enrolment)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = TIMEOUT,
    ) -> None:
        self.base_url = check_hub_url(base_url)
        headers = {
            "User-Agent": f"mscd-desktop/{__version__}",
            "Accept": "application/json",
            "Accept-Language": current_language(),
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            headers=headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls ---------------------------------------------------------------------------

    def enrol(self, code: str, device_name: str, public_key: str) -> Enrolled:
        """Trade a one-time code for this device's token."""
        body = {"code": code, "device_name": device_name, "device_public_key": public_key}
        answer = self._call("POST", "/enrol", json_body=body, enrolling=True)
        try:
            return Enrolled(
                answer["device_id"], answer["token"], answer["venue"], answer["hub_time"]
            )
        except (KeyError, TypeError) as exc:
            raise HubError(
                _("The hub answered the enrolment in a way this app does not know."), REFUSED
            ) from exc

    def me(self) -> dict:
        """Who the token belongs to, and the hub's clock."""
        return self._call("GET", "/me")

    def push(self, body: bytes) -> dict:
        """Send one batch (already serialised); the hub's answer."""
        return self._call("POST", "/push", content=body)

    def upload_bundle(self, data: bytes) -> dict:
        """Hand over an offline bundle (possibly written by another laptop)."""
        return self._call("POST", "/bundles", content=data, content_type="application/octet-stream")

    def records(self, event_id: str, after: str = "", limit: int = 1000) -> dict:
        """One page of what the hub holds for *event_id* (reconciliation)."""
        params = {"event_id": event_id, "limit": str(limit)}
        if after:
            params["after"] = after
        return self._call("GET", "/records", params=params)

    # -- plumbing ------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: dict | None = None,
        content: bytes | None = None,
        params: dict | None = None,
        enrolling: bool = False,
        content_type: str = "application/json; charset=utf-8",
    ) -> dict:
        headers = {}
        if json_body is not None:
            content = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        if content is not None:
            headers["Content-Type"] = content_type
        try:
            response = self._http.request(
                method, path, content=content, params=params, headers=headers
            )
        except httpx.TimeoutException as exc:
            raise HubError(
                _("The hub at {url} did not answer in time.").format(url=self.base_url), TRANSIENT
            ) from exc
        except (httpx.TransportError, socket.gaierror) as exc:
            raise HubError(
                _("The hub at {url} cannot be reached ({problem}).").format(
                    url=self.base_url, problem=_problem(exc)
                ),
                TRANSIENT,
            ) from exc
        if response.is_success:
            try:
                answer = response.json()
            except ValueError as exc:
                raise HubError(
                    _("The hub's answer was cut short or is not JSON; it will be asked again."),
                    TRANSIENT,
                ) from exc
            if not isinstance(answer, dict):
                raise HubError(_("The hub answered in a way this app does not know."), REFUSED)
            return answer
        raise _error_of(response, self.base_url, enrolling)


def _problem(exc: Exception) -> str:
    text = str(exc) or exc.__class__.__name__
    return text.splitlines()[0][:200]


def _error_of(response: httpx.Response, base_url: str, enrolling: bool) -> HubError:
    status = response.status_code
    try:
        answer = response.json()
        code, reason = str(answer.get("error", "")), str(answer.get("reason", ""))
    except (ValueError, AttributeError):
        code, reason = "", ""
    if status == 401 and enrolling:
        return HubError(
            reason or _("The hub refused the enrolment code: it is unknown, used or expired."),
            REFUSED,
            status,
        )
    if status == 401:
        if code == "token_revoked":
            message = _(
                "This laptop's hub access was withdrawn. Nothing was lost: the records wait "
                "here. Ask the hub's admin for a new token or enrolment code."
            )
        else:
            message = _(
                "The hub does not accept this laptop's token ({reason}). Nothing was lost; "
                "enrol the laptop again."
            ).format(reason=reason or code)
        return HubError(message, REVOKED, status)
    if status == 413:
        return HubError(reason or _("The batch was too large for the hub."), TOO_LARGE, status)
    if status == 429 or status >= 500:
        retry = response.headers.get("Retry-After", "")
        return HubError(
            reason
            or _("The hub at {url} is not available right now (HTTP {status}).").format(
                url=base_url, status=status
            ),
            TRANSIENT,
            status,
            float(retry) if retry.isdigit() else 0,
        )
    if status in (301, 302, 307, 308):
        return HubError(
            _("The hub address {url} redirects elsewhere; enter the hub's own address.").format(
                url=base_url
            ),
            REFUSED,
            status,
        )
    return HubError(
        _("The hub refused the request (HTTP {status}): {reason}").format(
            status=status, reason=reason or code or response.reason_phrase
        ),
        REFUSED,
        status,
    )
