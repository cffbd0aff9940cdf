"""Duty rosters: one member never in two places at once (across posts and branches), the weekly
generator's rotation and its reports, confirming turns, figures and the month rota sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import Branch, DutyOutcome, MemberStatus, PostKind
from branchdesk.services import branches, duty_pattern, duty_rota, duty_sheet, posts, roster
from branchdesk.services.duty_pattern import WeeklyPattern, weekly_plan
from branchdesk.services.duty_rota import TurnInput
from tests.factories import TODAY, setup_branch

D, T = dt.date, dt.time
MORNING, AFTERNOON = (T(8), T(12)), (T(14, 30), T(17, 30))
DEC = D(2026, 12, 1)


def _join(session: Session, branch: int, name: str) -> int:
    return roster.add_member(session, branch, roster.MemberInput(name=name), today=D(2025, 1, 6)).id


def _desk(session: Session, branch: int, name: str = "门诊大厅党员志愿服务岗") -> int:
    data = posts.PostInput(kind=PostKind.VOLUNTEER, name=name, place="门诊大厅", started_on=D(2025, 1, 1))
    return posts.create_post(session, branch, data, today=TODAY).id


def _other_branch(session: Session, branch: int) -> int:
    committee = session.get_one(Branch, branch).committee_id
    return branches.create_branch(session, committee, branches.BranchProfileInput(name="外科联合党支部"))


def _turn(post: int, member: int, day: dt.date, slot: tuple[dt.time, dt.time] = MORNING) -> TurnInput:
    return TurnInput(post, member, day, *slot)


@pytest.fixture
def desk(session: Session) -> tuple[int, int, list[int]]:
    """内科第七党支部 with its desk and members 王芳 李娜 陈刚 赵敏 (ids in that order)."""
    branch = setup_branch(session)
    people = [_join(session, branch, n) for n in ("王芳", "李娜", "陈刚", "赵敏")]
    return branch, _desk(session, branch), people


def test_one_member_cannot_be_at_two_posts_at_once_and_is_told_where(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    branch, hall, (wang, *_rest) = desk
    ward = posts.create_post(
        session,
        branch,
        posts.PostInput(kind=PostKind.PIONEER, name="急诊绿色通道先锋岗", started_on=D(2025, 1, 1)),
        today=TODAY,
    ).id
    duty_rota.plan_turn(session, _turn(hall, wang, D(2026, 12, 7)))
    with pytest.raises(ValidationError) as caught:
        duty_rota.plan_turn(session, _turn(ward, wang, D(2026, 12, 7), (T(10), T(11))))
    message = caught.value.user_message
    assert caught.value.field == "党员"
    assert "王芳" in message and "2026-12-07（星期一）" in message
    assert "“内科第七党支部 门诊大厅党员志愿服务岗”（08:00—12:00）" in message
    assert "同一时间不能在两处值班" in message
    # back to back is fine, and so is another day
    duty_rota.plan_turn(session, _turn(ward, wang, D(2026, 12, 7), (T(12), T(14))))
    duty_rota.plan_turn(session, _turn(ward, wang, D(2026, 12, 8)))


def test_the_conflict_check_spans_branches(session: Session, desk: tuple[int, int, list[int]]) -> None:
    """A member's turn elsewhere blocks them whichever branch's post it is (the busy data is global)."""
    branch, hall, (wang, *_rest) = desk
    other = _other_branch(session, branch)
    surgery_desk = _desk(session, other, "外科门诊党员志愿服务岗")
    duty_rota.plan_turn(session, _turn(hall, wang, D(2026, 12, 7)))
    busy = duty_rota.busy_times(session, [wang], D(2026, 12, 7), D(2026, 12, 7))
    conflict = duty_rota.find_conflict(busy, wang, "王芳", D(2026, 12, 7), T(11), T(13))
    assert conflict is not None and conflict.other_post == "内科第七党支部 门诊大厅党员志愿服务岗"
    with pytest.raises(ValidationError, match="请选择本支部的党员"):  # and she is not theirs to put on
        duty_rota.plan_turn(session, _turn(surgery_desk, wang, D(2026, 12, 8)))


def test_a_swapped_turn_frees_its_member_and_occupies_the_one_who_stood_in(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    branch, hall, (wang, li, chen, _zhao) = desk
    first = duty_rota.plan_turn(session, _turn(hall, wang, D(2026, 11, 23)))
    duty_rota.confirm_turn(
        session, first.id, DutyOutcome.SWAPPED, swapped_with_id=li, people_helped=40, today=TODAY
    )
    ward = posts.create_post(
        session,
        branch,
        posts.PostInput(kind=PostKind.AREA, name="8病区责任区", started_on=D(2025, 1, 1)),
        today=TODAY,
    ).id
    duty_rota.plan_turn(session, _turn(ward, wang, D(2026, 11, 23)))  # 王芳 is free now
    with pytest.raises(ValidationError, match="李娜 2026-11-23"):
        duty_rota.plan_turn(session, _turn(ward, li, D(2026, 11, 23)))
    second = duty_rota.plan_turn(session, _turn(hall, chen, D(2026, 11, 23)))
    with pytest.raises(ValidationError) as caught:  # the stand-in must be free too
        duty_rota.confirm_turn(session, second.id, DutyOutcome.SWAPPED, swapped_with_id=wang, today=TODAY)
    assert caught.value.field == "顶班党员"
    assert caught.value.user_message.startswith(
        "王芳 2026-11-23（星期一） 08:00—12:00 已排在“内科第七党支部 8病区责任区”"
    )


def test_voided_turns_and_voided_posts_occupy_nobody(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    branch, hall, (wang, *_rest) = desk
    turn = duty_rota.plan_turn(session, _turn(hall, wang, D(2026, 12, 7)))
    duty_rota.void_turn(session, turn.id, on=TODAY, reason="门诊停诊")
    again = duty_rota.plan_turn(session, _turn(hall, wang, D(2026, 12, 7)))
    posts.void_post(session, hall, on=TODAY, reason="录错")
    other = _desk(session, branch, "住院部党员志愿服务岗")
    assert duty_rota.plan_turn(session, _turn(other, wang, D(2026, 12, 7))).id != again.id
    with pytest.raises(ValidationError, match="已作废"):
        duty_rota.plan_turn(session, _turn(hall, wang, D(2026, 12, 9)))


def test_a_turn_needs_a_member_on_the_roll_and_a_slot_inside_the_post_period(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    _branch, hall, (wang, li, *_rest) = desk
    roster.change_status(
        session, li, MemberStatus.TRANSFERRED_OUT, on=D(2026, 10, 1), reason="调往外院", today=TODAY
    )
    cases = (
        (_turn(hall, li, D(2026, 12, 7)), "党员", "李娜在 2026-12-07（星期一） 不在本支部党员名册上"),
        (_turn(hall, wang, D(2026, 12, 7), (T(12), T(8))), "时段", "应晚于开始时间"),
        (_turn(hall, wang, D(2024, 12, 7)), "日期", "早于该岗位的设岗日期"),
    )
    for data, field, words in cases:
        with pytest.raises(ValidationError) as caught:
            duty_rota.plan_turn(session, data)
        assert caught.value.field == field and words in caught.value.user_message


def test_weekly_plan_rotates_members_over_weekdays_and_slots(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    _branch, hall, people = desk
    pattern = WeeklyPattern(hall, DEC, D(2026, 12, 31), (0, 2, 4), (MORNING, AFTERNOON), tuple(people))
    plan = weekly_plan(session, pattern)
    days = {t.on_date for t in plan.turns}
    assert all(d.weekday() in (0, 2, 4) for d in days) and len(days) == 13  # Mon/Wed/Fri in Dec 2026
    assert len(plan.turns) == 26 and plan.notices == () and plan.gaps == ()
    names = [t.member_name for t in plan.turns]
    assert names[:6] == ["王芳", "李娜", "陈刚", "赵敏", "王芳", "李娜"]
    assert sorted(names.count(n) for n in set(names)) == [6, 6, 7, 7]  # turns shared out evenly
    assert duty_rota.save_turns(session, plan.inputs()) == 26
    again = weekly_plan(session, pattern)  # the month is staffed: nothing doubles
    assert again.turns == () and again.already_planned == 26


def test_weekly_plan_reports_a_conflict_and_the_next_in_line_takes_the_slot(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    branch, hall, (wang, li, chen, _zhao) = desk
    ward = posts.create_post(
        session,
        branch,
        posts.PostInput(kind=PostKind.PIONEER, name="急诊绿色通道先锋岗", started_on=D(2025, 1, 1)),
        today=TODAY,
    ).id
    duty_rota.plan_turn(session, _turn(ward, wang, D(2026, 12, 7), (T(9), T(10))))
    pattern = WeeklyPattern(hall, D(2026, 12, 7), D(2026, 12, 9), (0, 1, 2), (MORNING,), (wang, li, chen))
    plan = weekly_plan(session, pattern)
    assert [(t.on_date.day, t.member_name) for t in plan.turns] == [(7, "李娜"), (8, "王芳"), (9, "陈刚")]
    (notice,) = plan.notices
    assert notice.startswith(
        "王芳 2026-12-07（星期一） 08:00—12:00 已排在“内科第七党支部 急诊绿色通道先锋岗”"
    )
    assert notice.endswith("本班由轮到的下一位党员值班。")


def test_weekly_plan_leaves_gaps_when_nobody_is_free_and_checks_its_input(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    branch, hall, (wang, li, *_rest) = desk
    ward = _desk(session, branch, "住院部党员志愿服务岗")
    for member in (wang, li):
        duty_rota.plan_turn(session, _turn(ward, member, D(2026, 12, 7)))
    plan = weekly_plan(
        session, WeeklyPattern(hall, D(2026, 12, 7), D(2026, 12, 7), (0,), (MORNING,), (wang, li))
    )
    assert len(plan.gaps) == 1 and plan.inputs() == []
    assert plan.notices[-1] == "2026-12-07（星期一） 08:00—12:00 没有可排的党员，请手工补排。"
    bad = (
        (dict(last_day=D(2026, 11, 30)), "结束日期"),
        (dict(weekdays=()), "星期"),
        (dict(slots=((T(8), T(12)), (T(11), T(13)))), "时段"),
        (dict(member_ids=()), "值班党员"),
        (dict(per_slot=3), "每班人数"),
    )
    for changes, field in bad:
        base = WeeklyPattern(hall, DEC, D(2026, 12, 31), (0,), (MORNING,), (wang, li))
        with pytest.raises(ValidationError) as caught:
            weekly_plan(session, replace(base, **changes))  # type: ignore[arg-type]
        assert caught.value.field == field


def test_saving_a_batch_refuses_it_whole_when_one_turn_conflicts(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    _branch, hall, (wang, li, *_rest) = desk
    batch = [
        _turn(hall, li, D(2026, 12, 7)),
        _turn(hall, wang, D(2026, 12, 8)),
        _turn(hall, wang, D(2026, 12, 8)),
    ]
    with pytest.raises(ValidationError, match="王芳 2026-12-08"):
        duty_rota.save_turns(session, batch)
    session.rollback()  # the caller's transaction is rolled back on a refusal
    assert duty_rota.list_turns(session, hall, DEC, D(2026, 12, 31)) == []


def test_confirming_turns_and_the_month_figures(session: Session, desk: tuple[int, int, list[int]]) -> None:
    _branch, hall, (wang, li, chen, zhao) = desk
    days = (D(2026, 11, 2), D(2026, 11, 3), D(2026, 11, 4), D(2026, 11, 30))
    ids = [
        duty_rota.plan_turn(session, _turn(hall, m, d)).id
        for m, d in zip((wang, li, chen, zhao), days, strict=True)
    ]
    served = duty_rota.confirm_turn(
        session, ids[0], DutyOutcome.SERVED, people_helped=56, note="高峰期", today=TODAY
    )
    assert served.outcome_label == "已到岗" and served.served_by == "王芳" and served.minutes == 240
    swapped = duty_rota.confirm_turn(
        session, ids[1], DutyOutcome.SWAPPED, swapped_with_id=zhao, people_helped=30, today=TODAY
    )
    assert swapped.outcome_label == "换班（赵敏顶班）" and swapped.served_by == "赵敏"
    missed = duty_rota.confirm_turn(session, ids[2], DutyOutcome.MISSED, people_helped=9, today=TODAY)
    assert missed.people_helped is None and missed.served_by == ""
    with pytest.raises(ValidationError, match="还没到"):
        duty_rota.confirm_turn(session, ids[3], DutyOutcome.SERVED, today=TODAY)
    for kwargs, field in (
        ({"swapped_with_id": None}, "顶班党员"),
        ({"swapped_with_id": wang}, "顶班党员"),
        ({"swapped_with_id": li, "people_helped": -1}, "服务人次"),
    ):
        with pytest.raises(ValidationError) as caught:
            duty_rota.confirm_turn(session, ids[0], DutyOutcome.SWAPPED, today=TODAY, **kwargs)  # type: ignore[arg-type]
        assert caught.value.field == field
    rows = duty_rota.list_turns(session, hall, D(2026, 11, 1), D(2026, 11, 30))
    figures = duty_rota.figures(rows)
    assert (figures.turns, figures.served, figures.swapped, figures.missed, figures.unconfirmed) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert (figures.people_helped, figures.minutes, figures.hours_text) == (86, 480, "8.0 小时")
    undone = duty_rota.confirm_turn(session, ids[1], DutyOutcome.PLANNED, today=TODAY)
    assert undone.swapped_with_id is None and undone.people_helped is None
    assert duty_rota.confirm_served(session, [ids[1], ids[0]], today=TODAY) == 1  # only the unconfirmed one


def test_reassigning_a_planned_turn_checks_the_new_member(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    _branch, hall, (wang, li, *_rest) = desk
    first = duty_rota.plan_turn(session, _turn(hall, wang, D(2026, 12, 7)))
    duty_rota.plan_turn(session, _turn(hall, li, D(2026, 12, 7), (T(10), T(11))))
    with pytest.raises(ValidationError, match="李娜"):
        duty_rota.reassign_turn(session, first.id, li)
    assert duty_rota.reassign_turn(session, first.id, wang).member_name == "王芳"  # itself is no conflict


def test_month_rota_sheet_has_a_line_a_day_and_a_column_a_slot(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    _branch, hall, (wang, li, chen, zhao) = desk
    posts.add_holder(session, hall, wang, started_on=D(2025, 2, 1), role="岗长")
    duty_rota.save_turns(
        session,
        [
            _turn(hall, wang, D(2026, 12, 7)),
            _turn(hall, li, D(2026, 12, 7)),
            _turn(hall, chen, D(2026, 12, 7), AFTERNOON),
            _turn(hall, zhao, D(2026, 12, 9), AFTERNOON),
        ],
    )
    sheet = duty_sheet.month_rota(session, hall, 2026, 12, today=D(2026, 11, 25))
    assert sheet.title == "门诊大厅党员志愿服务岗 2026年12月排班表"
    assert sheet.subtitle == "中共测试医院委员会 · 内科第七党支部 · 地点：门诊大厅"
    assert sheet.made_on == "制表日期：2026年11月25日"
    assert sheet.slots == ("08:00—12:00", "14:30—17:30")
    assert [(line.day, line.weekday, line.cells) for line in sheet.lines] == [
        ("12月7日", "星期一", ("王芳、李娜", "陈刚")),
        ("12月9日", "星期三", ("", "赵敏")),
    ]
    assert sheet.leaders == "负责人：王芳（岗长）"
    with pytest.raises(ValidationError, match="2027年1月还没有排班"):
        duty_sheet.month_rota(session, hall, 2027, 1)


def test_last_rota_is_the_latest_earlier_month_in_turn_order_without_voided_turns(
    session: Session, desk: tuple[int, int, list[int]]
) -> None:
    _branch, hall, (wang, li, chen, zhao) = desk
    duty_rota.plan_turn(session, _turn(hall, zhao, D(2026, 11, 20)))
    for member, day, slot in ((chen, 7, AFTERNOON), (li, 8, MORNING), (chen, 9, MORNING), (wang, 7, MORNING)):
        duty_rota.plan_turn(session, _turn(hall, member, D(2026, 12, day), slot))
    wrong = duty_rota.plan_turn(session, _turn(hall, zhao, D(2026, 12, 10)))
    duty_rota.void_turn(session, wrong.id, on=TODAY, reason="排错")
    assert duty_pattern.last_rota(session, hall, D(2027, 1, 1)) == duty_pattern.LastRota(
        2026, 12, (wang, chen, li)
    )
    assert duty_pattern.last_rota(session, hall, D(2027, 3, 1)) == duty_pattern.LastRota(
        2026, 12, (wang, chen, li)
    )
    assert duty_pattern.last_rota(session, hall, D(2026, 12, 1)) == duty_pattern.LastRota(2026, 11, (zhao,))
    assert duty_pattern.last_rota(session, hall, D(2026, 11, 20)) is None
