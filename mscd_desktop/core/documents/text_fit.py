"""Text that fits its box: shrink, then wrap, and as a last resort shorten with "…".

Names on certificates run from "Leo" to 300 characters. :func:`fit_text` picks the largest
size at which the text fits the box on one line; below ``wrap_below`` of the largest size
it may wrap onto a few lines instead; at the smallest size whatever is still too long is
cut with an ellipsis. The result never overflows the box, which tests measure.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

ELLIPSIS = "…"


@dataclass(frozen=True)
class FittedText:
    """Lines to draw at one font size, with the distance between their baselines."""

    lines: tuple[str, ...]
    font: str
    size: float
    leading: float

    @property
    def height(self) -> float:
        """Height the lines take: the first line's size plus a leading per further line."""
        return self.size + (len(self.lines) - 1) * self.leading if self.lines else 0.0

    def width(self) -> float:
        """Width of the widest line."""
        return max((stringWidth(line, self.font, self.size) for line in self.lines), default=0)


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces, current = [], ""
    for ch in word:
        if current and stringWidth(current + ch, font, size) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current] if current else pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """*text* broken into lines no wider than *width* (at spaces; inside a word only
    when the word alone is too wide)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if stringWidth(word, font, size) <= width:
            current = word
        else:
            *full, current = _break_word(word, font, size, width)
            lines.extend(full)
    if current:
        lines.append(current)
    return lines


def shorten(text: str, font: str, size: float, width: float) -> str:
    """*text*, cut and ended with "…" if it is wider than *width*."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def fit_text(
    text: str,
    font: str,
    width: float,
    height: float,
    max_size: float,
    min_size: float = 6.0,
    max_lines: int = 3,
    wrap_below: float = 0.6,
    leading: float = 1.15,
) -> FittedText:
    """The largest setting of *text* inside a *width* × *height* box (points)."""
    text = " ".join(text.split())
    size = max_size
    while True:
        line_gap = size * leading
        if stringWidth(text, font, size) <= width and size <= height:
            return FittedText((text,), font, size, line_gap)
        if size <= max_size * wrap_below and max_lines > 1:
            lines = wrap(text, font, size, width)
            if len(lines) <= max_lines and size + (len(lines) - 1) * line_gap <= height:
                return FittedText(tuple(lines), font, size, line_gap)
        if size - 0.5 < min_size:
            break
        size -= 0.5
    size, line_gap = min_size, min_size * leading
    fitting = max(1, min(max_lines, int((height - size) // line_gap) + 1))
    lines = wrap(text, font, size, width) or [""]
    if len(lines) > fitting:
        lines = [*lines[: fitting - 1], shorten(" ".join(lines[fitting - 1 :]), font, size, width)]
    return FittedText(tuple(lines), font, size, line_gap)


def draw_centred(canvas: Canvas, fitted: FittedText, centre_x: float, top: float) -> None:
    """Draw *fitted* centred on *centre_x*, the first line's top at *top*."""
    canvas.setFont(fitted.font, fitted.size)
    baseline = top - fitted.size * 0.8
    for line in fitted.lines:
        canvas.drawCentredString(centre_x, baseline, line)
        baseline -= fitted.leading
