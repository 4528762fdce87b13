"""The strokes the kiosk's animals are drawn with, on a 100 × 100 grid: outlined ovals,
polygons and curved shapes, eyes, smiles and cheeks (used by
:mod:`mscd_desktop.gui.kiosk.animal_drawings`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

OUTLINE = QColor("#2a211b")
WHITE, BLACK, PINK = "#ffffff", "#231f20", "#f4a6b7"

Point = tuple[float, float]


def style(p: QPainter, fill: str | None, width: float = 2.4) -> None:
    """Outline pen (none for width 0) and fill for what is drawn next."""
    if width:
        pen = QPen(OUTLINE, width)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
    else:
        p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(fill) if fill else Qt.BrushStyle.NoBrush)


def oval(p: QPainter, cx: float, cy: float, rx: float, ry: float, fill: str, width=2.4) -> None:
    """An outlined oval centred on (cx, cy)."""
    style(p, fill, width)
    p.drawEllipse(QPointF(cx, cy), rx, ry)


def tilted_oval(
    p: QPainter, cx: float, cy: float, rx: float, ry: float, angle: float, fill: str, width=2.4
) -> None:
    """An outlined oval turned by *angle* degrees."""
    p.save()
    p.translate(cx, cy)
    p.rotate(angle)
    oval(p, 0, 0, rx, ry, fill, width)
    p.restore()


def polygon(p: QPainter, points: Sequence[Point], fill: str, width: float = 2.4) -> None:
    """An outlined polygon through *points*."""
    style(p, fill, width)
    p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))


def shape(p: QPainter, start: Point, curves: Sequence[Sequence[float]], fill: str, width=2.4):
    """A closed shape: from *start*, each curve is (x, y) for a line or
    (c1x, c1y, c2x, c2y, x, y) for a cubic Bézier."""
    path = QPainterPath(QPointF(*start))
    for c in curves:
        if len(c) == 2:
            path.lineTo(c[0], c[1])
        else:
            path.cubicTo(c[0], c[1], c[2], c[3], c[4], c[5])
    path.closeSubpath()
    style(p, fill, width)
    p.drawPath(path)


def eye(p: QPainter, cx: float, cy: float, r: float = 4.2) -> None:
    """A dark eye with a white glint."""
    oval(p, cx, cy, r, r * 1.1, BLACK, 0)
    oval(p, cx + r * 0.35, cy - r * 0.4, r * 0.38, r * 0.38, WHITE, 0)


def smile(p: QPainter, cx: float, cy: float, w: float, width: float = 2.2) -> None:
    """A smile *w* wide under (cx, cy)."""
    pen = QPen(OUTLINE, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(QPointF(cx - w, cy))
    path.cubicTo(cx - w * 0.5, cy + w * 0.7, cx + w * 0.5, cy + w * 0.7, cx + w, cy)
    p.drawPath(path)


def cheeks(p: QPainter, left: Point, right: Point, r: float = 4.5) -> None:
    """Two pink cheeks."""
    for x, y in (left, right):
        oval(p, x, y, r, r * 0.7, "#f7b2a5", 0)
