"""The first look at start-up (plain sqlite3, read-only) agrees with the services and touches nothing;
the database it is shown from is opened only after its check, and backed up before anything writes."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from pathlib import Path

import pytest

from branchdesk.bench import hospital
from branchdesk.db import Database
from branchdesk.errors import DatabaseCorruptError
from branchdesk.models import MeetingType, MemberCategory
from branchdesk.paths import DataPaths
from branchdesk.services import backup, branches, groups, meetings, roster, storage
from branchdesk.services.first_look import read_first_look

TODAY = hospital.TODAY


@pytest.fixture(scope="module")
def small_hospital(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hospital.build_hospital(tmp_path_factory.mktemp("fl") / "h.sqlite3", seed=5, scale=hospital.SMALL)


@pytest.fixture
def paths(tmp_path: Path, small_hospital: Path) -> DataPaths:
    data = DataPaths(tmp_path / "data").ensure()
    shutil.copy2(small_hospital, data.database)
    return data


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_look_agrees_with_the_services(paths: DataPaths) -> None:
    db = Database(paths.database)
    try:
        with db.transaction() as session:
            summaries = branches.list_branches(session)
            second = summaries[1]
            members = roster.list_members(session, second.id)
            group_rows = groups.list_groups(session, second.id)
            theme_days = meetings.list_meetings(session, second.id, type=MeetingType.THEME_DAY)
            this_year = meetings.list_meetings(session, second.id, year=TODAY.year)
    finally:
        db.dispose()
    look = read_first_look(paths.database, second.id, today=TODAY)
    assert look is not None
    assert [(b.id, b.name, b.member_count) for b in look.branches] == [
        (s.id, s.name, s.member_count) for s in summaries
    ]
    assert look.branch.id == second.id
    assert look.full_members == sum(1 for m in members if m.category is MemberCategory.FULL)
    assert look.probationary == sum(1 for m in members if m.category is MemberCategory.PROBATIONARY)
    assert look.full_members + look.probationary == second.member_count
    assert look.groups == len(group_rows)
    assert look.last_theme_day == max(m.held_on for m in theme_days)
    assert look.meetings_this_year == len([m for m in this_year if m.held_on <= TODAY])
    assert look.committee == "中共基准测试医院委员会"


def test_an_unknown_branch_falls_back_to_the_first(paths: DataPaths) -> None:
    look = read_first_look(paths.database, 9999, today=TODAY)
    assert look is not None and look.branch == look.branches[0]


def test_the_first_look_writes_nothing(paths: DataPaths) -> None:
    before = _sha(paths.database)
    assert read_first_look(paths.database, None, today=TODAY) is not None
    assert _sha(paths.database) == before


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_no_first_look_from_a_missing_empty_or_foreign_file(tmp_path: Path, content: bytes) -> None:
    assert read_first_look(tmp_path / "missing.sqlite3", None, today=TODAY) is None
    other = tmp_path / "other.sqlite3"
    other.write_bytes(content)
    assert read_first_look(other, None, today=TODAY) is None


def test_no_first_look_before_the_first_branch(data_paths: DataPaths) -> None:
    assert read_first_look(data_paths.database, None, today=TODAY) is None  # migrated, still empty


def test_a_check_run_elsewhere_decides_whether_the_file_opens(paths: DataPaths) -> None:
    before = _sha(paths.database)
    with pytest.raises(DatabaseCorruptError):
        storage.open_database(paths, checked=["*** in database main *** Page 7: btree broken"])
    assert _sha(paths.database) == before  # refused before anything touched it


def test_a_deferred_start_backup_is_taken_later(paths: DataPaths) -> None:
    opened = storage.open_database(paths, checked=[], back_up_now=False)
    try:
        assert opened.start_backup is None
        assert backup.list_backups(paths.backups) == []
        info = storage.take_start_backup(paths)
        assert info is not None and info.reason == "start"
        assert storage.take_start_backup(paths) is None  # unchanged since: no second copy
    finally:
        opened.engine.dispose()


def test_writes_wait_for_the_start_backup_but_reads_do_not(paths: DataPaths) -> None:
    db = Database(paths.database)
    done = threading.Event()
    db.hold_writes_until(done)
    try:
        started = time.perf_counter()
        with db.transaction() as session:
            assert branches.list_branches(session)
        assert time.perf_counter() - started < 0.2  # a read runs at once
        threading.Timer(0.3, done.set).start()
        started = time.perf_counter()
        with db.transaction() as session:
            groups.add_group(session, 1, "新党小组")
        assert time.perf_counter() - started >= 0.25  # the write waited for the backup
        assert done.is_set()
        started = time.perf_counter()
        with db.transaction() as session:
            groups.add_group(session, 1, "又一个党小组")
        assert time.perf_counter() - started < 0.2  # and later writes do not
    finally:
        db.dispose()
