"""The schema's components, in the order their migrations run.

Each module listed has ``MIGRATIONS``: a list of functions taking the sqlite-utils
Database. Append to a module's list to change its tables; never edit a released step.
Add a new module at the end (after those it references).
"""

COMPONENTS: tuple[str, ...] = (
    "mscd_desktop.core.events",
    "mscd_desktop.core.energy.energy_minutes",
    "mscd_desktop.core.attendees",
    "mscd_desktop.core.tickets",
    "mscd_desktop.core.checkin",
    "mscd_desktop.core.quiz.results",
    "mscd_desktop.core.documents.event_settings",
    "mscd_desktop.core.documents.certificate_records",
)
