"""The schema's components, in the order their migrations run.

Each module listed has ``MIGRATIONS``: a list of functions taking the sqlite-utils
Database. Append to a module's list to change its tables; never edit a released step.
Add a new module at the end (after those it references). A component is named by the last
part of its module's name (``energy_minutes``), which the database records with its steps.
"""

from __future__ import annotations

from types import ModuleType

from mscd_desktop.core import attendees, checkin, events, import_runs, organiser_pin, tickets
from mscd_desktop.core.documents import certificate_records, event_settings
from mscd_desktop.core.energy import energy_minutes
from mscd_desktop.core.quiz import results
from mscd_desktop.core.sync import outbox

COMPONENTS: tuple[ModuleType, ...] = (
    events,
    organiser_pin,
    energy_minutes,
    attendees,
    tickets,
    checkin,
    results,
    event_settings,
    certificate_records,
    import_runs,
    outbox,  # after every synced table: its triggers sit on them
)
