"""Reading a pack's JSON without trusting it: bounded size, bounded nesting, usable numbers.

``json.loads`` recurses once per level of nesting (100,000 levels raise RecursionError),
converts integers of any length (5,000 digits raise ValueError, 400 digits overflow every
later float conversion) and accepts ``NaN`` and ``Infinity``. Here the file's size and
nesting are checked before parsing, and every number that no slider can hold becomes a
:class:`BadNumber` marker that the validator reports at its question and field.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mscd_desktop.i18n import _

MAX_PACK_BYTES = 4 * 1024 * 1024  # the shipped packs are about 50 kB
MAX_NESTING = 24  # a pack needs 6 levels (pack, questions, question, choices, choice, text)
MAX_DIGITS = 15  # what a float holds exactly
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")

Report = Callable[[str | None, str | None, str], None]  # question id, field, message


@dataclass(frozen=True)
class BadNumber:
    """A number in the file that cannot be used, kept as written for the message."""

    text: str

    def problem(self) -> str:
        """What is wrong with it, in a sentence."""
        digits = sum(c.isdigit() for c in self.text.split(".")[0].split("e")[0].split("E")[0])
        if digits > MAX_DIGITS and re.fullmatch(r"-?\d+", self.text):
            return _(
                "This number has {digits} digits; numbers in a quiz pack have at most {max}."
            ).format(digits=digits, max=MAX_DIGITS)
        shown = self.text if len(self.text) <= 20 else self.text[:17] + "..."
        return _("{value} is not a usable number.").format(value=shown)


def _int(text: str) -> int | BadNumber:
    return BadNumber(text) if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def _float(text: str) -> float | BadNumber:
    value = float(text)
    return value if math.isfinite(value) else BadNumber(text)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def nesting_problem(text: str) -> str | None:
    """Why *text* is nested too deeply to parse, or None (brackets in strings ignored)."""
    blanked = _STRING.sub(lambda m: '""' + " " * (len(m.group()) - 2), text)
    depth = 0
    for match in _BRACKET.finditer(blanked):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_NESTING:
            line, column = _line_column(text, match.start())
            return _(
                "The JSON is nested more than {max} levels deep (line {line}, column "
                "{column}); a quiz pack needs far fewer."
            ).format(max=MAX_NESTING, line=line, column=column)
    return None


def read_pack_json(path: Path, report: Report) -> Any | None:
    """The parsed JSON of *path* (numbers it cannot use as :class:`BadNumber`), or None
    with the reason given to *report*."""
    try:
        size = path.stat().st_size
        if size > MAX_PACK_BYTES:
            report(
                None,
                None,
                _("The file is too large for a quiz pack ({size} kB; at most {max} kB).").format(
                    size=size // 1024, max=MAX_PACK_BYTES // 1024
                ),
            )
            return None
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        report(None, None, _("The file does not exist."))
        return None
    except UnicodeDecodeError:
        report(None, None, _("The file is not UTF-8 text."))
        return None
    except OSError as exc:
        report(None, None, _("The file cannot be read: {error}").format(error=exc.strerror))
        return None
    problem = nesting_problem(text)
    if problem:
        report(None, None, problem)
        return None
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=BadNumber)
    except json.JSONDecodeError as exc:
        report(
            None,
            None,
            _("Malformed JSON at line {line}, column {column}: {error}.").format(
                line=exc.lineno, column=exc.colno, error=exc.msg
            ),
        )
    except (ValueError, RecursionError) as exc:  # not expected after the checks above
        report(None, None, _("The JSON cannot be read: {error}").format(error=exc))
    return None


def bad_numbers(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, BadNumber]]:
    """Every :class:`BadNumber` in *data* with its JSON path (e.g. ``("questions", 4,
    "max")``)."""
    if isinstance(data, BadNumber):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from bad_numbers(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from bad_numbers(value, (*path, index))
