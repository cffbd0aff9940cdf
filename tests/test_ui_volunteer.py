"""The 志愿服务 page driven by keyboard as a new user would: record a Saturday 义诊 with 12 members
(picked by pinyin initials) and 3 outside volunteers, linked to March's theme day; see the hours in
a member's history and in the month's figures; refusals that name the field; Esc that asks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from branchdesk.db import Database
from branchdesk.models import MeetingType
from branchdesk.paths import DataPaths
from branchdesk.services import meetings, roster, volunteer, volunteer_lists
from branchdesk.services.volunteer_figures import volunteer_figures
from tests.factories import setup_branch
from tests.qt_helpers import make_context, show_active, type_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.volunteer_dialog import PEOPLE_TAB, RECORD_TAB, VolunteerDialog
from branchdesk.ui.pages.volunteer_page import MEMBERS_TAB, STATS_TAB, VolunteerPage
from branchdesk.ui.tablemodels.volunteer import HOURS_COLUMN

TODAY = dt.date.today()
_YEAR = TODAY.year if dt.date(TODAY.year, 3, 15) <= TODAY else TODAY.year - 1
SATURDAY = next(dt.date(_YEAR, 3, d) for d in range(7, 14) if dt.date(_YEAR, 3, d).weekday() == 5)
THEME_DAY = SATURDAY - dt.timedelta(days=1)
# name -> its pinyin initials, each unique on the roll (the secretary is 张三, zs)
MEMBERS = {"王芳": "wf", "李娜": "ln", "张伟": "zw", "刘洋": "ly", "陈静": "cj", "杨磊": "yl", "黄敏": "hm",
           "赵强": "zq", "周杰": "zj", "吴霞": "wx", "徐斌": "xb", "孙丽": "sl", "马超": "mc",
           "朱红": "zh"}  # fmt: skip
OUTSIDE = (("陈思远", "规培医生"), ("李佳怡", "实习护士"), ("梁志强", "社区网格员"))


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    db = Database(data_paths.database)
    with db.transaction() as session:
        branch_id = setup_branch(session)
        for name in MEMBERS:
            data = roster.MemberInput(name=name, department="心内科")
            roster.add_member(session, branch_id, data, today=dt.date(_YEAR - 1, 1, 6))
        day = meetings.MeetingInput(
            type=MeetingType.THEME_DAY,
            held_on=THEME_DAY,
            starts_at=dt.time(8, 30),
            ends_at=dt.time(11, 30),
            theme="主题党日：学雷锋义诊进社区",
            place="幸福社区党群服务中心",
            parts=("volunteer",),
        )
        meetings.create_meeting(session, branch_id, day)
    context = make_context(db, data_paths, tmp_path, branch_id)
    yield context
    db.dispose()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> VolunteerPage:
    widget = VolunteerPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1186, 700)
    widget.year_combo.setCurrentIndex(widget.year_combo.findData(_YEAR))
    show_active(qtbot, widget)
    return widget


def open_new(qtbot: QtBot, page: VolunteerPage) -> VolunteerDialog:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.events_tab.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(page.events_tab.active_dialog, VolunteerDialog))
    dialog = page.events_tab.active_dialog
    assert isinstance(dialog, VolunteerDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def fill_basics(qtbot: QtBot, dialog: VolunteerDialog, *, start: str = "0830", end: str = "1130") -> None:
    form = dialog.form
    type_text(qtbot, form.title_edit, "学雷锋义诊进社区")
    form.kind_combo.setCurrentIndex(form.kind_combo.findText("义诊"))
    form.date_field.clear()
    qtbot.keyClicks(form.date_field, SATURDAY.isoformat())
    form.date_field.editingFinished.emit()
    for edit, text in ((form.start_edit, start), (form.end_edit, end)):
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_a_saturday_clinic_with_twelve_members_and_three_outsiders_linked_to_the_theme_day(
    qtbot: QtBot, page: VolunteerPage, ctx: AppContext
) -> None:
    dialog = open_new(qtbot, page)
    fill_basics(qtbot, dialog)
    assert dialog.form.length_label.text() == "共 3.0 小时"
    combo = dialog.form.meeting_combo
    assert combo.itemText(1).startswith(f"{THEME_DAY:%Y-%m-%d}")  # the branch's theme day near the date
    combo.setCurrentIndex(1)

    dialog.tabs.setCurrentIndex(PEOPLE_TAB)
    editor = dialog.participants
    qtbot.waitUntil(lambda: editor.search_edit.hasFocus())
    chosen = list(MEMBERS)[:12]
    for name in chosen:
        qtbot.keyClicks(editor.search_edit, MEMBERS[name])
        qtbot.keyClick(editor.search_edit, Qt.Key.Key_Return)  # adds the one found; never saves the dialog
    assert dialog.isVisible()
    for name, unit in OUTSIDE:
        editor.outside_name.setFocus()
        type_text(qtbot, editor.outside_name, name)
        type_text(qtbot, editor.outside_unit, unit)
        qtbot.keyClick(editor.outside_unit, Qt.Key.Key_Return)
    assert [p.name for p in editor.model.rows()] == [*chosen, *(n for n, _u in OUTSIDE)]
    # 黄敏 left after two hours: her cell is overridden, the rest serve the whole three hours.
    editor.roll_list.setFocus()
    qtbot.keyClick(editor.roll_list, Qt.Key.Key_Return)  # Enter in the list adds too, never saves
    assert dialog.isVisible() and editor.model.rowCount() == 16
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(15, 0))
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert editor.model.rowCount() == 15 and dialog.isVisible()
    editor.table.setCurrentIndex(editor.model.index(chosen.index("黄敏"), 0))
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)  # Enter edits her 时长, not the dialog
    assert editor.table.state() == editor.table.State.EditingState and dialog.isVisible()
    cell_editor = QApplication.focusWidget()
    assert cell_editor is not None and editor.table.isAncestorOf(cell_editor)
    qtbot.keyClick(cell_editor, Qt.Key.Key_Escape)  # Esc leaves the cell, not the dialog
    assert editor.table.state() != editor.table.State.EditingState and dialog.isVisible()
    editor.model.setData(editor.model.index(chosen.index("黄敏"), HOURS_COLUMN), "2小时")
    assert "合计 44.0 小时" in editor.summary.text()

    dialog.tabs.setCurrentIndex(0)
    qtbot.keyClick(dialog.form.title_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # saves
    qtbot.waitUntil(lambda: page.events_tab.active_dialog is None)

    with ctx.db.transaction() as session:
        (row,) = volunteer.list_events(session, ctx.branch_id, year=_YEAR)
        figures = volunteer_figures(session, year=_YEAR, branch_id=ctx.branch_id)
    assert (row.members, row.outside, row.total_minutes, row.held_on) == (12, 3, 44 * 60, SATURDAY)
    assert row.meeting_label.startswith(f"{THEME_DAY:%Y-%m-%d}")
    assert figures.by_month[2].minutes == 44 * 60
    assert page.events_tab.selected_event() is not None
    assert "已保存" in page.events_tab.status_label.text()

    page.tabs.setCurrentIndex(MEMBERS_TAB)
    members = page.members_tab
    members.select_member(next(f.member_id for f in members.members.rows_model.rows() if f.name == "黄敏"))
    assert "合计 2.0 小时" in members.summary.text()
    assert [r.what for r in members.history.rows_model.rows()] == ["学雷锋义诊进社区"]

    page.tabs.setCurrentIndex(STATS_TAB)
    assert page.stats_tab.chart.minutes[2] == 44 * 60
    assert "服务时长 44.0 小时" in page.stats_tab.totals_label.text()
    months = page.stats_tab.months.rows_model
    assert months.rows()[2].participants == 15
    assert months.rowCount() == 13 and months.index(12, 0).data() == "合计"  # the year's line, last
    assert months.rows()[12].minutes == 44 * 60
    note = page.stats_tab.duty_label.text()
    assert "党员 12 人：" in note and "现在册 15 人" in note  # 14 members and the secretary


def test_end_before_start_is_refused_naming_the_end_time(qtbot: QtBot, page: VolunteerPage) -> None:
    dialog = open_new(qtbot, page)
    fill_basics(qtbot, dialog, start="1400", end="0900")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "结束时间" in dialog.error_label.text() and "应晚于开始时间" in dialog.error_label.text()
    assert dialog.form.end_edit.hasFocus()
    qtbot.keyClicks(dialog.form.start_edit, "0")  # fixing the start (not the field named) clears it too
    assert dialog.error_label.isHidden() and dialog.error_label.text() == ""


def test_a_participant_refusal_opens_the_people_tab_on_that_row(qtbot: QtBot, page: VolunteerPage) -> None:
    dialog = open_new(qtbot, page)
    fill_basics(qtbot, dialog)
    dialog.save_button.click()  # nobody added yet
    editor = dialog.participants
    assert dialog.tabs.currentIndex() == PEOPLE_TAB
    assert "至少添加一名参加人员" in dialog.error_label.text()
    qtbot.waitUntil(editor.search_edit.hasFocus)  # typed names land in the search, not the table
    for name in ("王芳", "李娜"):
        qtbot.keyClicks(editor.search_edit, MEMBERS[name])
        qtbot.keyClick(editor.search_edit, Qt.Key.Key_Return)
    assert editor.model.rowCount() == 2 and dialog.error_label.isHidden()  # the list changed: stale line gone
    hours = editor.model.index(1, HOURS_COLUMN)
    assert not editor.model.setData(hours, "两小时")
    assert "李娜的时长格式不对" in dialog.error_label.text() and "【服务时长】" in dialog.error_label.text()
    # Longer than the 3-hour event: refused as the cell is left, naming her, not only at 保存.
    assert not editor.model.setData(hours, "5")
    assert "李娜的服务时长（5.0 小时）超过活动时长（3.0 小时）" in dialog.error_label.text()
    assert editor.table.currentIndex().row() == 1 and editor.model.rows()[1].override is None
    dialog.tabs.setCurrentIndex(RECORD_TAB)
    assert editor.model.setData(hours, "2.5")  # fixed: the red line goes, on whichever tab is shown
    assert dialog.error_label.isHidden()
    assert editor.model.setData(hours, "")  # cleared: back to the whole event
    assert editor.model.rows()[1].minutes == 180
    # An override over a length shortened afterwards is still refused at 保存, on its row.
    assert editor.model.setData(hours, "2.5")
    dialog.tabs.setCurrentIndex(0)
    dialog.form.end_edit.setText("1000")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.tabs.currentIndex() == PEOPLE_TAB
    assert "李娜的服务时长（2.5 小时）超过活动时长（1.5 小时）" in dialog.error_label.text()
    assert editor.table.currentIndex().row() == 1 and editor.table.hasFocus()


def test_the_same_outside_volunteer_twice_is_refused(qtbot: QtBot, page: VolunteerPage) -> None:
    dialog = open_new(qtbot, page)
    editor = dialog.participants
    assert editor.add_outside("王小丽", "实习护士")
    assert not editor.add_outside("王小丽", "")  # the same person, her unit left out this time
    assert "王小丽（实习护士）已在名单中（第 1 行）" in dialog.error_label.text()
    assert not editor.add_outside(" 王小丽 ", "实习护士")
    assert editor.add_outside("王小丽", "社区网格员")  # another person of that name, told apart by unit
    assert [p.unit for p in editor.model.rows()] == ["实习护士", "社区网格员"]
    assert dialog.error_label.isHidden()


def test_enter_in_the_basic_fields_moves_on_and_a_new_event_chooses_its_kind(
    qtbot: QtBot, page: VolunteerPage, ctx: AppContext
) -> None:
    _saved_event(ctx)  # a 义诊 09:00-10:00 on the branch's books
    page.refresh()
    dialog = open_new(qtbot, page)
    form = dialog.form
    assert form.kind_combo.currentText() == "（请选择服务类别）" and form.place_edit.text() == ""
    assert (form.start_edit.text(), form.end_edit.text()) == ("08:30", "11:30")
    qtbot.waitUntil(form.title_edit.hasFocus)
    type_text(qtbot, form.title_edit, "高血压防治科普讲座")
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)  # moves on, never saves a half-filled event
    assert dialog.isVisible() and form.kind_combo.hasFocus() and dialog.error_label.isHidden()
    form.kind_combo.setCurrentIndex(form.kind_combo.findText("健康科普/讲座"))  # no 讲座 yet: times stay
    assert (form.start_edit.text(), form.end_edit.text()) == ("08:30", "11:30")
    form.kind_combo.setCurrentIndex(form.kind_combo.findText("义诊"))  # the last 义诊's times
    assert (form.start_edit.text(), form.end_edit.text()) == ("09:00", "10:00")
    form.kind_combo.setCurrentIndex(0)
    qtbot.keyClick(form.kind_combo, Qt.Key.Key_Return)
    assert form.date_field.hasFocus()
    january = dt.date(_YEAR, 1, 10)  # no theme day that month or within 31 days: the form says why
    form.date_field.setDate(january)
    form.date_field.editingFinished.emit()
    assert form.meeting_combo.count() == 1 and not form.meeting_hint.isHidden()
    assert "本支部在 1 月" in form.meeting_hint.text()
    form.date_field.setDate(SATURDAY)
    form.date_field.editingFinished.emit()
    assert form.meeting_combo.count() == 2 and form.meeting_hint.isHidden()
    assert form.weekday_label.text() == "周六"
    dialog.save_button.click()
    assert dialog.isVisible() and "请选择服务类别" in dialog.error_label.text() and form.kind_combo.hasFocus()
    form.kind_combo.setCurrentIndex(form.kind_combo.findText("健康科普/讲座"))
    assert dialog.error_label.isHidden()
    form.start_edit.setFocus()
    qtbot.keyClicks(form.start_edit, "0")  # typed times are the user's: a kind chosen after keeps them
    form.kind_combo.setCurrentIndex(form.kind_combo.findText("义诊"))
    assert form.start_edit.text() != "09:00"


def test_esc_asks_before_throwing_away_edits(
    qtbot: QtBot, page: VolunteerPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = {"value": False}
    monkeypatch.setattr(
        messages, "confirm", lambda _p, title, _t, **_k: asked.append(title) or answer["value"]
    )
    dialog = open_new(qtbot, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    qtbot.waitUntil(lambda: page.events_tab.active_dialog is None)
    assert asked == []
    page.events_tab.add_button.click()  # the button opens the same empty form
    qtbot.waitUntil(lambda: isinstance(page.events_tab.active_dialog, VolunteerDialog))
    qtbot.keyClick(page.events_tab.active_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.events_tab.active_dialog is None)
    dialog = open_new(qtbot, page)
    type_text(qtbot, dialog.form.title_edit, "义诊")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["放弃修改"] and dialog.isVisible()
    answer["value"] = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.events_tab.active_dialog is None)


def _saved_event(ctx: AppContext) -> int:
    with ctx.db.transaction() as session:
        people = tuple(
            volunteer.ParticipantInput(member_id=m.id)
            for m in roster.list_members(session, ctx.branch_id)[:3]
        )
        clinic = volunteer_lists.kind_id_named(session, "义诊")
        data = volunteer.VolunteerEventInput(
            "健康讲座", clinic, SATURDAY, dt.time(9), dt.time(10), participants=people
        )
        return volunteer.create_event(session, ctx.branch_id, data).row.id


def test_enter_opens_the_selected_event_and_void_keeps_it(
    qtbot: QtBot, page: VolunteerPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = _saved_event(ctx)
    page.refresh()
    tab = page.events_tab
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(tab.active_dialog, VolunteerDialog))
    dialog = tab.active_dialog
    assert isinstance(dialog, VolunteerDialog)
    assert dialog.form.title_edit.text() == "健康讲座" and dialog.participants.model.rowCount() == 3
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.active_dialog is None)

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("重复录入", True))
    tab.void_button.click()
    assert tab.model.rowCount() == 0 and "没有志愿服务活动" in tab.count_label.text()
    tab.voided_check.setChecked(True)
    assert tab.model.rows()[0].id == event_id and "已作废" in tab.proxy.index(0, 1).data()


def test_models_pass_the_model_tester(qtmodeltester: Any, page: VolunteerPage, ctx: AppContext) -> None:
    _saved_event(ctx)
    page.refresh()
    qtmodeltester.check(page.events_tab.model)
    dialog = VolunteerDialog(ctx, page.events_tab.model.rows()[0].id)
    qtmodeltester.check(dialog.participants.model)
    dialog.deleteLater()
