"""Energy quizzes for the kiosk: packs of questions (``packs``), their validation
(``validation``), and, built on them, the game engine and scoring.

A pack is a JSON file ``resources/quiz/<pack_id>.json`` checked against
``resources/quiz/pack.schema.json`` plus semantic checks; see ``docs/quiz-packs.md``.
"""

from __future__ import annotations

from mscd_desktop.core.quiz.packs import (
    AGE_BANDS,
    QUESTION_TYPES,
    Choice,
    Hotspot,
    LocalText,
    OrderItem,
    PackError,
    PackProblem,
    Question,
    QuizPack,
    Tolerance,
    load_pack,
    load_packs,
    questions_for,
    shipped_packs_dir,
    validate_pack,
)

__all__ = [
    "AGE_BANDS",
    "QUESTION_TYPES",
    "Choice",
    "Hotspot",
    "LocalText",
    "OrderItem",
    "PackError",
    "PackProblem",
    "Question",
    "QuizPack",
    "Tolerance",
    "load_pack",
    "load_packs",
    "questions_for",
    "shipped_packs_dir",
    "validate_pack",
]
