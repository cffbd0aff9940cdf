"""The engine's pragmas and the migration chain."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from branchdesk import schema
from branchdesk.db import integrity_problems, make_engine
from branchdesk.models import Base


def test_every_connection_uses_wal_full_sync_and_foreign_keys(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrations_form_one_linear_chain() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema._config())
    heads = script.get_heads()
    assert len(heads) == 1
    bases = script.get_bases()
    assert len(bases) == 1
    for rev in script.walk_revisions():
        assert not rev.is_merge_point


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    engine = schema.create_database(tmp_path / "fresh.sqlite3")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    assert schema.current_revision(engine) == schema.head_revision()
    engine.dispose()


def test_integrity_check_reports_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    assert integrity_problems(bad) == ["not a SQLite database"]


def test_integrity_check_passes_a_fresh_database(tmp_path: Path) -> None:
    path = tmp_path / "ok.sqlite3"
    make_engine(path).dispose()
    schema.create_database(path).dispose()
    assert integrity_problems(path) == []


def test_integrity_check_works_on_paths_with_url_characters(tmp_path: Path) -> None:
    folder = tmp_path / "科室 #1 ?50%"
    folder.mkdir()
    path = folder / "ok.sqlite3"
    schema.create_database(path).dispose()
    assert integrity_problems(path) == []


def test_head_revision_constant_matches_the_newest_migration_script() -> None:
    """Start-up compares against the constant to skip importing Alembic; it must not go stale."""
    assert schema.head_revision() == schema.HEAD_REVISION


def test_an_ordinary_start_does_not_import_alembic(tmp_path: Path) -> None:
    """Alembic costs ~100 ms to import; a database already at HEAD_REVISION must open without it."""
    import subprocess
    import sys

    schema.create_database(tmp_path / "branchdesk.sqlite3").dispose()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from branchdesk.paths import DataPaths\n"
        "from branchdesk.services import storage\n"
        "storage.open_database(DataPaths(Path(sys.argv[1]))).engine.dispose()\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
