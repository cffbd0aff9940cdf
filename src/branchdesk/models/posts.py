"""Responsibility posts (设岗定责): posts with duties and a public commitment, their holders over time,
periodic reviews, and duty turns for posts staffed in turns.

Nothing here is hard-deleted: a post, a holding or a review entered by mistake is voided with a date
and a reason, a holder leaves by an end date, and a duty turn that will not happen is voided rather
than removed, so a printed rota and the hours it fed stay explainable.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from branchdesk.models.base import Base, Timestamped
from branchdesk.models.org import Member, _enum


class PostKind(enum.StrEnum):
    """The kinds of post DOMAIN.md names."""

    MODEL = "model"  # 党员示范岗
    AREA = "area"  # 党员责任区
    PIONEER = "pioneer"  # 党员先锋岗
    VOLUNTEER = "volunteer"  # 党员志愿服务岗
    COMMANDO = "commando"  # 党员突击队


class ReviewGrade(enum.StrEnum):
    EXCELLENT = "excellent"  # 优秀
    GOOD = "good"  # 良好
    FAIR = "fair"  # 一般
    POOR = "poor"  # 差


class ReviewAssessor(enum.StrEnum):
    """Who assessed a post in a review."""

    SELF = "self"  # 自评
    MEMBERS = "members"  # 党员互评
    PATIENTS = "patients"  # 患者（群众）评价
    LEADERS = "leaders"  # 科室/院领导评价
    BRANCH = "branch"  # 支部评议


class DutyOutcome(enum.StrEnum):
    """How a duty turn went; only a served (or swapped-and-served) turn counts as service."""

    PLANNED = "planned"  # 已排班，未确认
    SERVED = "served"  # 已到岗
    SWAPPED = "swapped"  # 换班（由 swapped_with 顶班）
    MISSED = "missed"  # 缺岗


class Post(Timestamped, Base):
    """One post of a branch: a model post, an area, a volunteer desk ..."""

    __tablename__ = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    kind: Mapped[PostKind] = mapped_column(_enum(PostKind, "post_kind"))
    name: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(100), default="")  # 地点/科室/病区
    duties: Mapped[str] = mapped_column(Text, default="")  # 岗位职责, one duty a line
    commitment: Mapped[str] = mapped_column(Text, default="")  # 服务承诺 (printed on the plaque)
    started_on: Mapped[dt.date | None] = mapped_column(Date)  # 设岗日期
    ended_on: Mapped[dt.date | None] = mapped_column(Date)  # 撤岗日期 (None: still active)
    # For a volunteer post: the volunteer-service kind its served turns count under (e.g. 导医导诊).
    volunteer_kind_id: Mapped[int | None] = mapped_column(ForeignKey("volunteer_kind.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    voided_on: Mapped[dt.date | None] = mapped_column(Date)
    void_reason: Mapped[str] = mapped_column(Text, default="")

    holders: Mapped[list[PostHolder]] = relationship(back_populates="post", order_by="PostHolder.started_on")
    reviews: Mapped[list[PostReview]] = relationship(back_populates="post", order_by="PostReview.reviewed_on")

    __table_args__ = (Index("ix_post_branch_kind", "branch_id", "kind"),)


class PostHolder(Timestamped, Base):
    """A member holding a post from `started_on` to `ended_on` (inclusive; None: still holding)."""

    __tablename__ = "post_holder"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="")  # 岗长 / 队长 / 成员 ... (free text)
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    voided_on: Mapped[dt.date | None] = mapped_column(Date)  # entered by mistake (wrong member ...)
    void_reason: Mapped[str] = mapped_column(Text, default="")

    post: Mapped[Post] = relationship(back_populates="holders")
    member: Mapped[Member] = relationship()


class PostReview(Timestamped, Base):
    """A periodic review (评议) of a post, or of one holder on it when `member_id` is set."""

    __tablename__ = "post_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(30), default="")  # e.g. 2026年上半年
    grade: Mapped[ReviewGrade] = mapped_column(_enum(ReviewGrade, "review_grade"))
    assessor: Mapped[ReviewAssessor] = mapped_column(
        _enum(ReviewAssessor, "review_assessor"), default=ReviewAssessor.BRANCH
    )
    note: Mapped[str] = mapped_column(Text, default="")
    voided_on: Mapped[dt.date | None] = mapped_column(Date)  # withdrawn: kept, no longer counted
    void_reason: Mapped[str] = mapped_column(Text, default="")

    post: Mapped[Post] = relationship(back_populates="reviews")
    member: Mapped[Member | None] = relationship()


class DutyTurn(Timestamped, Base):
    """One member on duty at a post on a date in a time slot (排班), and how it went (值班记录).

    A slot with two people on duty is two rows with the same date and times. Hours of service are the
    slot's length; a swapped turn was served by `swapped_with_id` instead of `member_id`.
    """

    __tablename__ = "duty_turn"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    on_date: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    outcome: Mapped[DutyOutcome] = mapped_column(
        _enum(DutyOutcome, "duty_outcome"), default=DutyOutcome.PLANNED
    )
    swapped_with_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    people_helped: Mapped[int | None] = mapped_column(Integer)  # 服务群众人次 that turn
    note: Mapped[str] = mapped_column(Text, default="")
    voided_on: Mapped[dt.date | None] = mapped_column(Date)
    void_reason: Mapped[str] = mapped_column(Text, default="")

    post: Mapped[Post] = relationship()
    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    swapped_with: Mapped[Member | None] = relationship(foreign_keys=[swapped_with_id])

    __table_args__ = (
        Index("ix_duty_turn_post_date", "post_id", "on_date"),
        Index("ix_duty_turn_member_date", "member_id", "on_date"),
    )
