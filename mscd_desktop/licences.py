"""The licences of the components that ship with the app, read from their own metadata.

In a checkout (or an installed wheel) they are collected on the fly from the installed
distributions: mscd-desktop's own requirements, followed recursively, with each one's
version, licence expression (or the older ``License`` field and trove classifiers) and the
text of its licence files. A bundle has no distribution metadata left, so the build
writes the same list to ``resources/licences.json`` (:func:`write_licence_file`), and the
About dialog reads that file when it is there. Nothing here is typed by hand.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from mscd_desktop.paths import resources_dir

LICENCE_FILE = "licences.json"
ROOT_DISTRIBUTION = "mscd-desktop"
_LICENCE_NAME = re.compile(r"(licen[cs]e|copying|notice|authors)", re.IGNORECASE)
_MAX_TEXT = 200_000  # one licence file larger than this is cut (none of ours comes close)


@dataclass(frozen=True)
class Component:
    """One bundled component and its licence."""

    name: str
    version: str
    licence: str  # an SPDX expression where the metadata has one, else what it says
    classifiers: tuple[str, ...] = ()
    texts: tuple[tuple[str, str], ...] = field(default=())  # (file name, text)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str | None:
    """The distribution a ``Requires-Dist`` line names, or None for one behind an extra."""
    text, _, marker = requirement.partition(";")
    if "extra" in marker:
        return None
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", text)
    return _normalise(match.group(1)) if match else None


def _distribution(name: str) -> metadata.Distribution | None:
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None


def _licence_texts(dist: metadata.Distribution) -> tuple[tuple[str, str], ...]:
    wanted = dist.metadata.get_all("License-File") or []
    found: list[tuple[str, str]] = []
    for item in dist.files or []:
        path = str(item)
        in_licences = "/licenses/" in path or "/licences/" in path
        named = Path(path).name in wanted or (
            ".dist-info/" in path and _LICENCE_NAME.search(Path(path).name)
        )
        if not (in_licences or named) or path.endswith((".pyc", "RECORD")):
            continue
        try:
            text = item.read_text(encoding="utf-8") or ""
        except (OSError, UnicodeDecodeError):
            continue
        found.append((Path(path).name, text[:_MAX_TEXT]))
    return tuple(sorted(set(found)))


def _licence_of(dist: metadata.Distribution, classifiers: tuple[str, ...]) -> str:
    expression = dist.metadata.get("License-Expression")
    if expression:
        return expression.strip()
    declared = (dist.metadata.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) < 80:
        return declared
    named = [c.split("::")[-1].strip() for c in classifiers]
    return ", ".join(named) if named else (declared.splitlines()[0][:80] if declared else "?")


def _component(dist: metadata.Distribution) -> Component:
    classifiers = tuple(
        c for c in dist.metadata.get_all("Classifier") or [] if c.startswith("License ::")
    )
    return Component(
        name=dist.metadata["Name"],
        version=dist.version,
        licence=_licence_of(dist, classifiers),
        classifiers=classifiers,
        texts=_licence_texts(dist),
    )


def _python_component() -> Component:
    """CPython itself, with the LICENSE file of its standard library where it is installed."""
    version = ".".join(str(p) for p in sys.version_info[:3])
    texts: tuple[tuple[str, str], ...] = ()
    stdlib = Path(os.__file__).parent
    for candidate in (stdlib / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.is_file():
            texts = (("LICENSE.txt", candidate.read_text(encoding="utf-8")[:_MAX_TEXT]),)
            break
    return Component("Python", version, "PSF-2.0", (), texts)


def _ships(dist: metadata.Distribution, modules: set[str]) -> bool:
    """Whether a top-level module or package of *dist* is among *modules*."""
    top = (dist.read_text("top_level.txt") or "").split()
    for item in dist.files or []:
        first = item.parts[0] if item.parts else ""
        if first.endswith(".py"):
            top.append(first[:-3])
        elif first.endswith((".so", ".pyd")):
            top.append(first.split(".")[0])
        elif first and not first.endswith((".dist-info", ".data", ".pth")) and first != "..":
            top.append(first)
    return bool(modules.intersection(top))


def collect_components(shipped_modules: set[str] | None = None) -> list[Component]:
    """mscd-desktop, CPython and every distribution mscd-desktop needs (recursively), by
    name; distributions that are not installed here (another platform's) are skipped, and
    so, given *shipped_modules* (the top-level modules a bundle carries), are those of
    which nothing ships."""
    seen: dict[str, Component] = {}
    left_out: set[str] = set()
    pending = [_normalise(ROOT_DISTRIBUTION)]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        dist = _distribution(name)
        if dist is None or name in left_out:
            continue
        root = name == _normalise(ROOT_DISTRIBUTION)
        if shipped_modules is not None and not root and not _ships(dist, shipped_modules):
            left_out.add(name)
        else:
            seen[name] = _component(dist)
        for requirement in dist.requires or []:
            required = _requirement_name(requirement)
            if required and required not in seen and required not in left_out:
                pending.append(required)
    found = [*seen.values(), _python_component()]
    return sorted(found, key=lambda c: (c.name != "mscd-desktop", c.name.lower()))


def write_licence_file(path: Path, shipped_modules: set[str] | None = None) -> int:
    """Write the components of :func:`collect_components` to *path* (JSON, atomically);
    returns how many there are. Run by the bundle's build."""
    components = collect_components(shipped_modules)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".licences-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump([asdict(c) for c in components], out, ensure_ascii=False, indent=1)
    os.replace(temporary, path)
    return len(components)


def bundled_components() -> list[Component]:
    """The components to credit: the file written at build time when there is one (a
    bundle), else collected now from the installed distributions."""
    path = resources_dir() / LICENCE_FILE
    if not path.is_file():
        return collect_components()
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return [
        Component(
            name=item["name"],
            version=item["version"],
            licence=item["licence"],
            classifiers=tuple(item.get("classifiers", ())),
            texts=tuple((n, t) for n, t in item.get("texts", ())),
        )
        for item in loaded
    ]
