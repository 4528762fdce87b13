"""The organiser PIN: keyed so a copied database cannot test it, and a growing wait."""

from __future__ import annotations

import hashlib
import hmac
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from mscd_desktop.core import events as ev
from mscd_desktop.core import local_secret
from mscd_desktop.core import organiser_pin as op
from mscd_desktop.core.local_secret import SecretMissingError
from mscd_desktop.core.store import Store, database_path

PIN = "4821"
T0 = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Torrelago",
            project="CITyFiED",
            city="Laguna de Duero",
            date="2026-06-10",
            pin=PIN,
        ),
    )


def _wrong(store, event, at):
    return ev.check_pin(store, event.id, "0000", now=at)


def test_wrong_pins_earn_a_growing_wait(store, event):
    waits = []
    at = T0
    for _ in range(8):
        check = _wrong(store, event, at)
        assert not check.accepted and check.checked
        waits.append(check.wait_seconds)
        at += timedelta(seconds=check.wait_seconds)
    assert waits == [0, 0, 0, 5, 10, 20, 40, 80]
    assert [op.pin_delay(n) for n in (12, 13, 50, 5000)] == [900, 900, 900, 900]


def test_during_a_wait_even_the_right_pin_is_refused_unchecked(store, event):
    for n in range(4):
        _wrong(store, event, T0 + timedelta(seconds=n))
    during = ev.check_pin(store, event.id, PIN, now=T0 + timedelta(seconds=5))
    assert (during.accepted, during.checked, during.wait_seconds) == (False, False, 3)
    assert during.message() == "Too many wrong PINs. Try again in 3 seconds."
    after = ev.check_pin(store, event.id, PIN, now=T0 + timedelta(seconds=9))
    assert after.accepted
    assert _wrong(store, event, T0 + timedelta(seconds=10)).wait_seconds == 0  # count reset


def test_the_wait_survives_closing_and_reopening_the_store(store, data_dir, event):
    for n in range(5):
        check = _wrong(store, event, T0 + timedelta(seconds=30 * n))
    assert check.wait_seconds == 10
    store.close()
    with Store.open(data_dir) as reopened:
        soon = T0 + timedelta(seconds=30 * 4 + 4)
        refused = ev.check_pin(reopened, event.id, PIN, now=soon)
        assert (refused.accepted, refused.checked, refused.wait_seconds) == (False, False, 6)
        assert op.pin_wait(reopened, event.id, now=soon).wait_seconds == 6
        assert ev.check_pin(reopened, event.id, PIN, now=soon + timedelta(seconds=6)).accepted


def test_a_clock_set_back_does_not_stretch_the_wait(store, event):
    for _n in range(4):
        _wrong(store, event, T0)
    assert op.pin_wait(store, event.id, now=T0 - timedelta(days=1)).wait_seconds == 5


def test_a_new_pin_ends_the_wait(store, event):
    for _ in range(6):
        _wrong(store, event, T0)
    draft = ev.EventDraft(
        name=event.name, project=event.project, city=event.city, date=event.date, pin="7777"
    )
    ev.update_event(store, event.id, draft)
    assert ev.check_pin(store, event.id, "7777", now=T0).accepted


def test_messages_say_how_long_to_wait():
    assert op.PinCheck(False).message() == "Wrong PIN."
    assert op.PinCheck(False, 20, 5).message() == "Wrong PIN. Try again in 20 seconds."
    assert op.PinCheck(False, 640, 11).message() == "Wrong PIN. Try again in 11 minutes."
    assert op.PinCheck(False, 1, 4, checked=False).message() == (
        "Too many wrong PINs. Try again in 1 second."
    )
    assert op.PinCheck(True).message() == ""


def test_an_event_without_a_pin_accepts_none_and_counts_nothing(store):
    event = ev.create_event(
        store, ev.EventDraft(name="No PIN", project="ZenN", city="Grenoble", date="2026-06-11")
    )
    for _ in range(6):
        check = ev.check_pin(store, event.id, "1234", now=T0)
        assert (check.accepted, check.wait_seconds) == (False, 0)


def _brute_force(stored: str, pepper: bytes | None) -> list[str]:
    """What someone with the copied file tries: every 4-digit PIN against the hash."""
    _scheme, _secret_id, n, r, p, salt, tag = stored.split("$")
    found = []
    for guess in (f"{i:04d}" for i in range(10_000)):
        digest = hashlib.scrypt(
            guess.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p)
        )
        candidates = [digest.hex()]
        if pepper is not None:
            candidates = [hmac.new(pepper, digest, hashlib.sha256).hexdigest()]
        else:  # without the secret: the bare digest, or keyed with guessable keys
            candidates += [
                hmac.new(k, digest, hashlib.sha256).hexdigest() for k in (b"", bytes(32))
            ]
        if tag in candidates:
            found.append(guess)
    return found


def test_a_copied_database_alone_cannot_be_brute_forced(data_dir, tmp_path, monkeypatch):
    # a cheap scrypt so that trying all 10,000 PINs takes a second: the cost is not what
    # protects the PIN here, the secret outside the database is
    monkeypatch.setattr(op, "SCRYPT_N", 2**4)
    monkeypatch.setattr(op, "SCRYPT_R", 1)
    with Store.open(data_dir) as store:
        ev.create_event(
            store,
            ev.EventDraft(name="Kiosk", project="ZenN", city="Lund", date="2026-06-11", pin=PIN),
        )
    copied = tmp_path / "copied.sqlite3"
    shutil.copy(database_path(data_dir), copied)
    conn = sqlite3.connect(copied)
    (stored,) = conn.execute("SELECT pin_hash FROM events").fetchone()
    conn.close()
    assert _brute_force(stored, pepper=None) == []
    # the same search with the secret from this computer's key file finds it at once,
    # so the empty result above is the secret's doing
    secret_id = stored.split("$")[1]
    pepper = local_secret.vault().get(secret_id).derive(op._PURPOSE)
    assert _brute_force(stored, pepper=pepper) == [PIN]


def test_a_pin_set_on_another_computer_says_how_to_set_a_new_one(
    store, data_dir, event, tmp_path, monkeypatch
):
    store.close()
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path / "other-computer-keys"))
    with Store.open(data_dir) as moved:
        with pytest.raises(SecretMissingError, match="mscd event edit") as caught:
            ev.check_pin(moved, event.id, PIN)
        assert f"--event {event.id} --pin" in str(caught.value)
        draft = ev.EventDraft(
            name=event.name, project=event.project, city=event.city, date=event.date, pin="1357"
        )
        ev.update_event(moved, event.id, draft)
        assert ev.check_pin(moved, event.id, "1357").accepted
