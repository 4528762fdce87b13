"""Read the glossaries in ``docs/glossary-<lang>.md`` into rules the catalogues are held to.

A glossary row says: in a message whose English text speaks of *this* (the English column),
the translation must not use *those* words (the Avoid column). See the glossaries' own
introduction for the notation (``*`` for endings, ``…`` for words in between, parentheses
for comments).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
_WORD = r"[^\W_]"  # a letter or digit, in any script


def fold(text: str) -> str:
    """*text* for comparing words: lower case, accents dropped ("Inscripción" -> "inscripcion")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _terms(cell: str) -> list[str]:
    """The comma-separated terms of a table cell, comments in parentheses left out."""
    cell = re.sub(r"\([^)]*\)", "", cell.replace("\\*", "*"))
    terms = [t.strip() for t in cell.split(",")]
    return [t for t in terms if t and t not in {"—", "-"}]


def _pattern(term: str, *, english: bool) -> re.Pattern[str]:
    """A whole-word regex for a glossary term (``*`` = any letters, ``…`` = up to two words).

    In English a hyphen separates words as a space does ("check-in" = "check in").
    """
    separator = r"[\s-]+" if english else r"\s+"
    folded = fold(term).replace("...", "…")  # NFKD spells the ellipsis as three dots
    tokens = re.findall(r"…|[^\s…-]+" if english else r"…|[^\s…]+", folded)
    parts: list[str] = []
    gap = False
    for token in tokens:
        if token == "…":
            gap = True
            continue
        if parts:
            parts.append(separator + (rf"(?:\S+{separator}){{0,2}}?" if gap else ""))
        parts.append(re.escape(token).replace(r"\*", f"{_WORD}*"))
        gap = False
    return re.compile(rf"(?<!{_WORD})" + "".join(parts) + rf"(?!{_WORD})")


@dataclass(frozen=True)
class Row:
    """One glossary row: an idea in English, the chosen words and the words to avoid."""

    english: tuple[str, ...]
    chosen: tuple[str, ...]
    avoid: tuple[str, ...]

    def speaks_of(self, msgid: str) -> bool:
        """Whether the English text *msgid* is about this row's idea."""
        text = fold(msgid)
        return any(_pattern(t, english=True).search(text) for t in self.english)

    def chooses(self, avoided: str) -> bool:
        """Whether *avoided* (a pattern of another row) is one of this row's chosen words."""
        pattern = _pattern(avoided, english=False)
        return any(pattern.search(fold(c)) for c in self.chosen)


@dataclass(frozen=True)
class Glossary:
    """A language's glossary rows and its listed exceptions (msgid, word)."""

    rows: tuple[Row, ...]
    exceptions: frozenset[tuple[str, str]]

    def misuses(self, msgid: str, msgstr: str) -> list[str]:
        """The avoided words *msgstr* uses for what *msgid* speaks of ("entrada" for a check-in)."""
        found = []
        about = [row for row in self.rows if row.speaks_of(msgid)]
        text = fold(msgstr)
        for row in about:
            for avoided in row.avoid:
                for match in _pattern(avoided, english=False).finditer(text):
                    word = match.group(0)
                    if any(other.chooses(avoided) for other in about if other is not row):
                        continue  # the message also speaks of what that word is chosen for
                    if (msgid, word) in self.exceptions:
                        continue
                    found.append(f"{word!r} (avoid for {row.english[0]!r})")
        return found


def _table(lines: list[str], header: str) -> list[list[str]]:
    rows: list[list[str]] = []
    inside = False
    for line in lines:
        if line.startswith(header):
            inside = True
            continue
        if inside and re.match(r"^\|\s*-", line):
            continue
        if inside and line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            rows.append(cells)
        elif inside:
            break
    return rows


def load_glossary(language: str, path: Path | None = None) -> Glossary:
    """The rules of ``docs/glossary-<language>.md``."""
    lines = (path or DOCS / f"glossary-{language}.md").read_text(encoding="utf-8").splitlines()
    rows = tuple(
        Row(tuple(_terms(english)), tuple(_terms(chosen)), tuple(_terms(avoid)))
        for english, chosen, avoid, _why in _table(lines, "| English |")
    )
    exceptions = frozenset(
        (msgid.strip("`"), fold(word)) for msgid, word, _why in _table(lines, "| English message |")
    )
    return Glossary(rows, exceptions)
