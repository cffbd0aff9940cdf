"""The 组织生活 page and the meeting dialog: new by keyboard from a template, filters, the vote
verdict, refusals that name the field, voiding that keeps the record, and the Word record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from branchdesk.models import MeetingType
from branchdesk.paths import DataPaths
from branchdesk.services import groups, meetings, roster
from branchdesk.services.meetings import MeetingInput
from tests.qt_helpers import build_context, record_warnings, show_active, type_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.meeting_dialog import MeetingDialog, MeetingTypeChooser
from branchdesk.ui.pages import meeting_documents
from branchdesk.ui.pages.meetings_page import MeetingsPage
from branchdesk.ui.tablemodels.meetings import VOIDED_COLOUR, MeetingTableModel

TODAY = dt.date.today()
OTHER_MONTH = dt.date(TODAY.year, 1 if TODAY.month != 1 else 2, 15)  # same year, another month


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(data_paths, tmp_path)
    yield context
    context.db.dispose()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> MeetingsPage:
    widget = MeetingsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.documents.synchronous = True
    show_active(qtbot, widget)
    return widget


def add_meeting(ctx: AppContext, kind: MeetingType, day: dt.date = TODAY, **values: Any) -> int:
    values.setdefault("theme", "学习党章")
    with ctx.db.transaction() as session:
        return meetings.create_meeting(
            session, ctx.branch_id, MeetingInput(type=kind, held_on=day, **values)
        ).id


def shown(page: MeetingsPage, column: int = 3) -> list[str]:
    return [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]


def active_dialog(qtbot: QtBot, page: MeetingsPage, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, kind))
    dialog = page.active_dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def select(page: MeetingsPage, theme: str) -> None:
    page.table.setFocus()
    page.table.selectRow(shown(page).index(theme))


def choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text} not offered"
    combo.setCurrentIndex(index)


# --- new, by keyboard -----------------------------------------------------------------------------


def test_theme_day_created_by_keyboard_lists_the_roll_as_due(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    chooser = active_dialog(qtbot, page, MeetingTypeChooser)
    assert chooser.list.currentItem().text().endswith("主题党日")  # the default, ready for Enter
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    dialog = active_dialog(qtbot, page, MeetingDialog)
    assert dialog.windowTitle() == "新建主题党日"
    assert dialog.focusWidget() is dialog.form.theme_edit
    assert dialog.form.part_checks["study"].isChecked()  # a theme day's usual parts, pre-ticked
    type_text(qtbot, dialog.form.theme_edit, "学习二十届四中全会精神")
    qtbot.keyClicks(dialog.form.start_edit, "1430")
    qtbot.keyClick(dialog.form.theme_edit, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert shown(page) == ["主题党日：学习二十届四中全会精神"]
    with ctx.db.transaction() as session:
        row = meetings.list_meetings(session, ctx.branch_id)[0]
        due = len(meetings.roll_on(session, ctx.branch_id, TODAY))
    assert due == 5
    assert row.figures.due == due and row.starts_at == dt.time(14, 30) and row.parts == ("study", "oath")
    assert page.proxy.index(0, 6).data() == str(due)  # 应到
    assert page.proxy.index(0, 10).data() == "100.0%"
    selected = page.selected_meeting()
    assert selected is not None and selected.id == row.id


def test_a_new_meeting_is_copied_from_last_time_of_the_chosen_type(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext
) -> None:
    add_meeting(
        ctx,
        MeetingType.PARTY_LECTURE,
        OTHER_MONTH,
        place="三楼示教室",
        host="王书记",
        speaker="王书记",
        content="上次的讲稿",
    )
    page.add_button.click()
    chooser = active_dialog(qtbot, page, MeetingTypeChooser)
    qtbot.keyClick(chooser.list, Qt.Key.Key_5)  # the number picks and goes on at once
    dialog = active_dialog(qtbot, page, MeetingDialog)
    form = dialog.form
    assert form.meeting_type() is MeetingType.PARTY_LECTURE
    assert (form.place_edit.text(), form.host_combo.currentText()) == ("三楼示教室", "王书记")
    assert form.content_edit.toPlainText() == ""  # minutes belong to one meeting
    assert form.speaker_combo.isVisible() and not form.group_combo.isVisible()
    assert not form.vote_box.isVisible() and not form.fields["活动内容"].isVisible()
    dialog.reject()


def test_cancelling_the_type_chooser_opens_nothing(qtbot: QtBot, page: MeetingsPage) -> None:
    page.add_button.click()
    chooser = active_dialog(qtbot, page, MeetingTypeChooser)
    qtbot.keyClick(chooser.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert page.model.rowCount() == 0


# --- the form ---------------------------------------------------------------------------------------


def open_new(qtbot: QtBot, ctx: AppContext, kind: MeetingType) -> MeetingDialog:
    with ctx.db.transaction() as session:
        template = meetings.template_for(session, ctx.branch_id, kind, on=TODAY)
    dialog = MeetingDialog(ctx, template=template)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def test_a_refusal_keeps_the_dialog_open_and_names_the_field(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_new(qtbot, ctx, MeetingType.GROUP_MEETING)
    assert dialog.form.group_combo.isVisible()
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "党小组" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.form.group_combo
    assert dialog.form.group_combo.property("invalid") is True
    choose(dialog.form.group_combo, "第一党小组")
    dialog.form.theme_edit.clear()
    dialog.form.content_edit.setPlainText("讨论")
    dialog.save_button.click()
    assert "主题" in dialog.error_label.text() and dialog.focusWidget() is dialog.form.theme_edit
    qtbot.keyClicks(dialog.form.theme_edit, "x")
    qtbot.keyClicks(dialog.form.end_edit, "25:99")
    dialog.save_button.click()
    assert "结束时间" in dialog.error_label.text() and dialog.focusWidget() is dialog.form.end_edit
    dialog.form.end_edit.clear()
    with qtbot.waitSignal(ctx.events.meetings_changed):
        dialog.save_button.click()
    assert dialog.saved is not None and dialog.saved.group_name == "第一党小组"
    assert dialog.saved.figures.due == 1  # 张三, the group's only member


def test_an_error_on_the_content_tab_opens_that_tab(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_new(qtbot, ctx, MeetingType.THEME_DAY)
    dialog.form.guests_edit.setPlainText("甲" * 60)
    dialog.save_button.click()
    assert dialog.tabs.currentWidget() is dialog.form.content_page
    assert "列席人员" in dialog.error_label.text() and dialog.focusWidget() is dialog.form.guests_edit


def test_partner_unit_is_asked_only_for_co_building(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_new(qtbot, ctx, MeetingType.THEME_DAY)
    assert not dialog.form.partner_edit.isVisible()
    dialog.form.part_checks["co_building"].click()
    assert dialog.form.partner_edit.isVisible()
    dialog.save_button.click()
    assert "共建单位" in dialog.error_label.text() and dialog.focusWidget() is dialog.form.partner_edit


def test_the_vote_verdict_follows_the_rule_at_its_edges(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_new(qtbot, ctx, MeetingType.GENERAL_MEETING)
    form = dialog.form
    assert form.vote_box.isVisible() and not form.vote_box.isChecked()
    form.vote_box.setChecked(True)
    for spin, value in ((form.voters_due_spin, 10), (form.voters_present_spin, 5), (form.votes_for_spin, 5)):
        spin.selectAll()
        qtbot.keyClicks(spin, str(value))
    assert "未超过应到 10 人的半数" in form.vote_verdict.text()  # exactly half present is not a quorum
    assert form.vote_verdict.property("valid") is False and "#c62828" in form.vote_verdict.styleSheet()
    form.voters_present_spin.setValue(6)
    assert form.vote_verdict.text().endswith("决议未通过。")  # 5 of 10 due in favour: exactly half
    assert form.vote_verdict.property("valid") is False
    form.votes_for_spin.setValue(6)
    assert form.vote_verdict.text().endswith("表决有效。")
    assert form.vote_verdict.property("valid") is True and "#1b5e20" in form.vote_verdict.styleSheet()
    type_text(qtbot, form.vote_subject_edit, "接收赵六为预备党员")
    dialog.save_button.click()
    assert dialog.saved is not None and dialog.saved.vote is not None and dialog.saved.vote.majority_ok
    assert (dialog.saved.voters_due, dialog.saved.votes_for, dialog.saved.votes_against) == (10, 6, 0)


def test_a_lecture_speaker_picked_from_the_roll_is_linked_typed_names_are_not(
    qtbot: QtBot, ctx: AppContext
) -> None:
    dialog = open_new(qtbot, ctx, MeetingType.PARTY_LECTURE)
    choose(dialog.form.speaker_combo, "张三")
    dialog.save_button.click()
    assert dialog.saved is not None and dialog.saved.speaker == "张三"
    with ctx.db.transaction() as session:
        zhang = next(m for m in roster.list_members(session, ctx.branch_id) if m.name == "张三")
    assert dialog.saved.speaker_member_id == zhang.id
    other = open_new(qtbot, ctx, MeetingType.PARTY_LECTURE)
    line = other.form.speaker_combo.lineEdit()
    assert line is not None
    line.clear()
    type_text(qtbot, line, "市委党校李教授")
    other.save_button.click()
    assert other.saved is not None and other.saved.speaker == "市委党校李教授"
    assert other.saved.speaker_member_id is None


def test_changing_the_type_leaves_the_other_types_data_out(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_new(qtbot, ctx, MeetingType.THEME_DAY)
    choose(dialog.form.type_combo, "支部委员会会议")
    assert not dialog.form.fields["活动内容"].isVisible()
    dialog.save_button.click()  # the theme day's ticked parts would be refused for a 支委会
    assert (
        dialog.saved is not None and dialog.saved.parts == () and dialog.saved.type_label == "支部委员会会议"
    )


# --- list, edit, void -------------------------------------------------------------------------------


def test_enter_edits_the_selected_meeting(qtbot: QtBot, page: MeetingsPage, ctx: AppContext) -> None:
    add_meeting(ctx, MeetingType.THEME_DAY, theme="旧主题")
    page.refresh()
    select(page, "旧主题")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = active_dialog(qtbot, page, MeetingDialog)
    dialog.form.theme_edit.setText("新主题")
    qtbot.keyClick(dialog.form.theme_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert shown(page) == ["新主题"]


def test_voiding_hides_the_meeting_and_keeps_it(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = add_meeting(ctx, MeetingType.THEME_DAY, theme="录重了")
    add_meeting(ctx, MeetingType.THEME_DAY, theme="保留")
    page.refresh()
    asked: list[str] = []

    def confirm(_parent: object, _title: str, text: str, **_kwargs: object) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("重复录入", True))
    select(page, "录重了")
    page.void_button.click()
    assert asked and "仍保存在数据库中" in asked[0]
    assert shown(page) == ["保留"]
    with ctx.db.transaction() as session:
        kept = {m.id: m for m in meetings.list_meetings(session, ctx.branch_id, include_voided=True)}
    assert kept[meeting_id].voided and kept[meeting_id].void_reason == "重复录入"
    page.voided_check.click()
    assert sorted(shown(page)) == ["保留", "录重了"]
    row = shown(page).index("录重了")
    assert page.proxy.index(row, 1).data() == "主题党日（已作废）"
    assert page.proxy.index(row, 3).data(Qt.ItemDataRole.ForegroundRole).color() == VOIDED_COLOUR
    page.table.selectRow(row)
    assert not page.void_button.isEnabled() and not page.sign_in_button.isEnabled()


def test_voiding_needs_the_confirmation_and_a_reason(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_meeting(ctx, MeetingType.THEME_DAY, theme="留着")
    page.refresh()
    errors = record_warnings(monkeypatch)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: False)
    select(page, "留着")
    page.void_button.click()
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("  ", True))
    page.void_button.click()
    assert errors == ["请填写作废原因。"]
    assert shown(page) == ["留着"]


def test_month_type_and_search_filters(qtbot: QtBot, page: MeetingsPage, ctx: AppContext) -> None:
    add_meeting(ctx, MeetingType.THEME_DAY, theme="学习党章")
    add_meeting(ctx, MeetingType.COMMITTEE_MEETING, theme="研究发展党员工作")
    add_meeting(ctx, MeetingType.PARTY_LECTURE, OTHER_MONTH, theme="专题党课", speaker="王书记")
    page.refresh()
    assert sorted(shown(page)) == ["学习党章", "研究发展党员工作"]  # this month by default
    assert page.count_label.text() == f"{TODAY.year}年{TODAY.month}月共 2 次"
    choose(page.month_combo, "全年")
    assert len(shown(page)) == 3
    assert shown(page)[-1] == "专题党课" or OTHER_MONTH > TODAY  # newest first
    choose(page.type_combo, "党课")
    assert shown(page) == ["专题党课"]
    choose(page.type_combo, "全部类型")
    type_text(qtbot, page.search_edit, "发展")
    assert shown(page) == ["研究发展党员工作"]
    page.search_edit.clear()
    choose(page.month_combo, f"{OTHER_MONTH.month}月")
    assert shown(page) == ["专题党课"]
    choose(page.year_combo, f"{TODAY.year - 1}年")
    assert shown(page) == [] and "没有会议记录" in page.count_label.text()


def test_page_reloads_when_meetings_change_elsewhere(page: MeetingsPage, ctx: AppContext) -> None:
    add_meeting(ctx, MeetingType.THEME_DAY, theme="别处录入")
    assert shown(page) == []
    ctx.events.meetings_changed.emit()
    assert shown(page) == ["别处录入"]


# --- printing and the written record ----------------------------------------------------------------


def test_word_record_is_written_where_the_user_chooses(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_meeting(ctx, MeetingType.THEME_DAY, theme="学习党章", content="一、集体学习党章。")
    page.refresh()
    offered: list[str] = []

    def choose_file(_parent: object, _title: str, name: str, _filter: str) -> tuple[str, str]:
        offered.append(name)
        return str(tmp_path / "十一月主题党日"), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose_file)
    select(page, "学习党章")
    page.print_actions["record_docx"].trigger()
    target = tmp_path / "十一月主题党日.docx"
    assert target.is_file()
    assert Path(offered[0]).name == f"{TODAY:%Y-%m-%d}_内科第七党支部主题党日活动记录.docx"
    docx = pytest.importorskip("docx")
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "学习党章" in text and "一、集体学习党章。" in text
    assert str(target) in page.status_label.text()


def test_sign_in_sheet_saved_as_pdf(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_meeting(ctx, MeetingType.THEME_DAY, theme="学习党章")
    page.refresh()
    offered: list[str] = []

    def choose_file(_parent: object, _title: str, name: str, _filter: str) -> tuple[str, str]:
        offered.append(name)
        return str(tmp_path / "签到表.pdf"), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose_file)
    select(page, "学习党章")
    page.print_actions["sheet_pdf"].trigger()
    assert (tmp_path / "签到表.pdf").read_bytes().startswith(b"%PDF")
    assert Path(offered[0]).name == f"{TODAY:%Y-%m-%d}_内科第七党支部主题党日签到表.pdf"


def test_print_actions_hand_the_documents_to_the_printing_code(
    qtbot: QtBot, page: MeetingsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_meeting(ctx, MeetingType.THEME_DAY, theme="计划中的党日", planned=True)
    page.refresh()
    calls: list[tuple[str, Any]] = []
    real = meeting_documents.printing

    def fake(name: str) -> Any:
        if name in ("sheet", "record"):
            return real(name)
        return lambda document, _where: calls.append((name, document))

    monkeypatch.setattr(meeting_documents, "printing", fake)
    select(page, "计划中的党日")
    page.print_actions["sheet_preview"].trigger()
    page.print_actions["record_preview"].trigger()
    assert [name for name, _doc in calls] == ["sheet_preview", "record_preview"]
    sheet, record = calls[0][1], calls[1][1]
    assert sheet.title.endswith("主题党日签到表") and sheet.due is None  # planned: a blank sheet
    assert record.theme == "计划中的党日"


def test_table_model_passes_the_model_tester(qtmodeltester, page: MeetingsPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    add_meeting(ctx, MeetingType.THEME_DAY)
    page.voided_check.setChecked(True)
    assert isinstance(page.model, MeetingTableModel) and page.model.rowCount() == 1
    qtmodeltester.check(page.model)


def test_groups_of_the_branch_are_offered_for_a_group_meeting(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.db.transaction() as session:
        names = [g.name for g in groups.list_groups(session, ctx.branch_id)]
    dialog = open_new(qtbot, ctx, MeetingType.GROUP_MEETING)
    offered = [dialog.form.group_combo.itemText(i) for i in range(dialog.form.group_combo.count())]
    assert offered == ["（请选择党小组）", *names]


def test_esc_asks_before_throwing_away_unsaved_edits(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = {"value": False}
    monkeypatch.setattr(
        messages, "confirm", lambda _p, title, *_a, **_k: asked.append(title) or answer["value"]
    )
    dialog = open_new(qtbot, ctx, MeetingType.THEME_DAY)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed yet: closes without a question
    assert asked == [] and not dialog.isVisible()

    dialog = open_new(qtbot, ctx, MeetingType.THEME_DAY)
    dialog.form.place_edit.setText("示教室B")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["放弃修改"] and dialog.isVisible()  # answered no: still open, edit kept
    assert dialog.form.place_edit.text() == "示教室B"
    answer["value"] = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
