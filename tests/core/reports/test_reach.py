"""The reach report (PDF, JSON, XLSX), the EU reporting sheet and the reach card."""

from __future__ import annotations

import json

import openpyxl
import pytest
from PIL import Image
from report_helpers import pdf_text, render_png

from mscd_desktop.core import events as ev
from mscd_desktop.core.energy.energy_minutes import MinuteRow, save_minutes
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.exports import eu_reporting as eu
from mscd_desktop.core.exports.card import draw_card, write_card
from mscd_desktop.core.exports.reach import reach_report
from mscd_desktop.core.exports.reach_files import export_reach


@pytest.fixture
def demo_energy(store, day):
    """Two channels of the live demo: a kettle and the solar panels, 10 minutes each."""
    rows = [
        MinuteRow(channel, 1_795_000_000 + 60 * i, mean, peak, mean / 60, 60)
        for i in range(10)
        for channel, mean, peak in (("kettle", 1200.0, 2080.0), ("solar", 600.0, 950.0))
    ]
    save_minutes(store, day.event.id, rows)


def test_the_report_counts_people_games_and_energy(store, day, demo_energy):
    report = reach_report(store, day.event.id)
    assert (report.registered, report.checked_in, report.players, report.games) == (9, 8, 2, 2)
    audiences = {r.key: (r.registered, r.checked_in) for r in report.by_audience}
    assert audiences["school_children"] == (4, 4) and audiences["citizens"] == (2, 1)
    assert sum(report.by_hour.values()) == 8
    kettle = next(c for c in report.channels if c.channel == "kettle")
    assert kettle.label == "Hervidor" and kettle.peak_w == 2080.0
    assert report.energy_wh == pytest.approx(10 * 20 + 10 * 10)
    [pack] = report.packs
    assert (pack.games, pack.answers) == (2, 14)
    assert report.most_missed[0].asked >= 1
    assert "Lucía" not in json.dumps(report.as_dict(), ensure_ascii=False)  # counts, no names


def test_the_eu_row_maps_audiences_through_the_editable_mapping(store, day):
    row = reach_report(store, day.event.id).eu
    assert row.reached["industry"] == 2  # two technical stakeholders
    assert row.reached["general_public"] == 4 and row.reached["policy_makers"] == 1
    assert row.total == 8 and row.activity_type == "Organización de talleres"
    eu.update_eu_settings(
        store,
        day.event.id,
        audience_map={"technical": "scientific_community"},
        leader="Fundación CARTIF",
        countries=["es", "SE"],
    )
    row = reach_report(store, day.event.id).eu
    assert row.reached["scientific_community"] == 2 and row.reached["industry"] == 0
    assert row.leader == "Fundación CARTIF" and row.countries == "España, Suecia"
    with pytest.raises(ValidationError, match="Unknown EU audience type 'students'"):
        eu.update_eu_settings(store, day.event.id, audience_map={"citizens": "students"})
    with pytest.raises(ValidationError, match="'XX' is not a two-letter country code"):
        eu.update_eu_settings(store, day.event.id, countries=["XX"])
    settings = eu.update_eu_settings(store, day.event.id, reset=True)
    assert settings.audience_map == eu.DEFAULT_AUDIENCE_MAP and settings.leader == ""


def test_pdf_report_has_every_part_and_the_eu_sheet(store, day, demo_energy, tmp_path):
    out = tmp_path / "reach.pdf"
    export_reach(store, day.event.id, out)
    text = " ".join(pdf_text(out).split())  # table cells wrap their words
    for part in (
        "Informe de alcance",
        "Llegadas por hora",
        "Asistencia por organización",
        "Preguntas más falladas",
        "Hervidor",
        "2,08 kW",
        "Informe UE: actividades de difusión y comunicación",
        "Sociedad civil",
        "Tamaño del público",
    ):
        assert part in text, part
    assert "Las astillas de madera se hacen con ramas" in text  # missed, by its text
    assert "biomass-kids" not in text
    for page in (1, 3):
        assert Image.open(render_png(out, tmp_path, page, dpi=50)).size[0] > 0


def test_json_and_xlsx_hold_the_same_figures(store, day, demo_energy, tmp_path):
    export_reach(store, day.event.id, tmp_path / "reach.json")
    data = json.loads((tmp_path / "reach.json").read_text(encoding="utf-8"))
    assert data["checked_in"] == 8 and data["eu_reporting"]["total"] == 8
    export_reach(store, day.event.id, tmp_path / "reach.xlsx")
    book = openpyxl.load_workbook(tmp_path / "reach.xlsx")
    assert book.sheetnames[-1] == "Informe UE"
    header, row = [[c.value for c in r] for r in book["Informe UE"].iter_rows()]
    assert header[0] == "Tipo de actividad" and header[-1] == "Tamaño del público"
    assert row[-1] == 8 and isinstance(row[-1], int)
    assert row[header.index("Público general")] == 4
    live = {r[0].value: r for r in book["Demostración en directo"].iter_rows(min_row=2)}
    assert live["Hervidor"][2].value == 2080.0


def test_a_wrong_suffix_and_an_event_without_visitors_are_refused(store, day, tmp_path):
    with pytest.raises(ValidationError, match=r"\.pdf, \.json or \.xlsx"):
        export_reach(store, day.event.id, tmp_path / "reach.docx")
    empty = ev.create_event(
        store, ev.EventDraft(name="Quiet day", project="ZenN", city="Lund", date="2026-11-26")
    )
    with pytest.raises(MscdError, match="Nobody has checked in to 'Quiet day'"):
        export_reach(store, empty.id, tmp_path / "reach.pdf")
    with pytest.raises(MscdError, match="Nobody has checked in"):
        write_card(store, empty.id, tmp_path / "card.png")
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_the_card_comes_in_both_sizes_in_the_events_language(store, day, demo_energy, tmp_path):
    for size, pixels in (("1200x675", (1200, 675)), ("1080x1080", (1080, 1080))):
        result = write_card(store, day.event.id, tmp_path / f"card-{size}.png", size)
        assert Image.open(result.path).size == pixels
    numbers = [(f.number, f.label) for f in result.figures]
    assert numbers == [
        ("8", "visitantes"),
        ("2", "niños y niñas jugaron al concurso de energía"),
        ("0,30 kWh", "de energía mostrada en directo"),
    ]
    with pytest.raises(ValidationError, match="Unknown card size '800x600'"):
        draw_card(reach_report(store, day.event.id), "800x600")
    with pytest.raises(ValidationError, match=r"\.png"):
        write_card(store, day.event.id, tmp_path / "card.jpg")


def test_the_card_uses_swedish_numbers_for_a_swedish_event(store, day, demo_energy):
    from dataclasses import replace

    from mscd_desktop.core.documents.language import in_language
    from mscd_desktop.core.exports.card import card_figures

    report = replace(reach_report(store, day.event.id), checked_in=4546)
    [visitors, *_rest] = card_figures(report, in_language("sv"))
    assert (visitors.number, visitors.label) == ("4\u00a0546", "besökare")
