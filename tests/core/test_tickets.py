"""Signed QR tickets: code format, keys, issuing, revoking, verification with public keys."""

from __future__ import annotations

from datetime import date

import pytest
import qrcode

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core import short_codes
from mscd_desktop.core import ticket_checks as checks
from mscd_desktop.core import ticket_codes as tc
from mscd_desktop.core import ticket_keys as keys
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.outcomes import Outcome

DAY = date(2026, 6, 10)


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Torrelago",
            project="CITyFiED",
            city="Valladolid",
            date=DAY.isoformat(),
            audiences=("school_children", "citizens"),
        ),
    )


@pytest.fixture
def ticket(store, event):
    ana = at.add_attendee(store, event.id, at.AttendeeDraft(name="Ana García", audience="citizens"))
    return tk.issue_ticket(store, event.id, role="adult", attendee_id=ana.id)


def _check(store, event, text, today=DAY):
    return checks.check_scan(text, keys.load_keyring(store), event.id, today)


def test_code_is_digits_only_and_fits_qr_version_7_at_level_m(ticket):
    assert ticket.code.isdigit() and len(ticket.code) == tc.CODE_DIGITS
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(ticket.code)
    qr.make(fit=True)
    assert qr.data_list[0].mode == qrcode.util.MODE_NUMBER
    assert qr.version <= 7


def test_genuine_ticket_verifies_with_public_keys(store, event, ticket):
    check = _check(store, event, ticket.code)
    assert check.outcome == "valid"
    assert (check.payload.ticket_no, check.payload.role) == (ticket.ticket_no, "adult")
    assert check.payload.valid_from == DAY


def test_keyring_holds_no_private_key(store, ticket):
    ring = keys.load_keyring(store)
    ((_event_id, public_keys),) = ring.events.values()
    assert all(not hasattr(k, "sign") for k in public_keys.values())


def test_flipped_digit_is_a_misread(store, event, ticket):
    code = ticket.code
    bad = code[:50] + str((int(code[50]) + 1) % 10) + code[51:]
    assert _check(store, event, bad).outcome == "misread"


def test_resigned_by_another_key_is_forged(store, event, ticket):
    payload, _sig = tc.split_code(ticket.code)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    forged = tc.encode_code(payload, Ed25519PrivateKey.generate().sign(tc.signed_message(payload)))
    assert _check(store, event, forged).outcome == "forged"


def test_ticket_of_another_event_says_so(store, event, ticket):
    other = ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Linero", project="CITyFiED", city="Lund", date=DAY.isoformat()
        ),
    )
    check = _check(store, other, ticket.code)
    assert check.outcome == "other_event" and check.event_id == event.id


def test_outside_validity_window(store, event, ticket):
    check = _check(store, event, ticket.code, today=date(2026, 6, 12))
    assert check.outcome == Outcome.OUTSIDE_VALIDITY


def test_rotated_key_signs_new_tickets_and_old_ones_still_verify(store, event, ticket):
    assert keys.rotate_key(store, event.id) == 2
    newer = tk.issue_ticket(store, event.id, role="pupil")
    assert tc.TicketPayload.unpack(tc.split_code(newer.code)[0]).key_no == 2
    assert _check(store, event, ticket.code).outcome == "valid"
    assert _check(store, event, newer.code).outcome == "valid"
    keys.retire_key(store, event.id, 1)
    assert _check(store, event, ticket.code).outcome == "forged"


def test_reissue_revokes_the_old_ticket(store, event, ticket):
    new = tk.reissue_ticket(store, ticket.id)
    old = tk.get_ticket(store, ticket.id)
    assert old.revoked and not new.revoked and new.attendee_id == ticket.attendee_id
    assert new.ticket_no != old.ticket_no and new.code != old.code
    assert [t.id for t in tk.list_tickets(store, event.id)] == [new.id]


def test_short_code_has_a_working_check_digit(ticket):
    digits = ticket.short_code.replace("-", "")
    assert len(digits) == 13 and tc.damm_valid(digits)
    for i in range(len(digits) - 1):
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        if swapped != digits:
            assert not tc.damm_valid(swapped)


@pytest.mark.parametrize("layout", list(tc.LAYOUTS))
def test_layout_mangled_scan_reads_back(store, event, ticket, layout):
    row = tc.LAYOUTS[layout]
    mangled = "".join(row[(int(d) - 1) % 10] for d in ticket.code)
    assert _check(store, event, mangled).outcome == "valid"


def test_scanner_prefixes_and_control_characters_are_stripped(store, event, ticket):
    noisy = "]Q1\\000026" + ticket.code[:90] + "\x1d" + ticket.code[90:] + "\r\n"
    assert _check(store, event, noisy).outcome == "valid"
    wide = ticket.code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert _check(store, event, wide).outcome == "valid"


def test_text_that_is_no_code_is_unreadable(store, event):
    assert _check(store, event, "https://example.org/x").outcome == Outcome.UNREADABLE
    assert _check(store, event, "").outcome == Outcome.UNREADABLE


def test_issue_missing_tickets_covers_people_and_classes(store, event):
    at.add_attendee(store, event.id, at.AttendeeDraft(name="Ana García", audience="citizens"))
    group = at.add_school_group(
        store, event.id, "CEIP Torrelago", "5º A", "Marta Ruiz", ["Lucía", "Pablo"], "8-11"
    )
    seen = []
    assert tk.issue_missing_tickets(store, event.id, lambda d, t: seen.append((d, t))) == 5
    assert seen[-1] == (5, 5)
    roles = sorted(t.role for t in tk.list_tickets(store, event.id))
    assert roles == ["adult", "adult", "class", "pupil", "pupil"]
    assert [t.group_id for t in tk.list_tickets(store, event.id) if t.role == "class"] == [group.id]
    assert tk.issue_missing_tickets(store, event.id) == 0


def test_two_codes_run_together_are_split(store, event, ticket):
    other = tk.issue_ticket(store, event.id, role="pupil")
    assert tc.split_joined_scans(ticket.code + other.code) == [ticket.code, other.code]
    assert tc.split_joined_scans(ticket.code) == [ticket.code]
    garbled = ticket.code + other.code[:-1] + str((int(other.code[-1]) + 1) % 10)
    assert tc.split_joined_scans(garbled) == [garbled]


def test_dropped_digit_is_a_misread_not_a_forgery(store, event, ticket):
    for index in range(0, tc.CODE_DIGITS, 7):  # some of these pass the check digit by chance
        dropped = ticket.code[:index] + ticket.code[index + 1 :]
        assert _check(store, event, dropped).outcome == "misread", index
        doubled = ticket.code[:index] + ticket.code[index] + ticket.code[index:]
        assert _check(store, event, doubled).outcome == "misread", index


def test_short_codes_grow_past_99999_tickets():
    code = short_codes.make(123456, bytes(64))
    digits = code.replace("-", "")
    assert len(digits) == 14 and code.startswith("123456-") and tc.damm_valid(digits)
    assert short_codes.ticket_number(digits) == 123456


def test_issue_tickets_for_one_group_only(store, event):
    at.add_attendee(store, event.id, at.AttendeeDraft(name="Ana García", audience="citizens"))
    group = at.add_school_group(
        store, event.id, "CEIP Torrelago", "5º A", "Marta Ruiz", ["Lucía", "Pablo"], "8-11"
    )
    assert tk.issue_tickets_for(store, event.id, group_id=group.id) == 4
    assert tk.issue_tickets_for(store, event.id, group_id=group.id) == 0
    assert sorted(t.role for t in tk.list_tickets(store, event.id)) == [
        "adult",
        "class",
        "pupil",
        "pupil",
    ]


def test_the_first_part_of_a_code_may_be_cut_short_and_a_whole_code_is_whole(ticket):
    code = ticket.code
    azerty = code.translate(str.maketrans("1234567890", tc.LAYOUTS["azerty-fr"]))
    assert tc.is_whole_code(code) and tc.is_whole_code(azerty)
    for part in (code[:26], code[:-1], azerty[:100]):
        assert tc.may_be_cut_short(part) and not tc.is_whole_code(part)
    assert not tc.may_be_cut_short(code)  # complete: nothing more to wait for
    assert not tc.may_be_cut_short("Carmen Ruiz")  # a person typing a name
