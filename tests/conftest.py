"""Shared fixtures: a template database migrated once per run and copied into each test's tmp_path.

No `:memory:` databases: they hide WAL and file behaviour that users meet.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from branchdesk import schema
from branchdesk.db import make_engine, make_session_factory, transaction
from branchdesk.paths import DataPaths


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, fully migrated database file (migrations run once per test run)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = schema.create_database(path)
    engine.dispose()  # the last connection to close checkpoints the WAL into the main file
    return path


@pytest.fixture
def data_paths(tmp_path: Path, template_db: Path) -> DataPaths:
    """A data folder holding a copy of the migrated template as its database."""
    paths = DataPaths(tmp_path / "data").ensure()
    shutil.copy2(template_db, paths.database)
    return paths


@pytest.fixture
def engine(data_paths: DataPaths) -> Iterator[Engine]:
    eng = make_engine(data_paths.database)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session inside one transaction, committed at the end of the test body."""
    with transaction(session_factory) as sess:
        yield sess


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the engine runs during the test, to check query counts stay flat."""
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)
