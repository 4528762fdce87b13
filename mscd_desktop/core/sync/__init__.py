"""Sync between the laptop and the cluster hub (see docs/sync-protocol.md)."""
