"""``mscd checkin`` exit codes and ``mscd tickets keys|revoke|list``, as a script uses them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mscd_desktop.cli import main
from mscd_desktop.core import attendees as at
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import ticket_codes as tc
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.store import Store


def mscd(capsys, data_dir, *args):
    status = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def ready(data_dir):
    """Today's event with Ana, Bo and Carmen, tickets issued."""
    with Store.open(data_dir) as store:
        event = ev.create_event(
            store,
            ev.EventDraft(
                name="Open House Torrelago",
                project="CITyFiED",
                city="Valladolid",
                date=date.today().isoformat(),
                audiences=("citizens",),
            ),
        )
        ev.open_event(store, event.id)
        for name in ("Ana García", "Bo Nilsson", "Carmen Ruiz"):
            at.add_attendee(store, event.id, at.AttendeeDraft(name=name, audience="citizens"))
        tk.issue_missing_tickets(store, event.id)
        names = {a.id: a.name for a in at.list_attendees(store, event.id)}
        tickets = {names[t.attendee_id]: t for t in tk.list_tickets(store, event.id)}
    return data_dir, event, tickets


def _inside(data_dir, event):
    with Store.open(data_dir) as store:
        return len(ci.checked_in_ids(store, event.id))


def test_checkin_exit_status_is_0_admitted_1_refused_2_unusable(capsys, ready):
    data_dir, event, tickets = ready
    ana = tickets["Ana García"]
    assert mscd(capsys, data_dir, "checkin", ana.code)[0] == 0
    assert mscd(capsys, data_dir, "checkin", ana.code, "--desk", "B")[0] == 1  # already in
    assert mscd(capsys, data_dir, "checkin", ana.code)[0] == 0  # same desk, seconds later
    forged = ana.code[:100] + ("1" if ana.code[100] != "1" else "2") + ana.code[101:-1]
    forged += tc.damm_digit(forged)
    assert mscd(capsys, data_dir, "checkin", forged)[0] == 1
    misread = ana.code[:-1] + str((int(ana.code[-1]) + 1) % 10)
    assert mscd(capsys, data_dir, "checkin", misread)[0] == 2
    assert mscd(capsys, data_dir, "checkin", "https://example.org/ticket")[0] == 2
    assert mscd(capsys, data_dir, "checkin", tickets["Bo Nilsson"].short_code)[0] == 0
    status, out, _err = mscd(capsys, data_dir, "checkin", "--out", ana.code, "--json")
    assert status == 0 and json.loads(out)["status"] == "checked_out"
    assert _inside(data_dir, event) == 2


def test_checkin_exit_status_3_when_nothing_could_be_checked(capsys, data_dir):
    status, out, err = mscd(capsys, data_dir, "checkin", "000375128043")
    assert status == 3 and out == "" and "No event is open" in err


def test_checkin_exit_codes_are_in_the_help(capsys, data_dir):
    status, out, _err = mscd(capsys, data_dir, "checkin", "--help")
    text = " ".join(out.split())
    assert status == 0
    assert "0 admitted, 1 refused, 2 unusable input" in text and "3 nothing was checked" in text


def test_retired_key_via_cli_refuses_its_short_code_and_qr(capsys, ready):
    data_dir, event, tickets = ready
    status, out, _err = mscd(capsys, data_dir, "tickets", "keys", "list", "--json")
    assert status == 0 and [k["key_no"] for k in json.loads(out)] == [1]
    assert json.loads(out)[0]["signing"] and json.loads(out)[0]["active_tickets"] == 3
    status, out, _err = mscd(capsys, data_dir, "tickets", "keys", "rotate")
    assert status == 0 and "Key 2 signs new tickets" in out
    status, out, _err = mscd(capsys, data_dir, "tickets", "keys", "retire", "1", "--yes")
    assert status == 0 and "its 3 tickets are refused" in out
    for text in (tickets["Ana García"].short_code, tickets["Bo Nilsson"].code):
        status, out, _err = mscd(capsys, data_dir, "checkin", text, "--json")
        verdict = json.loads(out)
        assert status == 1 and (verdict["status"], verdict["reason"]) == (
            "cancelled",
            "key_retired",
        )
    assert _inside(data_dir, event) == 0
    status, _out, err = mscd(capsys, data_dir, "tickets", "keys", "retire", "1", "--yes")
    assert status == 1 and "already retired" in err
    status, _out, err = mscd(capsys, data_dir, "tickets", "keys", "retire", "7", "--yes")
    assert status == 1 and "no ticket key 7" in err


def test_retiring_a_key_asks_first(capsys, ready, monkeypatch):
    data_dir, _event, _tickets = ready
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("n\n"))
    status, _out, err = mscd(capsys, data_dir, "tickets", "keys", "retire", "1")
    assert status == 1 and "aborted" in err
    status, out, _err = mscd(capsys, data_dir, "tickets", "keys", "list", "--json")
    assert json.loads(out)[0]["retired_at"] is None


def test_revoke_by_short_code_refuses_the_ticket(capsys, ready):
    data_dir, event, tickets = ready
    carmen = tickets["Carmen Ruiz"]
    typed = carmen.short_code.replace("-", " ")
    status, out, _err = mscd(capsys, data_dir, "tickets", "revoke", typed)
    assert status == 0 and "Carmen Ruiz" in out and carmen.short_code in out
    status, out, _err = mscd(capsys, data_dir, "checkin", carmen.code, "--json")
    assert status == 1 and json.loads(out)["reason"] == "revoked"
    status, _out, err = mscd(capsys, data_dir, "tickets", "revoke", carmen.id)
    assert status == 1 and "already cancelled" in err
    status, _out, err = mscd(capsys, data_dir, "tickets", "revoke", "00099-0000-0000")
    assert status == 1 and "no ticket with the id or short code" in err
    status, out, _err = mscd(capsys, data_dir, "tickets", "list")
    assert "Carmen Ruiz" not in out and "Ana García" in out
    status, out, _err = mscd(capsys, data_dir, "tickets", "list", "--all")
    assert "Carmen Ruiz" in out and "cancelled" in out
    assert _inside(data_dir, event) == 0


def test_closed_event_refuses_check_ins_from_the_cli(capsys, ready):
    data_dir, event, tickets = ready
    assert mscd(capsys, data_dir, "event", "close", event.id)[0] == 0
    status, out, _err = mscd(
        capsys, data_dir, "checkin", tickets["Ana García"].code, "--event", event.id, "--json"
    )
    verdict = json.loads(out)
    assert status == 1 and verdict["status"] == "event_closed"
    assert "closed" in verdict["message"]
    assert _inside(data_dir, event) == 0
    assert mscd(capsys, data_dir, "event", "reopen", event.id)[0] == 0
    status, _out, _err = mscd(
        capsys, data_dir, "checkin", tickets["Ana García"].code, "--event", event.id
    )
    assert status == 0 and _inside(data_dir, event) == 1


def test_walk_in_with_check_in_is_ticketed_and_admitted(capsys, ready):
    data_dir, event, _tickets = ready
    status, out, _err = mscd(
        capsys,
        data_dir,
        "attendees",
        "walk-in",
        "Dana Öberg",
        "--audience",
        "press",
        "--check-in",
        "--desk",
        "B",
        "--json",
    )
    verdict = json.loads(out)
    assert (
        status == 0
        and verdict["status"] == "valid"
        and verdict["attendee"]["name"] == ("Dana Öberg")
    )
    with Store.open(data_dir) as store:
        assert any(
            t.attendee_id == verdict["attendee"]["id"] for t in tk.list_tickets(store, event.id)
        )
    assert _inside(data_dir, event) == 1


def test_two_codes_run_together_give_two_verdicts(capsys, ready):
    data_dir, event, tickets = ready
    joined = tickets["Ana García"].code + tickets["Bo Nilsson"].code
    status, out, _err = mscd(capsys, data_dir, "checkin", joined, "--json")
    assert status == 0 and [v["attendee"]["name"] for v in json.loads(out)] == [
        "Ana García",
        "Bo Nilsson",
    ]
    assert _inside(data_dir, event) == 2
