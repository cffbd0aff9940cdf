"""Schema upgrades through Alembic, run from code so a frozen build finds its scripts.

Alembic is imported only when a database is not at HEAD_REVISION (a new file or an upgrade): on an
ordinary start the stored revision is read with one query, which keeps ~100 ms off the start-up.
The caller (start-up) backs the file up before `upgrade()`; this module only knows revisions.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from branchdesk.db import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions; a test keeps the two equal.
HEAD_REVISION = "0004"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    location = resources.files("branchdesk") / "migrations"
    cfg.set_main_option("script_location", str(location))
    return cfg


def head_revision() -> str:
    """The newest revision among the migration scripts (asks Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def all_revisions() -> list[str]:
    """Every known revision id, newest first (a linear chain)."""
    from alembic.script import ScriptDirectory

    return [rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()]


def current_revision(engine: Engine) -> str | None:
    """The revision the database file is at, None for an empty (new) file."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:  # no alembic_version table: a file BranchDesk never migrated
            return None


def is_known_revision(revision: str) -> bool:
    return revision == HEAD_REVISION or revision in all_revisions()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the database to `target` in one transaction per revision."""
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def create_database(path: Path) -> Engine:
    """A new, fully migrated database file at `path` (which must not exist yet)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    upgrade(engine)
    return engine
