"""Schema upgrades through Alembic, run from code so a frozen build finds its scripts.

The caller (start-up) backs the file up before `upgrade()`; this module only knows revisions.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from branchdesk.db import make_engine


def _config() -> Config:
    cfg = Config()
    location = resources.files("branchdesk") / "migrations"
    cfg.set_main_option("script_location", str(location))
    return cfg


def head_revision() -> str:
    """The newest revision this version of BranchDesk knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def all_revisions() -> list[str]:
    """Every known revision id, newest first (a linear chain)."""
    return [rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()]


def current_revision(engine: Engine) -> str | None:
    """The revision the database file is at, None for an empty (new) file."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_known_revision(revision: str) -> bool:
    return revision in all_revisions()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the database to `target` in one transaction per revision."""
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
