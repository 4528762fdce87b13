"""No figure reaches a person without going through Babel.

A format spec such as ``{kw:.2f}`` or ``{n:,}`` writes "2.08" and "4,546" whatever the
reader's language, and ``strftime`` writes English day names: a Spaniard then reads 2.08 kW
as two thousand and eighty. Figures shown to people are formatted with
:mod:`mscd_desktop.core.formatting` and passed to messages as text. These checks find the
raw formatting in every translatable message and in the human output of ``gui/`` and
``cli/`` (``--json`` goes through ``to_json``, which writes numbers as numbers).
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from mscd_desktop.devtools import translations

ROOT = Path(__file__).resolve().parents[1]
HUMAN_OUTPUT = ("mscd_desktop/gui", "mscd_desktop/cli")

# A spec that formats a number: grouping (",", "_"), a precision (".2") or a numeric
# presentation type (f, g, e, d, n, %). Width and alignment alone (">3") are fine: they
# pad text that was formatted already.
NUMERIC_SPEC = re.compile(r"[,_]|\.\d|[eEfFgGdn%]$|%[A-Za-z]")
PERCENT_STYLE = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[dfFgGeE]")

# Output that is read by programs, not people: (file, text on the line, why).
ALLOWED = {
    ("mscd_desktop/gui/shell/app.py", 'print(f"shown {'): "the startup benchmark reads it",
}


def numeric_specs(text: str) -> list[str]:
    """The ``{field:spec}`` placeholders of *text* whose spec formats a number."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return []
    return [
        f"{{{name}:{spec}}}"
        for _literal, name, spec, _conversion in fields
        if name is not None and spec and NUMERIC_SPEC.search(spec)
    ]


def test_no_translatable_message_formats_a_number_itself():
    found = []
    for message in translations.build_template():
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple | list) else (message.id,):
            found += [f"{text!r}: {spec}" for spec in numeric_specs(text)]
    assert found == []


def _raw_formatting(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(
                part.value
                for part in getattr(node.format_spec, "values", [])
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            if NUMERIC_SPEC.search(spec):
                found.append((node.lineno, f"f-string spec :{spec}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [(node.lineno, f"format spec {s}") for s in numeric_specs(node.value)]
        elif isinstance(node, ast.Attribute) and node.attr == "strftime":
            found.append((node.lineno, "strftime"))
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and PERCENT_STYLE.search(node.left.value)
        ):
            found.append((node.lineno, f"%-formatting {node.left.value!r}"))
    return found


def raw_formatting_in(path: Path) -> list[str]:
    """Lines of *path* that format a number or a date without Babel (allowed ones left out)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    relative = path.relative_to(ROOT).as_posix()
    found = []
    for lineno, what in _raw_formatting(ast.parse(source)):
        line = lines[lineno - 1]
        if any(relative == file and text in line for file, text in ALLOWED):
            continue
        found.append(f"{relative}:{lineno}: {what}: {line.strip()}")
    return found


def test_screens_and_cli_output_format_no_number_or_date_themselves():
    files = sorted(p for folder in HUMAN_OUTPUT for p in (ROOT / folder).rglob("*.py"))
    assert len(files) > 40
    found = [line for path in files for line in raw_formatting_in(path)]
    assert found == []


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ('label.setText(f"{watts / 1000:.2f} kW")', True),
        ('_("EUR {eur:,.0f}/year").format(eur=x)', True),
        ('text = "%.1f W" % watts', True),
        ("when = moment.strftime('%H:%M')", True),
        ('_("{rank:>3}. {name}").format(rank=r, name=n)', False),
        ('label.setText(f"{name}: {fmt.power(watts)}")', False),
        ('print(f"{count:5} rows")', False),
    ],
)
def test_the_check_tells_raw_formatting_from_formatted_text(source, caught):
    assert bool(_raw_formatting(ast.parse(source))) is caught
