"""The migrations build exactly the schema the code uses; the protocol's shared rules."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mscd_desktop.core.sync.protocol import (
    RecordRefused,
    canonical_json,
    make_record,
    payload_hash,
    player_pseudonym,
)
from mscd_desktop.core.sync.record_checks import ALLOWED_FIELDS, check_record
from mscd_desktop.hub.db import is_current, reading
from mscd_desktop.hub.schema import metadata


def test_the_migrations_create_the_schema_the_code_queries(engine):
    assert is_current(engine)
    with reading(engine) as db:
        differences = compare_metadata(MigrationContext.configure(db), metadata)
    assert differences == []


def test_canonical_json_is_sorted_compact_utf8_and_refuses_nan():
    assert (
        canonical_json({"b": 1, "a": "Lucía", "c": 2.0}) == '{"a":"Lucía","b":1,"c":2.0}'.encode()
    )
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})
    assert payload_hash({"a": 1}) == payload_hash({"a": 1})
    assert payload_hash({"a": 1}) != payload_hash({"a": 1.0})


def test_a_pseudonym_is_keyed_so_the_hub_cannot_guess_a_nickname():
    one = player_pseudonym(b"a" * 32, "event", "Lucía")
    assert len(one) == 32 and "Luc" not in one
    assert one == player_pseudonym(b"a" * 32, "event", "Lucía")
    assert one != player_pseudonym(b"b" * 32, "event", "Lucía")
    assert one != player_pseudonym(b"a" * 32, "other-event", "Lucía")


def test_every_kind_refuses_a_field_outside_its_allow_list():
    event_id = "0196c2a0-0000-7000-8000-000000000001"
    for kind, allowed in ALLOWED_FIELDS.items():
        assert "notes" not in allowed and "player_name" not in allowed
        record = make_record(kind, event_id, {"notes": "free text"}, record_id=event_id)
        with pytest.raises(RecordRefused, match="notes"):
            check_record(record)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "not-a-uuid"}, "id"),
        ({"occurred_at": "2026-05-12 10:00"}, "occurred_at"),
        ({"kind": "photo"}, None),
        ({"corrects": "0196c2a0-0000-7000-8000-000000000001"}, "corrects"),
        ({"extra": 1}, "extra"),
    ],
)
def test_a_broken_envelope_is_refused_naming_the_field(change, field):
    event_id = "0196c2a0-0000-7000-8000-000000000001"
    record = make_record("checkin", event_id, {}, record_id=event_id)
    with pytest.raises(RecordRefused) as refused:
        check_record({**record, **change})
    assert refused.value.field == field
