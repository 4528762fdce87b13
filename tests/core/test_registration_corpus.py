"""Every export in tests/data/registrations imports with no hand mapping (or says exactly
which column it needs), and the generator script still writes the corpus."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.importing import import_attendees

CORPUS = Path(__file__).parents[1] / "data" / "registrations"
TOOLS = (
    *("eventbrite", "pretix", "tito", "luma", "billetto", "tickster", "google_forms"),
    *("microsoft_forms", "eusurvey", "typeform", "meetup", "outlook", "google_contacts"),
)
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_registrations", CORPUS / "make_registrations.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_file_of_the_corpus_is_expected():
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx")}
    assert files == set(EXPECTED)
    tools = " ".join(files)
    for tool in TOOLS:
        assert tool in tools
    member_states = {name.split("_")[1] for name in files if name.startswith("excel_")}
    assert len(member_states) == 27


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_each_export_imports_without_a_hand_mapping(store, file):
    expected = EXPECTED[file]
    event = ev.create_event(
        store, ev.EventDraft(name="Open House", project="CITyFiED", city="Lund", date="2026-06-10")
    )
    if expected["needs"]:
        with pytest.raises(ValidationError) as caught:
            import_attendees(store, event.id, CORPUS / file)
        assert str(caught.value) == expected["needs"]
        return
    report = import_attendees(store, event.id, CORPUS / file)
    assert report.rejected == []
    stored = sorted((a.name, a.email, a.organisation) for a in at.list_attendees(store, event.id))
    wanted = sorted((p["name"], p["email"], p["organisation"]) for p in expected["people"])
    assert stored == wanted


def test_the_generator_still_writes_the_corpus(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    generator = load_generator()
    assert generator.expected() == EXPECTED
    for export in generator.all_exports():
        committed = CORPUS / export.file
        if export.file.endswith(".csv"):
            assert generator.csv_bytes(export) == committed.read_bytes(), export.file
            continue
        generator.write_xlsx(export, tmp_path / export.file)
        fresh = openpyxl.load_workbook(tmp_path / export.file).active.values
        kept = openpyxl.load_workbook(committed).active.values
        assert list(fresh) == list(kept), export.file
