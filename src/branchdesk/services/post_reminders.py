"""What the overview says about the branch's posts: the on-duty log and staffing need the secretary.

A turn that was served but never confirmed feeds no volunteer hours, a post with nobody on it is a
plaque on the wall with no one behind it, and a desk staffed in turns needs next month's rota before
the month begins. Queries go straight to the models: the overview must stay one quick read.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Exists, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from branchdesk.models import DutyOutcome, DutyTurn, Post, PostHolder
from branchdesk.services.org_life_check import Level

UNCONFIRMED_WARN_DAYS = 7  # a turn this long past and still unconfirmed is a 提醒, before that a 提示
ROTA_AHEAD_DAYS = 7  # in the last week of a month, next month's rota is due


@dataclass(frozen=True)
class PostNotice:
    level: Level
    text: str
    post_id: int


def _active(day: dt.date) -> list[ColumnElement[bool]]:
    return [
        Post.voided_on.is_(None),
        or_(Post.started_on.is_(None), Post.started_on <= day),
        or_(Post.ended_on.is_(None), Post.ended_on >= day),
    ]


def _unconfirmed(session: Session, branch_id: int, today: dt.date) -> list[PostNotice]:
    stmt = (
        select(Post.id, Post.name, func.count(DutyTurn.id), func.min(DutyTurn.on_date))
        .join(DutyTurn, DutyTurn.post_id == Post.id)
        .where(
            Post.branch_id == branch_id,
            Post.voided_on.is_(None),
            DutyTurn.voided_on.is_(None),
            DutyTurn.outcome == DutyOutcome.PLANNED,
            DutyTurn.on_date < today,
        )
        .group_by(Post.id, Post.name)
        .order_by(Post.sort_order, Post.id)
    )
    notices = []
    for post_id, name, count, oldest in session.execute(stmt):
        overdue = (today - oldest).days >= UNCONFIRMED_WARN_DAYS
        text = (
            f"{name}有 {count} 次已过的值班尚未确认（最早 {oldest:%Y-%m-%d}），"
            "请在值班记录中确认到岗、换班或缺岗"
        )
        notices.append(PostNotice(Level.WARN if overdue else Level.INFO, text, post_id))
    return notices


def _unstaffed(session: Session, branch_id: int, today: dt.date) -> list[PostNotice]:
    holding = exists().where(
        PostHolder.post_id == Post.id,
        PostHolder.voided_on.is_(None),
        PostHolder.started_on <= today,
        or_(PostHolder.ended_on.is_(None), PostHolder.ended_on >= today),
    )
    stmt = (
        select(Post.id, Post.name)
        .where(Post.branch_id == branch_id, *_active(today), ~holding)
        .order_by(Post.sort_order, Post.id)
    )
    return [
        PostNotice(Level.WARN, f"{name}目前没有在岗党员，请补充岗位人员或撤岗", post_id)
        for post_id, name in session.execute(stmt)
    ]


def _rota_due(session: Session, branch_id: int, today: dt.date) -> list[PostNotice]:
    """Posts served in turns this month with nothing planned next month, in the month's last week."""
    last_day = calendar.monthrange(today.year, today.month)[1]
    if last_day - today.day >= ROTA_AHEAD_DAYS:
        return []
    this_month = today.replace(day=1)
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    after_next = (next_month + dt.timedelta(days=32)).replace(day=1)

    def turns_between(first: dt.date, end: dt.date) -> Exists:
        return exists().where(
            DutyTurn.post_id == Post.id,
            DutyTurn.voided_on.is_(None),
            and_(DutyTurn.on_date >= first, DutyTurn.on_date < end),
        )

    stmt = (
        select(Post.id, Post.name)
        .where(
            Post.branch_id == branch_id,
            *_active(next_month),
            turns_between(this_month, next_month),
            ~turns_between(next_month, after_next),
        )
        .order_by(Post.sort_order, Post.id)
    )
    return [
        PostNotice(Level.INFO, f"{name}还没有排 {next_month.month} 月的班", post_id)
        for post_id, name in session.execute(stmt)
    ]


def post_notices(session: Session, branch_id: int, today: dt.date) -> list[PostNotice]:
    """Unconfirmed past turns, posts nobody holds today, next month's rota still to make."""
    return [
        *_unconfirmed(session, branch_id, today),
        *_unstaffed(session, branch_id, today),
        *_rota_due(session, branch_id, today),
    ]
