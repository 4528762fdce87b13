"""Alembic environment: runs on the connection that :func:`mscd_desktop.hub.db.migrate` hands in."""

from alembic import context

from mscd_desktop.hub.schema import metadata

connection = context.config.attributes["connection"]
# batch mode: SQLite can ALTER only by copying a table, which Alembic does in batch mode
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
