"""Posts (设岗定责): set-up, status by date, holders over time (holders_on), counts, search and reviews."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import MemberStatus, PostKind, ReviewAssessor, ReviewGrade
from branchdesk.services import branches, post_plaque, posts, roster
from branchdesk.services.post_labels import PostStatus
from branchdesk.services.post_reviews import ReviewInput, add_review, list_reviews, period_for
from tests.factories import TODAY, setup_branch

D = dt.date
JOINED = D(2025, 1, 6)


def _join(session: Session, branch: int, name: str, *, on: dt.date = JOINED) -> int:
    return roster.add_member(session, branch, roster.MemberInput(name=name), today=on).id


def _post(session: Session, branch: int, **changes: object) -> posts.PostRow:
    fields: dict[str, object] = {
        "kind": PostKind.MODEL,
        "name": "心内科护理党员示范岗",
        "place": "内科楼8楼护士站",
        "duties": "带头落实核心制度\n带头开展健康宣教",
        "commitment": "微笑服务，有问必答。",
        "started_on": D(2025, 3, 1),
        **changes,
    }
    return posts.create_post(session, branch, posts.PostInput(**fields), today=TODAY)  # type: ignore[arg-type]


def test_a_new_post_is_active_with_its_duties_and_no_holders(session: Session) -> None:
    branch = setup_branch(session)
    row = _post(
        session, branch, name="  心内科护理 党员示范岗 ", duties="  带头落实核心制度\n\n带头开展健康宣教  "
    )
    assert row.name == "心内科护理 党员示范岗"
    assert row.kind_label == "党员示范岗" and row.status_label == "在岗"
    assert row.duty_lines == ("带头落实核心制度", "带头开展健康宣教")
    assert row.holders == () and row.latest_review is None


def test_status_follows_the_dates_and_voiding(session: Session) -> None:
    branch = setup_branch(session)
    future = _post(session, branch, name="明年的岗", started_on=D(2027, 1, 1))
    closed = _post(session, branch, name="去年的岗", started_on=D(2024, 1, 1), ended_on=D(2025, 12, 31))
    assert future.status is PostStatus.NOT_STARTED and closed.status is PostStatus.CLOSED
    assert (
        posts.get_post(session, closed.id, on=D(2025, 12, 31)).status is PostStatus.ACTIVE
    )  # last day counts
    posts.void_post(session, future.id, on=TODAY, reason="重复录入")
    assert posts.get_post(session, future.id, on=TODAY).status_label == "已作废"
    assert [r.name for r in posts.list_posts(session, branch, on=TODAY)] == ["去年的岗"]
    assert [r.name for r in posts.list_posts(session, branch, status=PostStatus.VOIDED, on=TODAY)] == [
        "明年的岗"
    ]
    assert posts.list_posts(session, branch, status=PostStatus.ACTIVE, on=TODAY) == []


def test_a_post_needs_a_name_and_a_start_and_ends_after_it_starts(session: Session) -> None:
    branch = setup_branch(session)
    for changes, field in (
        ({"name": "  "}, "岗位名称"),
        ({"started_on": None}, "设岗日期"),
        ({"ended_on": D(2025, 2, 1)}, "撤岗日期"),
        ({"place": "楼" * 101}, "地点/科室"),
    ):
        with pytest.raises(ValidationError) as caught:
            _post(session, branch, **changes)
        assert caught.value.field == field
    _post(session, branch)
    with pytest.raises(ValidationError, match="已有名为“心内科护理党员示范岗”的党员示范岗"):
        _post(session, branch)


def test_a_volunteer_post_counts_under_guide_service_by_default(session: Session) -> None:
    branch = setup_branch(session)
    desk = _post(session, branch, kind=PostKind.VOLUNTEER, name="门诊大厅党员志愿服务岗")
    assert desk.volunteer_kind_name == "导医导诊"
    model = _post(session, branch, volunteer_kind_id=desk.volunteer_kind_id)  # ignored off a volunteer post
    assert model.volunteer_kind_id is None


def test_holders_on_a_date_follow_start_and_end_inclusive(session: Session) -> None:
    branch = setup_branch(session)
    wang, li = _join(session, branch, "王芳"), _join(session, branch, "李娜")
    post = _post(session, branch)
    posts.add_holder(session, post.id, wang, started_on=D(2025, 3, 1), ended_on=D(2025, 6, 30), role="岗长")
    posts.add_holder(session, post.id, li, started_on=D(2025, 6, 30))

    def names(day: dt.date) -> list[str]:
        return [h.name for h in posts.holders_on(session, post.id, day)]

    assert names(D(2025, 2, 28)) == []
    assert names(D(2025, 3, 1)) == ["王芳"]
    assert names(D(2025, 6, 30)) == ["王芳", "李娜"]
    assert names(D(2025, 7, 1)) == ["李娜"]
    assert posts.get_post(session, post.id, on=D(2025, 5, 1)).holder_names == "王芳（岗长）"
    assert [h.name for h in posts.holders(session, post.id)] == ["王芳", "李娜"]


def test_a_member_may_hold_several_posts_and_a_post_several_members(session: Session) -> None:
    branch = setup_branch(session)
    wang, li = _join(session, branch, "王芳"), _join(session, branch, "李娜")
    first, second = _post(session, branch), _post(session, branch, kind=PostKind.AREA, name="8病区责任区")
    for post in (first, second):
        posts.add_holder(session, post.id, wang, started_on=D(2025, 4, 1))
    posts.add_holder(session, first.id, li, started_on=D(2025, 4, 1))
    assert {p.name for p in posts.member_posts(session, wang, on=TODAY)} == {first.name, second.name}
    assert posts.get_post(session, first.id, on=TODAY).holder_names == "王芳、李娜"


def test_holding_refusals_name_the_field(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    late = _join(session, branch, "赵新", on=D(2026, 9, 1))
    post = _post(session, branch, ended_on=D(2026, 12, 31))
    posts.add_holder(session, post.id, wang, started_on=D(2025, 4, 1), ended_on=D(2025, 12, 31))
    cases = (
        (wang, D(2025, 10, 1), None, "上岗日期", "任岗时间不能重叠"),
        (wang, D(2026, 2, 1), D(2026, 1, 1), "离岗日期", "不能早于上岗日期"),
        (wang, D(2025, 1, 1), None, "上岗日期", "不能早于设岗日期"),
        (wang, D(2026, 2, 1), D(2027, 1, 31), "离岗日期", "不能晚于撤岗日期"),
        (late, D(2026, 8, 1), D(2026, 12, 31), "上岗日期", "赵新在 2026-08-01 不在本支部党员名册上"),
    )
    for member, start, end, field, words in cases:
        with pytest.raises(ValidationError) as caught:
            posts.add_holder(session, post.id, member, started_on=start, ended_on=end)
        assert caught.value.field == field and words in caught.value.user_message
    # right after the first holding ends, the same member may take the post again
    again = posts.add_holder(session, post.id, wang, started_on=D(2026, 1, 1), ended_on=D(2026, 12, 31))
    assert again.holds_on(D(2026, 1, 1))


def test_a_member_who_left_the_roll_cannot_take_a_post_after_leaving(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    roster.change_status(
        session, wang, MemberStatus.TRANSFERRED_OUT, on=D(2026, 6, 1), reason="调往外院", today=TODAY
    )
    post = _post(session, branch)
    with pytest.raises(ValidationError, match="不在本支部党员名册上"):
        posts.add_holder(session, post.id, wang, started_on=D(2026, 7, 1))
    assert posts.add_holder(session, post.id, wang, started_on=D(2025, 4, 1), ended_on=D(2026, 5, 31))


def test_a_member_of_another_branch_cannot_hold_the_post(session: Session) -> None:
    branch = setup_branch(session)
    committee = branches.list_branches(session)[0].id
    from branchdesk.models import Branch

    other = branches.create_branch(
        session,
        session.get_one(Branch, committee).committee_id,
        branches.BranchProfileInput(name="外科党支部"),
    )
    stranger = _join(session, other, "陈刚")
    with pytest.raises(ValidationError, match="本支部的党员"):
        posts.add_holder(session, _post(session, branch).id, stranger, started_on=D(2025, 4, 1))


def test_closing_a_post_ends_its_running_holdings_that_day(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    post = _post(session, branch)
    posts.add_holder(session, post.id, wang, started_on=D(2025, 4, 1))
    closed = posts.close_post(session, post.id, on=D(2026, 6, 30))
    assert closed.status is PostStatus.ACTIVE  # on its last day
    assert posts.holders(session, post.id)[0].ended_on == D(2026, 6, 30)
    assert posts.get_post(session, post.id, on=TODAY).status_label == "已撤岗"
    with pytest.raises(ValidationError, match="不能早于该日"):
        posts.close_post(session, post.id, on=D(2025, 3, 15))


def test_ending_a_holding_checks_its_start(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    post = _post(session, branch)
    holder = posts.add_holder(session, post.id, wang, started_on=D(2025, 4, 1), role="岗长")
    with pytest.raises(ValidationError) as caught:
        posts.end_holder(session, holder.id, on=D(2025, 3, 31))
    assert caught.value.field == "离岗日期"
    ended = posts.end_holder(session, holder.id, on=D(2026, 3, 31))
    assert ended.ended_on == D(2026, 3, 31) and ended.role == "岗长"
    assert posts.holders_on(session, post.id, TODAY) == []


def test_a_voided_post_takes_no_holders_or_reviews(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    post = _post(session, branch)
    with pytest.raises(ValidationError):
        posts.void_post(session, post.id, on=TODAY, reason=" ")
    posts.void_post(session, post.id, on=TODAY, reason="录错")
    with pytest.raises(ValidationError, match="已作废"):
        posts.add_holder(session, post.id, wang, started_on=D(2025, 4, 1))
    with pytest.raises(ValidationError, match="已作废"):
        add_review(session, post.id, ReviewInput(TODAY, ReviewGrade.GOOD), today=TODAY)


def test_counts_per_kind_leave_voided_posts_out(session: Session) -> None:
    branch = setup_branch(session)
    _post(session, branch)
    for n in range(3):
        _post(session, branch, kind=PostKind.AREA, name=f"{n + 1}病区责任区")
    gone = _post(
        session,
        branch,
        kind=PostKind.AREA,
        name="旧病区责任区",
        started_on=D(2024, 1, 1),
        ended_on=D(2025, 1, 1),
    )
    posts.void_post(
        session, _post(session, branch, kind=PostKind.COMMANDO, name="错录").id, on=TODAY, reason="x"
    )
    counts = {c.label: (c.total, c.active) for c in posts.kind_counts(session, branch, on=TODAY)}
    assert counts == {
        "党员示范岗": (1, 1),
        "党员责任区": (4, 3),
        "党员先锋岗": (0, 0),
        "党员志愿服务岗": (0, 0),
        "党员突击队": (0, 0),
    }
    assert gone.status is PostStatus.CLOSED
    assert next(r.kind for r in posts.list_posts(session, branch, on=TODAY)) is PostKind.MODEL  # kind order


def test_search_finds_a_post_by_name_place_or_any_holder(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    model = _post(session, branch)
    _post(session, branch, kind=PostKind.AREA, name="8病区责任区", place="内科楼8楼")
    posts.add_holder(session, model.id, wang, started_on=D(2025, 4, 1), ended_on=D(2025, 5, 1))

    def found(text: str) -> set[str]:
        return {r.name for r in posts.list_posts(session, branch, on=TODAY, search=text)}

    assert found("王芳") == {model.name}  # a past holder still finds it
    assert found("8楼") == {model.name, "8病区责任区"}
    assert found("100%") == set()
    assert {r.name for r in posts.list_posts(session, branch, kind=PostKind.AREA, on=TODAY)} == {
        "8病区责任区"
    }


def test_reviews_keep_who_assessed_and_the_newest_shows_on_the_list(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    post = _post(session, branch)
    posts.add_holder(session, post.id, wang, started_on=D(2025, 4, 1))
    add_review(
        session, post.id, ReviewInput(D(2025, 12, 20), ReviewGrade.GOOD, period="2025年下半年"), today=TODAY
    )
    add_review(
        session,
        post.id,
        ReviewInput(
            D(2026, 6, 28),
            ReviewGrade.EXCELLENT,
            ReviewAssessor.PATIENTS,
            "2026年上半年",
            wang,
            "患者满意度98%",
        ),
        today=TODAY,
    )
    reviews = list_reviews(session, post.id)
    assert [(r.grade_label, r.assessor_label, r.subject) for r in reviews] == [
        ("优秀", "患者（群众）评价", "王芳"),
        ("良好", "支部评议", "岗位整体"),
    ]
    latest = posts.get_post(session, post.id, on=TODAY).latest_review
    assert latest is not None and latest.summary == "2026年上半年 优秀（患者（群众）评价）"


def test_a_poor_review_needs_a_note_and_reviews_are_not_in_the_future(session: Session) -> None:
    branch = setup_branch(session)
    post = _post(session, branch)
    stranger = _join(session, branch, "陈刚")
    for data, field in (
        (ReviewInput(TODAY, ReviewGrade.POOR), "评议意见"),
        (ReviewInput(TODAY + dt.timedelta(days=1), ReviewGrade.GOOD), "评议日期"),
        (ReviewInput(D(2025, 1, 1), ReviewGrade.GOOD), "评议日期"),
        (ReviewInput(TODAY, ReviewGrade.GOOD, member_id=stranger), "评议对象"),
    ):
        with pytest.raises(ValidationError) as caught:
            add_review(session, post.id, data, today=TODAY)
        assert caught.value.field == field
    assert add_review(
        session, post.id, ReviewInput(TODAY, ReviewGrade.FAIR, note="宣教记录不全"), today=TODAY
    )
    assert period_for(D(2026, 6, 30)) == "2026年上半年" and period_for(D(2026, 7, 1)) == "2026年下半年"


def test_plaque_has_kind_holders_duties_and_commitment(session: Session) -> None:
    branch = setup_branch(session)
    wang, li = _join(session, branch, "王芳"), _join(session, branch, "李娜")
    post = _post(session, branch)
    posts.add_holder(session, post.id, wang, started_on=D(2025, 4, 1), role="岗长")
    posts.add_holder(session, post.id, li, started_on=D(2025, 4, 1), ended_on=D(2025, 12, 31))
    plaque = post_plaque.plaque(session, post.id, on=TODAY)
    assert (plaque.heading, plaque.name, plaque.holders) == (
        "党员示范岗",
        "心内科护理党员示范岗",
        ("王芳（岗长）",),
    )
    assert plaque.duties == ("带头落实核心制度", "带头开展健康宣教")
    assert plaque.commitment == ("微笑服务，有问必答。",)
    assert plaque.footer == "中共测试医院委员会 · 内科第七党支部 · 2025年3月设岗"
    assert plaque.phone == ""  # the plaque leaves a blank to write the number on


def test_the_plaque_takes_the_supervision_phone_from_the_notes(session: Session) -> None:
    branch = setup_branch(session)
    post = _post(session, branch, notes="每月底更新岗位牌\n监督电话：0571-8888 1234\n")
    assert post_plaque.plaque(session, post.id, on=TODAY).phone == "0571-8888 1234"
    assert post_plaque.supervision_phone("监督电话 12345") == "12345"
    assert post_plaque.supervision_phone("联系电话：12345") == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    spans=st.lists(
        st.tuples(st.integers(0, 400), st.one_of(st.none(), st.integers(0, 120))), min_size=1, max_size=5
    ),
    probe=st.integers(-10, 600),
)
def test_holders_on_agrees_with_the_holdings_kept(
    session_factory: object, spans: list[tuple[int, int | None]], probe: int
) -> None:
    """Whatever holdings were accepted, holders_on(day) lists exactly those covering the day."""
    from branchdesk.db import transaction

    with transaction(session_factory) as session:  # type: ignore[arg-type]
        branch = setup_branch(session)
        start = D(2025, 1, 1)
        member = _join(session, branch, "王芳", on=D(2024, 12, 1))
        post = _post(session, branch, started_on=start)
        kept = []
        for offset, length in spans:
            begin = start + dt.timedelta(days=offset)
            end = None if length is None else begin + dt.timedelta(days=length)
            with contextlib.suppress(ValidationError):
                kept.append(posts.add_holder(session, post.id, member, started_on=begin, ended_on=end))
        day = start + dt.timedelta(days=probe)
        expected = [h.id for h in kept if h.holds_on(day)]
        assert [h.id for h in posts.holders_on(session, post.id, day)] == expected
        assert len(expected) <= 1  # one member's holdings of one post never overlap
        session.rollback()
