"""Benchmark: start-up time from launching ``mscd-desktop --demo`` to a shown main window.

Prints figures; it is not a test. Target (issue 3): at most 1.5 s on a 2-core machine.
Runs the real entry point in a fresh process each time. The demo event is created first
(timed on its own: it is a one-off), then the page cache is dropped (needs root) for a
truly cold start, then the app is started a few more times warm. The very first start
(creating the demo in an empty folder) is printed as well.

``--bundle DIR`` measures the built one-folder app (``DIR/mscd-desktop``, ``DIR/mscd``,
e.g. ``dist/mscd-desktop`` after ``python3 dev.py package``) the same way, and prints the
size of the folder and of the packed ``.tar.gz`` beside it when there is one.
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
APP = [sys.executable, "-m", "mscd_desktop"]
CLI = [sys.executable, "-m", "mscd_desktop.cli"]


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
    env["XDG_CONFIG_HOME"] = str(Path(data_dir) / "config")  # the organiser's settings stay out
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*APP, "--data-dir", data_dir, "--demo", "--startup-benchmark"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    for line in proc.stdout:
        if line.startswith("shown"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"the app exited with {proc.wait()} before showing its window")
    proc.wait(timeout=30)
    return elapsed


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def print_bundle_size(folder: Path) -> None:
    mb = 1024 * 1024
    print(f"bundle {folder}: {folder_size(folder) / mb:.1f} MB in the folder")
    for packed in sorted(folder.parent.glob("mscd-desktop-*-linux-*.tar.gz")):
        print(f"  {packed.name}: {packed.stat().st_size / mb:.1f} MB")


def main() -> None:
    if sys.argv[1:2] == ["--bundle"]:
        bundle = Path(sys.argv[2]).resolve()
        APP[:] = [str(bundle / "mscd-desktop")]
        CLI[:] = [str(bundle / "mscd")]
        print_bundle_size(bundle)
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as other:
        drop_page_cache()
        first = one_start(other)
        started = time.perf_counter()
        subprocess.run(
            [*CLI, "--data-dir", data_dir, "demo"],
            check=True,
            capture_output=True,
        )
        demo_s = time.perf_counter() - started
        cold_ok = drop_page_cache()
        cold = one_start(data_dir)
        warm = [one_start(data_dir) for _ in range(RUNS)]
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(f"start-up to a shown main window ({platform}, {os.cpu_count()} cores)")
    print(
        f"  cold start on the demo event{' (page cache dropped)' if cold_ok else ''}: {cold:.3f} s"
    )
    print(
        f"  warm starts ({RUNS}): median {statistics.median(warm):.3f} s, "
        f"min {min(warm):.3f} s, max {max(warm):.3f} s"
    )
    print(f"  target: <= 1.5 s -> {'met' if max(cold, *warm) <= 1.5 else 'NOT met'}")
    print(
        f"  (one-offs: creating the demo data {demo_s:.3f} s; very first start, cold, "
        f"creating the demo in an empty folder {first:.3f} s)"
    )


if __name__ == "__main__":
    main()
