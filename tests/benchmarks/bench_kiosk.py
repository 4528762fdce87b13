"""Kiosk benchmark: question-to-question transition time, and memory over 2,000 games.

    python tests/benchmarks/bench_kiosk.py [--games 2000] [--timed-games 60]

Plays whole games through the real kiosk board (offscreen, 1920x1080) with the engine's
clock driven by hand. A *transition* is the tap on "Next" until the next question's page
is drawn (engine step, page rendering and a synchronous repaint); the answer → explanation
step is reported too. Memory is the process's resident size and Python's traced
allocations, sampled every 250 games. Targets: transitions under 50 ms, no frame over
100 ms; memory flat.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
if "QT_QPA_PLATFORM" not in os.environ:
    SCREEN = ROOT / "tests" / "offscreen-1920x1080.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mscd_desktop.core.demo import create_demo  # noqa: E402
from mscd_desktop.core.quiz import kiosk  # noqa: E402
from mscd_desktop.core.quiz.engine import Phase  # noqa: E402
from mscd_desktop.core.quiz.packs import shipped_packs_dir  # noqa: E402
from mscd_desktop.core.store import Store  # noqa: E402
from mscd_desktop.gui.common.context import AppContext  # noqa: E402
from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen  # noqa: E402
from mscd_desktop.gui.kiosk.speech import Speaker  # noqa: E402

SAMPLE = ROOT / "tests" / "core" / "quiz" / "data"


class Clock:
    """The engine's clock, moved by the benchmark."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Meter:
    """A live source for live-meter questions."""

    def read_watts(self, channel: str) -> float | None:
        return 1800.0


def right_answer(question):
    """The right response to *question*."""
    if question.type == "live_meter":
        return 1800.0
    return question.answer


def play(screen: KioskScreen, clock: Clock, app: QApplication, timings: dict | None) -> None:
    """One whole game through the board; fills *timings* when given."""
    game, ui = screen.game, screen.ui
    ui.playButton.click()
    avatar = game.who_buttons[random.randrange(len(game.who_buttons))]
    avatar.click()
    while game.engine.state.phase is not Phase.RESULTS:
        clock.now += 2.0
        game.tick()
        question = game.engine.state.question
        start = time.perf_counter()
        response = right_answer(question) if random.random() < 0.7 else None
        game.answer(response)
        if timings is not None:
            ui.board.repaint()
            app.processEvents()
            timings["answer"].append(time.perf_counter() - start)
        clock.now += 3.0
        start = time.perf_counter()
        ui.nextButton.click()
        if timings is not None:
            ui.board.repaint()
            app.processEvents()
            kind = "results" if game.engine.state.phase is Phase.RESULTS else "next"
            timings[kind].append(time.perf_counter() - start)
    ui.againButton.click()
    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # as the event loop would


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def describe(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[int(len(ms) * 0.95) - 1] if len(ms) > 1 else ms[0]
    return (
        f"{name:<28} n={len(ms):<5} mean {statistics.mean(ms):6.2f} ms   "
        f"median {statistics.median(ms):6.2f} ms   p95 {p95:6.2f} ms   max {ms[-1]:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=2000)
    parser.add_argument("--timed-games", type=int, default=60)
    args = parser.parse_args()
    random.seed(5)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        create_demo(store)
        shipped = any(p.name != "pack.schema.json" for p in shipped_packs_dir().glob("*.json"))
        folder = "" if shipped else str(SAMPLE)
        kiosk.save_settings(store, kiosk.KioskSettings(packs_folder=folder))
        clock = Clock()
        screen = KioskScreen(
            AppContext(store, Path(tmp)),
            clock=clock,
            live_meter=Meter(),
            speaker=Speaker("mock"),
            rng=random.Random(3),
        )
        started = time.perf_counter()
        while screen.game is None:  # the packs load on a worker thread
            app.processEvents()
            time.sleep(0.005)
        print(f"packs loaded off the GUI thread in {1000 * (time.perf_counter() - started):.0f} ms")
        screen.game.timer.stop()  # the benchmark drives time itself
        screen.resize(1920, 1080)
        screen.show()
        app.processEvents()
        print(
            f"packs: {'shipped' if shipped else 'tests sample'}; "
            f"pools: { {b: len(q) for b, q in screen.game.selection.pools.items()} }"
        )
        timings: dict[str, list[float]] = {"answer": [], "next": [], "results": []}
        for _ in range(args.timed_games):
            play(screen, clock, app, timings)
        print(describe("question -> next question", timings["next"]))
        print(describe("answer -> explanation", timings["answer"]))
        print(describe("last answer -> results", timings["results"]))
        frames = timings["next"] + timings["answer"] + timings["results"]
        over = sum(1 for s in frames if s > 0.100)
        print(f"frames over 100 ms: {over} of {len(frames)}")

        gc.collect()
        tracemalloc.start()
        base_rss, started = rss_mb(), time.perf_counter()
        print(f"{'games':>6} {'RSS MB':>8} {'traced MB':>10} {'s':>7}")
        for n in range(1, args.games + 1):
            play(screen, clock, app, None)
            if n % 250 == 0 or n == 1:
                gc.collect()
                traced = tracemalloc.get_traced_memory()[0] / 1e6
                print(
                    f"{n:>6} {rss_mb():8.1f} {traced:10.2f} {time.perf_counter() - started:7.1f}",
                    flush=True,
                )
        print(f"RSS growth over {args.games} games: {rss_mb() - base_rss:+.1f} MB")
        screen.shutdown()
        store.close()


if __name__ == "__main__":
    main()
