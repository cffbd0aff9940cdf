"""Overview reminders: 自行脱党 risk, 转正, 换届, 政治生日, 光荣在党50年, and what is missing now."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from branchdesk.models import AttendanceStatus, MeetingType, MemberCategory, MemberStatus
from branchdesk.services import branches, meetings, reminders, roster, rules
from branchdesk.services.org_life_check import Level
from branchdesk.services.reminders import ReminderKind
from tests.factories import TODAY, setup_branch

EARLY = dt.date(2025, 1, 1)


@pytest.fixture
def branch_id(session: Session) -> int:
    """A branch whose secretary came on the roll today, so only the members a test adds can lapse."""
    return setup_branch(session, secretary_dates=False)


def add(
    session: Session,
    branch_id: int,
    name: str,
    *,
    on: dt.date = EARLY,
    joined: dt.date = dt.date(2010, 7, 1),
    full: dt.date | None = dt.date(2011, 7, 1),
    probationary: bool = False,
) -> int:
    """A member who came on the roll on `on`."""
    data = roster.MemberInput(
        name=name,
        joined_on=joined,
        full_member_on=None if probationary else full,
        category=MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL,
    )
    return roster.add_member(session, branch_id, data, today=on, on_roll_from=on).id


def meeting(
    session: Session,
    branch_id: int,
    day: dt.date,
    present: set[int],
    *,
    late: frozenset[int] = frozenset(),
    planned: bool = False,
) -> int:
    """A theme day on `day` where only `present` (and `late`) came; everyone else is marked 缺席."""
    data = meetings.MeetingInput(type=MeetingType.THEME_DAY, held_on=day, theme="主题党日", planned=planned)
    meeting_id = meetings.create_meeting(session, branch_id, data, today=TODAY).id
    for entry in meetings.attendance(session, meeting_id):
        if entry.member_id in late:
            meetings.mark(session, meeting_id, entry.member_id, AttendanceStatus.LATE)
        elif entry.member_id not in present:
            meetings.mark(session, meeting_id, entry.member_id, AttendanceStatus.ABSENT)
    return meeting_id


def texts(items: tuple[reminders.ReminderItem, ...]) -> list[str]:
    return [i.text for i in items]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2026, 8, 25), dt.date(2026, 11, 25), 3),
        (dt.date(2026, 8, 26), dt.date(2026, 11, 25), 2),
        (dt.date(2026, 8, 31), dt.date(2026, 11, 30), 3),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28), 1),
        (dt.date(2025, 11, 25), dt.date(2026, 11, 25), 12),
        (dt.date(2026, 11, 25), dt.date(2026, 11, 25), 0),
    ],
)
def test_whole_months(start: dt.date, end: dt.date, months: int) -> None:
    assert reminders.whole_months(start, end) == months


def test_inactive_members_at_two_three_and_six_months(session: Session, branch_id: int) -> None:
    two = add(session, branch_id, "两月")
    edge = add(session, branch_id, "整三月")
    almost = add(session, branch_id, "差一天")
    six = add(session, branch_id, "六个月")
    late = add(session, branch_id, "迟到者")
    meeting(session, branch_id, dt.date(2026, 5, 25), {six})
    meeting(session, branch_id, dt.date(2026, 8, 25), {edge})
    meeting(session, branch_id, dt.date(2026, 8, 26), {almost})
    meeting(session, branch_id, dt.date(2026, 9, 25), {two})
    meeting(session, branch_id, dt.date(2026, 10, 8), set(), late=frozenset({late}))
    voided = meeting(session, branch_id, dt.date(2026, 10, 20), {six})
    meetings.void_meeting(session, voided, on=dt.date(2026, 10, 21), reason="录入错误")
    meeting(session, branch_id, dt.date(2026, 11, 20), {six}, planned=True)  # not held yet

    inactive = reminders.overview(session, branch_id, TODAY).inactive

    assert [(i.member_name, i.months, i.level) for i in inactive] == [
        ("六个月", 6, Level.ALARM),
        ("整三月", 3, Level.WARN),
    ]
    assert inactive[0].text == (
        "六个月已连续 6 个月未参加组织生活（最近一次参加：2026-05-25），"
        "有自行脱党风险，请及时谈心谈话、了解情况"
    )
    assert inactive[1].text == "整三月已连续 3 个月未参加组织生活（最近一次参加：2026-08-25）"
    assert inactive[1].member_id == edge
    assert inactive[1].date == dt.date(2026, 8, 25)


def test_committee_meeting_counts_only_for_committee_members(session: Session, branch_id: int) -> None:
    secretary = branches.get_profile(session, branch_id).committee[0].member_id
    outsider = add(session, branch_id, "普通党员")
    meeting(session, branch_id, dt.date(2026, 1, 10), set())  # records begin; nobody came
    data = meetings.MeetingInput(
        type=MeetingType.COMMITTEE_MEETING, held_on=dt.date(2026, 11, 25), theme="支委会"
    )
    meeting_id = meetings.create_meeting(session, branch_id, data, today=TODAY).id
    attended = {e.member_id for e in meetings.attendance(session, meeting_id)}
    for member_id in attended - {secretary}:  # whatever the roll, mark the outsider present
        meetings.mark(session, meeting_id, member_id, AttendanceStatus.PRESENT)

    inactive = reminders.overview(session, branch_id, TODAY).inactive

    assert [i.member_id for i in inactive] == [outsider]


def test_new_members_counted_from_the_day_they_came_on_the_roll(session: Session, branch_id: int) -> None:
    recent = add(session, branch_id, "新转入", on=dt.date(2026, 9, 1))
    older = add(session, branch_id, "八月转入", on=dt.date(2026, 8, 20))
    gone = add(session, branch_id, "已转出")
    meeting(session, branch_id, dt.date(2025, 6, 1), set())  # records begin; nobody came
    roster.change_status(
        session, gone, MemberStatus.TRANSFERRED_OUT, on=dt.date(2026, 6, 1), reason="转往外院", today=TODAY
    )

    inactive = reminders.overview(session, branch_id, TODAY).inactive

    assert [i.member_id for i in inactive] == [older]
    assert inactive[0].text == "八月转入已连续 3 个月未参加组织生活（自 2026-08-20 在册以来未参加过）"
    assert recent not in {i.member_id for i in inactive}
    later = reminders.overview(session, branch_id, dt.date(2026, 12, 1)).inactive
    assert recent in {i.member_id for i in later}


def test_counted_from_the_first_recorded_meeting_not_from_joining(session: Session, branch_id: int) -> None:
    """A roster entered with members on it since 2010 is not a wall of alarms on the first day."""
    veteran = add(session, branch_id, "老党员")
    only = reminders.overview(session, branch_id, TODAY).inactive
    assert [(i.member_id, i.level) for i in only] == [(None, Level.INFO)]
    assert "尚未登记组织生活" in only[0].text

    meeting(session, branch_id, dt.date(2026, 8, 1), set())
    inactive = reminders.overview(session, branch_id, TODAY).inactive
    assert [(i.member_id, i.months, i.level) for i in inactive] == [(veteran, 3, Level.WARN)]
    assert inactive[0].text == "老党员已连续 3 个月未参加组织生活（自 2026-08-01 有会议记录以来未参加过）"


def test_inactive_months_follow_the_rules(session: Session, branch_id: int) -> None:
    two = add(session, branch_id, "两月")
    meeting(session, branch_id, dt.date(2026, 9, 20), {two})
    assert reminders.overview(session, branch_id, TODAY).inactive == ()
    rules.set_rule(session, "inactive_warn_months", 2, dt.date(2026, 11, 1))
    inactive = reminders.overview(session, branch_id, TODAY).inactive
    assert [(i.member_id, i.level) for i in inactive] == [(two, Level.WARN)]


def test_probation_due_soon_and_overdue(session: Session, branch_id: int) -> None:
    soon = add(session, branch_id, "预备甲", joined=dt.date(2025, 12, 10), on=TODAY, probationary=True)
    overdue = add(session, branch_id, "预备乙", joined=dt.date(2025, 10, 1), on=TODAY, probationary=True)
    add(session, branch_id, "预备丙", joined=dt.date(2026, 3, 1), on=TODAY, probationary=True)

    probation = reminders.overview(session, branch_id, TODAY).probation

    assert [(i.member_id, i.level, i.date) for i in probation] == [
        (overdue, Level.ALARM, dt.date(2026, 10, 1)),
        (soon, Level.WARN, dt.date(2026, 12, 10)),
    ]
    assert probation[0].text == "预备党员预备乙预备期已于 2026-10-01 届满（逾期 55 天），请尽快讨论转正"
    assert probation[1].text == "预备党员预备甲预备期将于 2026-12-10 届满（还有 15 天），请准备转正材料"


def test_term_due_warns_within_the_window_and_alarms_when_overdue(session: Session, branch_id: int) -> None:
    # The factory's term began 2024-03-01 for 3 years: due 2027-03-01, 96 days after TODAY.
    assert reminders.overview(session, branch_id, TODAY).term == ()
    soon = reminders.overview(session, branch_id, dt.date(2026, 12, 5)).term
    assert [(i.level, i.date) for i in soon] == [(Level.WARN, dt.date(2027, 3, 1))]
    assert soon[0].text == "支委会任期将于 2027-03-01 届满（还有 86 天），请提前准备换届选举"
    late = reminders.overview(session, branch_id, dt.date(2027, 3, 11)).term
    assert late[0].level is Level.ALARM
    assert "逾期 10 天" in late[0].text
    rules.set_rule(session, "term_due_warn_days", 120, dt.date(2026, 1, 1))
    assert len(reminders.overview(session, branch_id, TODAY).term) == 1


def test_missing_term_start_is_pointed_out(session: Session, branch_id: int) -> None:
    profile = branches.get_profile(session, branch_id)
    data = branches.BranchProfileInput(
        name=profile.name, departments=profile.departments, term_started_on=None
    )
    branches.update_profile(session, branch_id, data)
    term = reminders.overview(session, branch_id, TODAY).term
    assert [i.level for i in term] == [Level.INFO]
    assert "任期开始日期" in term[0].text


def test_political_birthdays_this_month(session: Session, branch_id: int) -> None:
    ten = add(session, branch_id, "十年", joined=dt.date(2016, 11, 12), full=dt.date(2017, 11, 12))
    today_one = add(session, branch_id, "今天", joined=dt.date(2001, 11, 25), full=dt.date(2002, 11, 25))
    add(session, branch_id, "十月", joined=dt.date(2016, 10, 12), full=dt.date(2017, 10, 12))
    add(session, branch_id, "今年入党", joined=dt.date(2026, 11, 2), full=None, on=TODAY, probationary=True)

    birthdays = reminders.overview(session, branch_id, TODAY).birthdays

    assert [(i.member_id, i.date) for i in birthdays] == [
        (ten, dt.date(2016, 11, 12)),
        (today_one, dt.date(2001, 11, 25)),
    ]
    assert texts(birthdays) == [
        "十年 11月12日过政治生日（2016-11-12入党，10 周年）",
        "今天 今天过政治生日（2001-11-25入党，25 周年）",
    ]
    assert all(i.level is Level.INFO for i in birthdays)


def test_fifty_years_of_party_age_this_year(session: Session, branch_id: int) -> None:
    fifty = add(session, branch_id, "老党员", joined=dt.date(1975, 5, 1), full=dt.date(1976, 5, 1))
    add(session, branch_id, "明年满", joined=dt.date(1976, 5, 1), full=dt.date(1977, 5, 1))
    add(session, branch_id, "去年满", joined=dt.date(1974, 5, 1), full=dt.date(1975, 5, 1))

    honours = reminders.overview(session, branch_id, TODAY).honours

    assert [i.member_id for i in honours] == [fifty]
    assert (
        honours[0].text
        == "老党员今年党龄满 50 年（1976-05-01转正），可申报“光荣在党50年”纪念章（每年七一颁发）"
    )


def test_overview_includes_what_is_missing_and_puts_alarms_first(session: Session, branch_id: int) -> None:
    add(session, branch_id, "六个月")
    meeting(session, branch_id, dt.date(2026, 1, 10), set())
    overview = reminders.overview(session, branch_id, TODAY)
    assert "本月尚未开展主题党日" in texts(overview.missing)
    levels = [i.level for i in overview.items]
    assert levels == sorted(levels, key=[Level.ALARM, Level.WARN, Level.INFO].index)
    assert overview.items[0].kind is ReminderKind.INACTIVE
    assert overview.count(Level.ALARM) >= 1
    assert overview.items[0].level_label == "警告"
    assert overview.items[0].kind_label == "组织生活"


def test_overview_queries_do_not_grow_with_members(
    session: Session, branch_id: int, statements: list[str]
) -> None:
    for i in range(3):
        add(session, branch_id, f"甲{i}")
    meeting(session, branch_id, dt.date(2026, 1, 5), set())
    statements.clear()
    reminders.overview(session, branch_id, TODAY)
    few = len(statements)
    for i in range(40):
        add(session, branch_id, f"乙{i}")
    meeting(session, branch_id, dt.date(2026, 1, 6), set())
    statements.clear()
    overview = reminders.overview(session, branch_id, TODAY)
    assert len(statements) == few
    assert len(overview.inactive) == 43


def test_a_branch_big_enough_for_a_committee_without_one_entered_is_told(
    session: Session, branch_id: int
) -> None:
    """Without committee members nothing can check the monthly 支委会: the overview says so."""
    for i in range(8):
        add(session, branch_id, f"正式{i}")
    texts = [i.text for i in reminders.overview(session, branch_id, TODAY).items]
    assert any("应设支部委员会" in t and "1 名支部委员" in t for t in texts), texts
