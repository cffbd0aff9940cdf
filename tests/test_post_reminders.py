"""The overview's 设岗定责 lines: unconfirmed past duty turns, posts nobody holds, next month's rota."""

from __future__ import annotations

import datetime as dt
from datetime import time as T

import pytest
from sqlalchemy.orm import Session

from branchdesk.models import DutyOutcome, DutyTurn, Post, PostHolder, PostKind
from branchdesk.services import post_reminders, reminders, roster
from branchdesk.services.org_life_check import Level
from branchdesk.services.reminders import ReminderKind
from tests.factories import setup_branch

NOV_14 = dt.date(2026, 11, 14)  # mid-month: no rota line yet
NOV_25 = dt.date(2026, 11, 25)  # the month's last week


@pytest.fixture
def branch_id(session: Session) -> int:
    return setup_branch(session)


def _member(session: Session, branch_id: int, name: str) -> int:
    start = dt.date(2020, 1, 1)
    return roster.add_member(
        session, branch_id, roster.MemberInput(name=name), today=start, on_roll_from=start
    ).id


def _post(session: Session, branch_id: int, name: str, *, holder: int | None, **values: object) -> Post:
    post = Post(
        branch_id=branch_id, kind=PostKind.VOLUNTEER, name=name, started_on=dt.date(2026, 1, 1), **values
    )
    session.add(post)
    session.flush()
    if holder is not None:
        session.add(PostHolder(post_id=post.id, member_id=holder, started_on=dt.date(2026, 1, 1)))
        session.flush()
    return post


def _turn(session: Session, post: Post, member: int, day: dt.date, **values: object) -> None:
    session.add(
        DutyTurn(post_id=post.id, member_id=member, on_date=day, starts_at=T(8), ends_at=T(12), **values)
    )
    session.flush()


def test_past_turns_left_unconfirmed_are_counted_and_warned_after_a_week(
    session: Session, branch_id: int
) -> None:
    li = _member(session, branch_id, "李明")
    desk = _post(session, branch_id, "门诊大厅党员志愿服务岗", holder=li)
    _turn(session, desk, li, dt.date(2026, 11, 2))  # 12 days ago, never confirmed
    _turn(session, desk, li, dt.date(2026, 11, 10))
    _turn(session, desk, li, dt.date(2026, 11, 11), outcome=DutyOutcome.SERVED)  # confirmed
    _turn(session, desk, li, dt.date(2026, 11, 12), voided_on=NOV_14, void_reason="停诊")  # voided
    _turn(session, desk, li, NOV_14)  # today: not past yet
    notices = post_reminders.post_notices(session, branch_id, NOV_14)
    assert [(n.level, n.text) for n in notices] == [
        (
            Level.WARN,
            "门诊大厅党员志愿服务岗有 2 次已过的值班尚未确认（最早 2026-11-02），"
            "请在值班记录中确认到岗、换班或缺岗",
        )
    ]
    assert notices[0].post_id == desk.id


def test_recent_unconfirmed_turns_are_only_a_hint(session: Session, branch_id: int) -> None:
    li = _member(session, branch_id, "李明")
    desk = _post(session, branch_id, "导医台", holder=li)
    _turn(session, desk, li, dt.date(2026, 11, 12))
    assert [n.level for n in post_reminders.post_notices(session, branch_id, NOV_14)] == [Level.INFO]


def test_a_post_nobody_holds_today_is_pointed_out(session: Session, branch_id: int) -> None:
    li = _member(session, branch_id, "李明")
    _post(session, branch_id, "心内科党员示范岗", holder=None)
    left = _post(session, branch_id, "急诊先锋岗", holder=None)
    session.add(PostHolder(post_id=left.id, member_id=li, started_on=dt.date(2026, 1, 1), ended_on=NOV_14))
    wrong = _post(session, branch_id, "呼吸科责任区", holder=None)
    session.add(
        PostHolder(
            post_id=wrong.id,
            member_id=li,
            started_on=dt.date(2026, 1, 1),
            voided_on=NOV_14,
            void_reason="录错",
        )
    )
    _post(session, branch_id, "已撤的岗", holder=None, ended_on=dt.date(2026, 6, 30))  # closed: not a gap
    _post(session, branch_id, "作废的岗", holder=None, voided_on=NOV_14, void_reason="重复")
    _post(session, branch_id, "有人的岗", holder=li)
    session.flush()
    texts = [n.text for n in post_reminders.post_notices(session, branch_id, dt.date(2026, 11, 15))]
    assert texts == [
        "心内科党员示范岗目前没有在岗党员，请补充岗位人员或撤岗",
        "急诊先锋岗目前没有在岗党员，请补充岗位人员或撤岗",
        "呼吸科责任区目前没有在岗党员，请补充岗位人员或撤岗",
    ]


def test_next_months_rota_is_asked_for_in_the_last_week_only(session: Session, branch_id: int) -> None:
    li = _member(session, branch_id, "李明")
    desk = _post(session, branch_id, "门诊大厅党员志愿服务岗", holder=li)
    planned = _post(session, branch_id, "导医台", holder=li)
    _turn(session, desk, li, NOV_25, outcome=DutyOutcome.SERVED)
    _turn(session, planned, li, NOV_25, outcome=DutyOutcome.SERVED)
    _turn(session, planned, li, dt.date(2026, 12, 3))
    assert post_reminders.post_notices(session, branch_id, NOV_14) == []
    late = post_reminders.post_notices(session, branch_id, NOV_25)
    assert [(n.level, n.text) for n in late] == [(Level.INFO, "门诊大厅党员志愿服务岗还没有排 12 月的班")]


def test_the_overview_lists_post_lines_that_lead_to_the_posts_page(session: Session, branch_id: int) -> None:
    _post(session, branch_id, "心内科党员示范岗", holder=None)
    items = reminders.overview(session, branch_id, NOV_14).of(ReminderKind.POST)
    assert [(i.kind_label, i.level, i.post_id is not None) for i in items] == [("设岗定责", Level.WARN, True)]
