"""When a member is already taken: one person cannot be in two places at once.

A turn occupies its member on its date and time slot unless it was swapped away; a swapped turn
occupies the one who stood in. Voided turns and turns of voided posts occupy nobody. The check spans
every post of every branch, and its message names the member, the date and the other post.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from branchdesk.models import Branch, DutyOutcome, DutyTurn, Post
from branchdesk.services.post_labels import weekday_text


def minutes_between(starts_at: dt.time, ends_at: dt.time) -> int:
    """A slot's length in whole minutes."""
    return (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)


def slot_text(starts_at: dt.time, ends_at: dt.time) -> str:
    return f"{starts_at:%H:%M}—{ends_at:%H:%M}"


def day_text(day: dt.date) -> str:
    """ "2026-12-07（星期一）" as messages name a date."""
    return f"{day:%Y-%m-%d}（{weekday_text(day.weekday())}）"


@dataclass(frozen=True)
class Conflict:
    """A member already on another turn at an overlapping time that day."""

    member_id: int
    member_name: str
    on_date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    other_post: str  # "内科第一党支部 门诊大厅党员志愿服务岗"
    other_starts_at: dt.time
    other_ends_at: dt.time

    @property
    def message(self) -> str:
        return (
            f"{self.member_name} {day_text(self.on_date)} {slot_text(self.starts_at, self.ends_at)} "
            f"已排在“{self.other_post}”（{slot_text(self.other_starts_at, self.other_ends_at)}），"
            "同一时间不能在两处值班。"
        )


@dataclass(frozen=True)
class Busy:
    """A stretch of time a member is already taken on a date."""

    turn_id: int | None
    starts_at: dt.time
    ends_at: dt.time
    where: str

    def overlaps(self, starts_at: dt.time, ends_at: dt.time) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at


def busy_times(
    session: Session, member_ids: Collection[int], first: dt.date, last: dt.date
) -> dict[tuple[int, dt.date], list[Busy]]:
    """(member, date) -> the turns occupying them, across every post of every branch (one query).

    A turn occupies its member unless swapped away; a swapped turn occupies the one who stood in.
    Voided turns and turns of voided posts occupy nobody.
    """
    if not member_ids:
        return {}
    ids = list(member_ids)
    stmt = (
        select(DutyTurn, Post.name, Branch.name)
        .join(Post, Post.id == DutyTurn.post_id)
        .join(Branch, Branch.id == Post.branch_id)
        .where(
            DutyTurn.on_date.between(first, last),
            DutyTurn.voided_on.is_(None),
            Post.voided_on.is_(None),
            or_(DutyTurn.member_id.in_(ids), DutyTurn.swapped_with_id.in_(ids)),
        )
    )
    found: dict[tuple[int, dt.date], list[Busy]] = defaultdict(list)
    for turn, post_name, branch_name in session.execute(stmt):
        who = turn.swapped_with_id if turn.outcome is DutyOutcome.SWAPPED else turn.member_id
        if who is not None and who in member_ids:
            found[(who, turn.on_date)].append(
                Busy(turn.id, turn.starts_at, turn.ends_at, f"{branch_name} {post_name}")
            )
    return found


def find_conflict(
    busy: dict[tuple[int, dt.date], list[Busy]],
    member_id: int,
    member_name: str,
    day: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    *,
    ignore_turn: int | None = None,
) -> Conflict | None:
    for b in busy.get((member_id, day), ()):
        if ignore_turn is not None and b.turn_id == ignore_turn:
            continue
        if b.overlaps(starts_at, ends_at):
            return Conflict(member_id, member_name, day, starts_at, ends_at, b.where, b.starts_at, b.ends_at)
    return None
