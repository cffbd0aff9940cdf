"""Alembic environment: always run from code (`branchdesk.schema`), with a connection handed in."""

from __future__ import annotations

from alembic import context

from branchdesk.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a bare `alembic` command line
    raise RuntimeError("BranchDesk migrations run from branchdesk.schema, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
