"""Opening the database: new, damaged, older and newer files, and the backups start and close leave."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from branchdesk import schema
from branchdesk.db import integrity_problems, make_engine, make_session_factory, transaction
from branchdesk.errors import DatabaseCorruptError, DatabaseTooNewError, NotFoundError
from branchdesk.models import Branch, Committee, Member
from branchdesk.paths import DataPaths
from branchdesk.services.backup import list_backups, make_backup
from branchdesk.services.storage import check_database, close_database, open_database

T0 = datetime(2026, 11, 24, 18, 2, 0)


def corrupt_middle(path: Path) -> None:
    """Garbage over the middle third of the file: pages SQLite's integrity_check must notice."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xde\xad\xbe\xef" * (size // 12))


def folder_snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to prove a refused open touched nothing."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def revision_of(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    finally:
        conn.close()


def test_a_new_folder_gets_a_migrated_database_and_no_backup_until_it_holds_something(
    tmp_path: Path,
) -> None:
    paths = DataPaths(tmp_path / "新数据")

    opened = open_database(paths, now=T0)
    try:
        assert opened.created and opened.migrated_from is None
        assert schema.current_revision(opened.engine) == schema.head_revision()
        assert opened.start_backup is None and list_backups(paths.backups) == []
        with transaction(make_session_factory(opened.engine)) as session:
            session.add(Committee(name="院党委"))
    finally:
        closed = close_database(opened, paths, now=T0 + timedelta(hours=1))
    assert closed is not None and closed.reason == "close"
    assert [b.reason for b in list_backups(paths.backups)] == ["close"]
    assert check_database(paths) == []


def test_a_recreated_database_does_not_push_the_real_backups_aside(data_paths: DataPaths) -> None:
    """The file went missing but its backups remain: the newest backup must stay the real one."""
    engine = make_engine(data_paths.database)
    with transaction(make_session_factory(engine)) as session:
        session.add(Committee(name="院党委"))
    engine.dispose()
    kept = make_backup(data_paths.database, data_paths.backups, reason="close", now=T0)
    data_paths.database.unlink()

    opened = open_database(data_paths, now=T0 + timedelta(days=1))
    opened.engine.dispose()
    assert opened.created and opened.start_backup is None
    assert list_backups(data_paths.backups) == [kept]


def test_a_missing_database_is_not_created_when_asked_not_to(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    with pytest.raises(NotFoundError):
        open_database(paths, create_if_missing=False)
    assert not paths.database.exists()


def test_close_backs_up_changes_and_start_skips_an_unchanged_file(data_paths: DataPaths) -> None:
    opened = open_database(data_paths, now=T0)
    with transaction(make_session_factory(opened.engine)) as session:
        branch = Branch(committee=Committee(name="院党委"), name="外科党支部")
        session.add(Member(branch=branch, name="张三"))

    closed = close_database(opened.engine, data_paths, now=T0 + timedelta(hours=1))
    assert closed is not None and closed.reason == "close"
    wal = Path(f"{data_paths.database}-wal")
    # disposed: every commit is checkpointed into the file (the read-only backup connection may leave
    # an empty -wal behind: read-only connections cannot delete it)
    assert not wal.exists() or wal.stat().st_size == 0

    again = open_database(data_paths, now=T0 + timedelta(days=1))
    assert again.start_backup is None
    assert close_database(again, data_paths, now=T0 + timedelta(days=1, hours=1)) is None
    assert [b.reason for b in list_backups(data_paths.backups)] == ["close", "start"]


@pytest.mark.parametrize("damage", ["garbage_in_the_middle", "not_sqlite_at_all"])
def test_a_damaged_file_is_refused_and_left_byte_identical(data_paths: DataPaths, damage: str) -> None:
    make_backup(data_paths.database, data_paths.backups, reason="close", now=T0)
    if damage == "garbage_in_the_middle":
        corrupt_middle(data_paths.database)
    else:
        data_paths.database.write_bytes("这不是数据库。".encode() * 1000)
    before = folder_snapshot(data_paths.root)

    with pytest.raises(DatabaseCorruptError) as caught:
        open_database(data_paths, now=T0 + timedelta(days=1))

    assert folder_snapshot(data_paths.root) == before
    message = caught.value.user_message
    assert "已损坏" in message and "共有 1 个备份" in message and "2026年11月24日 18:02" in message
    assert check_database(data_paths) != []


def test_a_damaged_file_without_backups_says_so(data_paths: DataPaths) -> None:
    corrupt_middle(data_paths.database)
    with pytest.raises(DatabaseCorruptError) as caught:
        open_database(data_paths)
    assert "没有找到备份" in caught.value.user_message


def test_an_older_database_is_backed_up_before_it_is_upgraded(tmp_path: Path) -> None:
    """A valid SQLite file without alembic_version stands in for an older revision ("base")."""
    paths = DataPaths(tmp_path / "data").ensure()
    conn = sqlite3.connect(paths.database)
    conn.execute("VACUUM")  # writes the header: a valid, empty SQLite database
    conn.close()

    opened = open_database(paths, now=T0)
    close_database(opened, paths, now=T0)

    assert opened.migrated_from == "base" and not opened.created
    assert revision_of(paths.database) == schema.head_revision()
    reasons = {b.reason: b for b in list_backups(paths.backups)}
    pre_upgrade = reasons["migration"].path
    assert integrity_problems(pre_upgrade) == []
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        revision_of(pre_upgrade)  # the copy was taken before the upgrade ran
    assert revision_of(reasons["start"].path) == schema.head_revision()


def test_a_database_from_a_newer_version_is_refused_untouched(data_paths: DataPaths) -> None:
    conn = sqlite3.connect(data_paths.database)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    conn.commit()
    conn.close()
    before = folder_snapshot(data_paths.root)

    with pytest.raises(DatabaseTooNewError) as caught:
        open_database(data_paths, now=T0)

    assert "更新版本" in caught.value.user_message
    assert folder_snapshot(data_paths.root) == before
    assert list_backups(data_paths.backups) == []


def test_storage_restore_swaps_the_file_and_leaves_it_openable_at_head(data_paths: DataPaths) -> None:
    """The restore every screen uses: content as in the backup, schema current, checks passed."""
    from branchdesk.services import storage

    engine = open_database(data_paths).engine
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        session.add(Committee(name="中共测试医院委员会"))
    before = make_backup(data_paths.database, data_paths.backups, reason="manual")
    with transaction(factory) as session:
        session.add(Committee(name="恢复后不应存在"))
    engine.dispose()
    result = storage.restore(data_paths, before.path)
    assert result.restored_from.path == before.path
    engine = make_engine(data_paths.database)
    with transaction(make_session_factory(engine)) as session:
        names = [c.name for c in session.query(Committee).order_by(Committee.id)]
    assert names == ["中共测试医院委员会"]
    assert schema.current_revision(engine) == schema.head_revision()
    engine.dispose()
