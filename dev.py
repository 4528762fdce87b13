#!/usr/bin/env python3
"""Set up mscd-desktop on a fresh Debian/Ubuntu machine and run it or its tests.

    python3 dev.py demo     set up everything, then open the app on the demo event
    python3 dev.py test     set up everything, build the app bundle, then run the whole
                            test suite (the bundle's own tests included)
    python3 dev.py bench    set up everything, then print the benchmark figures
    python3 dev.py screenshots   refresh the README pictures in docs/screenshots
    python3 dev.py package  build the app as one folder (dist/mscd-desktop) and pack it as
                            dist/mscd-desktop-<version>-linux-x86_64.tar.gz
    python3 dev.py lock [--upgrade]   re-resolve pylock.toml from pyproject.toml (commit it)

Set-up installs the missing Debian packages listed in packaging/debian-packages.txt
(as root, or through sudo), creates the virtual environment .venv and installs the
exact, hash-checked versions of the lock file pylock.toml (PEP 751) into it, then the
project itself.
Every step is skipped when already done. Needs only python3 and apt.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".mscd-installed"
LOCK = ROOT / "pylock.toml"  # the lock (PEP 751): exact versions and hashes, every platform
# The tool that writes and installs the lock; pinned so that both are reproducible.
UV = "uv==0.13.9"


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*args: str | Path, env: dict | None = None, check: bool = True) -> int:
    say(" ".join(str(a) for a in args))
    result = subprocess.run([str(a) for a in args], env=env, cwd=ROOT)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def _sudo() -> list[str]:
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        return ["sudo"]
    say("missing Debian packages and no root/sudo to install them")
    sys.exit(1)


def packages(listing: str) -> list[str]:
    lines = (ROOT / "packaging" / listing).read_text().splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def _installed(package: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return "ok installed" in result.stdout


def apt_install(names: list[str]) -> None:
    if not shutil.which("dpkg-query"):
        say("not a Debian/Ubuntu system: install the packages in packaging/ by hand")
        return
    missing = [n for n in names if not _installed(n)]
    if not missing:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(*_sudo(), "apt-get", "update", "-q", env=env)
    run(*_sudo(), "apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, env=env)


def make_venv() -> None:
    if PY.exists():
        return
    if run(sys.executable, "-m", "venv", VENV, check=False) != 0:
        # Debian ships venv separately from python3
        shutil.rmtree(VENV, ignore_errors=True)
        version = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
        apt_install(["python3-venv", version])
        run(sys.executable, "-m", "venv", VENV)


def install_project() -> None:
    """Install exactly what pylock.toml pins (uv checks the hashes), then the project."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    run(PY, "-m", "pip", "install", "-q", UV)  # pip cannot read a pylock.toml yet
    run(VENV / "bin" / "uv", "pip", "install", "-q", "--python", PY, "-r", LOCK)
    run(PY, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "-e", ".")
    if run(PY, "-m", "pip", "check", check=False) != 0:
        say("pylock.toml does not satisfy pyproject.toml: run `python3 dev.py lock`")
        sys.exit(1)
    STAMP.write_text(digest)


def lock(extra: list[str]) -> None:
    """Re-resolve pylock.toml: every platform, Python 3.11 and newer, with hashes.

    Pins already in the lock stay where pyproject.toml still allows them; ``--upgrade``
    takes the newest allowed release of everything.
    """
    make_venv()
    run(PY, "-m", "pip", "install", "-q", UV)
    run(
        VENV / "bin" / "uv",
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "test",
        "--extra",
        "package",
        "--universal",
        "--python-version",
        "3.11",
        "--generate-hashes",
        "--output-file",
        LOCK.name,
        *extra,
    )


def setup() -> None:
    apt_install(packages("debian-packages.txt"))
    make_venv()
    install_project()


def test_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.pop("VIRTUAL_ENV", None)
    # tests, benchmarks and screenshots never reach the user's keyring or key folder
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["MSCD_KEY_DIR"] = str(VENV / "test-keys")
    return env


def test(extra: list[str]) -> None:
    env = test_env()
    run(VENV / "bin" / "ruff", "check", ".", env=env)
    run(VENV / "bin" / "ruff", "format", "--check", ".", env=env)
    run(VENV / "bin" / "lint-imports", env=env)
    # the type checker, over what [tool.mypy] in pyproject.toml lists
    run(VENV / "bin" / "mypy", env=env)
    # the one-folder app, so that tests/test_bundle.py can run it as an organiser would
    env["MSCD_BUNDLE_DIR"] = str(build_bundle())
    run(PY, "-m", "pytest", "-p", "no:cacheprovider", *extra, env=env)


def _version() -> str:
    text = (ROOT / "mscd_desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def pyinstaller_work_dir() -> Path:
    """PyInstaller's work folder, kept outside the clone so that a rebuild reuses what did
    not change: one per lock (a new lock starts afresh) and per checkout folder (two
    checkouts never build in one folder at once)."""
    lock = hashlib.sha256(LOCK.read_bytes()).hexdigest()[:12]
    where = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mscd-pyinstaller"
    for stale in cache.glob(f"*-{where}"):
        if stale.name != f"{lock}-{where}":
            shutil.rmtree(stale, ignore_errors=True)
    return cache / f"{lock}-{where}"


def bundle_dir() -> Path:
    """Where ``package`` puts the one-folder app."""
    return ROOT / "dist" / "mscd-desktop"


def build_bundle() -> Path:
    """Build dist/mscd-desktop with PyInstaller (packaging/mscd-desktop.spec)."""
    started = time.monotonic()
    run(
        PY,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--workpath",
        pyinstaller_work_dir(),
        "--distpath",
        ROOT / "dist",
        ROOT / "packaging" / "mscd-desktop.spec",
    )
    say(f"built {bundle_dir()} in {time.monotonic() - started:.1f} s")
    return bundle_dir()


def pack_bundle(folder: Path) -> Path:
    """Pack *folder* as dist/mscd-desktop-<version>-linux-<machine>.tar.gz (links kept)."""
    started = time.monotonic()
    machine = platform.machine() or "x86_64"
    target = ROOT / "dist" / f"mscd-desktop-{_version()}-linux-{machine}.tar.gz"
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    os.replace(partial, target)
    size_mb = target.stat().st_size / 2**20
    say(f"packed {target} ({size_mb:.0f} MB) in {time.monotonic() - started:.1f} s")
    return target


def package(extra: list[str]) -> None:
    pack_bundle(build_bundle())


def screenshots(extra: list[str]) -> None:
    env = test_env()
    env["MSCD_UPDATE_SCREENSHOTS"] = "1"
    run(
        PY,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "-q",
        "tests/gui",
        "tests/hub/test_cluster_browser.py",
        *extra,
        env=env,
    )


def bench(extra: list[str]) -> None:
    env = test_env()
    for script in sorted((ROOT / "tests" / "benchmarks").glob("bench_*.py")):
        run(PY, script, *extra, env=env)


def demo(extra: list[str]) -> None:
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and "QT_QPA_PLATFORM" not in env:
        say("no display found: starting the app under xvfb-run")
        os.execvpe(
            "xvfb-run",
            ["xvfb-run", "-a", str(VENV / "bin" / "mscd-desktop"), "--demo", *extra],
            env,
        )
    os.execvpe(str(VENV / "bin" / "mscd-desktop"), ["mscd-desktop", "--demo", *extra], env)


def main() -> None:
    commands = {"setup", "demo", "test", "bench", "screenshots", "lock", "package"}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    command, extra = sys.argv[1], sys.argv[2:]
    if command == "lock":
        lock(extra)
        return
    setup()
    if command == "demo":
        demo(extra)
    elif command == "test":
        test(extra)
    elif command == "bench":
        bench(extra)
    elif command == "screenshots":
        screenshots(extra)
    elif command == "package":
        package(extra)


if __name__ == "__main__":
    main()
