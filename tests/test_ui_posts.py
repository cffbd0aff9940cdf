"""The 设岗定责 page: a 示范岗 with holders in one dialog, counts per kind in the filter, refusals that
name the field, 按周排班 with its conflicts shown before saving, confirming turns by keyboard, the
plaque and rota PDFs from the menus, and voiding that keeps the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from branchdesk.models import DutyOutcome, PostKind
from branchdesk.paths import DataPaths
from branchdesk.services import duty_rota, posts
from tests.qt_helpers import build_context, show_active, type_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.duty_confirm_dialog import ConfirmTurnDialog
from branchdesk.ui.dialogs.duty_pattern_dialog import WeeklyRotaDialog, month_range, next_month
from branchdesk.ui.dialogs.post_dialog import PostDialog
from branchdesk.ui.dialogs.post_holder_dialog import HolderDialog
from branchdesk.ui.dialogs.post_void_dialog import VoidDialog
from branchdesk.ui.pages.posts_details import DUTY_TAB, HOLDERS_TAB
from branchdesk.ui.pages.posts_page import PostsPage
from branchdesk.ui.tablemodels.duty import PlanTableModel, TurnTableModel
from branchdesk.ui.tablemodels.posts import HolderTableModel, PostTableModel, ReviewTableModel

TODAY = dt.date.today()
FIRST = TODAY.replace(day=1)


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(data_paths, tmp_path)  # 王书记, 张三, 李四, 王五 (on the roll from today), 赵六
    yield context
    context.db.dispose()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> PostsPage:
    widget = PostsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    widget.documents.synchronous = True
    show_active(qtbot, widget)
    return widget


def members(ctx: AppContext) -> dict[str, int]:
    with ctx.db.transaction() as session:
        return {name: mid for mid, name in posts.roll_members(session, ctx.branch_id, TODAY)}


def add_post(ctx: AppContext, kind: PostKind, name: str, started: dt.date = dt.date(2024, 1, 1)) -> int:
    with ctx.db.transaction() as session:
        data = posts.PostInput(kind=kind, name=name, place="门诊大厅", started_on=started, duties="导医")
        return posts.create_post(session, ctx.branch_id, data).id


def active_dialog(qtbot: QtBot, page: PostsPage, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, kind))
    dialog = page.active_dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def names(page: PostsPage) -> list[str]:
    return [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]


def check(dialog: PostDialog, *people: str) -> None:
    for i in range(dialog.holders_list.count()):
        item = dialog.holders_list.item(i)
        if item.text() in people:
            item.setCheckState(Qt.CheckState.Checked)


def test_a_model_post_with_holders_duties_and_commitment_in_one_dialog(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = active_dialog(qtbot, page, PostDialog)
    assert dialog.windowTitle() == "新建党员示范岗" and dialog.name_edit.hasFocus()
    type_text(qtbot, dialog.name_edit, "心内科护理党员示范岗")
    type_text(qtbot, dialog.place_edit, "内科楼8楼")
    dialog.duties_edit.setPlainText("带头落实核心制度\n带头开展健康宣教")
    dialog.commitment_edit.setPlainText("微笑服务，有问必答。")
    check(dialog, "张三", "李四")
    dialog.leader_combo.setCurrentIndex(dialog.leader_combo.findText("张三"))
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active_dialog is None)

    row = page.selected_post()
    assert row is not None and row.name == "心内科护理党员示范岗"
    assert row.holder_names == "张三（岗长）、李四"
    assert page.kind_combo.itemText(1) == "党员示范岗（1）" and page.kind_combo.itemText(0) == "全部类别（1）"
    page.details.setCurrentIndex(HOLDERS_TAB)
    assert [h.name for h in page.details.holder_model.rows()] == ["张三", "李四"]
    assert "带头开展健康宣教" in page.details.info.toPlainText()


def test_a_refusal_keeps_the_dialog_open_on_the_named_field(qtbot: QtBot, page: PostsPage) -> None:
    page.add_button.click()
    dialog = active_dialog(qtbot, page, PostDialog)
    dialog.end_field.setText("2000-01-01")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.error_label.text() == "请填写岗位名称。"
    assert dialog.name_edit.hasFocus()
    type_text(qtbot, dialog.name_edit, "8病区责任区")
    dialog.save_button.click()
    assert dialog.isVisible() and "撤岗日期不能早于设岗日期" in dialog.error_label.text()
    assert dialog.end_field.hasFocus()
    dialog.reject()


def test_kind_and_status_filters_and_search(qtbot: QtBot, page: PostsPage, ctx: AppContext) -> None:
    add_post(ctx, PostKind.MODEL, "示范岗甲")
    add_post(ctx, PostKind.AREA, "8病区责任区")
    add_post(ctx, PostKind.AREA, "明年的责任区", started=TODAY + dt.timedelta(days=400))
    page.refresh()
    assert sorted(names(page)) == ["8病区责任区", "明年的责任区", "示范岗甲"]
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(PostKind.AREA))
    assert page.kind_combo.currentText() == "党员责任区（2）" and sorted(names(page)) == [
        "8病区责任区",
        "明年的责任区",
    ]
    page.status_combo.setCurrentIndex(page.status_combo.findText("未开始"))
    assert names(page) == ["明年的责任区"]
    page.status_combo.setCurrentIndex(0)
    page.kind_combo.setCurrentIndex(0)
    type_text(qtbot, page.search_edit, "8病区")
    assert names(page) == ["8病区责任区"]


def test_adding_a_holder_not_on_the_roll_that_day_is_refused_in_the_dialog(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    add_post(ctx, PostKind.MODEL, "示范岗甲")
    page.refresh()
    page.details.setCurrentIndex(HOLDERS_TAB)
    page.details.add_holder_button.click()
    dialog = active_dialog(qtbot, page, HolderDialog)
    dialog.member_combo.setCurrentIndex(dialog.member_combo.findText("王五"))
    dialog.start_field.setDate(TODAY - dt.timedelta(days=10))  # 王五 came on the roll today
    dialog.save_button.click()
    assert dialog.isVisible() and "王五在" in dialog.error_label.text() and dialog.start_field.hasFocus()
    dialog.start_field.setDate(TODAY)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "王五" in page.selected_post().holder_names  # type: ignore[union-attr]


def test_weekly_rota_shows_conflicts_before_saving_then_saves_next_month(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    desk = add_post(ctx, PostKind.VOLUNTEER, "门诊大厅党员志愿服务岗")
    area = add_post(ctx, PostKind.AREA, "8病区责任区")
    people = members(ctx)
    first, last = month_range(*next_month(TODAY))
    monday = first if first.weekday() < 5 else first + dt.timedelta(days=7 - first.weekday())  # 张三's turn
    with ctx.db.transaction() as session:
        duty_rota.plan_turn(
            session, duty_rota.TurnInput(area, people["张三"], monday, dt.time(9), dt.time(10))
        )
    page.refresh()
    page.select_post(desk)
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = active_dialog(qtbot, page, WeeklyRotaDialog)
    assert (dialog.first_field.date(), dialog.last_field.date()) == (first, last)
    for i in range(dialog.members_list.count()):
        item = dialog.members_list.item(i)
        state = Qt.CheckState.Checked if item.text() in ("张三", "李四", "赵六") else Qt.CheckState.Unchecked
        item.setCheckState(state)
    dialog.slots_edit.setText("08:00-12:00")
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks after a moment
    qtbot.waitUntil(lambda: dialog.plan is not None)
    assert dialog.save_button.isEnabled()
    notices = dialog.notices.toPlainText()
    assert f"张三 {monday:%Y-%m-%d}" in notices and "8病区责任区" in notices
    assert "1 处时间冲突已由下一位党员顶上" in dialog.summary_label.text()
    weekdays = sum(1 for n in range((last - first).days + 1) if (first + dt.timedelta(days=n)).weekday() < 5)
    assert dialog.model.rowCount() == weekdays
    dialog.slots_edit.setText("08:00-12:00，14:00-17:00")  # a change asks for a new preview
    assert dialog.plan is None and not dialog.save_button.isEnabled()
    dialog.preview_button.click()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.active_dialog is None)
    duty = page.details.duty
    assert page.details.currentIndex() == DUTY_TAB and duty.month == (first.year, first.month)
    assert duty.model.rowCount() == 2 * weekdays
    assert all(duty.model.index(r, 4).data() == "已排班" for r in range(duty.model.rowCount()))


def test_confirming_turns_in_the_log(qtbot: QtBot, page: PostsPage, ctx: AppContext) -> None:
    desk = add_post(ctx, PostKind.VOLUNTEER, "门诊大厅党员志愿服务岗")
    people = members(ctx)
    with ctx.db.transaction() as session:
        for name, slot in (("张三", (8, 12)), ("李四", (14, 17))):
            duty_rota.plan_turn(
                session, duty_rota.TurnInput(desk, people[name], TODAY, dt.time(slot[0]), dt.time(slot[1]))
            )
    page.refresh()
    page.select_post(desk)
    page.details.setCurrentIndex(DUTY_TAB)
    duty = page.details.duty
    duty.table.setFocus()
    duty.table.selectRow(0)
    qtbot.keyClick(duty.table, Qt.Key.Key_Return)
    dialog = active_dialog(qtbot, page, ConfirmTurnDialog)
    assert dialog.people_spin.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # 换班
    qtbot.waitUntil(lambda: dialog.outcome() is DutyOutcome.SWAPPED)
    assert dialog.swap_combo.isEnabled()
    dialog.swap_combo.setCurrentIndex(dialog.swap_combo.findText("赵六"))
    dialog.people_spin.setValue(42)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert duty.model.index(0, 4).data() == "换班（赵六顶班）" and duty.model.index(0, 5).data() == "42"

    duty.table.selectRow(1)
    duty.served_button.click()
    assert duty.model.index(1, 4).data() == "已到岗"
    assert "已到岗 1，换班 1" in duty.figures_label.text() and "服务群众 42 人次" in duty.figures_label.text()
    assert "7.0 小时" in duty.figures_label.text()


def test_a_swap_with_someone_busy_then_is_refused_naming_the_other_post(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    desk = add_post(ctx, PostKind.VOLUNTEER, "门诊大厅党员志愿服务岗")
    area = add_post(ctx, PostKind.AREA, "8病区责任区")
    people = members(ctx)
    with ctx.db.transaction() as session:
        duty_rota.plan_turn(
            session, duty_rota.TurnInput(desk, people["张三"], TODAY, dt.time(8), dt.time(12))
        )
        duty_rota.plan_turn(
            session, duty_rota.TurnInput(area, people["赵六"], TODAY, dt.time(10), dt.time(11))
        )
    page.refresh()
    page.select_post(desk)
    page.details.setCurrentIndex(DUTY_TAB)
    page.details.duty.table.selectRow(0)
    page.details.duty.confirm_button.click()
    dialog = active_dialog(qtbot, page, ConfirmTurnDialog)
    dialog.outcome_group.button(2).setChecked(True)
    dialog.swap_combo.setCurrentIndex(dialog.swap_combo.findText("赵六"))
    dialog.save_button.click()
    assert dialog.isVisible() and "8病区责任区" in dialog.error_label.text()
    assert dialog.swap_combo.hasFocus()
    dialog.reject()


def test_plaque_and_rota_pdfs_from_the_menus(
    qtbot: QtBot, page: PostsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    desk = add_post(ctx, PostKind.VOLUNTEER, "门诊大厅党员志愿服务岗")
    people = members(ctx)
    with ctx.db.transaction() as session:
        duty_rota.plan_turn(
            session, duty_rota.TurnInput(desk, people["李四"], TODAY, dt.time(8), dt.time(12))
        )
    page.refresh()
    page.select_post(desk)
    asked: list[str] = []

    def choose(_parent: Any, title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(Path(start).name)
        return str(tmp_path / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    page.print_actions["plaque_pdf_A5"].trigger()
    page.print_actions["rota_pdf"].trigger()
    assert asked == [
        "门诊大厅党员志愿服务岗_岗位牌_A5.pdf",
        f"{TODAY.year}-{TODAY.month:02d}_门诊大厅党员志愿服务岗{TODAY.year}年{TODAY.month}月排班表.pdf",
    ]
    for name in asked:
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
    assert page.status_label.text().startswith("已保存：")


def test_voiding_a_post_asks_for_the_reason_in_one_dialog_and_keeps_it_under_its_status(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    add_post(ctx, PostKind.MODEL, "录错的示范岗")
    page.refresh()
    page.void_button.click()
    dialog = active_dialog(qtbot, page, VoidDialog)
    assert "录错的示范岗" in dialog.windowTitle() and "撤岗" in dialog.question_label.text()
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # no reason: refused on its field
    assert dialog.isVisible() and "作废原因" in dialog.error_label.text()
    assert names(page) == ["录错的示范岗"]
    type_text(qtbot, dialog.reason_edit, "重复录入")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert names(page) == [] and "已作废“录错的示范岗”" in page.status_label.text()
    page.status_combo.setCurrentIndex(page.status_combo.findText("已作废"))
    assert names(page) == ["录错的示范岗"]
    assert page.selected_post().void_reason == "重复录入"  # type: ignore[union-attr]
    assert not page.edit_button.isEnabled() and not page.plaque_button.isEnabled()


def test_esc_in_the_void_dialog_leaves_the_post_as_it_was(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    add_post(ctx, PostKind.MODEL, "示范岗乙")
    page.refresh()
    page.void_button.click()
    dialog = active_dialog(qtbot, page, VoidDialog)
    type_text(qtbot, dialog.reason_edit, "想错了")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert names(page) == ["示范岗乙"] and not page.selected_post().voided  # type: ignore[union-attr]


def test_table_models_pass_the_model_tester(qtmodeltester, page: PostsPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    add_post(ctx, PostKind.MODEL, "示范岗甲")
    page.refresh()
    for model in (
        PostTableModel(),
        HolderTableModel(),
        ReviewTableModel(),
        TurnTableModel(),
        PlanTableModel(),
    ):
        qtmodeltester.check(model)
    qtmodeltester.check(page.model)
