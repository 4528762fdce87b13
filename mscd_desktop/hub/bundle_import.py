"""Applying an offline bundle: verified whole first, then stored like one push.

The bundle names the device that wrote it; the hub checks the signature with the public key
that device registered at enrolment. A bundle that is damaged, altered, unsigned, from an
unknown or revoked device is refused with nothing applied; a good one goes through the same
idempotent path as ``POST /api/v1/push`` in one transaction, so importing it twice writes
nothing the second time. Whoever carries the file does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.sync.bundles import Bundle, BundleRefused, read_bundle, verify_bundle
from mscd_desktop.core.sync.protocol import from_b64url
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.devices import Device, get_device
from mscd_desktop.hub.ingest import PushOutcome, apply_records
from mscd_desktop.hub.language import hub_gettext as _


@dataclass(frozen=True)
class BundleImport:
    """A bundle that was applied, and what each of its records got."""

    bundle: Bundle
    device: Device
    outcome: PushOutcome

    def as_json(self) -> dict:
        """Plain data for JSON."""
        return {
            "bundle_id": self.bundle.bundle_id,
            "device_id": self.device.id,
            "counts": self.outcome.counts(),
            "results": [item.as_json() for item in self.outcome.results],
        }


def import_bundle(engine: Engine, data: bytes) -> BundleImport:
    """Verify and apply a bundle; BundleRefused (nothing applied) when it cannot be trusted."""
    bundle = read_bundle(data)
    with reading(engine) as db:
        try:
            device = get_device(db, bundle.device_id)
        except NotFoundError:
            raise BundleRefused(
                _("The bundle comes from device {id}, which this hub does not know.").format(
                    id=bundle.device_id
                )
            ) from None
    if device.revoked_at:
        raise BundleRefused(
            _("The bundle comes from device {name}, whose access was revoked.").format(
                name=device.name
            )
        )
    if not device.public_key:
        raise BundleRefused(
            _(
                "Device {name} registered no key at enrolment, so its bundles cannot be checked."
            ).format(name=device.name)
        )
    verify_bundle(bundle, from_b64url(device.public_key))
    outcome = apply_records(engine, device, bundle.bundle_id, bundle.records)
    return BundleImport(bundle=bundle, device=device, outcome=outcome)
