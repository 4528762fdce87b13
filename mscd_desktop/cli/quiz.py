"""``mscd quiz validate PACK...``: check quiz packs before a kiosk plays them."""

from __future__ import annotations

from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, emit, fail
from mscd_desktop.core.quiz.loading import pack_from_data
from mscd_desktop.core.quiz.packs import AGE_BANDS, pack_files, shipped_packs_dir
from mscd_desktop.core.quiz.validation import check_packs
from mscd_desktop.i18n import _, ngettext


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given; a folder stands for every pack in it; nothing means the shipped packs."""
    found: list[Path] = []
    for path in paths or (shipped_packs_dir(),):
        found.extend(pack_files(path) if path.is_dir() else [path])
    return found


def register(group: click.Group) -> None:
    """Add the quiz commands to *group*."""

    @group.group(help=_("Quiz packs for the kiosk."))
    @common_options
    def quiz() -> None:
        pass

    @quiz.command(
        "validate",
        help=_(
            "Check quiz packs (files or folders; default: the packs shipped with the app). "
            "Exits non-zero when any pack has a problem."
        ),
    )
    @click.argument("packs", nargs=-1, type=click.Path(path_type=Path), metavar="PACK...")
    @common_options
    def validate(packs: tuple[Path, ...]) -> None:
        results = check_packs(_expand(packs))
        summaries: list[dict] = []
        problems, lines = [], []
        for path, (data, found) in results.items():
            problems.extend(found)
            summary = {"file": str(path), "ok": not found, "problems": len(found)}
            if data is not None and not found:
                pack = pack_from_data(data, path)
                per_band = {
                    band: sum(band in q.age_bands for q in pack.questions) for band in AGE_BANDS
                }
                summary.update(
                    id=pack.id,
                    version=pack.version,
                    languages=list(pack.languages),
                    questions=per_band,
                )
                counts = ", ".join(f"{band}: {n}" for band, n in per_band.items())
                lines.append(
                    _("OK  {file}  ({id}, languages {languages}; questions {counts})").format(
                        file=path, id=pack.id, languages=" ".join(pack.languages), counts=counts
                    )
                )
            else:
                lines.extend(str(problem) for problem in found)
            summaries.append(summary)
        emit(
            {"ok": not problems, "packs": summaries, "problems": [p.as_dict() for p in problems]},
            lines,
        )
        if problems:
            bad = sum(1 for _data, found in results.values() if found)
            fail(
                ngettext(
                    "{n} problem in {packs}.", "{n} problems in {packs}.", len(problems)
                ).format(
                    n=len(problems), packs=ngettext("{n} pack", "{n} packs", bad).format(n=bad)
                )
            )
