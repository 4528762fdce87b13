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


# Words that only the English wording of a source uses (the documents' own titles stay in
# their language): a Spanish or Swedish source line with one of them was not translated.
ENGLISH_ONLY = (
    "press release",
    "Swedish",
    "reported by",
    "Live reading",
    "typical",
    "advice on",
    "final results",
    "newsletter",
    "interview",
    "applies from",
    "Calorific values",
    " and S. Werner",
)


def test_every_source_line_is_translated_for_the_kiosks(packs):
    for pack in packs:
        for question in pack.questions:
            source = question.source
            assert source.languages >= LANGUAGES, (question.id, dict(source.texts))
            for language in ("es", "sv"):
                text = source.get(language)
                leftovers = [word for word in ENGLISH_ONLY if word in text]
                assert leftovers == [], (question.id, language, text)


def test_order_hints_start_with_a_capital_letter(packs):
    hints = [
        (q.id, code, text)
        for pack in packs
        for q in pack.questions
        if q.type == "order"
        for code, text in q.order_hint.texts.items()
    ]
    assert len(hints) >= 15
    assert [h for h in hints if not h[2][:1].isupper()] == []


def question(packs, question_id):
    return next(q for pack in packs for q in pack.questions if q.id == question_id)


def test_a_lund_child_reading_a_swedish_network_is_not_marked_down(packs):
    """dh-kids-12: Swedish networks send 100–120 °C on a cold day, Valladolid's 90 °C."""
    from mscd_desktop.core.quiz.judging import judge

    hot_water = question(packs, "dh-kids-12")
    for answer in (70.0, 80.0, 90.0, 100.0, 110.0, 120.0):
        assert judge(hot_water, answer).credit == 1.0, answer
    assert judge(hot_water, 20.0).credit == 0.0
    for code in LANGUAGES:
        assert "120" in hot_water.explanation.get(code)


@pytest.mark.parametrize(
    ("question_id", "present", "absent"),
    [
        # the 60 % of Swedish district-heating fuel includes waste; by heat supplied in
        # 2014: biofuels 42 %, waste 22 %, waste heat 8 % (Svensk Fjärrvärme)
        ("biomass-teens-12", ("42", "22", "8"), ("60",)),
        # drying raises kWh per kilogram, but the log gets lighter: about 10 % per log
        ("biomass-teens-07", ("10",), ("65",)),
        # 0.5 W standby since 2013 (Reg. 1275/2008); Reg. 2023/826: 0.8 W with a display
        ("saving-teens-08", ("2013", "1275/2008", "2023/826"), ("sold since 2025",)),
    ],
)
def test_mended_facts_are_said_in_every_language(packs, question_id, present, absent):
    mended = question(packs, question_id)
    for code in LANGUAGES:
        text = mended.explanation.get(code)
        assert all(fact in text for fact in present), (code, text)
        assert not any(wrong in text for wrong in absent), (code, text)


def test_biomass_is_about_what_grew_not_what_burns(packs):
    """biomass-kids-11 no longer says "not from a living thing, so it cannot burn";
    biomass-teens-04 says "the plants used", not "the forest" (straw and olive pits)."""
    sand = question(packs, "biomass-kids-11").explanation
    assert "so it cannot burn" not in sand.get("en") and "no arde como" not in sand.get("es")
    assert "grew" in sand.get("en") and "crecido" in sand.get("es") and "vuxit" in sand.get("sv")
    statement = next(c for c in question(packs, "biomass-teens-04").choices if c.id == "b").text
    assert "plants used" in statement.get("en") and "forest" not in statement.get("en")
    assert "plantas" in statement.get("es") and "växterna" in statement.get("sv")


UNPLUG = {"en": r"unplug|at the wall", "es": r"desenchuf", "sv": r"dra ur|vid väggen"}
ADULT = {"en": "adult", "es": "adulto", "sv": "vuxen"}


def test_eight_year_olds_are_told_to_ask_an_adult_before_pulling_a_plug(packs):
    import re

    told = []
    for pack in packs:
        for q in pack.questions:
            if "8-11" not in q.age_bands:
                continue
            for code in LANGUAGES:
                text = q.explanation.get(code)
                if re.search(UNPLUG[code], text, re.IGNORECASE):
                    told.append(q.id)
                    assert ADULT[code] in text.lower(), (q.id, code, text)
    assert {"saving-kids-02", "saving-kids-06"} <= set(told)


def test_the_kitchen_pot_is_open_and_the_dishwasher_shows_no_light():
    """The pot's water shows (no lid); no little light on the dishwasher, just after a
    question taught "a little light = standby"."""
    from PIL import Image

    kitchen = Image.open(shipped_packs_dir() / "images" / "kitchen.png").convert("RGB")

    def pixels(box, wanted, within=40):
        area = kitchen.crop(box)
        return sum(
            1
            for colour in area.get_flattened_data()
            if all(abs(c - w) <= within for c, w in zip(colour, wanted, strict=True))
        )

    boxes = SCENES["kitchen"]
    assert pixels(boxes["pot"], (0x8F, 0xD0, 0xF2)) > 1500  # water seen from above
    green = pixels(boxes["dishwasher"], (0x00, 0x9E, 0x73), within=60)
    assert green == 0
