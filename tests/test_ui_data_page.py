"""数据与备份: backups on demand, the health check, and restoring in three clicks (page and dialog)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTableView

from branchdesk.db import Database
from branchdesk.paths import DataPaths
from branchdesk.services import backup, branches, roster, storage
from tests.factories import setup_branch
from tests.qt_helpers import branch_context, record_warnings

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.restore_dialog import RestoreDialog, reason_label, restore_warning
from branchdesk.ui.pages.data_page import DataPage


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = branch_context(data_paths, tmp_path)
    yield context
    context.db.dispose()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_warnings(monkeypatch)


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, warnings: list[str]) -> DataPage:
    widget = DataPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _click_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _shown(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _member_names(db: Database, branch_id: int) -> list[str]:
    with db.transaction() as session:
        return [m.name for m in roster.list_members(session, branch_id)]


def test_page_shows_where_the_data_is(page: DataPage, ctx: AppContext) -> None:
    assert page.folder_label.text() == str(ctx.paths.root)
    assert page.database_label.text().startswith(str(ctx.paths.database))
    assert "KB" in page.database_label.text()


def test_backup_now_adds_a_manual_backup_to_the_list(qtbot: QtBot, page: DataPage, ctx: AppContext) -> None:
    assert page.table.model().rowCount() == 0
    _click(qtbot, page.backup_button)
    assert [b.reason for b in backup.list_backups(ctx.paths.backups)] == ["manual"]
    assert _shown(page.table, 1) == ["手动"]
    assert page.table.selected_backup() is not None
    assert page.status_label.text().startswith("已备份")
    assert page.count_label.text().startswith("共 1 个备份")


def test_backups_are_listed_newest_first_with_chinese_reasons(page: DataPage, ctx: AppContext) -> None:
    for hour, reason in enumerate(backup.REASONS, start=8):
        backup.make_backup(
            ctx.paths.database, ctx.paths.backups, reason=reason, now=datetime(2026, 11, 24, hour, 2)
        )
    page.refresh()
    assert _shown(page.table, 1) == ["手动", "恢复前", "升级前", "导入前", "关闭", "启动"]
    assert _shown(page.table, 0)[0].startswith("11月24日 13:02")


def test_every_backup_reason_has_a_chinese_label() -> None:
    assert all(reason_label(r) != r for r in backup.REASONS)


def test_restore_warning_names_the_period_that_is_lost() -> None:
    info = backup.BackupInfo(Path("x.sqlite3"), datetime(2026, 11, 24, 18, 2), "close", 1)
    text = restore_warning(info, now=datetime(2026, 11, 25, 9, 0))
    assert text.startswith(
        "将恢复到 11月24日 18:02 的状态，此后的修改将不在当前数据库中；恢复前会先自动备份当前数据"
    )


def test_check_reports_an_intact_database(qtbot: QtBot, page: DataPage) -> None:
    _click(qtbot, page.check_button)
    assert page.status_label.text() == "数据库完好。"
    assert page.status_label.isVisible()


def test_check_reports_problems_in_chinese(
    qtbot: QtBot, page: DataPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        storage, "check_database", lambda _paths: ["*** in database main ***", "row 3 missing"]
    )
    _click(qtbot, page.check_button)
    text = page.status_label.text()
    assert text.startswith("数据库检查发现 2 个问题")
    assert "从最近一个完好的备份恢复" in text
    assert "row 3" not in text  # SQLite's words stay in the tooltip and the log


def test_restore_in_three_clicks_brings_back_the_earlier_state(
    qtbot: QtBot, page: DataPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _click(qtbot, page.backup_button)
    with ctx.db.transaction() as session:
        roster.add_member(session, ctx.branch_id, roster.MemberInput(name="后来的党员"))
    assert "后来的党员" in _member_names(ctx.db, ctx.branch_id)
    page.refresh()
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    disposed: list[bool] = []
    real_dispose = ctx.db.dispose
    monkeypatch.setattr(ctx.db, "dispose", lambda: disposed.append(True) or real_dispose())

    _click_row(qtbot, page.table, 0)  # 1: the backup
    with qtbot.waitSignal(ctx.events.database_replaced):
        _click(qtbot, page.restore_button)  # 2: 恢复; 3: the confirmation (patched)

    assert disposed == [True]
    assert asked and "此后的修改将不在当前数据库中" in asked[0]
    assert _member_names(ctx.db, ctx.branch_id) == [
        "张三"
    ]  # the same Database object reads the restored file
    assert page.status_label.text().startswith("已恢复到")
    assert "恢复前" in _shown(page.table, 1)  # the state before the restore was kept


def test_restore_not_confirmed_changes_nothing(
    qtbot: QtBot, page: DataPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _click(qtbot, page.backup_button)
    with ctx.db.transaction() as session:
        roster.add_member(session, ctx.branch_id, roster.MemberInput(name="后来的党员"))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: False)
    replaced: list[bool] = []
    ctx.events.database_replaced.connect(lambda: replaced.append(True))
    _click_row(qtbot, page.table, 0)
    _click(qtbot, page.restore_button)
    assert replaced == []
    assert "后来的党员" in _member_names(ctx.db, ctx.branch_id)


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(
    qtbot: QtBot, page: DataPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    info = backup.make_backup(ctx.paths.database, ctx.paths.backups, reason="manual")
    info.path.write_bytes(b"not a database at all" * 100)
    page.refresh()
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    _click_row(qtbot, page.table, 0)
    _click(qtbot, page.restore_button)
    assert warnings and "备份校验失败" in warnings[-1]
    assert _member_names(ctx.db, ctx.branch_id) == ["张三"]


def test_restore_dialog_restores_at_start_up_with_no_database_open(
    qtbot: QtBot, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(data_paths.database)
    with db.transaction() as session:
        branch_id = setup_branch(session)
    db.dispose()
    backup.make_backup(data_paths.database, data_paths.backups, reason="close")
    data_paths.database.write_bytes(b"\x00garbage" * 4096)  # the file was damaged while closed
    assert storage.check_database(data_paths) != []
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)

    dialog = RestoreDialog(data_paths, reason="数据库文件已损坏，无法打开。")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.selected_backup() is not None  # the newest is preselected: Enter or 恢复 is enough
    _click(qtbot, dialog.restore_button)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_summary.startswith("已恢复到")
    assert storage.check_database(data_paths) == []
    reopened = Database(data_paths.database)
    try:
        with reopened.transaction() as session:
            assert branches.get_profile(session, branch_id).name == "内科第七党支部"
    finally:
        reopened.dispose()


def test_restore_dialog_cancel_leaves_everything(qtbot: QtBot, data_paths: DataPaths) -> None:
    backup.make_backup(data_paths.database, data_paths.backups, reason="start")
    before = data_paths.database.read_bytes()
    dialog = RestoreDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.result_summary == ""
    assert data_paths.database.read_bytes() == before
