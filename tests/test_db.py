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


def test_a_database_from_the_first_release_upgrades_keeping_its_members(tmp_path: Path) -> None:
    """A 0001 file (roster only) opens in this version: backed up first, then upgraded, rows kept."""
    from branchdesk.paths import DataPaths
    from branchdesk.services import backup, storage

    paths = DataPaths(tmp_path / "data").ensure()
    old = make_engine(paths.database)
    schema.upgrade(old, "0001")
    with old.begin() as conn:
        conn.exec_driver_sql("INSERT INTO committee (name, hospital) VALUES ('院党委', '')")
        conn.exec_driver_sql(
            "INSERT INTO branch (committee_id, name, departments, kind, term_years, sort_order)"
            " VALUES (1, '内科党支部', '', '在职', 3, 1)"
        )
        conn.exec_driver_sql(
            "INSERT INTO member (branch_id, roll_order, name, gender, ethnicity, native_place, education,"
            " degree, phone, department, position, title, staff_category, category, status, notes)"
            " VALUES (1, 1, '张三', '男', '汉族', '', '', '', '', '', '', '', '在职', 'full', 'active', '')"
        )
    old.dispose()
    opened = storage.open_database(paths)
    assert opened.migrated_from == "0001"
    assert schema.current_revision(opened.engine) == schema.HEAD_REVISION
    with opened.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM member").scalar() == "张三"
        assert conn.exec_driver_sql("SELECT count(*) FROM meeting").scalar() == 0
    opened.engine.dispose()
    migration_backups = [b for b in backup.list_backups(paths.backups) if b.reason == "migration"]
    assert len(migration_backups) == 1
    check = make_engine(migration_backups[0].path)
    assert schema.current_revision(check) == "0001"  # the copy was taken before the upgrade
    check.dispose()


def test_revision_0003_seeds_the_volunteer_kinds_the_domain_lists_in_order(tmp_path: Path) -> None:
    """The migration carries its own copy of the list; it must match the models' default list."""
    from branchdesk.models import DEFAULT_VOLUNTEER_KINDS

    engine = schema.create_database(tmp_path / "fresh.sqlite3")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, archived FROM volunteer_kind ORDER BY sort_order").all()
    engine.dispose()
    assert [name for name, _ in rows] == list(DEFAULT_VOLUNTEER_KINDS)
    assert not any(archived for _, archived in rows)


def test_a_0002_database_upgrades_to_0003_keeping_its_meetings(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "old.sqlite3")
    schema.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO committee (name, hospital) VALUES ('院党委', '')")
        conn.exec_driver_sql(
            "INSERT INTO branch (committee_id, name, departments, kind, term_years, sort_order)"
            " VALUES (1, '内科党支部', '', '在职', 3, 1)"
        )
        conn.exec_driver_sql(
            "INSERT INTO meeting (branch_id, type, held_on, place, theme, host, recorder, speaker, content,"
            " resolutions, guests, parts, partner_unit, planned, vote_subject, void_reason)"
            " VALUES (1, 'theme_day', '2026-03-14', '', '义诊', '', '', '', '', '', '', '', '', 0, '', '')"
        )
    schema.upgrade(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT theme FROM meeting").scalar() == "义诊"
        assert conn.exec_driver_sql("SELECT count(*) FROM volunteer_event").scalar() == 0
    assert schema.current_revision(engine) == schema.HEAD_REVISION
    engine.dispose()


def test_a_0003_database_with_holdings_and_reviews_upgrades_to_voidable_ones(tmp_path: Path) -> None:
    """Revision 0004 adds void columns to tables that may already hold rows: they get an empty reason."""
    engine = make_engine(tmp_path / "old.sqlite3")
    schema.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO committee (name, hospital) VALUES ('院党委', '')")
        conn.exec_driver_sql(
            "INSERT INTO branch (committee_id, name, departments, kind, term_years, sort_order)"
            " VALUES (1, '内科党支部', '', '在职', 3, 1)"
        )
        conn.exec_driver_sql(
            "INSERT INTO member (branch_id, roll_order, name, gender, ethnicity, native_place, education,"
            " degree, phone, department, position, title, staff_category, category, status, notes)"
            " VALUES (1, 1, '张三', '男', '汉族', '', '', '', '', '', '', '', '在职', 'full', 'active', '')"
        )
        conn.exec_driver_sql(
            "INSERT INTO post (branch_id, kind, name, place, duties, commitment, notes, sort_order,"
            " void_reason) VALUES (1, 'model', '党员示范岗', '', '', '', '', 0, '')"
        )
        conn.exec_driver_sql(
            "INSERT INTO post_holder (post_id, member_id, role, started_on, note)"
            " VALUES (1, 1, '', '2026-01-01', '')"
        )
        conn.exec_driver_sql(
            "INSERT INTO post_review (post_id, reviewed_on, period, grade, assessor, note)"
            " VALUES (1, '2026-06-30', '', 'good', 'branch', '')"
        )
    schema.upgrade(engine)
    with engine.connect() as conn:
        holder = conn.exec_driver_sql("SELECT voided_on, void_reason FROM post_holder").one()
        review = conn.exec_driver_sql("SELECT voided_on, void_reason FROM post_review").one()
    engine.dispose()
    assert tuple(holder) == (None, "") and tuple(review) == (None, "")
