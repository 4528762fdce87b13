"""The kiosk's question-type registry matches core's, and the kiosk's modules import one
way (no circle among board, pages, results and the question types)."""

from __future__ import annotations

import itertools

import grimp

from mscd_desktop.core.quiz.packs import QuestionType
from mscd_desktop.core.quiz.question_types import RULES
from mscd_desktop.gui.common.forms import load_form
from mscd_desktop.gui.kiosk.question_types import KIOSK_RULES

KIOSK = "mscd_desktop.gui.kiosk"


def test_every_core_question_type_has_a_kiosk_entry_and_no_other():
    assert set(KIOSK_RULES) == set(RULES) == set(QuestionType)
    assert all(rules.type is kind for kind, rules in KIOSK_RULES.items())
    assert all(rules.keys for rules in KIOSK_RULES.values())


def test_each_kiosk_entry_names_an_answer_page_of_the_form(qtbot):
    ui = load_form("kiosk/kiosk_screen")
    qtbot.addWidget(ui)
    pages = {ui.answerPages.widget(i).objectName() for i in range(ui.answerPages.count())}
    assert {rules.page for rules in KIOSK_RULES.values()} == pages


def test_the_kiosk_modules_import_each_other_without_a_circle():
    graph = grimp.build_graph("mscd_desktop")  # TYPE_CHECKING imports count too
    modules = sorted(m for m in graph.find_children(KIOSK))
    assert {f"{KIOSK}.board", f"{KIOSK}.pages", f"{KIOSK}.results"} <= set(modules)
    circles = [
        (a, b)
        for a, b in itertools.combinations(modules, 2)
        if graph.chain_exists(a, b) and graph.chain_exists(b, a)
    ]
    assert circles == []


def test_docs_list_the_keys_each_question_type_declares():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "kiosk.md").read_text()
    for rules in KIOSK_RULES.values():
        assert f"| {rules.keys} |" in guide, rules.type
