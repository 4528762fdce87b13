"""Offline bundles: a signed, self-contained file of sync records for a USB stick.

Format (docs/sync-protocol.md): UTF-8 JSON, optionally gzip-compressed::

    {"format": "mscd-bundle", "version": 1,
     "bundle": {"bundle_id", "device_id", "created_at", "record_count", "records": [...]},
     "signature": base64url(Ed25519(b"mscd-bundle-v1:" + SHA-256(canonical_json(bundle))))}

:func:`read_bundle` refuses a file whole (BundleRefused) when it is truncated, altered, of
another format, or signed by another key; nothing here touches a database.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from mscd_desktop.core.atomic_files import atomic_path
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.core.sync.protocol import b64url, canonical_json, from_b64url, is_uuid
from mscd_desktop.i18n import _

FORMAT = "mscd-bundle"
VERSION = 1
SIGNING_DOMAIN = b"mscd-bundle-v1:"
_GZIP_MAGIC = b"\x1f\x8b"


class BundleRefused(MscdError):
    """A bundle that cannot be trusted or read; nothing of it may be applied."""


@dataclass(frozen=True)
class Bundle:
    """A bundle whose shape was checked (the signature is checked by :func:`verify_bundle`)."""

    bundle_id: str
    device_id: str
    created_at: str
    records: list
    body: dict
    signature: bytes


def _digest(body: dict) -> bytes:
    return SIGNING_DOMAIN + hashlib.sha256(canonical_json(body)).digest()


def build_bundle(device_id: str, private_key: Ed25519PrivateKey, records: list[dict]) -> bytes:
    """The bytes of a signed bundle of *records* (wire records) from device *device_id*."""
    body = {
        "bundle_id": new_id(),
        "device_id": device_id,
        "created_at": utc_now(),
        "record_count": len(records),
        "records": records,
    }
    document = {
        "format": FORMAT,
        "version": VERSION,
        "bundle": body,
        "signature": b64url(private_key.sign(_digest(body))),
    }
    return canonical_json(document)


def write_bundle(
    path: Path, device_id: str, private_key: Ed25519PrivateKey, records: list[dict]
) -> None:
    """Write a signed bundle to *path* (a temporary file in the same folder, then renamed)."""
    data = gzip.compress(build_bundle(device_id, private_key, records), mtime=0)
    with atomic_path(path) as partial:
        partial.write_bytes(data)


def read_bundle(data: bytes) -> Bundle:
    """The bundle in *data*, its shape checked; BundleRefused if it is not a whole bundle."""
    if data[:2] == _GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            raise BundleRefused(_("The bundle is damaged or cut short (gzip).")) from None
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleRefused(_("The bundle is damaged or cut short (not whole JSON).")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BundleRefused(_("This file is not an mscd sync bundle."))
    if document.get("version") != VERSION:
        raise BundleRefused(
            _("This bundle has format version {version}; this hub reads version {ours}.").format(
                version=document.get("version"), ours=VERSION
            )
        )
    body = document.get("bundle")
    if not isinstance(body, dict) or not isinstance(body.get("records"), list):
        raise BundleRefused(_("The bundle has no list of records."))
    if not is_uuid(body.get("device_id")) or not is_uuid(body.get("bundle_id")):
        raise BundleRefused(_("The bundle does not name its device and bundle id."))
    if body.get("record_count") != len(body["records"]):
        raise BundleRefused(
            _("The bundle says it holds {claimed} records but holds {found}.").format(
                claimed=body.get("record_count"), found=len(body["records"])
            )
        )
    try:
        signature = from_b64url(document.get("signature", ""))
    except ValueError:
        signature = b""
    if len(signature) != 64:
        raise BundleRefused(_("The bundle is not signed."))
    return Bundle(
        bundle_id=body["bundle_id"],
        device_id=body["device_id"],
        created_at=str(body.get("created_at", "")),
        records=body["records"],
        body=body,
        signature=signature,
    )


def verify_bundle(bundle: Bundle, public_key: bytes) -> None:
    """BundleRefused unless *bundle* was signed with the private key of *public_key*."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            bundle.signature, _digest(bundle.body)
        )
    except (InvalidSignature, ValueError):
        raise BundleRefused(
            _("The bundle's signature does not match its content: it was altered or damaged.")
        ) from None


def open_bundle(data: bytes, public_key_of: Callable[[str], bytes]) -> Bundle:
    """Read and verify *data*; *public_key_of(device_id)* gives the key (or raises)."""
    bundle = read_bundle(data)
    verify_bundle(bundle, public_key_of(bundle.device_id))
    return bundle
