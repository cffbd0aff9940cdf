"""The self-check year view and what is missing now, on meetings recorded through services.meetings."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from branchdesk.models import CommitteeRole, Meeting, MeetingAttendance, MeetingType
from branchdesk.services import branches, groups, meetings, org_life_check, roster, rules
from branchdesk.services.org_life_check import Level, PeriodStatus
from tests.factories import TODAY, setup_branch

T = MeetingType
EARLY = dt.date(2025, 1, 1)  # members in these tests came on the roll then


def hold(
    session: Session,
    branch_id: int,
    kind: MeetingType,
    day: dt.date,
    *,
    group_id: int | None = None,
    speaker: str = "",
    speaker_member_id: int | None = None,
    planned: bool = False,
) -> int:
    """Record a meeting as the secretary would, through the meetings service."""
    if kind is T.PARTY_LECTURE and not speaker:
        speaker = "外请专家"
    data = meetings.MeetingInput(
        type=kind,
        held_on=day,
        theme="学习贯彻党的二十届三中全会精神",
        group_id=group_id,
        speaker=speaker,
        speaker_member_id=speaker_member_id,
        planned=planned,
    )
    return meetings.create_meeting(session, branch_id, data, today=TODAY).id


def add(
    session: Session, branch_id: int, name: str, *, on: dt.date = EARLY, group_id: int | None = None
) -> int:
    """A full member who came on the roll on `on`."""
    data = roster.MemberInput(
        name=name, joined_on=dt.date(2010, 7, 1), full_member_on=dt.date(2011, 7, 1), group_id=group_id
    )
    return roster.add_member(session, branch_id, data, today=on, on_roll_from=on).id


def with_committee(session: Session, branch_id: int) -> None:
    """Two more committee members beside the secretary: the branch has a 支委会."""
    for name, role in (("组织委员甲", CommitteeRole.ORGANISATION), ("宣传委员乙", CommitteeRole.PUBLICITY)):
        member_id = add(session, branch_id, name)
        branches.set_committee_post(session, branch_id, member_id, role, started_on=dt.date(2024, 3, 1))


@pytest.fixture
def branch_id(session: Session) -> int:
    return setup_branch(session)


def test_year_with_gaps_gives_counts_on_time_months_and_rate(session: Session, branch_id: int) -> None:
    for month in (1, 2, 3, 5):
        hold(session, branch_id, T.THEME_DAY, dt.date(2026, month, 10))
    hold(session, branch_id, T.THEME_DAY, dt.date(2026, 3, 28))  # a second one in March
    voided = hold(session, branch_id, T.THEME_DAY, dt.date(2026, 4, 10))
    meetings.void_meeting(session, voided, on=dt.date(2026, 4, 11), reason="录入错误")
    hold(session, branch_id, T.THEME_DAY, dt.date(2026, 12, 5), planned=True)
    hold(session, branch_id, T.GENERAL_MEETING, dt.date(2026, 2, 20))
    hold(session, branch_id, T.GENERAL_MEETING, dt.date(2026, 8, 20))

    check = org_life_check.year_check(session, branch_id, 2026, today=TODAY)

    theme = check.row(T.THEME_DAY)
    assert theme.monthly == (1, 1, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0)
    assert theme.total == 5
    assert theme.on_time_months == 4
    assert theme.periods_due == 11  # January to November; November is the current month
    assert theme.completion_rate == pytest.approx(4 / 11)
    assert theme.rate_text == "36.4%"
    assert theme.month_status[3] is PeriodStatus.MISSED
    assert theme.month_status[10] is PeriodStatus.OPEN
    assert theme.month_status[11] is PeriodStatus.NOT_DUE
    assert theme.rule_text == "每月至少 1 次"

    general = check.row(T.GENERAL_MEETING)
    assert [p.label for p in general.periods] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert [p.status for p in general.periods] == [
        PeriodStatus.MET,
        PeriodStatus.MISSED,
        PeriodStatus.MET,
        PeriodStatus.OPEN,
    ]
    assert (general.periods_met, general.periods_due) == (2, 4)
    assert general.rate_text == "50%"


def test_past_year_counts_every_period_and_future_year_none(session: Session, branch_id: int) -> None:
    hold(session, branch_id, T.LIFE_MEETING, dt.date(2025, 12, 20))
    past = org_life_check.year_check(session, branch_id, 2025, today=TODAY)
    assert past.row(T.LIFE_MEETING).completion_rate == 1.0
    assert past.row(T.THEME_DAY).periods_due == 12
    assert past.row(T.THEME_DAY).completion_rate == 0.0

    future = org_life_check.year_check(session, branch_id, 2027, today=TODAY)
    theme = future.row(T.THEME_DAY)
    assert theme.periods_due == 0
    assert theme.completion_rate is None
    assert theme.rate_text == "—"
    assert set(theme.month_status) == {PeriodStatus.NOT_DUE}


def test_meeting_recorded_ahead_of_today_does_not_count_yet(session: Session, branch_id: int) -> None:
    hold(session, branch_id, T.THEME_DAY, dt.date(2026, 12, 1))
    theme = org_life_check.year_check(session, branch_id, 2026, today=TODAY).row(T.THEME_DAY)
    assert theme.monthly[11] == 0
    assert theme.month_status[11] is PeriodStatus.NOT_DUE


def test_rule_change_mid_year_applies_from_its_date(session: Session, branch_id: int) -> None:
    rules.set_rule(session, "minimum.party_lecture", {"per": "month", "count": 1}, dt.date(2026, 7, 1))
    hold(session, branch_id, T.PARTY_LECTURE, dt.date(2026, 5, 10))
    hold(session, branch_id, T.PARTY_LECTURE, dt.date(2026, 7, 10))
    lecture = org_life_check.year_check(session, branch_id, 2026, today=TODAY).row(T.PARTY_LECTURE)
    labels = [p.label for p in lecture.periods]
    assert labels == ["第一季度", "第二季度", "7月", "8月", "9月", "10月", "11月", "12月"]
    assert [p.status for p in lecture.periods][:4] == [
        PeriodStatus.MISSED,
        PeriodStatus.MET,
        PeriodStatus.MET,
        PeriodStatus.MISSED,
    ]
    assert (lecture.periods_met, lecture.periods_due) == (2, 7)
    assert lecture.rule_text == "每季度至少 1 次；每月至少 1 次"


def test_minimum_of_two_a_month_needs_two(session: Session, branch_id: int) -> None:
    rules.set_rule(session, "minimum.theme_day", {"per": "month", "count": 2}, dt.date(2026, 1, 1))
    hold(session, branch_id, T.THEME_DAY, dt.date(2026, 10, 1))
    hold(session, branch_id, T.THEME_DAY, dt.date(2026, 10, 15))
    hold(session, branch_id, T.THEME_DAY, dt.date(2026, 9, 15))
    theme = org_life_check.year_check(session, branch_id, 2026, today=TODAY).row(T.THEME_DAY)
    assert theme.month_status[9] is PeriodStatus.MET
    assert theme.month_status[8] is PeriodStatus.MISSED


def test_groups_are_counted_separately_in_the_months_they_had_members(
    session: Session, branch_id: int
) -> None:
    first = groups.add_group(session, branch_id, "第一党小组").id
    second = groups.add_group(session, branch_id, "第二党小组").id
    third = groups.add_group(session, branch_id, "第三党小组").id
    empty = groups.add_group(session, branch_id, "空党小组").id
    groups.archive_group(session, empty)
    add(session, branch_id, "王一", group_id=first)
    add(session, branch_id, "王二", group_id=second)
    add(session, branch_id, "王三", group_id=third, on=dt.date(2026, 9, 1))
    for month in range(1, 11):
        hold(session, branch_id, T.GROUP_MEETING, dt.date(2026, month, 8), group_id=first)
    hold(session, branch_id, T.GROUP_MEETING, dt.date(2026, 1, 9), group_id=second)

    check = org_life_check.year_check(session, branch_id, 2026, today=TODAY)
    rows = [r for r in check.rows if r.type is T.GROUP_MEETING]
    assert [r.title for r in rows] == [
        "党小组会（第一党小组）",
        "党小组会（第二党小组）",
        "党小组会（第三党小组）",
    ]
    one, two, three = rows
    assert (one.periods_met, one.periods_due) == (10, 11)
    assert two.monthly[0] == 1
    assert (two.periods_met, two.periods_due) == (1, 11)
    assert (three.periods_met, three.periods_due) == (0, 3)  # September, October, November
    assert three.month_status[7] is PeriodStatus.NOT_REQUIRED


def test_committee_meetings_required_only_with_a_committee(session: Session, branch_id: int) -> None:
    check = org_life_check.year_check(session, branch_id, 2026, today=TODAY)
    committee = check.row(T.COMMITTEE_MEETING)
    assert committee.periods_due == 0
    assert "未设支委会" in committee.note

    with_committee(session, branch_id)
    hold(session, branch_id, T.COMMITTEE_MEETING, dt.date(2026, 11, 3))
    committee = org_life_check.year_check(session, branch_id, 2026, today=TODAY).row(T.COMMITTEE_MEETING)
    assert (committee.periods_met, committee.periods_due) == (1, 11)
    assert committee.note == ""


def test_secretary_lecture_found_by_link_or_by_name(session: Session, branch_id: int) -> None:
    secretary = branches.get_profile(session, branch_id).committee[0].member_id
    hold(session, branch_id, T.PARTY_LECTURE, dt.date(2026, 3, 5), speaker="外请专家")
    lecture = org_life_check.year_check(session, branch_id, 2026, today=TODAY).secretary_lecture
    assert not lecture.found
    assert lecture.period.status is PeriodStatus.OPEN
    assert lecture.text == "书记今年尚未讲党课"

    hold(
        session, branch_id, T.PARTY_LECTURE, dt.date(2026, 6, 5), speaker="张三", speaker_member_id=secretary
    )
    lecture = org_life_check.year_check(session, branch_id, 2026, today=TODAY).secretary_lecture
    assert [ref.held_on for ref in lecture.lectures] == [dt.date(2026, 6, 5)]
    assert lecture.period.status is PeriodStatus.MET
    assert lecture.text == "书记已讲党课 1 次（6月5日）"

    hold(session, branch_id, T.PARTY_LECTURE, dt.date(2025, 4, 1), speaker=" 张三 ")
    past = org_life_check.year_check(session, branch_id, 2025, today=TODAY).secretary_lecture
    assert past.found


def test_secretary_lecture_counts_only_while_in_office(session: Session, branch_id: int) -> None:
    old = branches.get_profile(session, branch_id).committee[0].member_id
    new = add(session, branch_id, "李书记")
    branches.set_committee_post(
        session, branch_id, new, CommitteeRole.SECRETARY, started_on=dt.date(2026, 7, 1)
    )
    hold(session, branch_id, T.PARTY_LECTURE, dt.date(2026, 8, 5), speaker="张三", speaker_member_id=old)
    lecture = org_life_check.year_check(session, branch_id, 2026, today=TODAY).secretary_lecture
    assert not lecture.found
    assert org_life_check.year_check(
        session, branch_id, 2027, today=dt.date(2028, 1, 2)
    ).secretary_lecture.text == ("书记全年尚未讲党课")
    hold(session, branch_id, T.PARTY_LECTURE, dt.date(2026, 8, 6), speaker="李书记")
    assert org_life_check.year_check(session, branch_id, 2026, today=TODAY).secretary_lecture.found


def test_missing_now_in_the_middle_of_a_month(session: Session, branch_id: int) -> None:
    with_committee(session, branch_id)
    first = groups.add_group(session, branch_id, "第一党小组").id
    second = groups.add_group(session, branch_id, "第二党小组").id
    add(session, branch_id, "王一", group_id=first)
    add(session, branch_id, "王二", group_id=second)
    today = dt.date(2026, 11, 14)
    hold(session, branch_id, T.GROUP_MEETING, dt.date(2026, 11, 3), group_id=second)
    hold(session, branch_id, T.PARTY_LECTURE, dt.date(2026, 10, 9))
    hold(session, branch_id, T.THEME_DAY, dt.date(2026, 10, 9))  # last month: not this month's

    items = org_life_check.missing_now(session, branch_id, today)
    texts = [i.text for i in items]
    assert texts == [  # the soonest deadline first: this month's, then the quarter's and the year's
        "本月尚未开展主题党日",
        "本月尚未召开支部委员会会议",
        "第一党小组本月尚未召开党小组会",
        "本季度尚未召开支部党员大会",
        "今年尚未召开组织生活会",
        "书记今年尚未讲党课",
    ]
    by_text = {i.text: i for i in items}
    assert by_text["本月尚未开展主题党日"].level is Level.INFO  # half the month is left
    assert by_text["本月尚未开展主题党日"].period.ends_on == dt.date(2026, 11, 30)
    assert by_text["今年尚未召开组织生活会"].level is Level.WARN  # less than a quarter of the year left
    assert by_text["第一党小组本月尚未召开党小组会"].group_id == first
    assert by_text["书记今年尚未讲党课"].about_secretary

    late = org_life_check.missing_now(session, branch_id, dt.date(2026, 11, 27))
    assert {i.text: i.level for i in late}["本月尚未开展主题党日"] is Level.WARN


def test_missing_now_says_how_many_are_still_short(session: Session, branch_id: int) -> None:
    rules.set_rule(session, "minimum.theme_day", {"per": "month", "count": 2}, dt.date(2026, 1, 1))
    hold(session, branch_id, T.THEME_DAY, dt.date(2026, 11, 3))
    texts = [i.text for i in org_life_check.missing_now(session, branch_id, dt.date(2026, 11, 14))]
    assert "本月主题党日已有 1 次，还差 1 次（每月至少 2 次）" in texts


def test_year_view_queries_do_not_grow_with_meetings(
    session: Session, branch_id: int, statements: list[str]
) -> None:
    """Five years of meetings, inserted directly for speed: still the same few queries."""
    first = groups.add_group(session, branch_id, "第一党小组").id
    members = [add(session, branch_id, f"党员{i}", group_id=first) for i in range(20)]
    for year in range(2022, 2027):
        for month in range(1, 13):
            for kind in (T.THEME_DAY, T.COMMITTEE_MEETING, T.GROUP_MEETING):
                meeting = Meeting(
                    branch_id=branch_id,
                    type=kind,
                    held_on=dt.date(year, month, 12),
                    theme="例会",
                    group_id=first if kind is T.GROUP_MEETING else None,
                )
                session.add(meeting)
                session.flush()
                session.add_all(MeetingAttendance(meeting_id=meeting.id, member_id=m) for m in members)
    session.flush()
    statements.clear()
    check = org_life_check.year_check(session, branch_id, 2026, today=TODAY)
    assert check.row(T.THEME_DAY).total == 11  # 12 December is after today
    assert len(statements) <= 8


@given(
    counts=st.lists(st.integers(0, 3), min_size=12, max_size=12),
    per=st.sampled_from(rules.PERIODS),
    required=st.integers(0, 3),
    applicable=st.lists(st.booleans(), min_size=12, max_size=12),
    today=st.dates(dt.date(2025, 6, 1), dt.date(2027, 6, 1)),
)
def test_completion_rate_is_between_0_and_1_and_met_over_due(
    counts: list[int], per: str, required: int, applicable: list[bool], today: dt.date
) -> None:
    timeline = rules.RuleTimeline(
        {"minimum.theme_day": ((dt.date(2000, 1, 1), {"per": per, "count": required}),)}
    )
    year = org_life_check._Year(2026, today, timeline, {(T.THEME_DAY, None): counts})
    row = year.row(T.THEME_DAY, applicable)
    due = [p for p in row.periods if p.due]
    met = [p for p in row.periods if p.status is PeriodStatus.MET]
    assert (row.periods_due, row.periods_met) == (len(due), len(met))
    assert len(row.month_status) == 12
    assert sum(p.last_month - p.first_month + 1 for p in row.periods) == 12
    if row.completion_rate is None:
        assert row.periods_due == 0
    else:
        assert 0.0 <= row.completion_rate <= 1.0
        assert row.completion_rate == row.periods_met / row.periods_due
    for period in row.periods:
        if period.starts_on > today and period.status is not PeriodStatus.NOT_REQUIRED:
            assert period.status is PeriodStatus.NOT_DUE or period.held >= period.required
