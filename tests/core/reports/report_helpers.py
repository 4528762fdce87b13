"""Helpers of the report tests: the four names, a kiosk game, PDF text and pictures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import AnswerRecord, GameRecord, Mode, Player
from mscd_desktop.core.quiz.scoring import score_answer

NAMES = ("Łukasz Żółć", "Ærøskøbing", "Νίκος Παπαδόπουλος", "Ёлка Иванова")


def play(
    store, event_id, name, credits, *, language="es", attendee=None, group=None, pack="biomass"
):
    """Store a finished kiosk game: one answer per credit (1 = right)."""
    answers = tuple(
        AnswerRecord(
            f"{pack}-kids-{i + 1:02d}",
            pack,
            None,
            score_answer(
                c, elapsed=3, time_limit=None, streak_before=0, questions_in_game=len(credits)
            ),
            3.0,
        )
        for i, c in enumerate(credits)
    )
    record = GameRecord(
        Player(name, "fox", attendee, group),
        language,
        "8-11",
        Mode.EXPLORER,
        answers,
        sum(a.score.accuracy + a.score.bonus for a in answers),
        sum(c >= 1 for c in credits),
        0.0,
        60.0,
    )
    return results.save_game(store, event_id, record)


def pdf_text(path: Path) -> str:
    """Every page's text of a PDF, read back with pypdf."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def render_png(path: Path, out: Path, page: int = 1, dpi: int = 150) -> Path:
    """One page of a PDF rendered with pdftoppm."""
    assert shutil.which("pdftoppm"), "poppler-utils is missing"
    prefix = out / f"{path.stem}-{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(path),
            str(prefix),
        ],
        check=True,
    )
    return prefix.with_suffix(".png")
