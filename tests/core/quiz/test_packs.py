"""Loading quiz packs into the frozen model the game engine plays."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from mscd_desktop.core.quiz import (
    LocalText,
    PackError,
    load_pack,
    load_packs,
    questions_for,
)
from mscd_desktop.core.quiz.question_types import needs_live_reading

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.json"


def test_sample_pack_loads_every_question_type_with_its_fields():
    pack = load_pack(SAMPLE)
    assert pack.id == "sample" and pack.languages == ("en", "es", "sv")
    kinds = {q.type: q for q in pack.questions}
    assert set(kinds) == {
        "single_choice",
        "true_false",
        "multiple_select",
        "order",
        "estimate",
        "tap_hotspot",
        "live_meter",
    }
    assert kinds["single_choice"].answer == "b"
    assert [c.id for c in kinds["single_choice"].choices] == ["a", "b", "c"]
    assert kinds["true_false"].answer is True
    assert kinds["multiple_select"].answer == ("a", "b")
    order = kinds["order"]
    assert order.answer == ("led", "tv", "kettle") and order.items[0].value == 2200
    assert order.order_hint.get("sv") == "Lägst effekt först"
    estimate = kinds["estimate"]
    assert (estimate.min, estimate.max, estimate.step, estimate.answer) == (0, 3000, 8, 1488)
    assert estimate.tolerance.full == 10 and estimate.tolerance.partial == 25
    spot = kinds["tap_hotspot"]
    assert spot.image == DATA / "images" / "room.png" and spot.image.is_file()
    assert spot.hotspots[0].contains(0.2, 0.5) and not spot.hotspots[0].contains(0.5, 0.5)
    live = kinds["live_meter"]
    assert live.channel == "kettle" and live.answer is None and needs_live_reading(live)
    assert live.unit.get("es") == "W"
    assert all(q.pack_id == "sample" for q in pack.questions)


def test_model_is_frozen():
    question = load_pack(SAMPLE).questions[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        question.answer = "a"  # type: ignore[misc]
    with pytest.raises(TypeError):
        question.prompt.texts["en"] = "changed"  # type: ignore[index]


def test_missing_language_falls_back_to_english_string_by_string():
    text = LocalText({"en": "Kettle", "es": "Hervidor", "sv": ""})
    assert text.get("es") == "Hervidor"
    assert text.get("sv") == "Kettle"
    assert text.get("de") == "Kettle"
    assert text.get("es_ES") == "Hervidor"
    assert LocalText({"sv": "Bara svenska"}).get("en") == "Bara svenska"


def test_questions_for_an_age_band_keep_pack_order():
    pack = load_pack(SAMPLE)
    young = [q.id for q in questions_for(pack, "8-11")]
    assert young == ["sample-single", "sample-tf", "sample-order", "sample-hotspot", "sample-live"]
    assert "sample-tf" not in [q.id for q in questions_for(pack, "12-15")]


def test_load_pack_refuses_a_broken_pack_naming_the_problem(tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = "z"
    bad = tmp_path / "sample.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(bad)
    assert caught.value.problems[0].question_id == "sample-single"
    assert "sample-single" in str(caught.value) and "answer" in str(caught.value)


def test_load_packs_keeps_the_good_packs_when_one_is_broken(tmp_path):
    shutil.copytree(DATA / "images", tmp_path / "images")
    shutil.copy(SAMPLE, tmp_path / "sample.json")
    (tmp_path / "broken.json").write_text('{"id": "broken", ', encoding="utf-8")
    good, problems = load_packs(tmp_path)
    assert [p.id for p in good] == ["sample"]
    assert len(problems) == 1 and problems[0].file.endswith("broken.json")
