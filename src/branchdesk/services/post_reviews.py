"""Periodic reviews (评议) of a post, or of one holder on it: a grade, who assessed, and a note.

Posts are reviewed each half year or year by the holder (自评), fellow members, patients, leaders
and the branch. A grade below 良好 needs a note saying why, so the record explains itself to an
inspector. Reviews are records of party life: there is no delete. A review entered by mistake is
withdrawn (voided, with date and reason): it stays in the post's list, greyed, and is no longer the
post's latest review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import Member, Post, PostHolder, PostReview, ReviewAssessor, ReviewGrade
from branchdesk.services.post_holders import void_reason
from branchdesk.services.post_labels import ASSESSOR_LABELS, GRADE_LABELS

PERIOD_LIMIT, NOTE_LIMIT = 30, 1000


@dataclass(frozen=True)
class ReviewInput:
    reviewed_on: dt.date
    grade: ReviewGrade
    assessor: ReviewAssessor = ReviewAssessor.BRANCH
    period: str = ""  # e.g. 2026年上半年
    member_id: int | None = None  # one holder reviewed; None: the post as a whole
    note: str = ""


@dataclass(frozen=True)
class ReviewRow:
    id: int
    post_id: int
    reviewed_on: dt.date
    period: str
    grade: ReviewGrade
    assessor: ReviewAssessor
    member_id: int | None
    member_name: str
    note: str
    voided_on: dt.date | None = None
    void_reason: str = ""

    @property
    def voided(self) -> bool:
        return self.voided_on is not None

    @property
    def grade_label(self) -> str:
        return GRADE_LABELS[self.grade]

    @property
    def assessor_label(self) -> str:
        return ASSESSOR_LABELS[self.assessor]

    @property
    def subject(self) -> str:
        """Whom the review is about: a holder's name, or 岗位整体."""
        return self.member_name or "岗位整体"

    @property
    def summary(self) -> str:
        """ "2026年上半年 优秀（支部评议）", for the posts list."""
        when = self.period or f"{self.reviewed_on:%Y-%m-%d}"
        return f"{when} {self.grade_label}（{self.assessor_label}）"


def period_for(day: dt.date) -> str:
    """The half year a review on `day` usually covers: 2026年上半年 / 2026年下半年."""
    return f"{day.year}年{'上' if day.month <= 6 else '下'}半年"


def _rows(session: Session, *where: ColumnElement[bool]) -> list[ReviewRow]:
    stmt = (
        select(PostReview, Member.name)
        .outerjoin(Member, Member.id == PostReview.member_id)
        .where(*where)
        .order_by(PostReview.reviewed_on.desc(), PostReview.id.desc())
    )
    return [
        ReviewRow(
            r.id,
            r.post_id,
            r.reviewed_on,
            r.period,
            r.grade,
            r.assessor,
            r.member_id,
            name or "",
            r.note,
            r.voided_on,
            r.void_reason,
        )
        for r, name in session.execute(stmt)
    ]


def list_reviews(session: Session, post_id: int) -> list[ReviewRow]:
    """The post's reviews, newest first, withdrawn ones too (they are part of its record)."""
    return _rows(session, PostReview.post_id == post_id)


def latest_reviews(session: Session, post_ids: Collection[int]) -> dict[int, ReviewRow]:
    """post id -> its newest review not withdrawn, for the posts list (one query)."""
    if not post_ids:
        return {}
    rank = (
        func.row_number()
        .over(partition_by=PostReview.post_id, order_by=(PostReview.reviewed_on.desc(), PostReview.id.desc()))
        .label("rank")
    )
    ranked = (
        select(PostReview.id, rank)
        .where(PostReview.post_id.in_(list(post_ids)), PostReview.voided_on.is_(None))
        .subquery()
    )
    newest = select(ranked.c.id).where(ranked.c.rank == 1)
    return {r.post_id: r for r in _rows(session, PostReview.id.in_(newest))}


def add_review(
    session: Session, post_id: int, data: ReviewInput, *, today: dt.date | None = None
) -> ReviewRow:
    """Record a review; a holder reviewed must have held the post at some time, and 一般/差 needs a note."""
    post = session.get(Post, post_id)
    if post is None:
        raise NotFoundError("该岗位不存在，可能已被其他窗口修改。", context=f"post {post_id}")
    if post.voided_on is not None:
        raise ValidationError(f"岗位“{post.name}”已作废，不能再评议。", field="岗位")
    today = today or dt.date.today()
    if data.reviewed_on > today:
        raise ValidationError("评议日期不能晚于今天。", field="评议日期")
    if post.started_on is not None and data.reviewed_on < post.started_on:
        raise ValidationError(
            f"该岗位 {post.started_on:%Y-%m-%d} 设岗，评议日期不能早于设岗日期。", field="评议日期"
        )
    period, note = " ".join(data.period.split()), data.note.strip()
    if len(period) > PERIOD_LIMIT:
        raise ValidationError(f"最多 {PERIOD_LIMIT} 个字。", field="评议期间")
    if len(note) > NOTE_LIMIT:
        raise ValidationError(f"最多 {NOTE_LIMIT} 个字。", field="评议意见")
    if data.grade in (ReviewGrade.FAIR, ReviewGrade.POOR) and not note:
        raise ValidationError(f"评为“{GRADE_LABELS[data.grade]}”时请写明原因和整改要求。", field="评议意见")
    if data.member_id is not None:
        held = select(PostHolder.id).where(
            PostHolder.post_id == post_id,
            PostHolder.member_id == data.member_id,
            PostHolder.voided_on.is_(None),  # a holding typed for the wrong member held nothing
        )
        if session.scalar(held) is None:
            raise ValidationError("被评议的党员从未在该岗位任岗。", field="评议对象")
    review = PostReview(
        post_id=post_id, member_id=data.member_id, reviewed_on=data.reviewed_on, period=period,
        grade=data.grade, assessor=data.assessor, note=note,
    )  # fmt: skip
    session.add(review)
    session.flush()
    return _rows(session, PostReview.id == review.id)[0]


def void_review(session: Session, review_id: int, *, on: dt.date, reason: str) -> ReviewRow:
    """Withdraw a review entered by mistake: kept with the date and the reason, no longer counted."""
    review = session.get(PostReview, review_id)
    if review is None:
        raise NotFoundError("该评议记录不存在。", context=f"post_review {review_id}")
    if review.voided_on is not None:
        raise ValidationError("该评议已作废。", field="评议")
    post = session.get(Post, review.post_id)
    if post is not None and post.voided_on is not None:
        raise ValidationError(f"岗位“{post.name}”已作废，不能再修改。", field="岗位")
    review.void_reason = void_reason(reason)
    review.voided_on = on
    session.flush()
    return _rows(session, PostReview.id == review_id)[0]
