"""Keep the one gettext catalogue up to date.

    python -m mscd_desktop.devtools.translations extract   write resources/locale/mscd.pot
                                                            (generated, not committed)
    python -m mscd_desktop.devtools.translations update    merge the template into each .po
    python -m mscd_desktop.devtools.translations compile   write each .mo
    python -m mscd_desktop.devtools.translations check     fail if anything is behind
    python -m mscd_desktop.devtools.translations todo LANG list untranslated messages
    python -m mscd_desktop.devtools.translations resolve   after a git merge conflict in the
                                                            catalogues: keep both sides' work
    python -m mscd_desktop.devtools.translations fill LANG FILE.json
                                                            set msgstr from {msgid: msgstr}

Sources: every ``_()``, ``N_()`` and ``ngettext()`` in ``mscd_desktop/`` and every
translatable string of the Designer forms in ``ui/``.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from mscd_desktop.i18n import DOMAIN
from mscd_desktop.paths import locale_dir, ui_dir

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("es", "sv")
# Fixed header dates and no source locations: the .po files then change only when a
# message does, which keeps merges of parallel work quiet.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}


def build_template() -> Catalog:
    """A fresh template catalogue of every translatable string in the sources."""
    catalog = Catalog(
        project="mscd-desktop",
        domain=DOMAIN,
        fuzzy=False,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
    )
    sources = [
        (ROOT / "mscd_desktop", [("devtools/**.py", "ignore"), ("**.py", "python")], {}),
        (ui_dir(), [("**.ui", "mscd_desktop.devtools.babel_ui:extract_ui")], {}),
        # the hub's Jinja2 pages ({{ _("...") }} through Jinja2's i18n extension)
        (
            ROOT / "mscd_desktop" / "hub" / "templates",
            [("**.html", "jinja2.ext:babel_extract")],
            {"**.html": {"extensions": "jinja2.ext.i18n"}},
        ),
    ]
    for folder, method_map, options in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map=method_map, options_map=options, keywords=KEYWORDS
        ):
            location = (str((Path(folder) / filename).relative_to(ROOT)), lineno)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as fh:
        return read_po(fh, locale=language)


def _write_po(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    write_po(buffer, catalog, width=100, no_location=True, sort_output=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def extract() -> Catalog:
    template = build_template()
    _write_po(template, locale_dir() / f"{DOMAIN}.pot")
    return template


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.project = "mscd-desktop"
        catalog.version = ""
        catalog.copyright_holder = "My Smart City District cluster"
        catalog.last_translator = "mscd-desktop developers"
        catalog.language_team = language
        _write_po(catalog, po_path(language))


def compile_all() -> None:
    for language in LANGUAGES:
        catalog = load(language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        po_path(language).with_suffix(".mo").write_bytes(buffer.getvalue())


def problems() -> list[str]:
    """What is behind: strings missing from a catalogue, untranslated, or not compiled."""
    found: list[str] = []
    wanted = {m.id for m in build_template() if m.id}
    for language in LANGUAGES:
        catalog = load(language)
        have = {m.id for m in catalog if m.id}
        for missing in sorted(wanted - have, key=str):
            found.append(f"{language}: not in the catalogue: {missing!r}")
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and message.id in wanted and (not all(strings) or message.fuzzy):
                found.append(f"{language}: untranslated: {message.id!r}")
            if message.id and message.check(catalog):
                found.append(f"{language}: placeholders differ: {message.id!r}")
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or compiled_messages(mo) != translated_messages(catalog):
            found.append(f"{language}: {mo.name} is not compiled from the current .po")
    return found


def translated_messages(catalog: Catalog) -> dict[object, object]:
    """What a compiled catalogue of ``catalog`` answers: id -> translation, fuzzy left out.

    Compared by meaning rather than bytes: the .mo header (``Generated-By: Babel x.y``)
    changes with every Babel release, the messages do not.
    """
    messages: dict[object, object] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, str) else tuple(message.id)
        strings = message.string if isinstance(message.string, str) else tuple(message.string)
        if all(strings if isinstance(strings, tuple) else (strings,)):
            messages[(message.context, ids)] = strings
    return messages


def compiled_messages(mo: Path) -> dict[object, object]:
    """The translations a compiled ``.mo`` file holds, in the shape of `translated_messages`."""
    with mo.open("rb") as fh:
        return translated_messages(read_mo(fh))


def _git_stage(path: Path, stage: int) -> Catalog | None:
    import subprocess

    relative = path.relative_to(ROOT).as_posix()
    shown = subprocess.run(["git", "show", f":{stage}:{relative}"], cwd=ROOT, capture_output=True)
    if shown.returncode != 0:
        return None
    return read_po(io.BytesIO(shown.stdout), locale=path.parent.parent.name)


def resolve() -> None:
    """Merge both sides of conflicted catalogues, message by message (a three-way merge).

    A translation only one side changed since the merge base takes that side's text; a
    message only one side added is kept; where both sides changed the same translation
    differently, ours stays and the message is printed for a person to decide.
    """
    for language in LANGUAGES:
        path = po_path(language)
        if b"<<<<<<<" not in path.read_bytes():
            continue
        base, ours, theirs = (_git_stage(path, stage) for stage in (1, 2, 3))
        merged = ours or theirs or Catalog(locale=language, domain=DOMAIN)
        for message in theirs or ():
            if not message.id:
                continue
            mine = merged.get(message.id)
            if mine is None:
                merged[message.id] = message
                continue
            if mine.string == message.string or not message.string:
                continue
            original = base.get(message.id) if base is not None else None
            before = original.string if original is not None else None
            if not mine.string or mine.string == before:
                mine.string = message.string
                mine.flags = set(message.flags)
            elif message.string != before:
                print(f"{language}: both sides changed {message.id!r}; kept ours")
        _write_po(merged, path)
    update()
    compile_all()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
    elif command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "resolve":
        resolve()
    elif command == "todo":
        catalog = load(argv[1])
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and (not all(strings) or message.fuzzy):
                print(repr(message.id))
    elif command == "fill":
        import json

        language, source = argv[1], Path(argv[2])
        wanted = json.loads(source.read_text(encoding="utf-8"))
        catalog = load(language)
        unknown = [k for k in wanted if k not in catalog]
        for msgid, msgstr in wanted.items():
            if msgid in catalog:  # a plural takes a list of forms
                catalog[msgid].string = tuple(msgstr) if isinstance(msgstr, list) else msgstr
                catalog[msgid].flags.discard("fuzzy")
        _write_po(catalog, po_path(language))
        for msgid in unknown:
            print(f"not in the {language} catalogue (run update first?): {msgid!r}")
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
