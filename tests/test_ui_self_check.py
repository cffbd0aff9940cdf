"""The 年度自查 page: counts, marks and rates as the service computes them, the year selector, what
is missing now, and the rules dialog (a dated change moves the year view; a bad value is refused)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from branchdesk.db import Database
from branchdesk.models import MeetingType
from branchdesk.paths import DataPaths
from branchdesk.services import groups, meetings, org_life_check, roster, rules
from branchdesk.services.org_life_check import PeriodStatus
from tests.factories import TODAY, setup_branch
from tests.qt_helpers import make_context, show_active

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.rules_dialog import RulesDialog
from branchdesk.ui.pages.self_check_page import SelfCheckPage
from branchdesk.ui.tablemodels.self_check import (
    FIRST_MONTH_COLUMN,
    ON_TIME_COLUMN,
    RATE_COLUMN,
    STATUS_LOOK,
    SelfCheckLine,
)

T = MeetingType
EARLY = dt.date(2025, 1, 1)


def hold(
    session: Session, branch_id: int, kind: MeetingType, day: dt.date, group_id: int | None = None
) -> None:
    speaker = "外请专家" if kind is T.PARTY_LECTURE else ""
    data = meetings.MeetingInput(type=kind, held_on=day, theme="学习", group_id=group_id, speaker=speaker)
    meetings.create_meeting(session, branch_id, data, today=TODAY)


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    """2026 with gaps: theme days in Jan-Mar and May, 党员大会 in Feb and Aug, 党课 in May and Jul,
    two groups (the first met in January only)."""
    db = Database(data_paths.database)
    with db.transaction() as session:
        branch_id = setup_branch(session)
        first = groups.add_group(session, branch_id, "第一党小组").id
        second = groups.add_group(session, branch_id, "第二党小组").id
        for name, group_id in (("王一", first), ("王二", second)):
            data = roster.MemberInput(
                name=name,
                joined_on=dt.date(2010, 7, 1),
                full_member_on=dt.date(2011, 7, 1),
                group_id=group_id,
            )
            roster.add_member(session, branch_id, data, today=EARLY, on_roll_from=EARLY)
        for day in (dt.date(2026, 1, 10), dt.date(2026, 2, 10), dt.date(2026, 3, 10), dt.date(2026, 3, 28)):
            hold(session, branch_id, T.THEME_DAY, day)
        hold(session, branch_id, T.THEME_DAY, dt.date(2026, 5, 10))
        hold(session, branch_id, T.GENERAL_MEETING, dt.date(2026, 2, 20))
        hold(session, branch_id, T.GENERAL_MEETING, dt.date(2026, 8, 20))
        hold(session, branch_id, T.PARTY_LECTURE, dt.date(2026, 5, 12))
        hold(session, branch_id, T.PARTY_LECTURE, dt.date(2026, 7, 12))
        hold(session, branch_id, T.GROUP_MEETING, dt.date(2026, 1, 15), group_id=first)
    context = make_context(db, data_paths, tmp_path, branch_id)
    yield context
    db.dispose()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> SelfCheckPage:
    widget = SelfCheckPage(ctx)
    widget.today = lambda: TODAY
    qtbot.addWidget(widget)
    widget.resize(1198, 684)
    show_active(qtbot, widget)
    return widget


def titles(page: SelfCheckPage) -> list[str]:
    return [line.row.title for line in page.model.rows()]


def row_number(page: SelfCheckPage, title: str) -> int:
    return titles(page).index(title)


def cells(page: SelfCheckPage, title: str) -> list[str]:
    """1月..12月 as shown."""
    row = row_number(page, title)
    return [page.model.index(row, FIRST_MONTH_COLUMN + m).data() for m in range(12)]


def background(page: SelfCheckPage, title: str, month: int) -> str | None:
    brush = page.model.index(row_number(page, title), FIRST_MONTH_COLUMN + month - 1).data(
        Qt.ItemDataRole.BackgroundRole
    )
    return brush.color().name() if isinstance(brush, QBrush) else None


def test_year_with_gaps_shows_counts_marks_and_the_service_figures(
    page: SelfCheckPage, ctx: AppContext
) -> None:
    assert page.year == 2026
    assert cells(page, "主题党日") == ["1 ✓", "1 ✓", "2 ✓", "0 ✗", "1 ✓", *["0 ✗"] * 5, "0 …", "—"]
    assert background(page, "主题党日", 1) == STATUS_LOOK[PeriodStatus.MET].background
    assert background(page, "主题党日", 4) == STATUS_LOOK[PeriodStatus.MISSED].background
    assert background(page, "主题党日", 11) == STATUS_LOOK[PeriodStatus.OPEN].background
    # A quarterly minimum: the mark beside the meeting that met it, at the end of a missed quarter.
    assert cells(page, "支部党员大会") == ["0", "1 ✓", "0", "0", "0", "0 ✗", "0", "1 ✓", "0", "0", "0 …", "—"]
    assert background(page, "支部党员大会", 1) is None  # no colour without a mark
    assert cells(page, "党小组会（第一党小组）")[:3] == ["1 ✓", "0 ✗", "0 ✗"]
    assert "党小组会（第二党小组）" in titles(page)
    assert titles(page).index("书记讲党课") == titles(page).index("党课") + 1

    with ctx.db.transaction() as session:
        check = org_life_check.year_check(session, ctx.branch_id, 2026, today=TODAY)
    for service_row in check.rows:
        row = row_number(page, service_row.title)
        on_time = str(service_row.on_time_months) if service_row.periods_due else "—"  # nothing required
        assert page.model.index(row, ON_TIME_COLUMN).data() == on_time
        assert page.model.index(row, RATE_COLUMN).data() == service_row.rate_text
    committee = row_number(page, "支部委员会会议")  # a secretary alone is no committee: nothing required
    assert page.model.index(committee, 1).data() == "不作要求"
    assert cells(page, "支部委员会会议")[:11] == [""] * 11
    assert page.model.index(row_number(page, "主题党日"), RATE_COLUMN).data() == "36.4%"
    assert page.model.index(row_number(page, "支部党员大会"), RATE_COLUMN).data() == "50%"

    def rate_colour(title: str) -> str:
        brush = page.model.index(row_number(page, title), RATE_COLUMN).data(Qt.ItemDataRole.ForegroundRole)
        return brush.color().name()

    assert rate_colour("主题党日") == STATUS_LOOK[PeriodStatus.MISSED].foreground  # a month was missed
    assert rate_colour("组织生活会") == STATUS_LOOK[PeriodStatus.OPEN].foreground  # 0%, but the year runs on


def test_what_is_missing_now_is_listed_under_the_table(page: SelfCheckPage) -> None:
    assert page.missing_box.isVisible()
    text = page.missing_label.text()
    assert "本月尚未开展主题党日" in text
    assert "第一党小组本月尚未召开党小组会" in text
    assert "书记今年尚未讲党课" in text


def test_the_year_is_chosen_by_keyboard(qtbot: QtBot, page: SelfCheckPage) -> None:
    page.year_spin.setFocus()
    qtbot.keyClick(page.year_spin, Qt.Key.Key_Down)
    assert page.year == 2025
    assert page.title_label.text().startswith("2025年全年")
    assert cells(page, "主题党日") == ["0 ✗"] * 12  # every month of a past year is due
    assert not page.missing_box.isVisible()  # "missing now" is about this year only


def open_rules(qtbot: QtBot, page: SelfCheckPage) -> RulesDialog:
    qtbot.mouseClick(page.rules_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_a_dated_rule_change_moves_the_year_view_from_that_month(
    qtbot: QtBot, page: SelfCheckPage, ctx: AppContext
) -> None:
    before = cells(page, "党课")
    assert before == ["0", "0", "0 ✗", "0", "1 ✓", "0", "1 ✓", "0", "0", "0", "0 …", "—"]
    dialog = open_rules(qtbot, page)
    dialog.select_rule("minimum.party_lecture")
    assert dialog.rule_label.text() == "党课最低次数"
    dialog.period_combo.setCurrentIndex(dialog.period_combo.findData("month"))
    assert dialog.count_spin.value() == 1
    dialog.date_field.setFocus()
    dialog.date_field.selectAll()
    qtbot.keyClicks(dialog.date_field, "2026-07-01")
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Return)  # Enter saves
    assert dialog.changed
    assert dialog.saved_label.text().startswith("已保存：党课最低次数　每月至少 1 次，自 2026-07-01 起生效")
    assert [(r.effective_from, r.value_text) for r in dialog.history_table.rows_model.rows()] == [
        (dt.date(2026, 7, 1), "每月至少 1 次")
    ]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.active_dialog is None)

    assert cells(page, "党课") == ["0", "0", "0 ✗", "0", "1 ✓", "0", "1 ✓", "0 ✗", "0 ✗", "0 ✗", "0 …", "—"]
    line: SelfCheckLine = page.model.rows()[row_number(page, "党课")]
    assert line.row.rule_text == "每季度至少 1 次；每月至少 1 次"
    with ctx.db.transaction() as session:
        assert rules.get_minimum(session, T.PARTY_LECTURE, dt.date(2026, 6, 30)).per == "quarter"
        assert rules.get_minimum(session, T.PARTY_LECTURE, dt.date(2026, 7, 1)).per == "month"


def test_rules_dialog_refuses_a_bad_value_and_names_the_rule(
    qtbot: QtBot, page: SelfCheckPage, ctx: AppContext
) -> None:
    dialog = open_rules(qtbot, page)
    dialog.select_rule("inactive_warn_months")
    assert dialog.number_spin.isVisible()
    dialog.number_spin.setFocus()
    dialog.number_spin.selectAll()
    qtbot.keyClicks(dialog.number_spin, "9")  # later than the 6-month alarm
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "连续未参加组织生活提醒（月）" in dialog.error_label.text()
    assert not dialog.changed
    assert dialog.focusWidget() is dialog.number_spin  # the named field, ready to correct

    dialog.select_rule("probation_due_days")
    dialog.number_spin.selectAll()
    qtbot.keyClicks(dialog.number_spin, "500")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "预备党员转正提前提醒（天）" in dialog.error_label.text()
    with ctx.db.transaction() as session:
        assert rules.get_int(session, "inactive_warn_months", TODAY) == 3
        assert rules.get_int(session, "probation_due_days", TODAY) == 30
        assert rules.rule_history(session, "inactive_warn_months") == []


def test_rules_dialog_shows_every_rule_with_the_value_in_force(qtbot: QtBot, page: SelfCheckPage) -> None:
    dialog = open_rules(qtbot, page)
    shown = dialog.rules_table.rows_model.rows()
    assert [s.key for s in shown] == list(rules.DEFAULT_RULES)
    assert [s.label for s in shown] == [rules.RULE_LABELS[k] for k in rules.DEFAULT_RULES]
    dialog.select_rule("minimum.theme_day")
    assert dialog.current_label.text() == "现行值：每月至少 1 次（出厂默认）"
    assert dialog.date_field.date() == TODAY.replace(day=1)  # this month on: past months keep their rule
