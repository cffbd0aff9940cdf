"""Marking attendance by keyboard alone: 40 members, three on leave with reasons and one absent in a
handful of keys; the figures line is the service's count; leave without a reason is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from branchdesk.models import AttendanceStatus, MeetingType
from branchdesk.paths import DataPaths
from branchdesk.services import meetings, roster
from branchdesk.services.meetings import MeetingInput
from tests.qt_helpers import branch_context, record_warnings, show_active, type_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.meeting_dialog import ATTENDANCE_TAB, MeetingDialog
from branchdesk.ui.tablemodels.attendance import AttendanceTableModel
from branchdesk.ui.widgets import roll_table
from branchdesk.ui.widgets.attendance_editor import AttendanceEditor

ON_ROLL_FROM = dt.date(2025, 1, 1)
MEETING_DAY = dt.date(2025, 6, 10)
SURNAMES = "王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "敏", "静", "磊")
# 39 members after the secretary 张三: 欧阳明 and 覃丽 (read qin li) are reached by their initials.
NAMES = ["欧阳明", "覃丽", *(s + g for s in SURNAMES for g in GIVEN)][:39]
EXPECTED_LINE = "应到 40 人　实到 36 人　请假 3 人　缺席 1 人　迟到 0 人　出席率 90.0%"


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = branch_context(data_paths, tmp_path)
    with context.db.transaction() as session:
        for name in NAMES:
            roster.add_member(
                session, context.branch_id, roster.MemberInput(name=name), on_roll_from=ON_ROLL_FROM
            )
    yield context
    context.db.dispose()


@pytest.fixture
def meeting_id(ctx: AppContext) -> int:
    with ctx.db.transaction() as session:
        data = MeetingInput(type=MeetingType.THEME_DAY, held_on=MEETING_DAY, theme="主题党日：学习党章")
        return meetings.create_meeting(session, ctx.branch_id, data).id


@pytest.fixture
def editor(qtbot: QtBot, ctx: AppContext, meeting_id: int) -> AttendanceEditor:
    widget = AttendanceEditor(ctx, meeting_id)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    show_active(qtbot, widget)
    widget.focus_table()
    return widget


def stored(ctx: AppContext, meeting_id: int) -> dict[str, tuple[AttendanceStatus, str]]:
    with ctx.db.transaction() as session:
        return {e.name: (e.status, e.reason) for e in meetings.attendance(session, meeting_id)}


def exceptions(ctx: AppContext, meeting_id: int) -> dict[str, tuple[AttendanceStatus, str]]:
    return {n: m for n, m in stored(ctx, meeting_id).items() if m[0] is not AttendanceStatus.PRESENT}


def current_name(editor: AttendanceEditor) -> str:
    entry = editor.current_entry()
    assert entry is not None
    return entry.name


def leave(qtbot: QtBot, editor: AttendanceEditor, reason: str, key: Qt.Key = Qt.Key.Key_2) -> None:
    qtbot.keyClick(editor.table, key)
    assert editor.reason_bar.isVisible() and editor.reason_edit.hasFocus()
    type_text(qtbot, editor.reason_edit, reason)
    qtbot.keyClick(editor.reason_edit, Qt.Key.Key_Return)


def test_everyone_on_the_roll_starts_present(editor: AttendanceEditor) -> None:
    assert editor.model.rowCount() == 40
    assert (
        editor.figures_label.text()
        == "应到 40 人　实到 40 人　请假 0 人　缺席 0 人　迟到 0 人　出席率 100.0%"
    )
    assert current_name(editor) == "张三" and editor.table.hasFocus()
    assert "1 出席　2 请假　3 缺席　4 迟到　Enter 填写原因" in editor.hint_label.text()


def test_three_on_leave_and_one_absent_by_keyboard_alone(
    qtbot: QtBot, ctx: AppContext, meeting_id: int, editor: AttendanceEditor
) -> None:
    table = editor.table
    for _ in range(3):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    name_a = current_name(editor)
    leave(qtbot, editor, "值班")
    assert table.hasFocus() and not editor.reason_bar.isVisible()
    assert exceptions(ctx, meeting_id) == {name_a: (AttendanceStatus.LEAVE, "值班")}  # stored at once
    qtbot.keyClicks(table, "oym")  # pinyin initials jump to 欧阳明
    assert current_name(editor) == "欧阳明"
    leave(qtbot, editor, "外出学习")
    qtbot.keyClick(table, Qt.Key.Key_End)
    name_c = current_name(editor)
    assert name_c == NAMES[-1]  # End: the last on the roll
    leave(qtbot, editor, "病假", Qt.Key.Key_2)
    qtbot.keyClick(table, Qt.Key.Key_Home)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)  # 覃丽, the third on the roll
    assert current_name(editor) == "覃丽"
    qtbot.keyClick(table, Qt.Key.Key_3)
    assert editor.figures_label.text() == EXPECTED_LINE
    assert exceptions(ctx, meeting_id) == {
        name_a: (AttendanceStatus.LEAVE, "值班"),
        "欧阳明": (AttendanceStatus.LEAVE, "外出学习"),
        name_c: (AttendanceStatus.LEAVE, "病假"),
        "覃丽": (AttendanceStatus.ABSENT, ""),
    }
    with ctx.db.transaction() as session:
        assert meetings.get_meeting(session, meeting_id).figures.rate_text == "90.0%"
    row = editor.model.row_of(next(m.member_id for m in editor.model.rows() if m.name == "覃丽"))
    assert editor.model.index(row, 3).data() == "缺席"


def test_a_pause_starts_a_new_name_and_a_repeated_initial_moves_on(
    qtbot: QtBot, editor: AttendanceEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roll_table, "SEARCH_PAUSE_MS", -1)  # as if the user paused after every letter
    qtbot.keyClicks(editor.table, "o")
    assert current_name(editor) == "欧阳明"
    qtbot.keyClicks(editor.table, "q")  # a new name, not "oq"
    assert current_name(editor) == "覃丽"
    qtbot.keyClicks(editor.table, "w")
    first = current_name(editor)
    qtbot.keyClicks(editor.table, "w")  # the same initial again: the next 王
    assert (first, current_name(editor)) == ("王伟", "王芳")
    assert editor.search_label.text() == "查找 w → 王芳"


def test_leave_without_a_reason_is_refused_and_named(
    qtbot: QtBot, ctx: AppContext, meeting_id: int, editor: AttendanceEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = record_warnings(monkeypatch)
    qtbot.keyClick(editor.table, Qt.Key.Key_Down)
    qtbot.keyClick(editor.table, Qt.Key.Key_2)
    qtbot.keyClick(editor.reason_edit, Qt.Key.Key_Return)
    assert editor.reason_error.isVisible() and "请假原因" in editor.reason_error.text()
    assert editor.reason_bar.isVisible() and editor.reason_edit.hasFocus()  # still asking, inline
    assert boxes == []
    assert exceptions(ctx, meeting_id) == {}
    assert editor.figures_label.text().startswith("应到 40 人　实到 40 人")
    type_text(qtbot, editor.reason_edit, "出差")
    qtbot.keyClick(editor.reason_edit, Qt.Key.Key_Return)
    assert list(exceptions(ctx, meeting_id).values()) == [(AttendanceStatus.LEAVE, "出差")]


def test_escape_cancels_the_reason_and_keeps_the_mark(
    qtbot: QtBot, ctx: AppContext, meeting_id: int, editor: AttendanceEditor
) -> None:
    qtbot.keyClick(editor.table, Qt.Key.Key_2)
    type_text(qtbot, editor.reason_edit, "值")
    qtbot.keyClick(editor.reason_edit, Qt.Key.Key_Escape)
    assert not editor.reason_bar.isVisible() and editor.table.hasFocus()
    assert exceptions(ctx, meeting_id) == {}


def test_enter_writes_a_reason_for_an_absence_and_1_puts_it_back(
    qtbot: QtBot, ctx: AppContext, meeting_id: int, editor: AttendanceEditor
) -> None:
    qtbot.keyClick(editor.table, Qt.Key.Key_3)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    assert "缺席原因" in editor.reason_label.text()
    type_text(qtbot, editor.reason_edit, "未请假")
    qtbot.keyClick(editor.reason_edit, Qt.Key.Key_Return)
    assert exceptions(ctx, meeting_id) == {"张三": (AttendanceStatus.ABSENT, "未请假")}
    qtbot.keyClick(editor.table, Qt.Key.Key_4)
    assert editor.figures_label.text().startswith("应到 40 人　实到 40 人　请假 0 人　缺席 0 人　迟到 1 人")
    qtbot.keyClick(editor.table, Qt.Key.Key_1)
    assert exceptions(ctx, meeting_id) == {}


def test_keypad_digits_and_the_buttons_mark_too(
    qtbot: QtBot, ctx: AppContext, meeting_id: int, editor: AttendanceEditor
) -> None:
    qtbot.keyClick(editor.table, Qt.Key.Key_3, Qt.KeyboardModifier.KeypadModifier)
    editor.select_row(1)
    editor.mark_buttons[AttendanceStatus.LATE].click()
    assert exceptions(ctx, meeting_id) == {
        "张三": (AttendanceStatus.ABSENT, ""),
        "欧阳明": (AttendanceStatus.LATE, ""),
    }
    assert editor.table.hasFocus() or not editor.mark_buttons[AttendanceStatus.LATE].hasFocus()


def test_a_voided_meeting_is_shown_but_not_marked(
    qtbot: QtBot, ctx: AppContext, meeting_id: int, editor: AttendanceEditor
) -> None:
    with ctx.db.transaction() as session:
        meetings.void_meeting(session, meeting_id, on=MEETING_DAY, reason="录重")
    editor.refresh()
    qtbot.keyClick(editor.table, Qt.Key.Key_3)
    assert exceptions(ctx, meeting_id) == {}
    assert "已作废" in editor.state_label.text()
    assert not editor.mark_buttons[AttendanceStatus.ABSENT].isEnabled()


def test_a_new_meeting_is_saved_with_one_key_and_then_marked(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.db.transaction() as session:
        template = meetings.template_for(session, ctx.branch_id, MeetingType.THEME_DAY, on=MEETING_DAY)
    dialog = MeetingDialog(ctx, template=template, tab=ATTENDANCE_TAB)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    qtbot.waitUntil(dialog.save_and_mark_button.hasFocus)
    qtbot.keyClick(dialog.save_and_mark_button, Qt.Key.Key_Return)
    assert dialog.saved is not None and dialog.isVisible()  # saved, still open, on the roll
    qtbot.waitUntil(dialog.editor.table.hasFocus)
    assert dialog.editor.model.rowCount() == 40
    qtbot.keyClick(dialog.editor.table, Qt.Key.Key_3)
    with qtbot.waitSignal(ctx.events.meetings_changed):
        qtbot.keyClick(dialog.editor.table, Qt.Key.Key_Escape)  # closing tells the pages once
    assert not dialog.isVisible()
    assert exceptions(ctx, dialog.saved.id) == {"张三": (AttendanceStatus.ABSENT, "")}


def test_attendance_model_passes_the_model_tester(qtmodeltester, editor: AttendanceEditor) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(editor.model, AttendanceTableModel)
    qtmodeltester.check(editor.model)
