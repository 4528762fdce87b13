"""The packs shipped with the app: valid, complete in three languages, enough per band."""

from __future__ import annotations

import pytest

from mscd_desktop.core.quiz import AGE_BANDS, QUESTION_TYPES, load_packs, questions_for
from mscd_desktop.core.quiz.packs import pack_files, shipped_packs_dir
from mscd_desktop.devtools.quiz_pictures import SCENES, hotspots

LANGUAGES = {"en", "es", "sv"}
REQUIRED_PACKS = {"biomass", "district_heating", "saving_energy"}


@pytest.fixture(scope="module")
def packs():
    good, problems = load_packs(shipped_packs_dir())
    assert problems == []
    return good


def test_every_shipped_pack_validates_with_no_problem(packs):
    assert {p.id for p in packs} >= REQUIRED_PACKS
    assert len(packs) == len(pack_files(shipped_packs_dir()))


def test_each_pack_has_at_least_twelve_questions_per_age_band(packs):
    for pack in packs:
        for band in AGE_BANDS:
            assert len(questions_for(pack, band)) >= 12, (pack.id, band)


def test_every_text_is_written_in_english_spanish_and_swedish(packs):
    for pack in packs:
        assert set(pack.languages) == LANGUAGES
        for question in pack.questions:
            texts = [question.prompt, question.explanation]
            texts += [c.text for c in question.choices] + [i.text for i in question.items]
            texts += [h.label for h in question.hotspots]
            if question.type == "order":
                texts.append(question.order_hint)
            for text in texts:
                assert text.languages >= LANGUAGES, (question.id, dict(text.texts))
            assert len(question.source.get("en")) > 10, question.id


def test_every_question_type_is_used_and_ids_are_unique(packs):
    questions = [q for pack in packs for q in pack.questions]
    assert {q.type for q in questions} == set(QUESTION_TYPES)
    assert len({q.id for q in questions}) == len(questions)
    channels = {q.channel for q in questions if q.type == "live_meter"}
    assert "kettle" in channels


def test_hotspot_boxes_match_the_drawn_scenes(packs):
    spots = [q for pack in packs for q in pack.questions if q.type == "tap_hotspot"]
    assert len(spots) >= 4
    for question in spots:
        scene = question.image.stem
        assert scene in SCENES, question.id
        drawn = hotspots(scene)
        assert {h.id for h in question.hotspots} == set(drawn), question.id
        for spot in question.hotspots:
            assert (spot.x, spot.y, spot.w, spot.h) == pytest.approx(drawn[spot.id], abs=1e-3)
        assert set(question.answer) < set(drawn), "some hotspot must be a wrong answer"


def test_shipped_pictures_are_what_the_scene_code_draws(tmp_path):
    """The PNGs were regenerated after the last change to the scenes (and their boxes).

    Compared with a small tolerance: another Pillow or FreeType may smooth edges and
    letters a little differently, but a moved or missing object changes far more pixels.
    """
    from PIL import Image, ImageChops

    from mscd_desktop.devtools.quiz_pictures import render

    for scene in SCENES:
        fresh = Image.open(render(scene, tmp_path)).convert("L")
        path = shipped_packs_dir() / "images" / f"{scene}.png"
        shipped = Image.open(path).convert("L")
        assert fresh.size == shipped.size
        changed = ImageChops.difference(fresh, shipped).point(lambda v: 255 if v > 40 else 0)
        share = changed.histogram()[255] / (fresh.width * fresh.height)
        assert share < 0.002, (scene, share)
        assert path.stat().st_size < 60_000


def test_hotspots_of_a_picture_do_not_overlap():
    """A tap must land on one object only."""
    for scene, boxes in SCENES.items():
        items = list(boxes.items())
        for i, (name, (x0, y0, x1, y1)) in enumerate(items):
            for other, (a0, b0, a1, b1) in items[i + 1 :]:
                assert x1 <= a0 or a1 <= x0 or y1 <= b0 or b1 <= y0, (scene, name, other)
