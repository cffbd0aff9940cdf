"""The 概览 page: the branch header, reminders grouped alarm → warn → info, lines that open the
member or the 组织生活 page by mouse or keyboard, and re-reading after changes made elsewhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from PySide6.QtCore import Qt

from branchdesk.db import Database
from branchdesk.models import AttendanceStatus, CommitteeRole, MeetingType, MemberCategory
from branchdesk.paths import DataPaths
from branchdesk.services import branches, groups, meetings, roster
from branchdesk.services.org_life_check import Level
from branchdesk.services.reminders import ReminderKind
from tests.factories import TODAY, setup_branch
from tests.qt_helpers import make_context, show_active

from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.overview_page import ITEM_ROLE, OverviewPage

EARLY = dt.date(2025, 1, 1)
LEVEL_ORDER = [Level.ALARM, Level.WARN, Level.INFO]


def add(
    session: Session,
    branch_id: int,
    name: str,
    *,
    group_id: int | None = None,
    joined_on: dt.date = dt.date(2010, 7, 1),
    full_member_on: dt.date = dt.date(2011, 7, 1),
) -> int:
    """A full member on the roll since EARLY."""
    data = roster.MemberInput(
        name=name, group_id=group_id, joined_on=joined_on, full_member_on=full_member_on
    )
    return roster.add_member(session, branch_id, data, today=EARLY, on_roll_from=EARLY).id


def theme_day(session: Session, branch_id: int, day: dt.date, absent: set[int]) -> int:
    """A theme day recorded through the meetings service, `absent` marked 缺席."""
    data = meetings.MeetingInput(type=MeetingType.THEME_DAY, held_on=day, theme="主题党日")
    meeting_id = meetings.create_meeting(session, branch_id, data, today=TODAY).id
    for member_id in absent:
        meetings.mark(session, meeting_id, member_id, AttendanceStatus.ABSENT)
    return meeting_id


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    """A branch with a committee and a group: 李明 last came in May (6 months: alarm), 王芳 in August
    (3 months: warning), 赵敏's 转正 is due in 6 days, 陈静 joined in November (政治生日)."""
    db = Database(data_paths.database)
    with db.transaction() as session:
        branch_id = setup_branch(session)
        group = groups.add_group(session, branch_id, "第一党小组")
        li = add(session, branch_id, "李明", group_id=group.id)
        wang = add(session, branch_id, "王芳")
        add(session, branch_id, "陈静", joined_on=dt.date(2006, 11, 3), full_member_on=dt.date(2007, 11, 3))
        for name, role in (
            ("组织委员甲", CommitteeRole.ORGANISATION),
            ("宣传委员乙", CommitteeRole.PUBLICITY),
        ):
            member_id = add(session, branch_id, name)
            branches.set_committee_post(session, branch_id, member_id, role, started_on=dt.date(2024, 3, 1))
        probationary = roster.MemberInput(
            name="赵敏", category=MemberCategory.PROBATIONARY, joined_on=dt.date(2025, 12, 1)
        )
        roster.add_member(session, branch_id, probationary, today=TODAY, on_roll_from=dt.date(2025, 12, 1))
        theme_day(session, branch_id, dt.date(2026, 5, 20), set())
        theme_day(session, branch_id, dt.date(2026, 8, 20), {li})
        theme_day(session, branch_id, dt.date(2026, 11, 10), {li, wang})
    context = make_context(db, data_paths, tmp_path, branch_id)
    yield context
    db.dispose()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> OverviewPage:
    widget = OverviewPage(ctx)
    widget.today = lambda: TODAY
    qtbot.addWidget(widget)
    widget.resize(1198, 684)
    show_active(qtbot, widget)
    return widget


def texts(page: OverviewPage) -> list[str]:
    return [item.text for item in page.lines()]


def row_of(page: OverviewPage, starts: str) -> int:
    for row in range(page.list.count()):
        item = page.list.item(row).data(ITEM_ROLE)
        if item is not None and item.text.startswith(starts):
            return row
    raise AssertionError(f"no line starting {starts!r} in {texts(page)}")


def test_header_names_branch_members_groups_and_today(page: OverviewPage) -> None:
    assert page.branch_label.text() == "内科第七党支部"
    assert page.facts_label.text() == "书记 张三　·　在册党员 7 人　·　党小组 1 个"
    assert page.date_label.text() == "今天是 2026年11月25日 星期三"
    assert "需要注意 1 项" in page.summary_label.text()


def test_six_months_without_organisational_life_is_an_alarm_and_missing_committee_a_line(
    page: OverviewPage,
) -> None:
    lines = page.lines()
    alarm = lines[0]
    assert alarm.level is Level.ALARM
    assert alarm.text.startswith("李明已连续 6 个月未参加组织生活（最近一次参加：2026-05-20）")
    assert "自行脱党风险" in alarm.text
    warned = [i.text for i in lines if i.kind is ReminderKind.INACTIVE and i.level is Level.WARN]
    assert warned == ["王芳已连续 3 个月未参加组织生活（最近一次参加：2026-08-20）"]
    assert "本月尚未召开支部委员会会议" in texts(page)
    assert any(t.startswith("预备党员赵敏预备期将于 2026-12-01 届满") for t in texts(page))
    assert any(t.startswith("陈静 11月3日过政治生日") for t in texts(page))


def test_lines_come_alarm_then_warn_then_info_under_their_headings(page: OverviewPage) -> None:
    levels = [item.level for item in page.lines()]
    assert levels == sorted(levels, key=LEVEL_ORDER.index)
    assert set(levels) == set(LEVEL_ORDER)
    counts = {level: levels.count(level) for level in LEVEL_ORDER}
    assert page.headings() == [
        f"需要注意（{counts[Level.ALARM]} 项）",
        f"提醒（{counts[Level.WARN]} 项）",
        f"提示（{counts[Level.INFO]} 项）",
    ]
    first_heading = page.list.item(0)
    assert first_heading.text().startswith("需要注意")
    assert not first_heading.flags() & Qt.ItemFlag.ItemIsSelectable  # headings are not lines to open


def test_clicking_a_member_line_asks_for_that_member(
    qtbot: QtBot, page: OverviewPage, ctx: AppContext
) -> None:
    row = row_of(page, "李明已连续")
    item = page.list.item(row)
    page.list.scrollToItem(item)
    with qtbot.waitSignal(ctx.events.member_requested, timeout=2000) as blocker:
        qtbot.mouseClick(
            page.list.viewport(), Qt.MouseButton.LeftButton, pos=page.list.visualItemRect(item).center()
        )
    assert blocker.args == [item.data(ITEM_ROLE).member_id]


def test_enter_on_the_missing_committee_line_asks_for_a_new_committee_meeting(
    qtbot: QtBot, page: OverviewPage, ctx: AppContext
) -> None:
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Home)
    assert page.selected_item() is not None  # the keyboard lands on a line, not on a heading
    target = row_of(page, "本月尚未召开支部委员会会议")
    for _ in range(page.list.count()):
        if page.list.currentRow() == target:
            break
        qtbot.keyClick(page.list, Qt.Key.Key_Down)
    assert page.list.currentRow() == target
    with qtbot.waitSignal(ctx.events.new_meeting_requested, timeout=2000) as blocker:
        qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert blocker.args == [MeetingType.COMMITTEE_MEETING.value, 0]


def test_a_missing_group_meeting_line_names_its_group(
    qtbot: QtBot, page: OverviewPage, ctx: AppContext
) -> None:
    line = next(i for i in page.lines() if i.text.endswith("本月尚未召开党小组会"))
    with qtbot.waitSignal(ctx.events.new_meeting_requested, timeout=2000) as blocker:
        page.open_item(line)
    assert blocker.args[0] == MeetingType.GROUP_MEETING.value
    assert blocker.args[1] == line.group_id and line.group_id


def test_a_committee_meeting_recorded_elsewhere_clears_the_line(page: OverviewPage, ctx: AppContext) -> None:
    assert "本月尚未召开支部委员会会议" in texts(page)
    with ctx.db.transaction() as session:
        data = meetings.MeetingInput(
            type=MeetingType.COMMITTEE_MEETING, held_on=dt.date(2026, 11, 20), theme="支委会"
        )
        meetings.create_meeting(session, ctx.branch_id, data, today=TODAY)
    ctx.events.meetings_changed.emit()
    assert "本月尚未召开支部委员会会议" not in texts(page)


def test_a_hidden_page_reads_again_when_shown(qtbot: QtBot, page: OverviewPage, ctx: AppContext) -> None:
    page.hide()
    with ctx.db.transaction() as session:
        wang = next(m.id for m in roster.list_members(session, ctx.branch_id) if m.name == "王芳")
        data = meetings.MeetingInput(
            type=MeetingType.PARTY_LECTURE, held_on=dt.date(2026, 11, 24), theme="党课", speaker="张三"
        )
        meeting_id = meetings.create_meeting(session, ctx.branch_id, data, today=TODAY).id
        assert wang in {e.member_id for e in meetings.attendance(session, meeting_id)}
    assert any(t.startswith("王芳已连续") for t in texts(page))  # hidden: not re-read yet
    page.show()
    qtbot.waitExposed(page)
    assert not any(t.startswith("王芳已连续") for t in texts(page))


def test_a_post_nobody_holds_appears_when_posts_change_and_leads_to_the_posts_page(
    qtbot: QtBot, page: OverviewPage, ctx: AppContext
) -> None:
    from branchdesk.models import Post, PostKind

    assert not [i for i in page.lines() if i.kind is ReminderKind.POST]
    with ctx.db.transaction() as session:
        session.add(Post(branch_id=ctx.branch_id, kind=PostKind.MODEL, name="心内科党员示范岗"))
    ctx.events.posts_changed.emit()
    qtbot.waitUntil(lambda: "心内科党员示范岗目前没有在岗党员，请补充岗位人员或撤岗" in texts(page))
    page.list.setFocus()
    page.list.setCurrentRow(row_of(page, "心内科党员示范岗目前没有在岗党员，请补充岗位人员或撤岗"))
    with qtbot.waitSignal(ctx.events.page_requested, timeout=2000) as blocker:
        qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert blocker.args == ["posts"]
