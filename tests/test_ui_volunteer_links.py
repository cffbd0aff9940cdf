"""The link from 组织生活's side (a theme day's 志愿服务 button: new event filled from the day, link,
unlink) and the managed lists on the 志愿服务 page (共建单位 add/archive/delete, 服务类别 add/rename)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from branchdesk.models import AttendanceStatus, MeetingType
from branchdesk.paths import DataPaths
from branchdesk.services import meetings, roster, volunteer, volunteer_lists
from branchdesk.services.volunteer_rules import ParticipantInput, VolunteerEventInput
from tests.qt_helpers import build_context, show_active, type_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs import volunteer_link_dialog as link_dialog
from branchdesk.ui.dialogs.meeting_dialog import MeetingDialog
from branchdesk.ui.dialogs.partner_dialog import PartnerDialog
from branchdesk.ui.dialogs.volunteer_dialog import VolunteerDialog
from branchdesk.ui.dialogs.volunteer_link_dialog import VolunteerLinkDialog
from branchdesk.ui.pages.meetings_page import MeetingsPage
from branchdesk.ui.pages.volunteer_page import KINDS_TAB, PARTNERS_TAB, VolunteerPage

TODAY = dt.date.today()
DAY = TODAY  # build_context's members come on the roll today


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(data_paths, tmp_path)
    yield context
    context.db.dispose()


def _theme_day(ctx: AppContext, **values: object) -> tuple[int, list[int]]:
    """A theme day held today with 李四 on leave; returns its id and who came."""
    with ctx.db.transaction() as session:
        data = meetings.MeetingInput(
            type=MeetingType.THEME_DAY,
            held_on=DAY,
            starts_at=dt.time(8, 30),
            ends_at=dt.time(11, 30),
            theme="主题党日：走进实验小学义诊",
            parts=("volunteer", "co_building"),
            partner_unit="示范市实验小学",
            **values,  # type: ignore[arg-type]
        )
        meeting = meetings.create_meeting(session, ctx.branch_id, data)
        roll = meetings.attendance(session, meeting.id)
        li = next(e.member_id for e in roll if e.name == "李四")
        meetings.mark(session, meeting.id, li, AttendanceStatus.LEAVE, reason="值班")
        return meeting.id, [e.member_id for e in roll if e.member_id != li]


def test_a_theme_days_volunteer_button_records_a_linked_event_with_who_came(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id, came = _theme_day(ctx)
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    show_active(qtbot, page)
    assert page.select_meeting(meeting_id) and page.volunteer_button.isEnabled()
    page.volunteer_button.click()
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, VolunteerLinkDialog))
    links = page.active_dialog
    assert isinstance(links, VolunteerLinkDialog)
    assert links.table.rows_model.rowCount() == 0

    links.new_button.click()
    qtbot.waitUntil(lambda: isinstance(links.active_dialog, VolunteerDialog))
    form = links.active_dialog
    assert isinstance(form, VolunteerDialog)
    assert form.form.title_edit.text() == "走进实验小学义诊"
    assert form.form.kind_combo.currentText() == "义诊"
    assert form.form.meeting_combo.currentData() == meeting_id
    assert "示范市实验小学" in form.form.partner_hint.text()  # not in the list yet: said, not added
    assert sorted(p.member_id for p in form.participants.model.rows()) == sorted(came)
    form.accept()
    qtbot.waitUntil(lambda: links.active_dialog is None)
    assert [r.title for r in links.table.rows_model.rows()] == ["走进实验小学义诊"]
    assert "已登记" in links.status_label.text()

    asked: list[str] = []
    monkeypatch.setattr(link_dialog, "ask_unlink", lambda _p, title: asked.append(title) or True)
    links.unlink_button.click()
    assert asked == ["走进实验小学义诊"] and links.table.rows_model.rowCount() == 0
    assert links.candidates.currentText().startswith(f"{DAY:%Y-%m-%d}")
    assert "走进实验小学义诊" in links.candidates.currentText()
    links.link_button.click()
    assert links.table.rows_model.rowCount() == 1
    links.reject()
    qtbot.waitUntil(lambda: page.active_dialog is None)

    # The link seen from the meeting: the list's button counts it, the theme day's form names it.
    assert page.select_meeting(meeting_id)
    assert page.volunteer_button.text() == "志愿服务（已关联 1 项）(&Y)"
    form = MeetingDialog(ctx, meeting_id)
    qtbot.addWidget(form)
    shown = form.form.linked_label.text()
    assert "义诊“走进实验小学义诊”" in shown and f"{len(came)} 人参加" in shown
    assert form.form.basic_form.isRowVisible(form.form.linked_label)


def test_the_unlink_question_says_解除关联_or_保留_and_keeps_by_default(qtbot: QtBot) -> None:
    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([b.text() for b in box.buttons()])
        qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: keep

    QTimer.singleShot(0, answer)
    assert link_dialog.ask_unlink(None, "义诊") is False
    assert sorted(seen[0]) == sorted(["解除关联", "保留"])


def test_the_button_is_only_for_theme_days_and_a_voided_days_links_only_show(
    qtbot: QtBot, ctx: AppContext
) -> None:
    meeting_id, came = _theme_day(ctx)
    with ctx.db.transaction() as session:
        kind = volunteer_lists.kind_id_named(session, "义诊")
        people = (ParticipantInput(member_id=came[0]),)
        data = VolunteerEventInput(
            "义诊", kind, DAY, dt.time(8), dt.time(9), meeting_id=meeting_id, participants=people
        )
        volunteer.create_event(session, ctx.branch_id, data)
        lecture = meetings.MeetingInput(
            type=MeetingType.PARTY_LECTURE, held_on=DAY, theme="党课", speaker="王书记"
        )
        lecture_id = meetings.create_meeting(session, ctx.branch_id, lecture).id
        meetings.void_meeting(session, meeting_id, on=TODAY, reason="日期录错")
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    page.voided_check.setChecked(True)
    assert page.select_meeting(lecture_id) and not page.volunteer_button.isEnabled()
    assert page.select_meeting(meeting_id) and page.volunteer_button.isEnabled()
    page.volunteer_button.click()
    links = page.active_dialog
    assert isinstance(links, VolunteerLinkDialog)
    assert links.table.rows_model.rowCount() == 1
    assert not links.new_button.isEnabled() and not links.unlink_button.isEnabled()
    assert "已作废" in links.status_label.text()
    links.reject()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> VolunteerPage:
    widget = VolunteerPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1186, 700)
    show_active(qtbot, widget)
    return widget


def test_partner_units_are_added_archived_and_only_unused_ones_deleted(
    qtbot: QtBot, page: VolunteerPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.tabs.setCurrentIndex(PARTNERS_TAB)
    tab = page.partners_tab
    dialog = PartnerDialog(ctx, parent=tab)
    type_text(qtbot, dialog.name_edit, "示范市实验小学")
    dialog.kind_combo.setCurrentText("学校")
    qtbot.keyClicks(dialog.phone_edit, "13800138000")
    dialog.accept()
    assert dialog.saved is not None
    tab.refresh()
    assert [(p.name, p.phone_masked) for p in tab.table.rows_model.rows()] == [
        ("示范市实验小学", "138****8000")
    ]
    assert tab.remove_button.isEnabled()  # never used: may be deleted

    with ctx.db.transaction() as session:
        member = roster.list_members(session, ctx.branch_id)[0].id
        kind = volunteer_lists.kind_id_named(session, "进校园")
        data = VolunteerEventInput(
            "进校园", kind, DAY, dt.time(9), dt.time(10), partner_unit_id=dialog.saved.id,
            participants=(ParticipantInput(member_id=member),),
        )  # fmt: skip
        volunteer.create_event(session, ctx.branch_id, data)
    tab.refresh()
    assert not tab.remove_button.isEnabled()  # used: archive only
    tab.archive_button.click()
    assert tab.table.rows_model.rowCount() == 0 and "已停用" in tab.status_label.text()
    tab.archived_check.setChecked(True)
    assert tab.archive_button.text().startswith("恢复使用")

    refused: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, text, *a: refused.append(text)
    )
    tab.remove_button.setEnabled(True)
    tab.remove_button.click()  # even if the button were enabled, the service keeps a used unit
    assert refused and "不能删除" in refused[0]


def test_kinds_are_added_and_renamed_from_the_list(
    qtbot: QtBot, page: VolunteerPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.tabs.setCurrentIndex(KINDS_TAB)
    tab = page.kinds_tab
    assert [k.name for k in tab.table.rows_model.rows()][:2] == ["义诊", "健康科普/讲座"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("心理疏导", True))
    tab.add_button.click()
    assert tab.table.rows_model.rows()[-1].name == "心理疏导"
    tab.table.select_where(lambda k: k.name == "心理疏导")
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("心理健康服务", True))
    tab.rename_button.click()
    assert "心理健康服务" in [k.name for k in tab.table.rows_model.rows()]
    tab.archive_button.click()
    assert "心理健康服务" not in [k.name for k in tab.table.rows_model.rows()]
