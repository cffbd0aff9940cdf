"""Who holds a post when (在岗党员): holdings with start and end dates, both ends inclusive.

A member may hold several posts and a post several members; one member's holdings of one post never
overlap. A holder must be on the branch roll on the day they take the post, and a holding lies within
the post's own period. Holdings are ended (离岗), never deleted, so "who held it on 3 March" keeps
its answer. A holding typed for the wrong member is voided (date and reason): it stays in the post's
history, greyed, and counts nowhere else (holders on a day, the plaque, the rota's holders first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import Member, Post, PostHolder
from branchdesk.services.roll_history import RollHistory

ROLE_LIMIT = 20
REASON_LIMIT = 200  # a void reason: one sentence


@dataclass(frozen=True)
class HolderRow:
    """One member's holding of a post, from `started_on` to `ended_on` (inclusive; None: still holding)."""

    id: int
    post_id: int
    member_id: int
    name: str
    department: str
    role: str
    started_on: dt.date
    ended_on: dt.date | None
    note: str
    voided_on: dt.date | None = None
    void_reason: str = ""

    @property
    def voided(self) -> bool:
        return self.voided_on is not None

    def holds_on(self, day: dt.date) -> bool:
        """A voided holding never held the post."""
        return not self.voided and self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    @property
    def label(self) -> str:
        """ "王芳（岗长）" as lists and the plaque show a holder."""
        return f"{self.name}（{self.role}）" if self.role else self.name


def load_post(session: Session, post_id: int) -> Post:
    post = session.get(Post, post_id)
    if post is None:
        raise NotFoundError("该岗位不存在，可能已被其他窗口修改。", context=f"post {post_id}")
    return post


def ensure_open(post: Post) -> None:
    """A voided post is only looked at: no holders, reviews or turns are added to it."""
    if post.voided_on is not None:
        raise ValidationError(f"岗位“{post.name}”已作废，不能再修改。", field="岗位")


def holder_rows(session: Session, *where: ColumnElement[bool]) -> list[HolderRow]:
    stmt = (
        select(PostHolder, Member.name, Member.department)
        .join(Member, Member.id == PostHolder.member_id)
        .where(*where)
        .order_by(PostHolder.started_on, PostHolder.id)
    )
    return [
        HolderRow(
            h.id,
            h.post_id,
            h.member_id,
            name,
            dept,
            h.role,
            h.started_on,
            h.ended_on,
            h.note,
            h.voided_on,
            h.void_reason,
        )
        for h, name, dept in session.execute(stmt)
    ]


def holders(session: Session, post_id: int) -> list[HolderRow]:
    """Every holding of the post, past and present, voided ones too (the history), oldest first."""
    load_post(session, post_id)
    return holder_rows(session, PostHolder.post_id == post_id)


def holders_on(session: Session, post_id: int, day: dt.date) -> list[HolderRow]:
    """Who held the post on `day` (both ends of a holding count)."""
    return holder_rows(session, PostHolder.post_id == post_id, *holding_on(day))


def holding_on(day: dt.date) -> tuple[ColumnElement[bool], ...]:
    """Holdings running on `day`; a voided one never ran."""
    return (
        PostHolder.voided_on.is_(None),
        PostHolder.started_on <= day,
        or_(PostHolder.ended_on.is_(None), PostHolder.ended_on >= day),
    )


def _check_holding(
    session: Session,
    post: Post,
    member_id: int,
    started_on: dt.date,
    ended_on: dt.date | None,
    holder_id: int | None,
) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.branch_id != post.branch_id:
        raise ValidationError("请选择本支部的党员。", field="党员")
    if ended_on is not None and ended_on < started_on:
        raise ValidationError("离岗日期不能早于上岗日期。", field="离岗日期")
    if post.started_on is not None and started_on < post.started_on:
        raise ValidationError(
            f"该岗位 {post.started_on:%Y-%m-%d} 设岗，上岗日期不能早于设岗日期。", field="上岗日期"
        )
    if post.ended_on is not None and started_on > post.ended_on:
        raise ValidationError(
            f"该岗位已于 {post.ended_on:%Y-%m-%d} 撤岗，上岗日期不能晚于撤岗日期。", field="上岗日期"
        )
    if post.ended_on is not None and (ended_on is None or ended_on > post.ended_on):
        raise ValidationError(
            f"该岗位已于 {post.ended_on:%Y-%m-%d} 撤岗，离岗日期不能晚于撤岗日期。", field="离岗日期"
        )
    if not RollHistory(session, post.branch_id).on_roll(member_id, started_on):
        raise ValidationError(
            f"{member.name}在 {started_on:%Y-%m-%d} 不在本支部党员名册上，不能上岗。", field="上岗日期"
        )
    overlap = [
        PostHolder.voided_on.is_(None),
        PostHolder.post_id == post.id,
        PostHolder.member_id == member_id,
        PostHolder.id != (holder_id or 0),
        or_(PostHolder.ended_on.is_(None), PostHolder.ended_on >= started_on),
    ]
    if ended_on is not None:
        overlap.append(PostHolder.started_on <= ended_on)
    other = session.scalars(select(PostHolder).where(and_(*overlap))).first()
    if other is not None:
        until = f"至 {other.ended_on:%Y-%m-%d}" if other.ended_on else "至今"
        raise ValidationError(
            f"{member.name}已在该岗位（{other.started_on:%Y-%m-%d} {until}），任岗时间不能重叠。",
            field="上岗日期",
        )
    return member


def add_holder(
    session: Session,
    post_id: int,
    member_id: int,
    *,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    role: str = "",
    note: str = "",
) -> HolderRow:
    """Put a member on the post from `started_on` (one may hold several posts, a post several members)."""
    post = load_post(session, post_id)
    ensure_open(post)
    role = " ".join(role.split())
    if len(role) > ROLE_LIMIT:
        raise ValidationError(f"最多 {ROLE_LIMIT} 个字。", field="岗内职务")
    ended_on = ended_on if ended_on is not None else post.ended_on  # a withdrawn post ends its holdings
    _check_holding(session, post, member_id, started_on, ended_on, None)
    holder = PostHolder(
        post_id=post_id, member_id=member_id, role=role, started_on=started_on, ended_on=ended_on,
        note=note.strip(),
    )  # fmt: skip
    session.add(holder)
    session.flush()
    return holder_rows(session, PostHolder.id == holder.id)[0]


def update_holder(
    session: Session,
    holder_id: int,
    *,
    started_on: dt.date,
    ended_on: dt.date | None,
    role: str,
    note: str = "",
) -> HolderRow:
    """Correct a holding's dates, role or note (the member stays: a wrong member is voided, not swapped)."""
    holder = _load_open_holder(session, holder_id)
    post = load_post(session, holder.post_id)
    ensure_open(post)
    role = " ".join(role.split())
    if len(role) > ROLE_LIMIT:
        raise ValidationError(f"最多 {ROLE_LIMIT} 个字。", field="岗内职务")
    ended_on = ended_on if ended_on is not None else post.ended_on
    _check_holding(session, post, holder.member_id, started_on, ended_on, holder_id)
    holder.started_on, holder.ended_on, holder.role, holder.note = started_on, ended_on, role, note.strip()
    session.flush()
    return holder_rows(session, PostHolder.id == holder_id)[0]


def end_holder(session: Session, holder_id: int, *, on: dt.date) -> HolderRow:
    """离岗: the holding ends on `on`, its last day."""
    holder = _load_open_holder(session, holder_id)
    if on < holder.started_on:
        raise ValidationError(f"离岗日期不能早于上岗日期 {holder.started_on:%Y-%m-%d}。", field="离岗日期")
    return update_holder(
        session, holder_id, started_on=holder.started_on, ended_on=on, role=holder.role, note=holder.note
    )


def end_open_holders(session: Session, post_id: int, on: dt.date) -> None:
    """When a post is withdrawn, holdings running past that day end with it."""
    mine = (PostHolder.post_id == post_id, PostHolder.voided_on.is_(None))  # voided ones stay as they were
    late = session.scalar(select(func.max(PostHolder.started_on)).where(*mine))
    if late is not None and late > on:
        raise ValidationError(f"已有党员自 {late:%Y-%m-%d} 起在岗，撤岗日期不能早于该日。", field="撤岗日期")
    for holder in session.scalars(
        select(PostHolder).where(*mine, or_(PostHolder.ended_on.is_(None), PostHolder.ended_on > on))
    ):
        holder.ended_on = on


def _load_open_holder(session: Session, holder_id: int) -> PostHolder:
    holder = session.get(PostHolder, holder_id)
    if holder is None:
        raise NotFoundError("该任岗记录不存在。", context=f"post_holder {holder_id}")
    if holder.voided_on is not None:
        raise ValidationError("该任岗记录已作废，不能再修改。", field="在岗党员")
    return holder


def void_reason(reason: str) -> str:
    """The reason a holding or a review is voided: required, one sentence."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("请填写作废原因（如：录错党员）。", field="作废原因")
    if len(reason) > REASON_LIMIT:
        raise ValidationError(f"最多 {REASON_LIMIT} 个字，现在有 {len(reason)} 个字。", field="作废原因")
    return reason


def void_holder(session: Session, holder_id: int, *, on: dt.date, reason: str) -> HolderRow:
    """Void a holding entered by mistake (the wrong member ...): kept with the date and the reason,
    shown greyed in the post's history, and no longer holding the post on any day."""
    holder = _load_open_holder(session, holder_id)
    ensure_open(load_post(session, holder.post_id))
    holder.void_reason = void_reason(reason)
    holder.voided_on = on
    session.flush()
    return holder_rows(session, PostHolder.id == holder_id)[0]
