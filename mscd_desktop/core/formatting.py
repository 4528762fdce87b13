"""Numbers, money, power, energy, dates and times written the reader's way (Babel).

One :class:`Formats` per language: ``formats_for("es").power(2080)`` is ``2,08 kW``,
``formats_for("sv").integer(4546)`` is ``4 546`` (with a no-break space), and
``formats_for("es").date("2026-11-25")`` is ``25/11/2026``. Documents, the reach card and
CLI output use it with the document's language; screens can use it with the current one.
English is written the European way (``en_GB``: 25/11/2026), as the cluster reads it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from datetime import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time, get_date_format
from babel.numbers import format_currency, format_decimal, format_percent

# Babel's plain "en" is American (11/25/26); the cluster's English documents are European.
_LOCALE_FOR_LANGUAGE = {"en": "en_GB"}


def babel_locale(language: str) -> Locale:
    """The Babel locale documents in *language* are formatted with (English if unknown)."""
    code = _LOCALE_FOR_LANGUAGE.get(language, language)
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en_GB")


def _significant(value: float, digits: int = 3) -> int:
    """Decimals that show *value* with *digits* significant digits (none above 10**digits)."""
    magnitude = len(str(int(abs(value)))) if abs(value) >= 1 else 1
    return max(0, digits - magnitude)


@dataclass(frozen=True)
class Formats:
    """Formatting for one language; every method returns text ready to print."""

    language: str
    locale: Locale

    def integer(self, value: int | float) -> str:
        """A count with the locale's grouping: ``4 546`` (sv), ``4.546`` (es)."""
        return format_decimal(round(value), format="#,##0", locale=self.locale)

    def decimal(self, value: float, decimals: int = 1) -> str:
        """*value* with up to *decimals* decimals (trailing zeros dropped): ``2,5``."""
        pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def fixed(self, value: float, decimals: int = 1) -> str:
        """*value* with exactly *decimals* decimals: ``2,50``."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def power(self, watts: float) -> str:
        """Power with its unit, three significant digits from 1 kW: ``850 W``, ``2,08 kW``."""
        if abs(watts) < 1000:
            return f"{self.integer(watts)} W"
        kilowatts = watts / 1000
        return f"{self.fixed(kilowatts, _significant(kilowatts))} kW"

    def energy(self, watt_hours: float) -> str:
        """Energy in kWh with three significant digits: ``0,654 kWh``, ``18,4 kWh``."""
        kwh = watt_hours / 1000
        return f"{self.fixed(kwh, _significant(kwh))} kWh"

    def money(self, amount: float, currency: str = "EUR") -> str:
        """An amount of money the locale's way: ``1.234,50 €`` (es), ``€1,234.50`` (en)."""
        return format_currency(amount, currency, locale=self.locale)

    def percent(self, fraction: float) -> str:
        """A fraction as a whole percentage the locale's way: ``83 %`` (es, sv), ``83%`` (en)."""
        return format_percent(fraction, locale=self.locale)

    def date(self, value: dt.date | str) -> str:
        """A day with a four-digit year: ``25/11/2026`` (es, en), ``2026-11-25`` (sv)."""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        pattern = get_date_format("short", locale=self.locale).pattern
        if "yyyy" not in pattern:
            pattern = pattern.replace("yy", "y")
        return format_date(day, format=pattern, locale=self.locale)

    # dt.date: inside the class, a bare ``date`` after ``def date`` names that method
    def long_date(self, value: dt.date | str) -> str:
        """A day written out: ``25 de noviembre de 2026``, ``25 November 2026``."""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, format="long", locale=self.locale)

    def time(self, value: datetime | dt.time) -> str:
        """A clock time: ``10:42``."""
        return format_time(value, format="short", locale=self.locale)

    def date_time(self, value: datetime) -> str:
        """A day and a clock time: ``25/11/2026 10:42``."""
        return f"{self.date(value.date())} {self.time(value)}"

    def medium_date_time(self, value: datetime) -> str:
        """Babel's medium day-and-time format, for footers ("printed on ...")."""
        return format_datetime(value, format="medium", locale=self.locale)


@functools.lru_cache(maxsize=32)
def formats_for(language: str) -> Formats:
    """The :class:`Formats` of *language* (``en``, ``es``, ``sv``, any Babel language)."""
    return Formats(language, babel_locale(language))
