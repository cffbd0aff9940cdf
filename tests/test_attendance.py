"""Marking a meeting's roll, the figures it gives, and the vote rule of a 党员大会."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import AttendanceStatus, MeetingType, MemberStatus
from branchdesk.services import groups, meetings, roster
from tests.factories import TODAY, setup_branch
from tests.test_roll import count_queries

D = dt.date
HELD = D(2026, 4, 10)
S = AttendanceStatus
THEME_DAY = meetings.MeetingInput(type=MeetingType.THEME_DAY, held_on=HELD, theme="学习党章")


def _join(session: Session, branch: int, name: str, on: dt.date, group_id: int | None = None) -> int:
    data = roster.MemberInput(name=name, department="心内科", group_id=group_id)
    return roster.add_member(session, branch, data, today=on).id


def _meeting(session: Session, n: int = 5, **changes: object) -> tuple[int, list[int]]:
    """A theme day on HELD with `n` members on its roll; returns its id and the member ids."""
    branch = setup_branch(session, secretary_dates=False)
    ids = [_join(session, branch, f"党员{i}", D(2026, 1, 5)) for i in range(n)]
    row = meetings.create_meeting(session, branch, replace(THEME_DAY, **changes), today=TODAY)  # type: ignore[arg-type]
    return row.id, ids


def test_figures_count_each_mark_and_late_ones_as_present(session: Session) -> None:
    meeting, ids = _meeting(session, 5)
    meetings.mark(session, meeting, ids[0], S.LEAVE, reason="值夜班")
    meetings.mark(session, meeting, ids[1], S.ABSENT)
    figures = meetings.mark(session, meeting, ids[2], S.LATE, reason="手术延误")
    assert figures == meetings.AttendanceFigures(due=5, present=3, leave=1, absent=1, late=1)
    assert figures.rate == pytest.approx(0.6)
    assert figures.rate_text == "60.0%"
    assert meetings.get_meeting(session, meeting).figures == figures


def test_rate_of_an_empty_roll_is_zero() -> None:
    empty = meetings.AttendanceFigures(due=0, present=0, leave=0, absent=0, late=0)
    assert empty.rate == 0.0 and empty.rate_text == "0.0%"
    assert meetings.AttendanceFigures(40, 37, 2, 1, 0).rate_text == "92.5%"


@pytest.mark.parametrize("reason", ["", "   "])
def test_leave_needs_a_reason(session: Session, reason: str) -> None:
    meeting, ids = _meeting(session, 2)
    with pytest.raises(ValidationError) as caught:
        meetings.mark(session, meeting, ids[0], S.LEAVE, reason=reason)
    assert caught.value.field == "请假原因"
    assert meetings.attendance(session, meeting)[0].status is S.PRESENT


def test_reason_is_kept_for_leave_and_cleared_when_present_again(session: Session) -> None:
    meeting, ids = _meeting(session, 2)
    meetings.mark(session, meeting, ids[0], S.LEAVE, reason=" 外出学习 ")
    assert meetings.attendance(session, meeting)[0].reason == "外出学习"
    meetings.mark(session, meeting, ids[0], S.PRESENT, reason="外出学习")
    entry = meetings.attendance(session, meeting)[0]
    assert (entry.status, entry.reason) == (S.PRESENT, "")


def test_member_not_on_this_meetings_roll_cannot_be_marked(session: Session) -> None:
    meeting, _ids = _meeting(session, 2)
    branch = meetings.get_meeting(session, meeting).branch_id
    late_joiner = _join(session, branch, "新党员", D(2026, 5, 1))
    with pytest.raises(ValidationError) as caught:
        meetings.mark(session, meeting, late_joiner, S.ABSENT)
    assert caught.value.field == "党员"
    assert "应到名单" in caught.value.user_message


def test_voided_meeting_cannot_be_marked(session: Session) -> None:
    meeting, ids = _meeting(session, 2)
    meetings.void_meeting(session, meeting, on=TODAY, reason="重复录入")
    with pytest.raises(ValidationError) as caught:
        meetings.mark(session, meeting, ids[0], S.ABSENT)
    assert "作废" in caught.value.user_message
    assert meetings.get_meeting(session, meeting).figures.absent == 0


def test_attendance_lists_the_roll_in_order_with_the_group_of_that_day(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    first = groups.add_group(session, branch, "第一党小组").id
    second = groups.add_group(session, branch, "第二党小组").id
    li = _join(session, branch, "李四", D(2026, 1, 5), group_id=first)
    _join(session, branch, "王五", D(2026, 1, 5))
    meeting = meetings.create_meeting(session, branch, THEME_DAY, today=TODAY).id
    moved = replace(roster.get_member(session, li).to_input(), group_id=second)
    roster.update_member(session, li, moved, today=D(2026, 6, 1))

    entries = meetings.attendance(session, meeting)
    assert [(e.name, e.group_name, e.position_in_roll) for e in entries] == [
        ("李四", "第一党小组", 1),
        ("王五", "", 2),
    ]
    assert entries[0].department == "心内科"
    assert entries[0].status_label == "出席"


def test_attendance_keeps_members_who_left_since(session: Session) -> None:
    meeting, ids = _meeting(session, 3)
    roster.change_status(session, ids[1], MemberStatus.DECEASED, on=D(2026, 8, 1), reason="病故", today=TODAY)
    assert [e.member_id for e in meetings.attendance(session, meeting)] == ids
    assert meetings.get_meeting(session, meeting).figures.due == 3


def test_opening_a_meeting_of_150_members_takes_a_few_queries(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    group = groups.add_group(session, branch, "第一党小组").id
    for i in range(150):
        _join(session, branch, f"党员{i:03d}", D(2026, 1, 1), group_id=group if i % 3 else None)
    row = meetings.create_meeting(session, branch, replace(THEME_DAY, held_on=D(2026, 2, 1)), today=TODAY)
    session.expire_all()
    with count_queries(session) as seen:
        opened = meetings.get_meeting(session, row.id)
        entries = meetings.attendance(session, row.id)
    assert opened.figures.due == len(entries) == 150
    assert len(seen) <= 5


@pytest.mark.parametrize(
    ("due", "present", "votes_for", "quorum", "majority"),
    [
        (20, 10, 10, False, False),  # exactly half is not more than half
        (20, 11, 10, True, False),
        (20, 11, 11, True, True),
        (20, 20, 10, True, False),  # half of those present is not enough: half of those DUE counts
        (21, 10, 10, False, False),
        (21, 11, 11, True, True),
        (1, 1, 1, True, True),
        (0, 0, 0, False, False),
    ],
)
def test_vote_rule_at_its_edges(due: int, present: int, votes_for: int, quorum: bool, majority: bool) -> None:
    check = meetings.check_vote(due, present, votes_for)
    assert (check.quorum_ok, check.majority_ok) == (quorum, majority)
    assert f"实到 {present} 人" in check.message and f"应到 {due} 人" in check.message
    assert f"赞成 {votes_for} 票" in check.message


def test_vote_messages_state_the_verdict() -> None:
    assert meetings.check_vote(20, 12, 11).message == (
        "实到 12 人，超过应到 20 人的半数；赞成 11 票，超过应到人数的半数：表决有效。"
    )
    assert meetings.check_vote(20, 10, 10).message.endswith("未超过应到人数的半数：到会人数不足，表决无效。")
    assert meetings.check_vote(20, 15, 10).message.endswith("赞成 10 票，未超过应到人数的半数：决议未通过。")


def test_general_meeting_row_carries_its_vote_and_others_none(session: Session) -> None:
    meeting, _ids = _meeting(session, 3, type=MeetingType.GENERAL_MEETING)
    row = meetings.get_meeting(session, meeting)
    assert row.vote is None  # no vote numbers: nothing to judge
    voted = replace(row.to_input(), vote_subject="接收预备党员", voters_due=3, voters_present=2, votes_for=2)
    done = meetings.update_meeting(session, meeting, voted, today=TODAY)
    assert done.vote == meetings.check_vote(3, 2, 2)
    assert done.vote is not None and done.vote.quorum_ok and done.vote.majority_ok
    assert (done.vote_subject, done.voters_due, done.votes_against) == ("接收预备党员", 3, None)


MARKS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=5), st.sampled_from(list(AttendanceStatus))), max_size=25
)


def test_figures_always_add_up(session: Session) -> None:
    """Whatever the marks, 应到 = 实到 + 请假 + 缺席, and each figure matches a recount of the roll."""
    meeting, ids = _meeting(session, 6)

    @settings(max_examples=40, deadline=None)
    @given(marks=MARKS)
    def check(marks: list[tuple[int, AttendanceStatus]]) -> None:
        for member_id in ids:  # each example starts from an all-present roll
            meetings.mark(session, meeting, member_id, S.PRESENT)
        expected = dict.fromkeys(ids, S.PRESENT)
        for index, status in marks:
            meetings.mark(session, meeting, ids[index], status, reason="因公外出")
            expected[ids[index]] = status
        figures = meetings.get_meeting(session, meeting).figures
        assert figures.due == figures.present + figures.leave + figures.absent == len(ids)
        assert figures.late <= figures.present
        recount = [e.status for e in meetings.attendance(session, meeting)]
        assert recount == [expected[i] for i in ids]
        assert figures.present == sum(s in (S.PRESENT, S.LATE) for s in recount)
        assert (figures.leave, figures.absent, figures.late) == (
            recount.count(S.LEAVE),
            recount.count(S.ABSENT),
            recount.count(S.LATE),
        )

    check()
