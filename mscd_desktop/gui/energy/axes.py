"""Chart axes whose tick labels are written the user interface's way.

pyqtgraph writes ticks with ``%g`` and ``strftime``: "1.5" and "Wed 25" whatever the
language. These axes ask :func:`mscd_desktop.core.formatting.current_formats` instead, so a
Spanish wall shows "1,5" and "mié 25".
"""

from __future__ import annotations

from datetime import datetime
from math import ceil, log10

import pyqtgraph as pg
from babel.dates import format_datetime

from mscd_desktop.core.formatting import current_formats

# strftime formats pyqtgraph's DateAxisItem uses that name days or months, and the CLDR
# patterns that say the same in the reader's language.
_NAMED_PARTS = {"%a %d": "EEE d", "%b": "LLL", "%d": "d", "%Y": "y"}


class LocalNumberAxis(pg.AxisItem):
    """A value axis with the locale's decimal mark and grouping ("1,5", "12 000")."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """The label of each tick, as many decimals as the spacing needs."""
        if self.logMode:
            return super().tickStrings(values, scale, spacing)
        step = spacing * scale
        places = max(0, ceil(-log10(step))) if step > 0 else 0
        fmt = current_formats()
        return [fmt.fixed(value * scale, places) for value in values]


class LocalClockAxis(pg.DateAxisItem):
    """A time axis: clock times as pyqtgraph writes them, day and month names localised."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """The label of each tick; week days and months in the user interface's language."""
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        fmt = current_formats()
        pattern = _NAMED_PARTS.get(spec.format) if spec is not None else None
        if pattern is None:
            strings = super().tickStrings(values, scale, spacing)
            if spec is not None and "%f" in spec.format:  # seconds with a decimal mark
                mark = fmt.locale.number_symbols["latn"]["decimal"]
                strings = [text.replace(".", mark) for text in strings]
            return strings
        texts = []
        for value in values:
            try:
                moment = datetime.fromtimestamp(value)
            except (OverflowError, ValueError, OSError):
                texts.append("")
                continue
            texts.append(format_datetime(moment, pattern, locale=fmt.locale))
        return texts
