"""The window shows the branch at a glance before the ORM loads; the file is opened on the verdict of
the check that ran beside it, and the start backup taken after the pages show, before any write."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings

from branchdesk.bench import hospital
from branchdesk.paths import DataPaths
from branchdesk.services import backup, groups
from branchdesk.services.first_look import read_first_look

from branchdesk.ui.app import prepare_context, shutdown
from branchdesk.ui.context import AppContext, branch_key
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.startup_work import read_first_look as window_first_look
from branchdesk.ui.startup_work import start_backup_in_background, start_check, wait_for_background


@pytest.fixture(scope="module")
def small_hospital(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hospital.build_hospital(tmp_path_factory.mktemp("sw") / "h.sqlite3", seed=9, scale=hospital.SMALL)


@pytest.fixture
def paths(tmp_path: Path, small_hospital: Path) -> DataPaths:
    data = DataPaths(tmp_path / "data").ensure()
    shutil.copy2(small_hospital, data.database)
    return data


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths, settings: QSettings) -> MainWindow:
    win = MainWindow(paths, settings, pages=[])
    qtbot.addWidget(win)
    return win


@pytest.fixture
def contexts() -> Iterator[list[AppContext]]:
    made: list[AppContext] = []
    yield made
    for ctx in made:
        ctx.db.dispose()


def test_the_window_shows_the_branch_used_last_before_the_database_opens(
    window: MainWindow, paths: DataPaths, settings: QSettings
) -> None:
    settings.setValue(branch_key(False), 2)
    look = window_first_look(paths, settings)
    assert look is not None and look.branch.id == 2
    window.show_first_look(look)
    assert window.branch_switcher.count() == hospital.SMALL.branches
    assert window.branch_switcher.currentData() == 2
    assert not window.branch_switcher.isEnabled()  # nothing to switch to until the pages load
    assert window.status_branch.text() == "支部：第2党支部"
    assert window.status_members.text() == f"在册党员：{look.branch.member_count} 人"
    assert "第2党支部" in window.windowTitle()
    text = window.loading_label.text()
    assert f"在册党员 {look.branch.member_count} 人" in text and "党小组" in text


def test_the_file_opens_on_the_check_and_is_backed_up_after_the_pages(
    window: MainWindow, paths: DataPaths, settings: QSettings, contexts: list[AppContext], qtbot: QtBot
) -> None:
    check = start_check(paths)
    assert check is not None
    ctx = prepare_context(window, paths, settings, check=check)
    contexts.append(ctx)
    assert window.start_backup_deferred
    assert backup.list_backups(paths.backups) == []  # not yet: the pages come first
    window.attach(ctx)
    assert window.branch_switcher.isEnabled()
    job = start_backup_in_background(window, ctx)
    assert job is not None
    with ctx.db.transaction() as session:  # a write waits for the backup, which holds the file before it
        groups.add_group(session, ctx.branch_id, "新成立党小组")
    assert job.done.is_set() and job.error is None
    (taken,) = backup.list_backups(paths.backups)
    assert taken.reason == "start"
    look = read_first_look(taken.path, None, today=hospital.TODAY)
    now = read_first_look(paths.database, None, today=hospital.TODAY)
    assert look is not None and now is not None and now.groups == look.groups + 1
    wait_for_background(window)
    shutdown(ctx, window)


def test_no_check_and_no_first_look_without_a_file(tmp_path: Path, settings: QSettings) -> None:
    fresh = DataPaths(tmp_path / "fresh").ensure()
    assert start_check(fresh) is None
    assert window_first_look(fresh, settings) is None
