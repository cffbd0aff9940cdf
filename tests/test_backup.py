"""Backups: consistent while the app has the file open, verified, skipped when unchanged, rotated."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from branchdesk import db
from branchdesk.db import make_session_factory, transaction
from branchdesk.errors import BackupError
from branchdesk.models import Branch, Committee, Member
from branchdesk.paths import DataPaths
from branchdesk.services.backup import (
    BackupInfo,
    RotationPolicy,
    backup_file_name,
    backup_if_changed,
    list_backups,
    make_backup,
    restore_backup,
    rotate_backups,
    verify_backup,
)

T0 = datetime(2026, 11, 24, 18, 2, 0)


def add_members(factory: sessionmaker[Session], *names: str) -> None:
    """Members in one transaction (with a committee and branch on first use)."""
    with transaction(factory) as session:
        branch = session.query(Branch).first()
        if branch is None:
            branch = Branch(committee=Committee(name="院党委"), name="内科第一党支部")
            session.add(branch)
            session.flush()
        session.add_all(Member(branch_id=branch.id, name=name) for name in names)


def member_names(path: Path) -> list[str]:
    """Read with plain sqlite3, read-only: what the file itself holds."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM member ORDER BY id")]
    finally:
        conn.close()


def corrupt_middle(path: Path) -> None:
    """Garbage over the middle third of the file: pages SQLite's integrity_check must notice."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xde\xad\xbe\xef" * (size // 12))


# --- making backups --------------------------------------------------------------------------------


def test_backup_of_an_open_wal_database_holds_commits_not_yet_in_the_main_file(
    engine: Engine, data_paths: DataPaths
) -> None:
    keeper = engine.connect()  # an open connection keeps the WAL from being checkpointed on close
    try:
        add_members(make_session_factory(engine), "张三", "李四")
        wal = Path(f"{data_paths.database}-wal")
        assert wal.stat().st_size > 0  # the rows are in the WAL, not (yet) in the main file
        info = make_backup(data_paths.database, data_paths.backups, reason="manual", now=T0)
    finally:
        keeper.close()

    assert member_names(info.path) == ["张三", "李四"]
    assert info.path.name == "branchdesk-20261124-180200-manual.sqlite3"
    assert info.created_at == T0 and info.reason == "manual" and info.size == info.path.stat().st_size
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()
    assert not Path(f"{info.path}-wal").exists()
    assert verify_backup(info.path) == []


def test_a_backup_that_fails_its_check_is_discarded_and_raises(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "integrity_problems", lambda path, **_: ["*** page 3: btree broken"])
    with pytest.raises(BackupError) as caught:
        make_backup(data_paths.database, data_paths.backups, reason="start", now=T0)
    assert caught.value.user_message.startswith("备份校验失败")
    assert list(data_paths.backups.iterdir()) == []


def test_backup_of_a_file_that_is_not_sqlite_raises_and_leaves_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all " * 500)
    with pytest.raises(BackupError):
        make_backup(bad, tmp_path / "backups", reason="start", now=T0)
    assert list((tmp_path / "backups").iterdir()) == []


def test_backups_in_the_same_second_get_distinct_names(data_paths: DataPaths) -> None:
    first = make_backup(data_paths.database, data_paths.backups, reason="start", now=T0)
    second = make_backup(data_paths.database, data_paths.backups, reason="start", now=T0)
    assert first.path != second.path
    assert second.path.name == "branchdesk-20261124-180200-start-2.sqlite3"
    assert [b.path for b in list_backups(data_paths.backups)] == [second.path, first.path]


def test_backups_of_the_same_second_are_listed_newest_first_in_a_stable_order(
    data_paths: DataPaths,
) -> None:
    first = make_backup(data_paths.database, data_paths.backups, reason="manual", now=T0)
    second = make_backup(data_paths.database, data_paths.backups, reason="manual", now=T0)  # "-2"
    other = make_backup(data_paths.database, data_paths.backups, reason="close", now=T0)
    written = time.time_ns() - 60 * 10**9

    def touch(info: BackupInfo, seconds: int) -> None:
        os.utime(info.path, ns=(written + seconds * 10**9, written + seconds * 10**9))

    touch(first, 0)
    touch(second, 1)
    touch(other, 2)
    listed = [b.path for b in list_backups(data_paths.backups)]
    assert listed == [second.path, other.path, first.path]  # the suffix first, then the time written
    touch(other, -1)
    listed = [b.path for b in list_backups(data_paths.backups)]
    assert listed == [second.path, first.path, other.path]


def test_unknown_reason_is_a_programming_error(data_paths: DataPaths) -> None:
    with pytest.raises(ValueError):
        make_backup(data_paths.database, data_paths.backups, reason="whenever")


def test_backup_if_changed_skips_an_unchanged_database_and_backs_up_a_change(
    engine: Engine, data_paths: DataPaths
) -> None:
    first = backup_if_changed(data_paths.database, data_paths.backups, reason="start", now=T0)
    assert first is not None

    with engine.connect() as conn:  # reading (and the pragmas every connection sets) is no change
        conn.exec_driver_sql("SELECT count(*) FROM member").scalar()
    assert backup_if_changed(data_paths.database, data_paths.backups, reason="close", now=T0) is None

    add_members(make_session_factory(engine), "王五")
    changed = backup_if_changed(
        data_paths.database, data_paths.backups, reason="close", now=T0 + timedelta(hours=1)
    )
    assert changed is not None and changed.reason == "close"
    assert member_names(changed.path) == ["王五"]
    assert [b.path for b in list_backups(data_paths.backups)] == [changed.path, first.path]


def test_list_backups_ignores_temp_corrupt_and_foreign_files(data_paths: DataPaths) -> None:
    real = make_backup(data_paths.database, data_paths.backups, reason="import", now=T0)
    for name in (
        ".tmp-abc123.sqlite3",
        "branchdesk-20261125-090000-corrupt.sqlite3",
        "branchdesk-20261325-090000-start.sqlite3",  # month 13: not a real stamp
        "notes.txt",
    ):
        (data_paths.backups / name).write_bytes(b"x")
    assert [b.path for b in list_backups(data_paths.backups)] == [real.path]


def test_verify_backup_rejects_damage_and_files_that_are_not_branchdesk(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    good = make_backup(data_paths.database, data_paths.backups, reason="manual", now=T0).path
    assert verify_backup(good) == []

    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert verify_backup(other) != []

    corrupt_middle(good)
    assert verify_backup(good) != []


# --- rotation ---------------------------------------------------------------------------------------


def test_a_year_of_daily_backups_rotates_to_ten_latest_weekly_and_monthly(data_paths: DataPaths) -> None:
    day = date(2025, 11, 26)
    while day <= date(2026, 11, 25):  # Wednesday
        now = datetime.combine(day, datetime.min.time()).replace(hour=9)
        make_backup(data_paths.database, data_paths.backups, reason="start", now=now)
        rotate_backups(data_paths.backups, now=now)
        day += timedelta(days=1)

    kept = {b.created_at.date() for b in list_backups(data_paths.backups)}
    last_ten = {date(2026, 11, 25) - timedelta(days=n) for n in range(10)}  # covers the 7 daily
    weekly = {date(2026, 11, 22), date(2026, 11, 15), date(2026, 11, 8)}  # Sundays; this week: today
    monthly = {
        date(2026, 10, 31),
        date(2026, 9, 30),
        date(2026, 8, 31),
        date(2026, 7, 31),
        date(2026, 6, 30),
        date(2026, 5, 31),
        date(2026, 4, 30),
        date(2026, 3, 31),
        date(2026, 2, 28),
        date(2026, 1, 31),
        date(2025, 12, 31),
    }  # and this month: today
    assert kept == last_ten | weekly | monthly
    assert list_backups(data_paths.backups)[0].created_at == datetime(2026, 11, 25, 9)


def test_rotation_deletes_nothing_while_there_are_no_more_than_keep_last(data_paths: DataPaths) -> None:
    for n in range(10):
        make_backup(data_paths.database, data_paths.backups, reason="start", now=T0 - timedelta(days=400 * n))
    assert rotate_backups(data_paths.backups, now=T0) == []
    assert len(list_backups(data_paths.backups)) == 10


def test_rotation_keeps_the_newest_backup_that_verifies(data_paths: DataPaths) -> None:
    oldest = make_backup(data_paths.database, data_paths.backups, reason="start", now=T0 - timedelta(hours=5))
    good = make_backup(data_paths.database, data_paths.backups, reason="start", now=T0 - timedelta(hours=4))
    broken = []
    for hours in (3, 2, 1):
        info = make_backup(
            data_paths.database, data_paths.backups, reason="start", now=T0 - timedelta(hours=hours)
        )
        corrupt_middle(info.path)
        broken.append(info.path)
    policy = RotationPolicy(keep_last=2, daily=0, weekly=0, monthly=0)

    deleted = rotate_backups(data_paths.backups, now=T0, policy=policy)

    assert sorted(deleted) == sorted([oldest.path, broken[0]])
    assert {b.path for b in list_backups(data_paths.backups)} == {good.path, broken[1], broken[2]}


def test_rotation_removes_temp_files_a_crash_left_but_not_one_in_progress(data_paths: DataPaths) -> None:
    for n in range(3):
        make_backup(data_paths.database, data_paths.backups, reason="start", now=T0 - timedelta(days=n))
    stale = data_paths.backups / ".tmp-stale.sqlite3"
    fresh = data_paths.backups / ".tmp-fresh.sqlite3"
    stale.write_bytes(b"half a copy")
    fresh.write_bytes(b"being written")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))

    assert rotate_backups(data_paths.backups, now=T0) == [stale]
    assert fresh.exists() and len(list_backups(data_paths.backups)) == 3


_stamps = st.lists(
    st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 11, 25, 23, 59, 59)).map(
        lambda t: t.replace(microsecond=0)
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stamps=_stamps, broken_newest=st.integers(min_value=0, max_value=15), data=st.data())
def test_rotation_never_deletes_the_newest_verified_backup_and_keeps_a_bounded_number(
    template_backup: Path, stamps: list[datetime], broken_newest: int, data: st.DataObject
) -> None:
    """Copies of one real, verified backup under many names; the `broken_newest` newest are damaged."""
    policy = data.draw(
        st.builds(
            RotationPolicy,
            keep_last=st.integers(1, 12),
            daily=st.integers(0, 8),
            weekly=st.integers(0, 5),
            monthly=st.integers(0, 13),
        )
    )
    now = max(stamps) + timedelta(seconds=data.draw(st.integers(0, 10**7)))
    with tempfile.TemporaryDirectory() as folder:
        backup_dir = Path(folder)
        for stamp in stamps:
            seq = 1
            while (backup_dir / backup_file_name(stamp, "start", seq)).exists():
                seq += 1
            (backup_dir / backup_file_name(stamp, "start", seq)).write_bytes(template_backup.read_bytes())
        before = list_backups(backup_dir)
        for info in before[:broken_newest]:
            corrupt_middle(info.path)
        newest_verified = next((b.path for b in before if verify_backup(b.path) == []), None)

        deleted = rotate_backups(backup_dir, now=now, policy=policy)

        after = list_backups(backup_dir)
        assert {b.path for b in after} | set(deleted) == {b.path for b in before}
        assert before[0].path in {b.path for b in after}  # the newest is in keep_last
        if newest_verified is not None:
            assert newest_verified.exists()
        if len(before) <= policy.keep_last:
            assert deleted == []
        assert len(after) <= policy.capacity + 1  # +1: the newest verified one
        assert len(after) >= min(len(before), policy.keep_last)


@pytest.fixture(scope="module")
def template_backup(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    """One real backup of the migrated template, copied under many names by the property test."""
    return make_backup(template_db, tmp_path_factory.mktemp("tb"), reason="start", now=T0).path


# --- restore ----------------------------------------------------------------------------------------


def test_restore_brings_back_the_rows_and_saves_the_current_database_first(
    engine: Engine, data_paths: DataPaths
) -> None:
    factory = make_session_factory(engine)
    add_members(factory, "张三")
    chosen = make_backup(data_paths.database, data_paths.backups, reason="close", now=T0)
    add_members(factory, "李四")
    engine.dispose()

    result = restore_backup(chosen.path, data_paths.database, data_paths.backups, now=T0 + timedelta(days=1))

    assert member_names(data_paths.database) == ["张三"]
    assert db.integrity_problems(data_paths.database) == []
    assert result.restored_from == chosen
    assert result.lost_since == T0
    assert result.safety_backup is not None and not result.safety_is_raw_copy
    assert member_names(result.safety_backup) == ["张三", "李四"]  # taken before the swap
    assert list_backups(data_paths.backups)[0].reason == "restore"
    assert "已恢复到 2026年11月24日 18:02 的备份" in result.summary
    assert result.safety_backup.name in result.summary
    assert chosen.path.exists()  # the backup is copied, not moved


def test_restore_refuses_a_corrupt_backup_and_leaves_the_database_byte_identical(
    engine: Engine, data_paths: DataPaths
) -> None:
    add_members(make_session_factory(engine), "张三")
    chosen = make_backup(data_paths.database, data_paths.backups, reason="close", now=T0)
    engine.dispose()
    corrupt_middle(chosen.path)
    before = data_paths.database.read_bytes()
    files_before = sorted(data_paths.root.rglob("*"))

    with pytest.raises(BackupError) as caught:
        restore_backup(chosen.path, data_paths.database, data_paths.backups, now=T0 + timedelta(days=1))

    assert "备份校验失败" in caught.value.user_message
    assert data_paths.database.read_bytes() == before
    assert sorted(data_paths.root.rglob("*")) == files_before  # no safety backup, no temp file


def test_restore_refuses_a_backup_from_a_newer_version(engine: Engine, data_paths: DataPaths) -> None:
    chosen = make_backup(data_paths.database, data_paths.backups, reason="manual", now=T0)
    engine.dispose()
    conn = sqlite3.connect(chosen.path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    conn.commit()
    conn.close()
    before = data_paths.database.read_bytes()

    with pytest.raises(BackupError) as caught:
        restore_backup(chosen.path, data_paths.database, data_paths.backups, now=T0)

    assert "更新版本" in caught.value.user_message
    assert data_paths.database.read_bytes() == before


def test_restore_over_a_corrupt_database_sets_the_damaged_file_aside(
    engine: Engine, data_paths: DataPaths
) -> None:
    add_members(make_session_factory(engine), "张三")
    chosen = make_backup(data_paths.database, data_paths.backups, reason="close", now=T0)
    engine.dispose()
    corrupt_middle(data_paths.database)
    damaged = data_paths.database.read_bytes()

    result = restore_backup(chosen.path, data_paths.database, data_paths.backups, now=T0 + timedelta(days=1))

    assert result.safety_is_raw_copy
    assert result.safety_backup is not None
    assert result.safety_backup.name == "branchdesk-20261125-180200-corrupt.sqlite3"
    assert result.safety_backup.read_bytes() == damaged
    assert "已损坏" in result.summary
    assert member_names(data_paths.database) == ["张三"]
    assert result.safety_backup not in {b.path for b in list_backups(data_paths.backups)}


def test_restore_removes_a_stale_wal_that_would_replay_onto_the_restored_file(
    engine: Engine, data_paths: DataPaths, tmp_path: Path
) -> None:
    factory = make_session_factory(engine)
    add_members(factory, "张三")
    chosen = make_backup(data_paths.database, data_paths.backups, reason="close", now=T0)
    keeper = engine.connect()
    add_members(factory, "李四")
    wal = Path(f"{data_paths.database}-wal")
    stale = tmp_path / "stale-wal"
    stale.write_bytes(wal.read_bytes())
    keeper.close()
    engine.dispose()  # checkpoints 李四 into the file and removes the WAL
    wal.write_bytes(stale.read_bytes())  # as if the WAL had been left behind

    restore_backup(chosen.path, data_paths.database, data_paths.backups, now=T0 + timedelta(days=1))

    assert not wal.exists()
    assert member_names(data_paths.database) == ["张三"]
    assert db.integrity_problems(data_paths.database) == []


def test_restore_into_an_empty_data_folder_needs_no_safety_backup(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    chosen = make_backup(data_paths.database, data_paths.backups, reason="manual", now=T0)
    fresh = DataPaths(tmp_path / "fresh").ensure()

    result = restore_backup(chosen.path, fresh.database, fresh.backups, now=T0)

    assert result.safety_backup is None
    assert db.integrity_problems(fresh.database) == []
    assert result.summary == "已恢复到 2026年11月24日 18:02 的备份。"
