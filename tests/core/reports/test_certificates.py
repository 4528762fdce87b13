"""Certificates: who gets one, in which language, every script, the signed code and QR."""

from __future__ import annotations

import re
import sqlite3

import pytest
import zxingcpp
from PIL import Image
from report_helpers import NAMES, pdf_text, play, render_png

from mscd_desktop.core.atomic_files import Cancelled
from mscd_desktop.core.documents import certificate_codes as codes
from mscd_desktop.core.documents import certificates as cert
from mscd_desktop.core.documents import event_settings as es
from mscd_desktop.core.documents.certificate_files import certificate_pdf, write_certificates
from mscd_desktop.core.documents.certificate_records import verify_code
from mscd_desktop.core.errors import MscdError, ValidationError


def test_everyone_who_came_or_played_gets_the_right_template(store, day):
    people = cert.recipients(store, day.event)
    by_name = {r.name: r for r in people}
    assert "Absent Person" not in by_name
    assert {by_name[n].template for n in NAMES} == {"adults"}
    assert by_name["Marta Ruiz"].template == "adults"
    assert {by_name[n].template for n in ("Lucía", "Hugo", "Leo")} == {"children"}
    assert by_name["Lucía"].game is not None and by_name["Leo"].game is None
    assert by_name[NAMES[3]].organisation == "Universidad de Valladolid"
    assert by_name["Lucía"].organisation == ""  # a child's certificate names no school


def test_each_certificate_is_in_the_persons_language(store, day):
    people = {r.name: r for r in cert.recipients(store, day.event)}
    assert people["Hugo"].language == "sv"  # he chose Swedish at the kiosk
    assert people["Lucía"].language == "es"
    assert people["Leo"].language == "es"  # never played: the event's first language
    assert people[NAMES[0]].language == "es"
    items = {i.name: i for i in cert.certificate_items(store, day.event, list(people.values()))}
    assert items["Hugo"].heading == "Deltagarintyg"
    assert items["Lucía"].heading == "Certificado de participación"
    assert items[NAMES[0]].heading == "Certificado de asistencia"


def test_the_best_game_gives_the_achievement_line(store, day):
    people = {r.name: r for r in cert.recipients(store, day.event)}
    items = {i.name: i for i in cert.certificate_items(store, day.event, list(people.values()))}
    lucia = items["Lucía"]
    assert lucia.achievement_title == "Estrella de la energía"  # 9 of 10 right
    # 9000 points and more: Spanish groups thousands only from five digits ("9000", "12.500").
    assert re.fullmatch(r"9 de 10 preguntas acertadas · 9\d{3} puntos", lucia.achievement_lines[0])
    assert "Biomasa" in lucia.achievement_lines[1]  # the pack by its Spanish title
    assert items["Hugo"].achievement_title == "Energiutforskare"  # 2 of 4
    assert items["Leo"].achievement_title == "" and items[NAMES[0]].achievement_lines == ()


def test_four_scripts_print_and_read_back_as_text(store, day, tmp_path):
    batch = write_certificates(store, day.event.id, tmp_path, group="adults", merged=True)
    text = pdf_text(batch.files[0])
    for name in NAMES:
        assert name in text
    assert "Universidad de Valladolid" in text and "25 de noviembre de 2026" in text


def test_the_qr_decodes_from_the_pixels_and_verifies(store, day, tmp_path):
    batch = write_certificates(store, day.event.id, tmp_path, group="5A")
    lucia = next(f for f in batch.files if f.name.startswith("Lucía "))
    png = render_png(lucia, tmp_path, dpi=200)
    found = zxingcpp.read_barcodes(Image.open(png))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    code = found[0].text
    assert code in lucia.name  # the same code is printed and names the file
    check = verify_code(store, code)
    assert check.genuine
    assert (check.first_name, check.event_date, check.event_name) == (
        "Lucía",
        "2026-11-25",
        "Open House Torrelago",
    )
    assert set(check.as_dict()) == {"genuine", "status", "code", "event", "date", "first_name"}


def test_typed_codes_forgive_case_dashes_and_look_alike_letters(store, day):
    [item] = cert.certificate_items(store, day.event, cert.recipients(store, day.event, "5A")[:1])
    compact = item.code.replace("-", "").lower().replace("0", "o").replace("1", "l")
    assert verify_code(store, " ".join(compact)).genuine


def test_mistyped_unknown_and_altered_codes_are_refused(store, day, data_dir):
    people = cert.recipients(store, day.event, "5A")
    items = cert.certificate_items(store, day.event, people)
    code = items[0].code
    typo = ("1" if code[0] != "1" else "2") + code[1:]  # one character mistyped
    assert verify_code(store, typo).status == "malformed"
    assert verify_code(store, "not a code").status == "malformed"
    body = "ZZZZZZZZZZZ"
    assert verify_code(store, body + codes.check_char(body)).status == "unknown"
    with sqlite3.connect(data_dir / "mscd.sqlite3") as db:  # someone edits the record
        db.execute("UPDATE certificates SET first_name = 'Mallory' WHERE code = ?", [code])
    assert verify_code(store, code).status == "altered"


def test_printing_again_keeps_each_code(store, day):
    people = cert.recipients(store, day.event)
    first = {i.name: i.code for i in cert.certificate_items(store, day.event, people)}
    again = {i.name: i.code for i in cert.certificate_items(store, day.event, people)}
    assert first == again and len(set(first.values())) == len(first)


def test_a_kiosk_nickname_gets_a_childrens_certificate(store, day):
    play(store, day.event.id, "Zorro Veloz", [1, 1, 0], language="en")
    [nick] = [r for r in cert.recipients(store, day.event) if r.key.startswith("player:")]
    assert (nick.name, nick.template, nick.language) == ("Zorro Veloz", "children", "en")


def test_groups_empty_unknown_and_nobody_in_are_named(store, day):
    from mscd_desktop.core import attendees as at
    from mscd_desktop.core import events as ev

    assert {r.name for r in cert.recipients(store, day.event, "5º A")} == {
        "Marta Ruiz",
        "Lucía",
        "Hugo",
        "Leo",
    }
    with pytest.raises(ValidationError, match=r"no group 'Z9'.*children, adults, 5º A"):
        cert.recipients(store, day.event, "Z9")
    late = at.add_school_group(store, day.event.id, "IES Sur", "2B", "Ana Gil", ["Noa"], "12-15")
    with pytest.raises(MscdError, match="Nobody in the group '2B'"):
        cert.recipients(store, day.event, late.class_name)
    empty = ev.create_event(
        store, ev.EventDraft(name="Empty", project="ZenN", city="Lund", date="2026-11-26")
    )
    with pytest.raises(MscdError, match="Nobody has checked in to 'Empty'"):
        write_certificates(store, empty.id, ".")


def test_a_field_that_does_not_exist_is_refused_by_name(store, day):
    with pytest.raises(ValidationError, match=r"\{surname\}, which does not exist"):
        cert.set_certificate_text(store, day.event.id, "children", "Well done, {surname}!")
    cert.set_certificate_text(
        store, day.event.id, "children", "¡Gracias por venir a {venue}, {first_name}!"
    )
    people = cert.recipients(store, day.event, "children")
    items = {i.name: i for i in cert.certificate_items(store, day.event, people)}
    assert items["Leo"].message == "¡Gracias por venir a Torrelago, Leo!"


def test_logo_and_signature_are_printed_and_bad_pictures_named(store, day, tmp_path):
    logo, signature = tmp_path / "eu-flag.png", tmp_path / "firma.png"
    Image.new("RGB", (300, 200), (0, 51, 153)).save(logo)
    Image.new("RGBA", (400, 120), (0, 0, 0, 0)).save(signature)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with pytest.raises(ValidationError, match=r"broken\.png cannot be read as a picture"):
        es.set_logos(store, day.event.id, [logo, broken])
    with pytest.raises(ValidationError, match=r"missing\.png does not exist"):
        es.set_signature(store, day.event.id, tmp_path / "missing.png")
    assert es.logos(store, day.event.id) == []  # nothing half-set
    es.set_logos(store, day.event.id, [logo])
    es.set_signature(store, day.event.id, signature)
    es.set_signer(store, day.event.id, "María López", "Coordinadora")
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(certificate_pdf(store, day.event.id, "adults"))
    from pypdf import PdfReader

    page = PdfReader(str(pdf)).pages[0]
    assert len(page.images) == 2
    assert "María López" in page.extract_text() and "Coordinadora" in page.extract_text()


def test_a_cancelled_batch_leaves_no_file(store, day, tmp_path):
    out = tmp_path / "certificates"
    out.mkdir()
    calls = []

    def progress(done, total):
        calls.append((done, total))

    with pytest.raises(Cancelled):
        write_certificates(
            store, day.event.id, out, progress=progress, is_cancelled=lambda: len(calls) >= 2
        )
    assert list(out.iterdir()) == []
    batch = write_certificates(store, day.event.id, out, progress=progress)
    assert calls[-1] == (batch.certificates, batch.certificates) == (8, 8)
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in batch.files)


def test_a_missing_folder_is_named(store, day, tmp_path):
    with pytest.raises(MscdError, match="nowhere does not exist"):
        write_certificates(store, day.event.id, tmp_path / "nowhere")
