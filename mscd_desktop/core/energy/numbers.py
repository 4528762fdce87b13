"""Numbers people understand: kWh, euros, grams of CO2, and the appliance that just switched on.

The CO2 factor of a kWh depends on the country's grid and the year; the organiser picks
one from :data:`CO2_FACTORS` (each with its year and source, shown next to the figure) or
enters their own. Figures are rounded national/EU averages of lifecycle generation
intensity from one dataset (see the comment above :data:`CO2_FACTORS`); quote the source
when it matters.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from mscd_desktop.core.energy.sources import Reading
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _

HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True)
class Co2Factor:
    """Grams of CO2(-equivalent) per kWh of electricity in one country and year."""

    code: str
    name: str  # marked with N_(); show with _()
    year: int
    g_per_kwh: float
    source: str


# One basis for every row, so that countries compare fairly: Ember's lifecycle greenhouse-gas
# intensity of the electricity *generated* in the country (g CO2e/kWh, upstream fuel supply
# included, imports/exports not), year 2023, as published in Ember's Yearly Electricity Data
# (2024 release). National agencies publish other bases (direct combustion only, or per kWh
# consumed); docs/energy-sources.md lists the ones checked, to enter with ``--co2``.
_EMBER = "Ember, Yearly Electricity Data (2024 release): lifecycle CO2e per kWh generated"

CO2_FACTORS: dict[str, Co2Factor] = {
    f.code: f
    for f in (
        Co2Factor("EU27", N_("EU-27 average"), 2023, 244.0, _EMBER),
        Co2Factor("DE", N_("Germany"), 2023, 381.0, _EMBER),
        Co2Factor("ES", N_("Spain"), 2023, 174.0, _EMBER),
        Co2Factor("FR", N_("France"), 2023, 56.0, _EMBER),
        Co2Factor("IT", N_("Italy"), 2023, 331.0, _EMBER),
        Co2Factor("SE", N_("Sweden"), 2023, 41.0, _EMBER),
        Co2Factor("PL", N_("Poland"), 2023, 662.0, _EMBER),
        Co2Factor("TR", N_("Turkey"), 2023, 465.0, _EMBER),
        Co2Factor("AT", N_("Austria"), 2023, 111.0, _EMBER),
        Co2Factor("NL", N_("Netherlands"), 2023, 268.0, _EMBER),
        Co2Factor("GB", N_("United Kingdom"), 2023, 238.0, _EMBER),
        Co2Factor("DK", N_("Denmark"), 2023, 152.0, _EMBER),
    )
}

DEFAULT_COUNTRY = "EU27"
DEFAULT_PRICE_EUR_PER_KWH = 0.25


def co2_factor(code: str) -> Co2Factor:
    """The factor of country *code* (``ES``, ``SE``, ``EU27`` ...)."""
    factor = CO2_FACTORS.get(code.strip().upper())
    if factor is None:
        raise ValidationError(
            _("No CO2 factor for '{code}'. Choose from: {known}.").format(
                code=code, known=", ".join(CO2_FACTORS)
            ),
            field="country",
        )
    return factor


@dataclass(frozen=True)
class Tariff:
    """The price of a kWh and its CO2, as the organiser chose them."""

    price_eur_per_kwh: float = DEFAULT_PRICE_EUR_PER_KWH
    co2: Co2Factor = CO2_FACTORS[DEFAULT_COUNTRY]

    @classmethod
    def for_country(
        cls,
        code: str,
        price_eur_per_kwh: float = DEFAULT_PRICE_EUR_PER_KWH,
        g_per_kwh: float | None = None,
    ) -> Tariff:
        """A tariff with *code*'s CO2 factor, or the organiser's own *g_per_kwh*."""
        if not 0 <= price_eur_per_kwh < 10:
            raise ValidationError(
                _("The price per kWh must be between 0 and 10 EUR."), field="price"
            )
        factor = co2_factor(code)
        if g_per_kwh is not None:
            if not 0 <= g_per_kwh <= 2000:
                raise ValidationError(
                    _("The CO2 factor must be between 0 and 2000 g/kWh."), field="co2"
                )
            factor = Co2Factor(
                factor.code, factor.name, factor.year, g_per_kwh, _("entered by the organiser")
            )
        return cls(price_eur_per_kwh, factor)

    def cost_eur(self, energy_wh: float) -> float:
        """What *energy_wh* costs in EUR."""
        return energy_wh / 1000.0 * self.price_eur_per_kwh

    def co2_g(self, energy_wh: float) -> float:
        """Grams of CO2 of *energy_wh*."""
        return energy_wh / 1000.0 * self.co2.g_per_kwh

    def source_text(self) -> str:
        """ "Spain 2023: 174 g CO2/kWh (Ember ...)", to show next to CO2 figures."""
        return _("{name} {year}: {g} g CO2/kWh ({source})").format(
            name=_(self.co2.name),
            year=self.co2.year,
            g=current_formats().integer(self.co2.g_per_kwh),
            source=self.co2.source,
        )


@dataclass(frozen=True)
class LiveNumbers:
    """The tiles under the chart: live W and what it means."""

    power_w: float
    kwh_since_start: float
    eur_per_hour: float
    eur_per_year_always_on: float
    g_co2_per_hour: float


def live_numbers(first: Reading, latest: Reading, tariff: Tariff) -> LiveNumbers:
    """The numbers of a channel from its first reading of the session to *latest*."""
    energy = 0.0
    if first.energy_wh is not None and latest.energy_wh is not None:
        energy = max(0.0, latest.energy_wh - first.energy_wh)
    return LiveNumbers(
        power_w=latest.power_w,
        kwh_since_start=energy / 1000.0,
        eur_per_hour=tariff.cost_eur(latest.power_w),
        eur_per_year_always_on=tariff.cost_eur(latest.power_w * HOURS_PER_YEAR),
        g_co2_per_hour=tariff.co2_g(latest.power_w),
    )


SETTINGS_KEY = "energy_tariff"


def save_tariff(store: Store, tariff: Tariff) -> None:
    """Remember the organiser's price and CO2 factor."""
    store.set_state(
        SETTINGS_KEY,
        json.dumps({"price_eur_per_kwh": tariff.price_eur_per_kwh, **asdict(tariff.co2)}),
    )


def load_tariff(store: Store) -> Tariff:
    """The saved tariff, or the default (EU-27 average, EUR 0.25/kWh)."""
    raw = store.get_state(SETTINGS_KEY)
    if not raw:
        return Tariff()
    data = json.loads(raw)
    price = data.pop("price_eur_per_kwh")
    return Tariff(price, Co2Factor(**data))
