"""Benchmark: start-up time from launching ``mscd-desktop --demo`` to a shown main window.

Prints figures; it is not a test. Target (issue 3): at most 1.5 s on a 2-core machine.
Runs the real entry point in a fresh process each time: the first run creates the demo
event in an empty data folder, the later ones reopen it. Tries to drop the page cache
before the first run (needs root) so that run is truly cold.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def one_start(data_dir: str) -> float:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mscd_desktop", "--data-dir", data_dir, "--demo",
         "--startup-benchmark"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    for line in proc.stdout:
        if line.startswith("shown"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"the app exited with {proc.wait()} before showing its window")
    proc.wait(timeout=30)
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        cold = drop_page_cache()
        first = one_start(data_dir)
        warm = [one_start(data_dir) for _ in range(RUNS)]
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(f"start-up to a shown main window ({platform}, {os.cpu_count()} cores)")
    print(f"  first start, demo created{', page cache dropped' if cold else ''}: "
          f"{first:.3f} s")
    print(f"  later starts ({RUNS}): median {statistics.median(warm):.3f} s, "
          f"min {min(warm):.3f} s, max {max(warm):.3f} s")
    print(f"  target: <= 1.5 s -> {'met' if max(first, *warm) <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
