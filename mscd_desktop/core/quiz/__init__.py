"""Energy quizzes for the kiosk: packs of questions (``packs``), the question types
(``question_types``), their validation (``validation``) and loading (``loading``), and,
built on them, the game engine and scoring.

A pack is a JSON file ``resources/quiz/<pack_id>.json`` checked against
``resources/quiz/pack.schema.json`` plus semantic checks; see ``docs/quiz-packs.md``.
"""

from __future__ import annotations

from mscd_desktop.core.quiz.loading import load_pack, load_packs, validate_pack
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
    QuestionType,
    QuizPack,
    Tolerance,
    questions_for,
    shipped_packs_dir,
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
    "QuestionType",
    "QuizPack",
    "Tolerance",
    "load_pack",
    "load_packs",
    "questions_for",
    "shipped_packs_dir",
    "validate_pack",
]
