"""The branch page: profile and brand saved in place, the 换届 date, committee posts and party groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QTableView

from branchdesk.models import CommitteeRole
from branchdesk.paths import DataPaths
from branchdesk.services import branches, groups, roster
from tests.qt_helpers import branch_context, record_warnings, type_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.committee_dialog import CommitteePostDialog, EndPostDialog
from branchdesk.ui.dialogs.group_dialog import GroupDialog
from branchdesk.ui.pages.branch_page import BranchPage, due_status


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = branch_context(data_paths, tmp_path)
    yield context
    context.db.dispose()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every error message the page shows."""
    return record_warnings(monkeypatch)


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, warnings: list[str]) -> BranchPage:
    widget = BranchPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _with_dialog(kind: type[QDialog], drive: Callable[[Any], None]) -> None:
    """Drive the next modal dialog once it is open (it runs its own event loop)."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, kind), dialog
        drive(dialog)

    QTimer.singleShot(0, run)


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _select_row(qtbot: QtBot, table: QTableView, text: str) -> None:
    model = table.model()
    for row in range(model.rowCount()):
        if text in [model.index(row, c).data() for c in range(model.columnCount())]:
            rect = table.visualRect(model.index(row, 0))
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"no row shows {text!r}")


def _profile(ctx: AppContext) -> branches.BranchProfile:
    with ctx.db.transaction() as session:
        return branches.get_profile(session, ctx.branch_id)


def _groups(ctx: AppContext) -> list[groups.GroupRow]:
    with ctx.db.transaction() as session:
        return groups.list_groups(session, ctx.branch_id)


def _add_member(ctx: AppContext, name: str, *, group_id: int | None = None) -> int:
    with ctx.db.transaction() as session:
        data = roster.MemberInput(name=name, gender="女", department="心内科", group_id=group_id)
        return roster.add_member(session, ctx.branch_id, data).id


def test_page_shows_the_profile_and_the_term_due_date(page: BranchPage) -> None:
    assert page.name_edit.text() == "内科第七党支部"
    assert page.term_edit.text() == "2024-03-01"
    assert page.due_label.text().startswith("2027年3月1日")


def test_saving_the_brand_with_ctrl_s_writes_it_and_emits_branch_changed(
    qtbot: QtBot, page: BranchPage, ctx: AppContext
) -> None:
    type_text(qtbot, page.brand_name_edit, "“心”连心")
    type_text(qtbot, page.slogan_edit, "守护每一颗心")
    type_text(qtbot, page.meaning_edit, "把支部建在学科上。")
    assert page.save_status_label.text() == "有未保存的修改"
    with qtbot.waitSignal(ctx.events.branch_changed) as signal:
        qtbot.keyClick(page.slogan_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert signal.args == [ctx.branch_id]
    profile = _profile(ctx)
    assert (profile.brand_name, profile.brand_slogan, profile.brand_meaning) == (
        "“心”连心",
        "守护每一颗心",
        "把支部建在学科上。",
    )
    assert page.save_status_label.text() == "已保存"


def test_term_fields_update_the_due_date_and_save(qtbot: QtBot, page: BranchPage, ctx: AppContext) -> None:
    page.term_edit.clear()
    type_text(qtbot, page.term_edit, "2025-01-10")
    page.term_years_spin.setValue(5)
    assert page.due_label.text().startswith("2030年1月10日")
    _click(qtbot, page.save_button)
    assert _profile(ctx).term_due == dt.date(2030, 1, 10)


def test_due_date_is_highlighted_when_near_or_past() -> None:
    today = dt.date(2026, 11, 25)
    assert due_status(dt.date(2027, 3, 1), today) == ("2027年3月1日", "ok")
    assert due_status(dt.date(2027, 1, 20), today)[1] == "soon"
    assert "还有 56 天" in due_status(dt.date(2027, 1, 20), today)[0]
    text, level = due_status(dt.date(2026, 11, 1), today)
    assert level == "overdue" and "已超期 24 天" in text


def test_invalid_profile_is_refused_with_the_field_named(
    qtbot: QtBot, page: BranchPage, ctx: AppContext, warnings: list[str]
) -> None:
    page.name_edit.clear()
    _click(qtbot, page.save_button)
    assert warnings and "支部名称" in warnings[-1]
    assert _profile(ctx).name == "内科第七党支部"


def test_logo_is_chosen_previewed_saved_and_cleared(
    qtbot: QtBot, page: BranchPage, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = QPixmap(200, 100)
    image.fill(QColor("#c62828"))
    path = tmp_path / "标志.png"
    assert image.save(str(path))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    _click(qtbot, page.logo_button)
    assert not page.logo_label.pixmap().isNull()
    assert page.logo_label.pixmap().width() <= page.logo_label.width()
    _click(qtbot, page.save_button)
    with ctx.db.transaction() as session:
        assert branches.logo(session, ctx.branch_id) == path.read_bytes()

    _click(qtbot, page.clear_logo_button)
    _click(qtbot, page.save_button)
    assert not _profile(ctx).has_logo
    assert page.logo_label.text() == "未设置"


def test_unsaved_edits_survive_a_member_change_elsewhere(page: BranchPage, ctx: AppContext) -> None:
    page.slogan_edit.setText("尚未保存")
    _add_member(ctx, "李四")
    ctx.events.members_changed.emit()
    assert page.slogan_edit.text() == "尚未保存"


def test_group_add_rename_and_archive(
    qtbot: QtBot, page: BranchPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    leader = _add_member(ctx, "李四")
    ctx.events.members_changed.emit()

    def add(dialog: GroupDialog) -> None:
        type_text(qtbot, dialog.name_edit, "第一党小组")
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    _with_dialog(GroupDialog, add)
    with qtbot.waitSignal(ctx.events.groups_changed):
        _click(qtbot, page.add_group_button)
    assert [(g.name, g.leader_id) for g in _groups(ctx)] == [("第一党小组", None)]
    assert page.groups_table.model().rowCount() == 1

    def rename(dialog: GroupDialog) -> None:
        dialog.name_edit.selectAll()
        type_text(qtbot, dialog.name_edit, "护理党小组")
        dialog.leader_combo.setCurrentIndex(dialog.leader_combo.findData(leader))
        _click(qtbot, dialog.ok_button)

    _select_row(qtbot, page.groups_table, "第一党小组")
    _with_dialog(GroupDialog, rename)
    with qtbot.waitSignal(ctx.events.groups_changed):
        _click(qtbot, page.edit_group_button)
    assert [(g.name, g.leader_name) for g in _groups(ctx)] == [("护理党小组", "李四")]

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    _select_row(qtbot, page.groups_table, "护理党小组")
    with qtbot.waitSignal(ctx.events.groups_changed):
        _click(qtbot, page.archive_group_button)
    assert asked and "护理党小组" in asked[0]
    assert _groups(ctx) == []
    assert page.groups_table.model().rowCount() == 0


def test_a_duplicate_group_name_keeps_the_dialog_open_with_the_message(
    qtbot: QtBot, page: BranchPage, ctx: AppContext, warnings: list[str]
) -> None:
    with ctx.db.transaction() as session:
        groups.add_group(session, ctx.branch_id, "第一党小组")
    stayed: list[bool] = []

    def add(dialog: GroupDialog) -> None:
        type_text(qtbot, dialog.name_edit, "第一党小组")
        _click(qtbot, dialog.ok_button)
        stayed.append(dialog.isVisible())
        dialog.reject()

    _with_dialog(GroupDialog, add)
    _click(qtbot, page.add_group_button)
    assert stayed == [True]
    assert warnings and "已有名为“第一党小组”的党小组" in warnings[-1]
    assert len(_groups(ctx)) == 1


def test_archiving_a_group_with_members_is_refused_with_its_message(
    qtbot: QtBot, page: BranchPage, ctx: AppContext, warnings: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ctx.db.transaction() as session:
        group_id = groups.add_group(session, ctx.branch_id, "第一党小组").id
    _add_member(ctx, "李四", group_id=group_id)
    ctx.events.members_changed.emit()
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    emitted: list[bool] = []
    ctx.events.groups_changed.connect(lambda: emitted.append(True))

    _select_row(qtbot, page.groups_table, "第一党小组")
    _click(qtbot, page.archive_group_button)
    assert warnings and "还有 1 名在册党员" in warnings[-1]
    assert [g.name for g in _groups(ctx)] == ["第一党小组"]
    assert emitted == []


def test_committee_post_is_added_and_ended(
    qtbot: QtBot, page: BranchPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = _add_member(ctx, "王五")
    ctx.events.members_changed.emit()

    def add(dialog: CommitteePostDialog) -> None:
        dialog.member_combo.setCurrentIndex(dialog.member_combo.findData(member))
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("宣传委员"))
        dialog.since_edit.clear()
        type_text(qtbot, dialog.since_edit, "2024-03-01")
        qtbot.keyClick(dialog.since_edit, Qt.Key.Key_Return)

    _with_dialog(CommitteePostDialog, add)
    with qtbot.waitSignal(ctx.events.branch_changed):
        _click(qtbot, page.add_post_button)
    posts = {(p.member_name, p.role, p.started_on) for p in _profile(ctx).committee}
    assert ("王五", CommitteeRole.PUBLICITY, dt.date(2024, 3, 1)) in posts
    assert page.posts_table.model().rowCount() == 2

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)

    def end(dialog: EndPostDialog) -> None:
        dialog.end_edit.clear()
        type_text(qtbot, dialog.end_edit, "2026-11-01")
        qtbot.keyClick(dialog.end_edit, Qt.Key.Key_Return)

    _select_row(qtbot, page.posts_table, "王五")
    _with_dialog(EndPostDialog, end)
    _click(qtbot, page.end_post_button)
    assert asked and "王五" in asked[0] and "2026-11-01" in asked[0]
    assert [p.member_name for p in _profile(ctx).committee] == ["张三"]
    assert page.posts_table.model().rowCount() == 1


def test_ending_a_post_is_not_recorded_without_confirmation(
    qtbot: QtBot, page: BranchPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: False)
    _select_row(qtbot, page.posts_table, "张三")
    _with_dialog(EndPostDialog, lambda dialog: dialog.accept())
    _click(qtbot, page.end_post_button)
    assert [p.member_name for p in _profile(ctx).committee] == ["张三"]
