"""Draw the pictures of the tap-the-energy-waster questions (Pillow), and their hotspots.

    python -m mscd_desktop.devtools.quiz_pictures           write resources/quiz/images/*.png
    python -m mscd_desktop.devtools.quiz_pictures hotspots  print each scene's boxes as JSON
    python -m mscd_desktop.devtools.quiz_pictures overview FILE   scenes with their boxes

Each scene places its objects inside the boxes of ``SCENES``, so the hotspot boxes of the
packs (fractions of the picture) match the drawing by construction; a test compares them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from mscd_desktop.paths import resources_dir

WIDTH, HEIGHT = 1200, 800
SCALE = 2  # drawn at twice the size, then scaled down: smooth edges
Box = tuple[int, int, int, int]

SCENES: dict[str, dict[str, Box]] = {
    "living_room": {
        "window": (70, 100, 350, 570),
        "lamp": (400, 170, 530, 610),
        "clock": (660, 70, 780, 190),
        "sofa": (560, 360, 910, 620),
        "tv": (940, 230, 1170, 620),
    },
    "kitchen": {
        "fridge": (30, 130, 330, 720),
        "pot": (370, 270, 560, 450),
        "kettle": (600, 320, 710, 450),
        "tap": (770, 250, 980, 450),
        "dishwasher": (990, 450, 1170, 720),
    },
    "bedroom": {
        "ceiling_light": (480, 0, 720, 150),
        "radiator": (40, 90, 330, 640),
        "thermostat": (360, 220, 480, 370),
        "computer": (780, 250, 1040, 560),
        "bed": (380, 430, 760, 700),
        "wardrobe": (1060, 120, 1190, 660),
    },
}

INK = "#3a3a3a"
WALL, FLOOR, BOARD = "#f4ead8", "#c99f72", "#b58b60"


class Canvas:
    """Pillow drawing in picture pixels (1200 x 800), scaled up for smooth edges."""

    def __init__(self, wall: str = WALL, floor_y: int = 620) -> None:
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), wall)
        self.draw = ImageDraw.Draw(self.image)
        self.rect((0, floor_y, WIDTH, HEIGHT), FLOOR, None)
        for x in range(-100, WIDTH, 150):
            self.line([(x, HEIGHT), (x + 100, floor_y)], BOARD, 3)
        self.rect((0, floor_y - 14, WIDTH, floor_y), "#ffffff", INK, 2)

    def _s(self, values: tuple | list) -> list:
        return [v * SCALE for v in values]

    def rect(
        self, box: Box, fill: str | None, outline: str | None = INK, width: int = 3, radius: int = 0
    ) -> None:
        self.draw.rounded_rectangle(
            self._s(box), radius * SCALE, fill=fill, outline=outline, width=width * SCALE
        )

    def ellipse(
        self, box: Box, fill: str | None, outline: str | None = INK, width: int = 3
    ) -> None:
        self.draw.ellipse(self._s(box), fill=fill, outline=outline, width=width * SCALE)

    def polygon(
        self,
        points: list[tuple[int, int]],
        fill: str | None,
        outline: str | None = INK,
        width: int = 3,
    ) -> None:
        flat = [(x * SCALE, y * SCALE) for x, y in points]
        self.draw.polygon(flat, fill=fill, outline=outline, width=width * SCALE)

    def line(self, points: list[tuple[int, int]], fill: str = INK, width: int = 3) -> None:
        flat = [(x * SCALE, y * SCALE) for x, y in points]
        self.draw.line(flat, fill=fill, width=width * SCALE, joint="curve")

    def wave(self, x: int, y0: int, y1: int, colour: str, width: int = 4) -> None:
        """A wavy rising line (heat or steam)."""
        points = [(x + (8 if i % 2 else -8), y) for i, y in enumerate(range(y1, y0, -12))]
        self.line(points, colour, width)

    def save(self, path: Path) -> None:
        small = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        small.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def _window(c: Canvas, box: Box, night: bool = False, open_: bool = True) -> None:
    x0, y0, x1, y1 = box
    sky = "#28335c" if night else "#9fd6f5"
    c.rect((x0, y0, x1, y1), "#ffffff", INK, 4)
    c.rect((x0 + 14, y0 + 14, x1 - 14, y1 - 14), sky, INK, 3)
    if night:
        c.ellipse((x1 - 90, y0 + 30, x1 - 40, y0 + 80), "#fff4b0", None)
        c.ellipse((x1 - 78, y0 + 24, x1 - 34, y0 + 68), sky, None)
    else:
        c.ellipse((x0 + 30, y0 + 30, x0 + 95, y0 + 95), "#ffd23f", "#f0a500", 3)
        c.ellipse((x1 - 120, y0 + 70, x1 - 40, y0 + 105), "#ffffff", None)
    mid = (x0 + x1) // 2
    if open_:  # the right casement swung into the room
        c.polygon(
            [(mid, y0 + 14), (x1 + 30, y0 + 50), (x1 + 30, y1 + 10), (mid, y1 - 14)],
            "#e3f4fd",
            INK,
            4,
        )
    else:
        c.line([(mid, y0 + 14), (mid, y1 - 14)], INK, 4)


def _radiator(c: Canvas, box: Box, hot: bool = True) -> None:
    x0, y0, x1, y1 = box
    c.rect(box, "#fbfbfb", INK, 3, radius=8)
    for x in range(x0 + 22, x1 - 10, 26):
        c.line([(x, y0 + 10), (x, y1 - 10)], "#c8c8c8", 3)
    if hot:
        for x in range(x0 + 30, x1 - 20, 60):
            c.wave(x, y0 - 80, y0 - 10, "#f28c28", 4)


def living_room(c: Canvas) -> None:
    """Sunny day: open window over a hot radiator, a lamp on, TV on standby."""
    boxes = SCENES["living_room"]
    wx0, wy0, wx1, _ = boxes["window"]
    _window(c, (wx0, wy0, wx1 - 30, wy0 + 300))
    _radiator(c, (wx0 + 10, 480, wx1 - 40, 570))
    lx0, ly0, lx1, ly1 = boxes["lamp"]
    mid = (lx0 + lx1) // 2
    for dx in (-60, 0, 60):  # light rays
        c.line([(mid + dx // 2, ly0 + 110), (mid + dx, ly0 + 170)], "#ffcf33", 5)
    c.polygon(
        [(lx0 + 25, ly0 + 100), (lx1 - 25, ly0 + 100), (lx1, ly0 + 10), (lx0, ly0 + 10)],
        "#ffe066",
        INK,
        3,
    )
    c.line([(mid, ly0 + 100), (mid, ly1 - 20)], INK, 6)
    c.ellipse((mid - 45, ly1 - 30, mid + 45, ly1), "#777777", INK, 3)
    cx0, cy0, cx1, cy1 = boxes["clock"]
    c.ellipse((cx0, cy0, cx1, cy1), "#ffffff", INK, 5)
    ccx, ccy = (cx0 + cx1) // 2, (cy0 + cy1) // 2
    c.line([(ccx, ccy), (ccx, cy0 + 22)], INK, 5)
    c.line([(ccx, ccy), (ccx + 32, ccy + 12)], INK, 5)
    sx0, sy0, sx1, sy1 = boxes["sofa"]
    c.rect((sx0 + 30, sy0, sx1 - 30, sy0 + 150), "#4f8fbf", INK, 3, radius=30)
    c.rect((sx0, sy0 + 110, sx1, sy1 - 30), "#5b9fd1", INK, 3, radius=24)
    c.rect((sx0 + 10, sy1 - 30, sx0 + 40, sy1), "#6b4b2e", None)
    c.rect((sx1 - 40, sy1 - 30, sx1 - 10, sy1), "#6b4b2e", None)
    c.rect((sx0 + 60, sy0 + 40, sx0 + 150, sy0 + 120), "#e69f00", INK, 3, radius=14)
    tx0, ty0, tx1, ty1 = boxes["tv"]
    c.rect((tx0, ty0, tx1, ty0 + 150), "#222222", INK, 4, radius=6)
    c.rect((tx0 + 10, ty0 + 10, tx1 - 10, ty0 + 140), "#2d3640", None)
    c.ellipse((tx1 - 42, ty0 + 116, tx1 - 20, ty0 + 138), "#e00000", None)  # standby light
    c.rect(((tx0 + tx1) // 2 - 10, ty0 + 150, (tx0 + tx1) // 2 + 10, ty0 + 190), "#555555")
    c.rect((tx0 + 5, ty0 + 190, tx1 - 5, ty1), "#9c6b43", INK, 3)
    c.line([((tx0 + tx1) // 2, ty0 + 200), ((tx0 + tx1) // 2, ty1 - 10)], INK, 2)


def _open_pot(c: Canvas, box: Box) -> None:
    """A pot on the hob seen a little from above, so its open top and the bubbling water
    show: there is plainly no lid."""
    px0, py0, px1, py1 = box
    c.rect((px0, py1 - 25, px1, py1 - 5), "#333333", None, radius=4)  # hob
    left, right, rim = px0 + 25, px1 - 25, py0 + 85
    c.rect((left, rim, right, py1 - 25), "#7a7f87", INK, 3, radius=8)  # the pot's side
    for x0, x1 in ((px0 + 5, left), (right, px1 - 5)):  # handles
        c.line([(x0, rim + 20), (x1, rim + 20)], INK, 7)
    c.ellipse((left, rim - 22, right, rim + 22), "#596069", INK, 3)  # the open top
    c.ellipse((left + 10, rim - 14, right - 10, rim + 14), "#8fd0f2", None)  # water
    for x, y, r in ((left + 35, rim - 2, 7), (left + 70, rim + 5, 5), (right - 45, rim - 4, 8)):
        c.ellipse((x - r, y - r, x + r, y + r), "#e8f6fd", "#5aa9d6", 2)  # bubbles
    for x in range(px0 + 55, px1 - 40, 40):  # steam rising straight out
        c.wave(x, py0, rim - 28, "#b5b5b5", 4)


def kitchen(c: Canvas) -> None:
    """Fridge door open, a pot boiling with its lid off, the hot tap running."""
    boxes = SCENES["kitchen"]
    for y in range(40, 470, 60):  # wall tiles
        c.line([(0, y), (WIDTH, y)], "#e2d6c0", 2)
    c.rect((330, 450, 1180, 720), "#d9c3a5", INK, 3)  # cupboards
    c.rect((320, 440, 1190, 460), "#8a8f99", INK, 3)  # worktop
    for x in (560, 770):
        c.line([(x, 470), (x, 710)], INK, 2)
    fx0, fy0, fx1, fy1 = boxes["fridge"]
    c.rect((fx0 + 120, fy0, fx1, fy1), "#eef2f5", INK, 4, radius=10)
    c.rect((fx0 + 135, fy0 + 15, fx1 - 15, fy1 - 15), "#d6f0ff", INK, 2)
    for y in (fy0 + 150, fy0 + 290, fy0 + 430):
        c.line([(fx0 + 135, y), (fx1 - 15, y)], "#9bbfd6", 4)
    c.rect((fx0 + 160, fy0 + 100, fx0 + 200, fy0 + 150), "#009e73", INK, 2)
    c.ellipse((fx0 + 215, fy0 + 240, fx0 + 265, fy0 + 290), "#e69f00", INK, 2)
    c.rect((fx0 + 170, fy0 + 370, fx0 + 260, fy0 + 430), "#cc79a7", INK, 2, radius=6)
    c.polygon(
        [(fx0, fy0 + 40), (fx0 + 120, fy0), (fx0 + 120, fy1), (fx0, fy1 - 40)], "#f7f9fb", INK, 4
    )  # the open door
    for x in (fx0 + 150, fx0 + 230):  # cold air
        c.wave(x, fy1 - 60, fy1 + 0, "#56b4e9", 3)
    _open_pot(c, boxes["pot"])
    kx0, ky0, kx1, ky1 = boxes["kettle"]
    c.rect((kx0 + 10, ky0 + 30, kx1 - 10, ky1 - 10), "#ffffff", INK, 3, radius=18)
    c.line(
        [(kx1 - 12, ky0 + 50), (kx1 + 2, ky0 + 50), (kx1 + 2, ky0 + 90), (kx1 - 12, ky0 + 90)],
        INK,
        4,
    )
    c.rect((kx0, ky1 - 12, kx1, ky1), "#555555", None)
    tx0, ty0, tx1, ty1 = boxes["tap"]
    c.rect((tx0, ty1 - 30, tx1, ty1 - 5), "#c0c6cc", INK, 3)  # sink
    c.line(
        [
            (tx0 + 100, ty1 - 30),
            (tx0 + 100, ty0 + 40),
            (tx0 + 150, ty0 + 40),
            (tx0 + 150, ty0 + 70),
        ],
        "#8e959c",
        12,
    )
    c.line([(tx0 + 100, ty0 + 100), (tx0 + 70, ty0 + 100)], "#8e959c", 8)
    c.ellipse((tx0 + 55, ty0 + 88, tx0 + 79, ty0 + 112), "#d55e00", INK, 2)  # hot handle
    c.line([(tx0 + 150, ty0 + 80), (tx0 + 150, ty1 - 32)], "#56b4e9", 8)
    c.wave(tx0 + 180, ty0 + 70, ty0 + 140, "#cfcfcf", 3)  # steam: hot water
    dx0, dy0, dx1, dy1 = boxes["dishwasher"]
    c.rect((dx0, dy0 + 15, dx1, dy1), "#e6e8ea", INK, 3)
    # just a handle: no light that a child just taught "a little light = standby" would tap
    c.rect((dx0 + 20, dy0 + 35, dx1 - 20, dy0 + 55), "#b0b4b8", INK, 2)


def bedroom(c: Canvas) -> None:
    """Night: nobody here, ceiling light and computer on, curtains over a hot radiator,
    the thermostat turned up to 25 °C."""
    boxes = SCENES["bedroom"]
    lx0, ly0, lx1, ly1 = boxes["ceiling_light"]
    mid = (lx0 + lx1) // 2
    c.line([(mid, 0), (mid, ly0 + 50)], INK, 4)
    c.polygon(
        [(mid - 50, ly0 + 50), (mid + 50, ly0 + 50), (mid + 90, ly0 + 110), (mid - 90, ly0 + 110)],
        "#ffe066",
        INK,
        3,
    )
    for dx in (-110, -40, 40, 110):
        c.line([(mid + dx // 2, ly1 - 30), (mid + dx, ly1)], "#ffcf33", 5)
    rx0, ry0, rx1, ry1 = boxes["radiator"]
    _window(c, (rx0 + 30, ry0, rx1 - 30, ry0 + 270), night=True, open_=False)
    _radiator(c, (rx0, ry1 - 100, rx1, ry1 - 10), hot=False)
    middle = (rx0 + rx1) // 2
    for x0, x1 in ((rx0 + 20, middle - 6), (middle + 6, rx1 - 20)):  # closed, down to the floor
        c.rect((x0, ry0 - 20, x1, ry1 - 20), "#cc79a7", INK, 3, radius=6)
        for x in range(x0 + 22, x1 - 10, 24):
            c.line([(x, ry0), (x, ry1 - 28)], "#b0608f", 2)
    for x in (rx0 + 8, rx1 - 8):  # heat trapped behind, rising up the window
        c.wave(x, ry0 + 120, ry1 - 110, "#f28c28", 4)
    c.line([(rx0 - 10, ry0 - 20), (rx1 + 10, ry0 - 20)], INK, 6)
    hx0, hy0, hx1, hy1 = boxes["thermostat"]
    c.rect((hx0, hy0, hx1, hy1), "#ffffff", INK, 3, radius=12)
    c.rect((hx0 + 14, hy0 + 16, hx1 - 14, hy0 + 70), "#d55e00", None, radius=6)
    c.draw.text(
        ((hx0 + 60) * SCALE, (hy0 + 43) * SCALE),
        "25°",
        fill="#ffffff",
        font_size=40 * SCALE,
        anchor="mm",
    )
    c.ellipse((hx0 + 35, hy0 + 82, hx1 - 35, hy1 - 18), "#dddddd", INK, 3)
    c.line([(hx0 + 60, hy0 + 90), (hx0 + 76, hy0 + 104)], INK, 4)  # dial turned up
    bx0, by0, bx1, by1 = boxes["bed"]
    c.rect((bx0, by0, bx0 + 30, by1), "#8a5a35", INK, 3)
    c.rect((bx0 + 30, by0 + 110, bx1, by1 - 50), "#56b4e9", INK, 3, radius=16)
    c.rect((bx0 + 40, by0 + 80, bx0 + 160, by0 + 130), "#ffffff", INK, 3, radius=16)
    c.rect((bx0 + 30, by1 - 50, bx1, by1 - 30), "#8a5a35", INK, 3)
    c.rect((bx1 - 20, by1 - 30, bx1, by1), "#8a5a35", None)
    mx0, my0, mx1, my1 = boxes["computer"]
    c.rect((mx0 + 20, my0, mx1 - 20, my0 + 160), "#222222", INK, 4, radius=6)
    c.rect((mx0 + 32, my0 + 12, mx1 - 32, my0 + 148), "#56b4e9", None)
    c.ellipse((mx0 + 90, my0 + 40, mx0 + 150, my0 + 100), "#f0e442", None)  # screensaver
    c.rect(((mx0 + mx1) // 2 - 8, my0 + 160, (mx0 + mx1) // 2 + 8, my0 + 195), "#555555")
    c.rect((mx0, my0 + 195, mx1, my0 + 215), "#a8774d", INK, 3)  # desk
    c.rect((mx0 + 60, my0 + 180, mx1 - 60, my0 + 195), "#444444", INK, 2, radius=3)
    c.rect((mx0 + 10, my0 + 215, mx0 + 30, my1), "#a8774d", INK, 2)
    c.rect((mx1 - 30, my0 + 215, mx1 - 10, my1), "#a8774d", INK, 2)
    wx0, wy0, wx1, wy1 = boxes["wardrobe"]
    c.rect((wx0, wy0, wx1, wy1), "#d9b48a", INK, 3)
    c.line([((wx0 + wx1) // 2, wy0 + 10), ((wx0 + wx1) // 2, wy1 - 10)], INK, 2)


DRAWINGS: dict[str, Callable[[Canvas], None]] = {
    "living_room": living_room,
    "kitchen": kitchen,
    "bedroom": bedroom,
}
WALLS = {"living_room": WALL, "kitchen": "#f7f1e3", "bedroom": "#dfe7ef"}


def hotspots(scene: str) -> dict[str, tuple[float, float, float, float]]:
    """The scene's boxes as (x, y, w, h) fractions of the picture, rounded to 3 places."""
    return {
        name: (
            round(x0 / WIDTH, 3),
            round(y0 / HEIGHT, 3),
            round((x1 - x0) / WIDTH, 3),
            round((y1 - y0) / HEIGHT, 3),
        )
        for name, (x0, y0, x1, y1) in SCENES[scene].items()
    }


def render(scene: str, folder: Path) -> Path:
    """Draw one scene into ``<folder>/<scene>.png``."""
    canvas = Canvas(WALLS[scene], floor_y=620 if scene != "kitchen" else 720)
    DRAWINGS[scene](canvas)
    path = folder / f"{scene}.png"
    canvas.save(path)
    return path


def overview(path: Path, wasters: dict[str, set[str]] | None = None) -> Path:
    """All scenes side by side with their hotspot boxes (red: an energy waster), for docs."""
    wasters = wasters or {}
    thumbs = []
    for scene, boxes in SCENES.items():
        picture = Image.open(resources_dir() / "quiz" / "images" / f"{scene}.png").convert("RGB")
        draw = ImageDraw.Draw(picture)
        for name, box in boxes.items():
            colour = "#d00000" if name in wasters.get(scene, set()) else "#0072b2"
            draw.rectangle(box, outline=colour, width=5)
            draw.text((box[0] + 8, box[1] + 6), name, fill=colour, font_size=26)
        thumbs.append(picture.resize((WIDTH // 2, HEIGHT // 2), Image.Resampling.LANCZOS))
    sheet = Image.new(
        "RGB", (WIDTH // 2 * len(thumbs) + 10 * (len(thumbs) - 1), HEIGHT // 2), "#ffffff"
    )
    for i, thumb in enumerate(thumbs):
        sheet.paste(thumb, (i * (WIDTH // 2 + 10), 0))
    sheet.save(path, optimize=True)
    return path


def main(argv: list[str]) -> int:
    """Write every picture, or print the hotspots with ``hotspots``."""
    if argv[:1] == ["hotspots"]:
        print(json.dumps({s: hotspots(s) for s in SCENES}, indent=1))
        return 0
    if argv[:1] == ["overview"] and len(argv) == 2:
        wasters = {
            "living_room": {"window", "lamp", "tv"},
            "kitchen": {"fridge", "pot", "tap"},
            "bedroom": {"ceiling_light", "radiator", "thermostat", "computer"},
        }
        print(overview(Path(argv[1]), wasters))
        return 0
    folder = resources_dir() / "quiz" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    for scene in SCENES:
        print(render(scene, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
