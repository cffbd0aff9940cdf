"""Voiding a holding typed for the wrong member, and withdrawing a review entered by mistake: the record
stays in the post's history with its date and reason, and counts nowhere else."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from branchdesk.db import transaction
from branchdesk.errors import ValidationError
from branchdesk.models import PostKind, ReviewGrade
from branchdesk.services import duty_rota, duty_sheet, post_plaque, posts, roster
from branchdesk.services.post_reviews import ReviewInput, add_review, list_reviews, void_review
from tests.factories import TODAY, setup_branch

D = dt.date
JOINED = D(2025, 1, 6)
STARTED = D(2025, 3, 1)


def _join(session: Session, branch: int, name: str) -> int:
    return roster.add_member(session, branch, roster.MemberInput(name=name), today=JOINED).id


def _post(session: Session, branch: int, kind: PostKind = PostKind.MODEL, name: str = "示范岗") -> int:
    data = posts.PostInput(kind=kind, name=name, place="门诊大厅", started_on=STARTED, duties="导医")
    return posts.create_post(session, branch, data, today=TODAY).id


def test_a_voided_holding_holds_nothing_but_stays_in_the_history(session: Session) -> None:
    branch = setup_branch(session)
    wang, wrong = _join(session, branch, "王芳"), _join(session, branch, "王芬")
    post = _post(session, branch)
    posts.add_holder(session, post, wang, started_on=D(2025, 4, 1), role="岗长")
    mistake = posts.add_holder(session, post, wrong, started_on=D(2025, 4, 1), role="成员")
    assert posts.get_post(session, post, on=TODAY).holder_names == "王芳（岗长）、王芬（成员）"

    voided = posts.void_holder(session, mistake.id, on=TODAY, reason="  录错党员， 应为王芳 ")
    assert (voided.voided_on, voided.void_reason, voided.voided) == (TODAY, "录错党员， 应为王芳", True)
    assert not voided.holds_on(D(2025, 5, 1))
    assert [h.name for h in posts.holders_on(session, post, D(2025, 5, 1))] == ["王芳"]
    assert posts.get_post(session, post, on=TODAY).holder_names == "王芳（岗长）"
    assert post_plaque.plaque(session, post, on=TODAY).holders == ("王芳（岗长）",)
    assert posts.member_posts(session, wrong, on=TODAY) == []
    assert [p.id for p in posts.member_posts(session, wang, on=TODAY)] == [post]
    assert posts.list_posts(session, branch, search="王芬", on=TODAY) == []  # found by real holders only
    history = posts.holders(session, post)
    assert [(h.name, h.voided) for h in history] == [("王芳", False), ("王芬", True)]


def test_a_voided_holding_is_kept_after_commit(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        branch = setup_branch(session)
        post = _post(session, branch)
        holder = posts.add_holder(session, post, _join(session, branch, "王芬"), started_on=D(2025, 4, 1))
        posts.void_holder(session, holder.id, on=D(2026, 1, 5), reason="录错党员")
    with transaction(session_factory) as session:
        (kept,) = posts.holders(session, post)
        assert (kept.voided_on, kept.void_reason) == (D(2026, 1, 5), "录错党员")
        assert posts.holders_on(session, post, D(2025, 6, 1)) == []


def test_voiding_needs_a_reason_and_a_voided_holding_is_not_changed_again(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    post = _post(session, branch)
    holder = posts.add_holder(session, post, wang, started_on=D(2025, 4, 1))
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            posts.void_holder(session, holder.id, on=TODAY, reason=reason)
        assert caught.value.field == "作废原因" and "作废原因" in caught.value.user_message
    with pytest.raises(ValidationError) as caught:
        posts.void_holder(session, holder.id, on=TODAY, reason="长" * 201)
    assert caught.value.field == "作废原因"
    assert not posts.holders(session, post)[0].voided  # nothing half-done by a refusal
    posts.void_holder(session, holder.id, on=TODAY, reason="录错党员")
    for change in (
        lambda: posts.void_holder(session, holder.id, on=TODAY, reason="再次"),
        lambda: posts.end_holder(session, holder.id, on=TODAY),
        lambda: posts.update_holder(session, holder.id, started_on=D(2025, 4, 1), ended_on=None, role="岗长"),
    ):
        with pytest.raises(ValidationError, match="已作废"):
            change()


def test_a_voided_holding_blocks_no_dates_and_closing_the_post_leaves_it_as_it_was(session: Session) -> None:
    branch = setup_branch(session)
    wang = _join(session, branch, "王芳")
    post = _post(session, branch)
    early = posts.add_holder(session, post, wang, started_on=STARTED)
    posts.void_holder(session, early.id, on=TODAY, reason="上岗日期录错")
    again = posts.add_holder(session, post, wang, started_on=D(2025, 9, 1))  # same member, overlapping
    assert [h.holds_on(D(2025, 10, 1)) for h in posts.holders(session, post)] == [False, True]
    data = posts.get_post(session, post, on=TODAY).to_input()
    later_start = posts.PostInput(**{**data.__dict__, "started_on": D(2025, 6, 1)})
    posts.update_post(session, post, later_start, today=TODAY)  # the voided holding's start does not count
    posts.close_post(session, post, on=D(2026, 6, 30))
    ended = {h.id: h.ended_on for h in posts.holders(session, post)}
    assert ended == {early.id: None, again.id: D(2026, 6, 30)}


def test_a_member_whose_only_holding_was_voided_is_not_reviewed(session: Session) -> None:
    branch = setup_branch(session)
    wrong = _join(session, branch, "王芬")
    post = _post(session, branch)
    holding = posts.add_holder(session, post, wrong, started_on=D(2025, 4, 1))
    posts.void_holder(session, holding.id, on=TODAY, reason="录错党员")
    with pytest.raises(ValidationError) as caught:
        add_review(session, post, ReviewInput(TODAY, ReviewGrade.GOOD, member_id=wrong), today=TODAY)
    assert caught.value.field == "评议对象"


def test_the_rota_leaders_leave_a_voided_holding_out(session: Session) -> None:
    branch = setup_branch(session)
    wang, wrong = _join(session, branch, "王芳"), _join(session, branch, "王芬")
    post = _post(session, branch, PostKind.VOLUNTEER, "门诊志愿服务岗")
    posts.add_holder(session, post, wang, started_on=D(2025, 4, 1), role="岗长")
    mistake = posts.add_holder(session, post, wrong, started_on=D(2025, 4, 1), role="副岗长")
    day = D(2025, 5, 6)
    duty_rota.plan_turn(session, duty_rota.TurnInput(post, wang, day, dt.time(8), dt.time(12)))
    assert duty_sheet.month_rota(session, post, 2025, 5).leaders == "负责人：王芳（岗长）、王芬（副岗长）"
    posts.void_holder(session, mistake.id, on=TODAY, reason="录错党员")
    assert duty_sheet.month_rota(session, post, 2025, 5).leaders == "负责人：王芳（岗长）"


def test_a_withdrawn_review_stays_listed_but_is_not_the_latest(session: Session) -> None:
    branch = setup_branch(session)
    post = _post(session, branch)
    older = add_review(session, post, ReviewInput(D(2025, 12, 20), ReviewGrade.GOOD), today=TODAY)
    newer = add_review(session, post, ReviewInput(D(2026, 6, 28), ReviewGrade.EXCELLENT), today=TODAY)
    assert posts.get_post(session, post, on=TODAY).latest_review == newer

    withdrawn = void_review(session, newer.id, on=TODAY, reason="评错岗位")
    assert (withdrawn.voided, withdrawn.void_reason) == (True, "评错岗位")
    assert posts.get_post(session, post, on=TODAY).latest_review == older
    assert posts.list_posts(session, branch, on=TODAY)[0].latest_review == older
    assert [(r.id, r.voided) for r in list_reviews(session, post)] == [(newer.id, True), (older.id, False)]
    void_review(session, older.id, on=TODAY, reason="重复录入")
    assert posts.get_post(session, post, on=TODAY).latest_review is None


def test_withdrawing_a_review_needs_a_reason_and_happens_once(session: Session) -> None:
    branch = setup_branch(session)
    post = _post(session, branch)
    review = add_review(session, post, ReviewInput(TODAY, ReviewGrade.GOOD), today=TODAY)
    with pytest.raises(ValidationError) as caught:
        void_review(session, review.id, on=TODAY, reason=" ")
    assert caught.value.field == "作废原因" and "作废原因" in caught.value.user_message
    void_review(session, review.id, on=TODAY, reason="评错岗位")
    with pytest.raises(ValidationError, match="已作废"):
        void_review(session, review.id, on=TODAY, reason="再次")
    assert list_reviews(session, post)[0].void_reason == "评错岗位"  # the first reason is kept
