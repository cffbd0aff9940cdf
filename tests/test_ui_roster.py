"""The roster page: instant filtering, zh_CN sorting, masked personal data, status changes, keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from branchdesk.models import MemberStatus
from branchdesk.paths import DataPaths
from branchdesk.services import groups, idcard, roster
from tests.factories import make_id
from tests.qt_helpers import LI_ID, LI_PHONE, ZHANG_ID, ZHANG_PHONE, build_context, show_active, type_text

from branchdesk.ui import theme
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.member_dialog import MemberDialog
from branchdesk.ui.dialogs.status_dialog import StatusDialog
from branchdesk.ui.pages.roster_page import RosterPage
from branchdesk.ui.tablemodels.members import DUE_SOON_COLOUR, MemberTableModel
from branchdesk.ui.widgets.date_field import DATE_HINT


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(data_paths, tmp_path)
    yield context
    context.db.dispose()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> RosterPage:
    widget = RosterPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    show_active(qtbot, widget)
    return widget


def shown_names(page: RosterPage) -> list[str]:
    return [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]


def row_of(page: RosterPage, name: str) -> int:
    return shown_names(page).index(name)


def select(page: RosterPage, name: str) -> None:
    page.table.setFocus()
    page.table.selectRow(row_of(page, name))


def active_dialog(qtbot: QtBot, page: RosterPage) -> QDialog:
    """The dialog the page opened, once it has the keyboard (as it would for a user)."""
    qtbot.waitUntil(lambda: page.active_dialog is not None)  # a mnemonic "animates" its click
    dialog = page.active_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def open_status_dialog(qtbot: QtBot, page: RosterPage, name: str) -> StatusDialog:
    """变更状态 for one member, clicked as a user would."""
    select(page, name)
    page.status_button.click()
    dialog = active_dialog(qtbot, page)
    assert isinstance(dialog, StatusDialog)
    return dialog


def choose(combo_owner: RosterPage, combo_name: str, text: str) -> None:
    combo = getattr(combo_owner, combo_name)
    index = combo.findText(text)
    assert index >= 0, f"{text} not offered"
    combo.setCurrentIndex(index)


def test_page_lists_members_on_the_roll_in_roll_order(page: RosterPage) -> None:
    assert shown_names(page) == ["王书记", "张三", "李四", "王五", "赵六"]
    assert page.count_label.text() == "共 5 人"


def test_typing_initials_or_full_pinyin_shows_only_that_member(qtbot: QtBot, page: RosterPage) -> None:
    qtbot.keyClicks(page.search_edit, "zs")
    assert shown_names(page) == ["张三"]
    assert page.count_label.text() == "共 1 人"
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "zhangsan")
    assert shown_names(page) == ["张三"]
    page.search_edit.clear()
    type_text(qtbot, page.search_edit, "王")
    assert shown_names(page) == ["王书记", "王五"]


def test_filtering_does_not_query_the_database_per_keystroke(
    qtbot: QtBot, page: RosterPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = roster.list_members

    def counting(*args: object, **kwargs: object) -> list[roster.MemberRow]:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(roster, "list_members", counting)
    qtbot.keyClicks(page.search_edit, "zhao")
    choose(page, "department_combo", "普外科")
    choose(page, "status_combo", "全部")
    assert shown_names(page) == ["赵六"]
    assert calls == []


def test_department_group_category_and_status_combos_filter(page: RosterPage) -> None:
    choose(page, "department_combo", "普外科")
    assert shown_names(page) == ["李四", "赵六"]
    choose(page, "department_combo", "全部科室")
    choose(page, "group_combo", "第二党小组")
    assert shown_names(page) == ["李四", "王五"]
    assert page.count_label.text() == "共 2 人"
    choose(page, "group_combo", "未分组")
    assert shown_names(page) == ["王书记", "赵六"]
    choose(page, "group_combo", "全部党小组")
    choose(page, "category_combo", "预备党员")
    assert shown_names(page) == ["赵六"]
    choose(page, "category_combo", "全部类别")
    choose(page, "status_combo", "已离开")
    assert shown_names(page) == []
    assert page.count_label.text() == "共 0 人"


def test_clicking_the_name_header_sorts_by_pinyin(qtbot: QtBot, page: RosterPage) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    point = header.rect().center()
    point.setX(x)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert shown_names(page) == ["李四", "王书记", "王五", "张三", "赵六"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert shown_names(page) == ["赵六", "张三", "王五", "王书记", "李四"]


def test_id_and_phone_are_masked_in_every_displayed_cell(page: RosterPage) -> None:
    texts = [
        str(page.model.index(r, c).data())
        for r in range(page.model.rowCount())
        for c in range(page.model.columnCount())
    ]
    assert not any(ZHANG_ID in t or ZHANG_PHONE in t or LI_ID in t or LI_PHONE in t for t in texts)
    row = row_of(page, "张三")
    assert page.proxy.index(row, MemberTableModel.ID_COLUMN).data() == "*" * 14 + ZHANG_ID[-4:]
    assert page.proxy.index(row, MemberTableModel.PHONE_COLUMN).data() == "138****8000"


def test_reveal_needs_confirmation_and_shows_only_the_selected_member(
    qtbot: QtBot, page: RosterPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [False, True]
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: answers.pop(0))
    select(page, "张三")
    zhang, li = row_of(page, "张三"), row_of(page, "李四")
    qtbot.keyClick(
        page.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert page.proxy.index(zhang, MemberTableModel.ID_COLUMN).data() != ZHANG_ID  # refused
    qtbot.keyClick(
        page.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert page.proxy.index(zhang, MemberTableModel.ID_COLUMN).data() == ZHANG_ID
    assert page.proxy.index(zhang, MemberTableModel.PHONE_COLUMN).data() == ZHANG_PHONE
    assert page.proxy.index(li, MemberTableModel.ID_COLUMN).data() != LI_ID
    select(page, "李四")  # moving on hides 张三 again
    assert page.proxy.index(zhang, MemberTableModel.ID_COLUMN).data() != ZHANG_ID
    assert answers == []


def test_probationary_member_shows_due_date_highlighted(page: RosterPage) -> None:
    due = roster.probation_due(dt.date.today() - dt.timedelta(days=350))
    row = row_of(page, "赵六")
    cell = page.proxy.index(row, MemberTableModel.FULL_MEMBER_COLUMN)
    assert cell.data() == f"应于{due:%Y-%m-%d}转正"
    brush = cell.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == DUE_SOON_COLOUR
    assert cell.data(Qt.ItemDataRole.FontRole).bold()  # more than a colour cue
    full = page.proxy.index(row_of(page, "张三"), MemberTableModel.FULL_MEMBER_COLUMN)
    assert full.data() == "2006-07-01"
    assert full.data(Qt.ItemDataRole.ForegroundRole) is None
    assert "赵六" in page.probation_label.text()


def test_refresh_keeps_the_selected_member(page: RosterPage, ctx: AppContext) -> None:
    select(page, "李四")
    ctx.events.members_changed.emit()
    member = page.selected_member()
    assert member is not None and member.name == "李四"


def test_there_is_no_delete_button(page: RosterPage) -> None:
    texts = [button.text() for button in page.findChildren(QPushButton)]
    assert texts and not any("删除" in t for t in texts)


def test_enter_on_a_member_opens_the_edit_dialog(qtbot: QtBot, page: RosterPage) -> None:
    select(page, "李四")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = active_dialog(qtbot, page)
    assert isinstance(dialog, MemberDialog)
    assert dialog.name_edit.text() == "李四"
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_ctrl_n_adds_a_member_and_selects_them(qtbot: QtBot, page: RosterPage, ctx: AppContext) -> None:
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = active_dialog(qtbot, page)
    assert isinstance(dialog, MemberDialog) and dialog.isVisible()
    type_text(qtbot, dialog.name_edit, "孙七")
    qtbot.keyClicks(dialog.id_edit, make_id(dt.date(1990, 6, 1), male=False, seq=77))
    with qtbot.waitSignal(ctx.events.members_changed):
        qtbot.keyClick(dialog.id_edit, Qt.Key.Key_Return)
    assert "孙七" in shown_names(page)
    member = page.selected_member()
    assert member is not None and member.name == "孙七"


def test_transfer_out_leaves_the_roll_and_shows_under_left_with_history(
    qtbot: QtBot, page: RosterPage, ctx: AppContext
) -> None:
    select(page, "张三")
    qtbot.keyClick(page.table, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # 变更状态(&T)
    dialog = active_dialog(qtbot, page)
    assert isinstance(dialog, StatusDialog)
    assert [r.status for r in dialog.history_rows()] == [MemberStatus.ACTIVE]
    assert dialog.status_combo.currentText() == "转出"
    type_text(qtbot, dialog.reason_edit, "组织关系转往南宁市第一人民医院党委")
    with qtbot.waitSignal(ctx.events.members_changed):
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert "张三" not in shown_names(page)
    assert page.count_label.text() == "共 4 人"
    choose(page, "status_combo", "已离开")
    assert shown_names(page) == ["张三"]
    assert page.proxy.index(0, 12).data().startswith("转出")
    again = open_status_dialog(qtbot, page, "张三")
    history = again.history_rows()
    assert [r.status for r in history] == [MemberStatus.ACTIVE, MemberStatus.TRANSFERRED_OUT]
    assert history[-1].reason == "组织关系转往南宁市第一人民医院党委"
    assert again.status_combo.findText("在册") >= 0


def test_status_change_without_reason_keeps_the_dialog_open(
    qtbot: QtBot, page: RosterPage, ctx: AppContext
) -> None:
    dialog = open_status_dialog(qtbot, page, "李四")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "变动原因" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.reason_edit
    with ctx.db.transaction() as session:
        on_roll = [m.name for m in roster.list_members(session, ctx.branch_id)]
    assert "李四" in on_roll


def test_status_change_with_an_unreadable_date_says_how_to_write_it(
    qtbot: QtBot, page: RosterPage, ctx: AppContext
) -> None:
    dialog = open_status_dialog(qtbot, page, "李四")
    dialog.date_field.clear()
    qtbot.keyClicks(dialog.date_field, "2026-13-01")
    type_text(qtbot, dialog.reason_edit, "组织关系转出")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.saved is None
    assert "变动日期" in dialog.error_label.text() and DATE_HINT in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.date_field
    dialog.date_field.clear()
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert "请填写变动日期" in dialog.error_label.text()
    with ctx.db.transaction() as session:
        assert "李四" in [m.name for m in roster.list_members(session, ctx.branch_id)]


def test_database_replaced_and_groups_changed_reload(page: RosterPage, ctx: AppContext) -> None:
    with ctx.db.transaction() as session:
        roster.add_member(session, ctx.branch_id, roster.MemberInput(name="周八", phone="13700001111"))
        groups.add_group(session, ctx.branch_id, "第三党小组")
    assert "周八" not in shown_names(page)
    ctx.events.database_replaced.emit()
    assert "周八" in shown_names(page)
    phones = [page.proxy.index(r, MemberTableModel.PHONE_COLUMN).data() for r in range(page.proxy.rowCount())]
    assert idcard.mask_phone("13700001111") in phones
    with ctx.db.transaction() as session:
        groups.add_group(session, ctx.branch_id, "第四党小组")
    ctx.events.groups_changed.emit()
    assert page.group_combo.findText("第四党小组") >= 0


def test_member_model_passes_qt_model_tester(page: RosterPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page.model.set_revealed(page.model.row_at(1).id)
    qtmodeltester.check(page.model)


def test_all_columns_fit_a_1366_screen_under_the_theme(
    qtbot: QtBot, ctx: AppContext, qapp: QApplication, tmp_path: Path
) -> None:
    """The app-wide header padding (theme.SHELL_QSS) is what lets 13 columns fit beside the sidebar."""
    before = qapp.styleSheet()
    try:
        assert theme.apply_theme(qapp, tmp_path / "cache") is False
        widget = RosterPage(ctx)
        qtbot.addWidget(widget)
        widget.resize(1366 - 168 - 24, 640)  # the window less the sidebar and the page's margins
        widget.show()
        qtbot.waitExposed(widget)
        widget.fit_columns()
        header = widget.table.horizontalHeader()
        needed = sum(header.sectionSize(c) for c in range(header.count()))
        assert needed <= widget.table.viewport().width()
        assert not widget.table.horizontalScrollBar().isVisible()
    finally:
        qapp.setStyleSheet(before)
