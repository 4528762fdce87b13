"""Numbers, money, power, energy, dates and times written the reader's way (Babel).

One :class:`Formats` per language: ``formats_for("es").power(2080)`` is ``2,08 kW``,
``formats_for("sv").integer(4546)`` is ``4 546`` (with a no-break space),
``formats_for("es").integer(4546)`` is ``4546`` (Spanish groups from five digits, as CLDR
says) and ``formats_for("es").date("2026-11-25")`` is ``25/11/2026``. Documents, the reach
card and CLI output use it with the document's language; screens and CLI text use
:func:`current_formats`, the language the user interface speaks now.
English is written the European way (``en_GB``: 25/11/2026), as the cluster reads it.

Units and currency signs around a figure belong to the translated message ("{eur} €/año",
"{eur} euro/år"): only the figure itself is formatted here. Never put a format spec such as
``{kw:.2f}`` in a translatable message; format the figure here and pass the text.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time, get_date_format
from babel.numbers import format_currency, format_decimal, format_percent, format_scientific

from mscd_desktop.i18n import current_language

# Babel's plain "en" is American (11/25/26); the cluster's English documents are European.
_LOCALE_FOR_LANGUAGE = {"en": "en_GB"}

# CLDR's minimumGroupingDigits, which Babel does not carry: in these locales a number is
# grouped only from five digits on ("4546", but "45.460" in Spanish). Every other locale: 1.
_MINIMUM_GROUPING_DIGITS = {"es": 2, "pl": 2, "pt_PT": 2}
# From here on a figure is written in scientific notation (and Decimal stays exact).
_SCIENTIFIC_FROM = 1e15


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


def _minimum_grouping(locale: Locale) -> int:
    for key in (str(locale), locale.language):
        if key in _MINIMUM_GROUPING_DIGITS:
            return _MINIMUM_GROUPING_DIGITS[key]
    return 1


@dataclass(frozen=True)
class Formats:
    """Formatting for one language; every method returns text ready to print."""

    language: str
    locale: Locale

    def _grouped(self, value: float) -> bool:
        """Whether *value* gets thousands separators (``4546`` stays whole in Spanish)."""
        return bool(abs(value) >= 10 ** (2 + _minimum_grouping(self.locale)))

    def _number(self, value: float, decimals: int, fraction: str) -> str:
        if abs(value) >= _SCIENTIFIC_FROM:  # beyond what a meter can mean: 1,2E18
            return format_scientific(value, format="0.###E0", locale=self.locale)
        # Rounded half up, as people round (2.345 -> 2.35), not half to even.
        exact = Decimal(str(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        exact = abs(exact) if exact.is_zero() else exact  # no "-0,00"
        pattern = "#,##0" + ("." + fraction * decimals if decimals > 0 else "")
        return format_decimal(
            exact, format=pattern, locale=self.locale, group_separator=self._grouped(value)
        )

    def integer(self, value: int | float) -> str:
        """A count with the locale's grouping: ``4 546`` (sv), ``4546`` and ``45.460`` (es)."""
        return self._number(value, 0, "0")

    def decimal(self, value: float, decimals: int = 1) -> str:
        """*value* with up to *decimals* decimals (trailing zeros dropped): ``2,5``."""
        return self._number(value, decimals, "#")

    def fixed(self, value: float, decimals: int = 1) -> str:
        """*value* with exactly *decimals* decimals: ``2,50``."""
        return self._number(value, decimals, "0")

    def significant(self, value: float, digits: int = 3) -> str:
        """*value* with *digits* significant digits, whole from ``10**digits``: ``0,654``."""
        return self.fixed(value, _significant(value, digits))

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
        """An amount of money the locale's way: ``1234,50 €`` (es), ``€1,234.50`` (en)."""
        return format_currency(
            amount, currency, locale=self.locale, group_separator=self._grouped(amount)
        )

    def percent(self, fraction: float) -> str:
        """A fraction as a whole percentage the locale's way: ``83 %`` (es, sv), ``83%`` (en)."""
        return format_percent(fraction, locale=self.locale)

    @property
    def date_pattern(self) -> str:
        """The CLDR pattern of :meth:`date`: the short date with the whole year (``d/M/y``)."""
        pattern = get_date_format("short", locale=self.locale).pattern
        if "yyyy" not in pattern:
            pattern = pattern.replace("yy", "y")
        return pattern

    def date(self, value: dt.date | str) -> str:
        """A day with a four-digit year: ``25/11/2026`` (es, en), ``2026-11-25`` (sv)."""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, format=self.date_pattern, locale=self.locale)

    def stamp_date(self, utc_stamp: str) -> str:
        """The local day of a stored UTC stamp (``2026-11-25T09:42:01.123Z``): ``25/11/2026``."""
        moment = datetime.fromisoformat(utc_stamp.replace("Z", "+00:00")).astimezone()
        return self.date(moment.date())

    # dt.date: inside the class, a bare ``date`` after ``def date`` names that method
    def long_date(self, value: dt.date | str) -> str:
        """A day written out: ``25 de noviembre de 2026``, ``25 November 2026``."""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, format="long", locale=self.locale)

    def time(self, value: datetime | dt.time) -> str:
        """A clock time: ``10:42``."""
        return format_time(value, format="short", locale=self.locale)

    def clock(self, timestamp: float) -> str:
        """The local clock time of a Unix *timestamp*: ``14:05``."""
        return self.time(datetime.fromtimestamp(timestamp))

    def clock_seconds(self, timestamp: float) -> str:
        """The local clock time of a Unix *timestamp* to the second: ``14:05:03``."""
        return format_time(datetime.fromtimestamp(timestamp), format="medium", locale=self.locale)

    def date_time(self, value: datetime) -> str:
        """A day and a clock time: ``25/11/2026 10:42``."""
        return f"{self.date(value.date())} {self.time(value)}"

    def medium_date_time(self, value: datetime) -> str:
        """Babel's medium day-and-time format, for footers ("printed on ...")."""
        return format_datetime(value, format="medium", locale=self.locale)


def plural_count(value: float) -> int:
    """The count to give ``ngettext`` for a figure that may have decimals.

    A whole figure counts as itself ("1 hour"); one with decimals takes the plural, as it
    does in English, Spanish and Swedish ("1,5 horas", "0,5 timmar").
    """
    return int(value) if float(value).is_integer() else 2


@functools.lru_cache(maxsize=32)
def formats_for(language: str) -> Formats:
    """The :class:`Formats` of *language* (``en``, ``es``, ``sv``, any Babel language)."""
    return Formats(language, babel_locale(language))


def current_formats() -> Formats:
    """The :class:`Formats` of the language the user interface speaks now (screens, CLI)."""
    return formats_for(current_language())
