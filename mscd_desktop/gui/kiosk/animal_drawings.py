"""The kiosk's animals drawn in code: friendly pictures to play under.

Each animal of :data:`~mscd_desktop.core.quiz.nicknames.AVATARS` has a drawing here, made
of QPainter paths on a 100 × 100 grid in a pastel disc, so it stays sharp at any size and
needs no picture file (drawn for this project; no outside artwork). The widgets that show
them are in :mod:`mscd_desktop.gui.kiosk.animals`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

from mscd_desktop.gui.kiosk.animal_strokes import (
    BLACK,
    OUTLINE,
    WHITE,
    cheeks,
    eye,
    oval,
    polygon,
    shape,
    smile,
    tilted_oval,
)

# -- the animals --------------------------------------------------------------------------


def _fox(p: QPainter) -> None:
    orange, dark = "#e8772e", "#5a2e1a"
    polygon(p, [(16, 44), (24, 8), (46, 28)], orange)
    polygon(p, [(54, 28), (76, 8), (84, 44)], orange)
    polygon(p, [(22, 36), (26, 16), (38, 28)], dark, 0)
    polygon(p, [(62, 28), (74, 16), (78, 36)], dark, 0)
    shape(
        p,
        (12, 44),
        [
            (12, 28, 30, 24, 50, 24),
            (70, 24, 88, 28, 88, 44),
            (88, 60, 66, 80, 50, 90),
            (34, 80, 12, 60, 12, 44),
        ],
        orange,
    )
    shape(
        p,
        (16, 52),
        [
            (28, 58, 40, 62, 50, 62),
            (60, 62, 72, 58, 84, 52),
            (78, 68, 62, 82, 50, 90),
            (38, 82, 22, 68, 16, 52),
        ],
        "#fff4e6",
        0,
    )
    eye(p, 37, 47)
    eye(p, 63, 47)
    oval(p, 50, 80, 5.5, 4, BLACK, 0)
    smile(p, 50, 84, 4)


def _owl(p: QPainter) -> None:
    brown, belly = "#8b5a3c", "#e9c9a0"
    polygon(p, [(20, 32), (24, 8), (40, 24)], brown)
    polygon(p, [(60, 24), (76, 8), (80, 32)], brown)
    oval(p, 50, 56, 33, 38, brown)
    oval(p, 50, 72, 20, 20, belly, 0)
    pen = QPen(QColor("#b08060"), 1.8)
    p.setPen(pen)
    for x, y in ((42, 68), (50, 74), (58, 68), (46, 80), (54, 80)):
        p.drawLine(QPointF(x - 3, y - 2), QPointF(x, y + 1))
        p.drawLine(QPointF(x, y + 1), QPointF(x + 3, y - 2))
    for x in (35, 65):
        oval(p, x, 42, 13, 13, "#fbe7b5")
        eye(p, x, 42, 6)
    polygon(p, [(45, 52), (55, 52), (50, 62)], "#f0a030", 1.8)
    oval(p, 40, 94, 6, 3, "#f0a030", 1.6)
    oval(p, 60, 94, 6, 3, "#f0a030", 1.6)


def _bear(p: QPainter) -> None:
    brown, light = "#8d5b3a", "#e2b98a"
    for x in (24, 76):
        oval(p, x, 27, 12, 12, brown)
        oval(p, x, 27, 6, 6, "#c98e5e", 0)
    oval(p, 50, 55, 37, 34, brown)
    oval(p, 50, 68, 16, 12, light, 0)
    eye(p, 36, 48)
    eye(p, 64, 48)
    oval(p, 50, 62, 6.5, 4.8, BLACK, 0)
    smile(p, 50, 70, 5)
    cheeks(p, (27, 60), (73, 60))


def _dolphin(p: QPainter) -> None:
    blue, belly = "#5b8fc7", "#d6e8f5"
    shape(
        p,
        (0, 86),
        [(20, 78, 30, 92, 50, 86), (70, 80, 80, 92, 100, 86), (100, 100), (0, 100)],
        "#56b4e9",
        0,
    )
    shape(p, (42, 33), [(44, 24, 49, 18, 56, 15), (54, 22, 54, 27, 57, 31)], blue)
    polygon(p, [(18, 66), (4, 60), (8, 72), (4, 82), (18, 76)], blue)
    shape(
        p,
        (90, 47),
        [
            (86, 38, 76, 32, 66, 30),
            (48, 27, 30, 40, 18, 66),
            (18, 72),
            (34, 62, 52, 60, 66, 58),
            (76, 57, 84, 54, 90, 50),
        ],
        blue,
    )
    shape(
        p,
        (26, 64),
        [(38, 58, 54, 56, 68, 56), (78, 55, 84, 53, 89, 50), (80, 60, 50, 66, 30, 66)],
        belly,
        0,
    )
    eye(p, 70, 40, 3.4)
    smile(p, 83, 47, 4, 1.8)


def _panda(p: QPainter) -> None:
    for x in (24, 76):
        oval(p, x, 25, 12, 12, BLACK)
    oval(p, 50, 55, 37, 34, WHITE)
    tilted_oval(p, 35, 50, 9, 12.5, 35, BLACK, 0)
    tilted_oval(p, 65, 50, 9, 12.5, -35, BLACK, 0)
    for x in (36, 64):
        oval(p, x, 49, 3.8, 3.8, WHITE, 0)
        oval(p, x + 0.6, 49.5, 2.2, 2.2, BLACK, 0)
    oval(p, 50, 64, 6, 4.2, BLACK, 0)
    smile(p, 50, 71, 5)
    cheeks(p, (26, 64), (74, 64))


def _tiger(p: QPainter) -> None:
    orange, cream = "#f08a24", "#fff1dc"
    for x in (24, 76):
        oval(p, x, 27, 11, 11, orange)
        oval(p, x, 27, 5, 5, cream, 0)
    oval(p, 50, 56, 37, 33, orange)
    oval(p, 42, 70, 11, 9, cream, 0)
    oval(p, 58, 70, 11, 9, cream, 0)
    for stripe in (
        [(44, 23), (50, 38), (56, 23)],
        [(34, 25), (38, 36), (40, 26)],
        [(60, 26), (62, 36), (66, 25)],
        [(13, 50), (28, 54), (14, 56)],
        [(15, 62), (27, 62), (17, 67)],
        [(87, 50), (72, 54), (86, 56)],
        [(85, 62), (73, 62), (83, 67)],
    ):
        polygon(p, stripe, BLACK, 0)
    eye(p, 37, 50)
    eye(p, 63, 50)
    polygon(p, [(44, 62), (56, 62), (50, 68)], "#a0433b", 1.6)
    smile(p, 50, 72, 4)


def _turtle(p: QPainter) -> None:
    green, shell, rim = "#7cc46b", "#3e8e41", "#c9a45c"
    for x in (28, 66):
        oval(p, x, 74, 7, 10, green)
    polygon(p, [(12, 66), (4, 70), (12, 72)], green, 1.8)
    oval(p, 84, 54, 12, 10, green)
    eye(p, 88, 51, 2.8)
    smile(p, 88, 57, 3, 1.6)
    shape(p, (12, 66), [(12, 30, 82, 30, 82, 66)], shell)
    for cx, cy, rx in ((47, 50, 10), (29, 58, 7), (65, 58, 7), (47, 36, 6)):
        oval(p, cx, cy, rx, rx * 0.75, "#6bbf59", 1.6)
    shape(p, (10, 62), [(84, 62), (84, 70), (10, 70)], rim, 2)


def _penguin(p: QPainter) -> None:
    black, orange = "#2d3540", "#f39a1e"
    tilted_oval(p, 22, 62, 7, 18, 20, black)
    tilted_oval(p, 78, 62, 7, 18, -20, black)
    oval(p, 50, 56, 30, 38, black)
    oval(p, 50, 66, 21, 27, WHITE, 0)
    oval(p, 42, 38, 11, 11, WHITE, 0)
    oval(p, 58, 38, 11, 11, WHITE, 0)
    eye(p, 43, 38, 3.6)
    eye(p, 57, 38, 3.6)
    polygon(p, [(44, 45), (56, 45), (50, 53)], orange, 1.8)
    cheeks(p, (36, 47), (64, 47), 3.6)
    oval(p, 40, 94, 8, 3.5, orange, 1.6)
    oval(p, 60, 94, 8, 3.5, orange, 1.6)


def _squirrel(p: QPainter) -> None:
    rust, fur, cream = "#c0602a", "#d7813f", "#fbe3c4"
    shape(
        p,
        (48, 90),
        [
            (92, 92, 100, 50, 86, 28),
            (76, 12, 52, 14, 56, 32),
            (62, 44, 58, 52, 58, 62),
            (58, 74, 54, 82, 48, 90),
        ],
        rust,
    )
    oval(p, 44, 70, 18, 21, fur)
    oval(p, 37, 74, 9, 13, cream, 0)
    polygon(p, [(36, 30), (42, 12), (50, 30)], fur)
    oval(p, 37, 42, 17, 14.5, fur)
    oval(p, 28, 47, 8, 6, cream, 0)
    eye(p, 36, 39, 3.4)
    oval(p, 21, 45, 2.6, 2.2, BLACK, 0)
    oval(p, 28, 63, 6, 6.5, "#8a5a2b", 1.8)
    shape(p, (21, 60), [(22, 54, 34, 54, 35, 60)], "#5e3b1c", 1.8)


def _hedgehog(p: QPainter) -> None:
    spikes, face = "#7a5230", "#e8c9a0"
    cx, cy = 48, 74
    points = [(cx - 40, cy)]
    for i in range(19):
        angle = math.radians(180 - i * 9)
        r = 42 if i % 2 else 32
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle) * 0.95))
    points.append((cx + 26, cy))
    polygon(p, points, spikes)
    oval(p, 48, 78, 32, 11, "#d9b48a")
    shape(p, (64, 58), [(76, 52, 90, 60, 96, 68), (90, 74, 76, 80, 64, 76)], face)
    oval(p, 96, 67, 3, 3, BLACK, 0)
    eye(p, 78, 62, 3)
    smile(p, 86, 71, 3, 1.6)
    for x in (34, 60):
        oval(p, x, 88, 5, 3, "#b98c62", 1.6)


def _moose(p: QPainter) -> None:
    brown, antler = "#8a5a3b", "#d9b77e"
    for side in (1, -1):
        p.save()
        if side == -1:  # the right antler is the left one mirrored
            p.translate(100, 0)
            p.scale(-1, 1)
        shape(
            p,
            (32, 34),
            [
                (16, 34, 6, 26, 5, 12),
                (11, 18),
                (13, 7),
                (19, 16),
                (23, 5),
                (27, 15),
                (32, 8),
                (33, 21),
                (34, 26, 37, 30, 40, 31),
            ],
            antler,
        )
        tilted_oval(p, 26, 42, 10, 5, -20, brown)
        p.restore()
    shape(
        p,
        (34, 30),
        [
            (44, 25, 56, 25, 66, 30),
            (71, 44, 68, 56, 66, 64),
            (71, 72, 71, 84, 61, 90),
            (54, 94, 46, 94, 39, 90),
            (29, 84, 29, 72, 34, 64),
            (32, 56, 29, 44, 34, 30),
        ],
        brown,
    )
    oval(p, 50, 80, 14.5, 11, "#a8734d", 0)
    oval(p, 44, 81, 2.6, 3.4, BLACK, 0)
    oval(p, 56, 81, 2.6, 3.4, BLACK, 0)
    eye(p, 40, 50, 3.6)
    eye(p, 60, 50, 3.6)
    smile(p, 50, 87, 4, 1.8)


def _eagle(p: QPainter) -> None:
    shape(p, (8, 100), [(12, 74, 30, 64, 50, 64), (70, 64, 88, 74, 92, 100)], "#5b3a22")
    shape(
        p,
        (28, 62),
        [(22, 40, 32, 20, 52, 19), (70, 19, 80, 34, 77, 50), (75, 60, 68, 66, 60, 70), (40, 70)],
        WHITE,
    )
    shape(
        p,
        (56, 43),
        [(67, 40, 82, 45, 86, 57), (86, 64, 81, 66, 79, 62), (76, 57, 71, 55, 65, 58), (57, 58)],
        "#f5c026",
    )
    eye(p, 53, 38, 3.8)
    cheeks(p, (44, 48), (44, 48), 3.2)


ANIMAL_DRAWINGS: dict[str, Callable[[QPainter], None]] = {
    "fox": _fox,
    "owl": _owl,
    "bear": _bear,
    "dolphin": _dolphin,
    "panda": _panda,
    "tiger": _tiger,
    "turtle": _turtle,
    "penguin": _penguin,
    "squirrel": _squirrel,
    "hedgehog": _hedgehog,
    "moose": _moose,
    "eagle": _eagle,
}
BACKDROPS = {
    "fox": "#d8f0e4",
    "owl": "#dcecfa",
    "bear": "#fdf0c8",
    "dolphin": "#e4f4fb",
    "panda": "#d9f1d0",
    "tiger": "#e0f0e0",
    "turtle": "#fbf0d6",
    "penguin": "#ddeefa",
    "squirrel": "#e6f3da",
    "hedgehog": "#f6ecdc",
    "moose": "#dfeef0",
    "eagle": "#d8e9f8",
}


def draw_animal(p: QPainter, animal: str, disc: QRectF) -> None:
    """Draw *animal* in its pastel disc filling the square *disc*."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    edge = QPainterPath()
    edge.addEllipse(disc)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(BACKDROPS.get(animal, "#eeeeee")))
    p.drawPath(edge)
    p.setClipPath(edge)
    p.translate(disc.left() + disc.width() * 0.1, disc.top() + disc.height() * 0.1)
    p.scale(disc.width() * 0.8 / 100, disc.height() * 0.8 / 100)
    drawing = ANIMAL_DRAWINGS.get(animal)
    if drawing is not None:
        drawing(p)
    p.restore()
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(OUTLINE, max(2.0, disc.width() / 45)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(disc)
    p.restore()


@lru_cache(maxsize=64)
def animal_picture(animal: str, side: int, ratio: float = 1.0) -> QPixmap:
    """*animal* drawn once into a pixmap *side* pixels square (at the screen's pixel
    *ratio*), so the buttons and badges repaint by copying it."""
    pixels = max(1, round(side * ratio))
    picture = QPixmap(pixels, pixels)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    draw_animal(painter, animal, QRectF(1, 1, pixels - 2, pixels - 2))
    painter.end()
    picture.setDevicePixelRatio(ratio)
    return picture
