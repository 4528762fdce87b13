"""Connecting to an MQTT broker: TLS, login, and sentences for what went wrong.

paho-mqtt reports a failed connection as a bare exception in its network thread or as a
CONNACK reason code. :func:`explain_connect_error` and :func:`explain_refusal` turn them into
a sentence an organiser can act on, and say whether trying again can help: a wrong CA or
a wrong password stays wrong, a broker that is still starting does not.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.i18n import _

DEFAULT_PORT, DEFAULT_TLS_PORT = 1883, 8883


@dataclass(frozen=True)
class ConnectProblem:
    """Why the broker could not be used; ``permanent``: retrying will not help."""

    text: str
    permanent: bool


def _where(host: str, port: int) -> str:
    return f"{host}:{port}"


def tls_context(ca_file: str) -> ssl.SSLContext:
    """A client TLS context that checks the broker's certificate and host name.

    *ca_file* is a PEM file of the CA(s) that signed the broker's certificate; empty: the
    system's CAs. Raises ValidationError (field ``ca_file``) when it cannot be used.
    """
    if ca_file and not Path(ca_file).is_file():
        raise ValidationError(
            _("The CA file {path} does not exist.").format(path=ca_file), field="ca_file"
        )
    try:
        return ssl.create_default_context(cafile=ca_file or None)
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise ValidationError(
            _("The CA file {path} holds no usable PEM certificate ({error}).").format(
                path=ca_file, error=getattr(exc, "reason", None) or exc
            ),
            field="ca_file",
        ) from exc


def explain_connect_error(
    exc: BaseException, host: str, port: int, *, tls: bool, ca_file: str
) -> ConnectProblem:
    """What a failed TCP/TLS connection to *host*:*port* means for the organiser."""
    where = _where(host, port)
    if tls and isinstance(exc, (ConnectionResetError, ConnectionAbortedError)):
        return ConnectProblem(
            _(
                "The broker {where} hung up during the TLS handshake. Is TLS on at this port "
                "(usually {tls_port}, and {port} without TLS)?"
            ).format(where=where, tls_port=DEFAULT_TLS_PORT, port=DEFAULT_PORT),
            False,
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        trusted = ca_file or _("the system's certificate authorities")
        return ConnectProblem(
            _(
                "The broker {where} showed a TLS certificate that {trusted} does not vouch "
                "for ({reason}). Choose the CA file that signed the broker's certificate."
            ).format(where=where, trusted=trusted, reason=exc.verify_message or exc.reason),
            True,
        )
    if isinstance(exc, ssl.SSLError):
        return ConnectProblem(
            _(
                "The TLS handshake with {where} failed ({reason}). Is TLS on at this port "
                "(usually {tls_port}, and {port} without TLS)?"
            ).format(
                where=where,
                reason=exc.reason or exc,
                tls_port=DEFAULT_TLS_PORT,
                port=DEFAULT_PORT,
            ),
            True,
        )
    if isinstance(exc, socket.gaierror):
        return ConnectProblem(
            _("The broker's host name {host} is not known.").format(host=host), False
        )
    if isinstance(exc, ConnectionRefusedError):
        return ConnectProblem(
            _("Nothing answers at {where}: is the broker running, and is the port right?").format(
                where=where
            ),
            False,
        )
    if isinstance(exc, TimeoutError):
        text = _("The broker {where} did not answer in time.").format(where=where)
        return ConnectProblem(text, False)
    return ConnectProblem(
        _("Cannot reach the MQTT broker {where} ({error}).").format(where=where, error=exc), False
    )


# CONNACK reason codes (MQTT 5; paho maps MQTT 3.1.1 return codes onto them).
BAD_LOGIN = {134, 4}  # Bad user name or password (3.1.1: 4)
NOT_AUTHORISED = {135, 5}
UNSUPPORTED_PROTOCOL = {132, 1}


def explain_refusal(code: int, reason: str, host: str, port: int, username: str) -> ConnectProblem:
    """What the broker's refusal (a CONNACK reason *code*) means for the organiser."""
    where = _where(host, port)
    if code in BAD_LOGIN:
        return ConnectProblem(
            _("The broker {where} refused the user name or password.").format(where=where), True
        )
    if code in NOT_AUTHORISED:
        if not username:
            return ConnectProblem(
                _("The broker {where} wants a user name and password.").format(where=where), True
            )
        return ConnectProblem(
            _(
                "The broker {where} did not let user {user} in: check the user name and "
                "password, or the broker's access rules."
            ).format(where=where, user=username),
            True,
        )
    return ConnectProblem(
        _("The broker {where} refused the connection ({reason}).").format(
            where=where, reason=reason
        ),
        False,
    )
