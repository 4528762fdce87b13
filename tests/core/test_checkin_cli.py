"""``mscd checkin`` and ``mscd tickets pdf``: verdicts as JSON, printable PDFs."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest
import zxingcpp
from pypdf import PdfReader

from mscd_desktop.cli import main
from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.store import Store


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def ready(data_dir):
    """A data folder with today's event, two people and a class, tickets issued."""
    with Store.open(data_dir) as store:
        event = ev.create_event(
            store,
            ev.EventDraft(
                name="Open House Łódź–Kraków: Žižkov Ștefan",
                project="CITyFiED",
                city="Valladolid",
                date=date.today().isoformat(),
                audiences=("citizens", "school_children"),
            ),
        )
        ev.open_event(store, event.id)
        ana = at.add_attendee(
            store,
            event.id,
            at.AttendeeDraft(name="Ελένη Παπαδοπούλου", audience="citizens", organisation="Αθήνα"),
        )
        at.add_attendee(store, event.id, at.AttendeeDraft(name="Jiří Čapek", audience="citizens"))
        at.add_school_group(
            store, event.id, "CEIP Torrelago", "5º A", "Marta Ruiz", ["Lucía", "Pablo"], "8-11"
        )
        tk.issue_missing_tickets(store, event.id)
        code = next(t.code for t in tk.list_tickets(store, event.id) if t.attendee_id == ana.id)
    return data_dir, code


def test_checkin_json_gives_status_reason_attendee(capsys, ready):
    data_dir, code = ready
    status, out, _err = run(
        capsys, "--data-dir", str(data_dir), "checkin", code, "--desk", "B", "--json"
    )
    assert status == 0
    verdict = json.loads(out)
    assert (verdict["status"], verdict["reason"]) == ("valid", "first")
    assert verdict["attendee"]["name"] == "Ελένη Παπαδοπούλου"
    status, out, _err = run(capsys, "--data-dir", str(data_dir), "checkin", code, "--json")
    again = json.loads(out)
    assert again["status"] == "already_checked_in" and again["first_desk"] == "B"
    assert status == 1  # refused: already inside


def test_checkin_of_a_flipped_digit_reports_misread(capsys, ready):
    data_dir, code = ready
    bad = code[:-1] + str((int(code[-1]) + 1) % 10)
    status, out, _err = run(capsys, "--data-dir", str(data_dir), "checkin", bad, "--json")
    assert status == 2 and json.loads(out)["status"] == "misread"


@pytest.mark.parametrize("layout", ["badges", "tickets"])
def test_tickets_pdf_prints_every_ticket_with_its_short_code(capsys, ready, tmp_path, layout):
    data_dir, _code = ready
    out_file = tmp_path / f"{layout}.pdf"
    status, out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "tickets",
        "pdf",
        "--out",
        str(out_file),
        "--layout",
        layout,
        "--json",
    )
    assert status == 0, err
    result = json.loads(out)
    assert result["tickets"] == 6 and result["issued"] == 0
    reader = PdfReader(str(out_file))
    assert len(reader.pages) == (1 if layout == "badges" else 6)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    with Store.open(data_dir) as store:
        event = ev.current_event(store)
        shorts = [t.short_code for t in tk.list_tickets(store, event.id)]
    for needle in ["Ελένη Παπαδοπούλου", "Jiří Čapek", "Łódź", "Ștefan", *shorts]:
        assert needle in text
    if shutil.which("pdftoppm"):  # the printed QR codes scan back to the signed codes
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "150",
                "-f",
                "1",
                "-l",
                "1",
                str(out_file),
                str(tmp_path / layout),
            ],
            check=True,
        )
        from PIL import Image

        page = Image.open(next(tmp_path.glob(f"{layout}*.png")))
        found = {r.text for r in zxingcpp.read_barcodes(page)}
        with Store.open(data_dir) as store:
            codes = [t.code for t in tk.list_tickets(store, ev.current_event(store).id)]
        assert found == (set(codes) if layout == "badges" else {codes[0]})


def test_tickets_pdf_with_nobody_is_a_clear_error(capsys, data_dir, tmp_path):
    run(
        capsys,
        "--data-dir",
        str(data_dir),
        "event",
        "create",
        "--name",
        "Empty",
        "--project",
        "CITyFiED",
        "--city",
        "Lund",
        "--date",
        "2026-06-10",
    )
    status, _out, err = run(
        capsys, "--data-dir", str(data_dir), "tickets", "pdf", "--out", str(tmp_path / "x.pdf")
    )
    assert status == 1 and "nobody to print" in err
    assert not (tmp_path / "x.pdf").exists()


def test_cancelled_pdf_leaves_no_file(ready, tmp_path):
    from mscd_desktop.core.documents import badges

    data_dir, _code = ready
    with Store.open(data_dir) as store:
        event = ev.current_event(store)
        items = badges.badge_items(store, event.id)
    calls = []
    with pytest.raises(badges.Cancelled):
        badges.write_pdf(
            tmp_path / "x.pdf", event, items, is_cancelled=lambda: calls.append(1) or len(calls) > 2
        )
    assert list(tmp_path.glob("x.pdf*")) == []


def test_printed_qr_is_version_7_or_lower(ready):
    from mscd_desktop.core.documents.badges import qr_matrix

    _data_dir, code = ready
    matrix = qr_matrix(code)
    assert len(matrix) == len(matrix[0]) <= 45  # version 7 is 45 × 45 modules
    assert (len(matrix) - 17) % 4 == 0
