"""Helpers for the sync tests: PostgreSQL, a real hub process, a cutting proxy, records."""
