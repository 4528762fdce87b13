"""Sample attendees of the Valladolid demo event (a ``DEMO_CONTRIBUTORS`` entry).

About sixty registered adults from the organisations that came to the Torrelago Open
House (the town hall of Laguna de Duero, the University of Valladolid, SOMACYL, the
regional government, the local press, residents of the district) and two primary-school
classes recorded by first name only.
"""

from __future__ import annotations

import random

from mscd_desktop.core import attendees as at
from mscd_desktop.core.events import Event
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.store import Store

_ORGANISATIONS: list[tuple[str, str, str]] = [
    # organisation, audience, e-mail domain
    ("Ayuntamiento de Laguna de Duero", "political", "lagunadeduero.org"),
    ("Ayuntamiento de Valladolid", "political", "ava.es"),
    ("Junta de Castilla y León", "political", "jcyl.es"),
    ("Universidad de Valladolid", "technical", "uva.es"),
    ("SOMACYL", "technical", "somacyl.es"),
    ("Fundación CARTIF", "technical", "cartif.es"),
    ("Ente Regional de la Energía (EREN)", "technical", "jcyl.es"),
    ("Banco Europeo de Inversiones", "financial", "eib.org"),
    ("Caja Rural de Zamora", "financial", "cajarural.com"),
    ("El Norte de Castilla", "press", "elnortedecastilla.es"),
    ("CyLTV", "press", "cyltv.es"),
    ("Cadena SER Valladolid", "press", "cadenaser.com"),
    ("Comunidad de propietarios Torrelago", "citizens", ""),
    ("Asociación vecinal de Laguna de Duero", "citizens", ""),
]
_FIRST = [
    "Ana",
    "Lucía",
    "José Luis",
    "María",
    "Javier",
    "Carmen",
    "Pablo",
    "Sofía",
    "Álvaro",
    "Nuria",
    "Íñigo",
    "Begoña",
    "Raúl",
    "Elena",
    "Miguel Ángel",
    "Pilar",
    "Sergio",
    "Rocío",
    "Fernando",
    "Marta",
    "Alberto",
    "Cristina",
    "Jesús",
    "Beatriz",
]
_LAST = [
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martín",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Ruiz",
    "Díaz",
    "Álvarez",
    "Muñoz",
    "Herrero",
    "Calvo",
    "Sanz",
    "Alonso",
    "de la Fuente",
    "Blanco",
    "Velasco",
    "Arranz",
    "Cuesta",
    "Pascual",
]
_CLASSES = [
    (
        "CEIP Los Valles",
        "5º A",
        "Marta Gutiérrez Arranz",
        "8-11",
        [
            "Lucía",
            "Hugo",
            "Martina",
            "Leo",
            "Sofía",
            "Daniel",
            "Valeria",
            "Mateo",
            "Paula",
            "Álvaro",
            "Carla",
            "Pablo",
            "Noa",
            "Mario",
            "Alba",
            "Marcos",
            "Vega",
            "Adrián",
            "Irene",
            "Izan",
            "Lola",
            "Dani G.",
        ],
    ),
    (
        "IES Juana I de Castilla",
        "2º ESO B",
        "Carlos Pascual Velasco",
        "12-15",
        [
            "Nerea",
            "Iker",
            "Claudia",
            "Rubén",
            "Aitana",
            "Gonzalo",
            "Elsa",
            "Héctor",
            "Jimena",
            "Óscar",
            "Candela",
            "Unai",
            "Triana",
            "Bruno",
            "Olivia",
            "Samuel",
            "Ainhoa",
            "Jorge",
        ],
    ),
]
_ATTENDEES = 60


def _email(first: str, last: str, domain: str, rng: random.Random) -> str | None:
    if not domain or rng.random() < 0.2:
        return None
    local = f"{first.split()[0]}.{last.split()[-1]}".lower()
    return at.fold(local).replace(" ", "") + "@" + domain


def demo_people(seed: int = 2016) -> list[at.AttendeeDraft]:
    """The sample registered adults (the same ones every time)."""
    rng = random.Random(seed)
    people: list[at.AttendeeDraft] = []
    names: set[str] = set()
    while len(people) < _ATTENDEES:
        first = rng.choice(_FIRST)
        last = f"{rng.choice(_LAST)} {rng.choice(_LAST)}"
        if f"{first} {last}" in names:
            continue
        names.add(f"{first} {last}")
        organisation, audience, domain = _ORGANISATIONS[len(people) % len(_ORGANISATIONS)]
        people.append(
            at.AttendeeDraft(
                name=f"{first} {last}",
                audience=audience,
                organisation=organisation,
                email=_email(first, last, domain, rng),
                age_band="18+",
                consent_photo=rng.random() < 0.7,
                consent_contact=rng.random() < 0.5,
                notes="Movilidad reducida" if rng.random() < 0.05 else "",
                source="demo",
            )
        )
    return people


def add_demo_attendees(store: Store, event: Event) -> None:
    """Add the sample people and school classes to the demo event (once)."""
    with store.read() as db:
        present = db.execute(
            "SELECT count(*) FROM attendees WHERE event_id = ? AND source IN ('demo', 'group')",
            [event.id],
        ).fetchone()[0]
    if present:
        return
    now = utc_now()
    records = [at.build_record(event.id, draft, now=now) for draft in demo_people()]
    with store.transaction() as db:
        db.table("attendees").insert_all(records)
    for school, class_name, teacher, band, children in _CLASSES:
        at.add_school_group(store, event.id, school, class_name, teacher, children, band)
