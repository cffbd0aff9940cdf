"""Who was on the branch roll on a given day, and in which party group, from the dated history.

A meeting's roll is taken from here once, when the meeting is recorded, and then kept with the
meeting: members who join or leave later do not change a past meeting's 应到.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Subquery, and_, func, select
from sqlalchemy.orm import Session

from branchdesk.models import (
    BranchCommitteePost,
    MeetingType,
    Member,
    MemberGroupChange,
    MemberStatus,
    MemberStatusChange,
    PartyGroup,
)


@dataclass(frozen=True)
class RollEntry:
    """A member on the roll on one day; group as it was that day, department and 职务 as now."""

    member_id: int
    name: str
    group_id: int | None
    group_name: str
    department: str
    position: str
    roll_order: int


def _latest_status(branch_id: int, day: dt.date) -> Subquery:
    """Each branch member's newest status change on or before `day` (rank 1)."""
    rank = (
        func.row_number()
        .over(
            partition_by=MemberStatusChange.member_id,
            order_by=(MemberStatusChange.changed_on.desc(), MemberStatusChange.id.desc()),
        )
        .label("rank")
    )
    return (
        select(MemberStatusChange.member_id, MemberStatusChange.status, rank)
        .join(Member, Member.id == MemberStatusChange.member_id)
        .where(Member.branch_id == branch_id, MemberStatusChange.changed_on <= day)
        .subquery("latest_status")
    )


def _latest_group(
    day: dt.date, *, branch_id: int | None = None, member_ids: Collection[int] = ()
) -> Subquery:
    """Each member's newest group change on or before `day` (rank 1), for a branch or given members."""
    rank = (
        func.row_number()
        .over(
            partition_by=MemberGroupChange.member_id,
            order_by=(MemberGroupChange.changed_on.desc(), MemberGroupChange.id.desc()),
        )
        .label("rank")
    )
    stmt = select(MemberGroupChange.member_id, MemberGroupChange.group_id, rank).where(
        MemberGroupChange.changed_on <= day
    )
    if branch_id is not None:
        stmt = stmt.join(Member, Member.id == MemberGroupChange.member_id).where(
            Member.branch_id == branch_id
        )
    else:
        stmt = stmt.where(MemberGroupChange.member_id.in_(list(member_ids)))
    return stmt.subquery("latest_group")


def roll_on(
    session: Session,
    branch_id: int,
    day: dt.date,
    *,
    group_id: int | None = None,
    committee_only: bool = False,
) -> list[RollEntry]:
    """The members on the branch roll on `day` (only `group_id`'s members that day when given; only
    those holding a post on the branch committee that day with `committee_only`).

    One query for the whole branch: the newest status and group change up to that day per member.
    A member with no status change on or before `day` came on the roll later and is not listed.
    """
    status = _latest_status(branch_id, day)
    grouping = _latest_group(day, branch_id=branch_id)
    stmt = (
        select(
            Member.id,
            Member.name,
            grouping.c.group_id,
            PartyGroup.name,
            Member.department,
            Member.position,
            Member.roll_order,
        )
        .join(status, and_(status.c.member_id == Member.id, status.c.rank == 1))
        .outerjoin(grouping, and_(grouping.c.member_id == Member.id, grouping.c.rank == 1))
        .outerjoin(PartyGroup, PartyGroup.id == grouping.c.group_id)
        .where(Member.branch_id == branch_id, status.c.status == MemberStatus.ACTIVE)
        .order_by(Member.roll_order, Member.id)
    )
    if group_id is not None:
        stmt = stmt.where(grouping.c.group_id == group_id)
    if committee_only:
        holding = (
            select(BranchCommitteePost.member_id)
            .where(
                BranchCommitteePost.branch_id == branch_id,
                (BranchCommitteePost.started_on.is_(None)) | (BranchCommitteePost.started_on <= day),
                (BranchCommitteePost.ended_on.is_(None)) | (BranchCommitteePost.ended_on > day),
            )
            .distinct()
        )
        stmt = stmt.where(Member.id.in_(holding))
    return [
        RollEntry(mid, name, gid, gname or "", dept, pos, order)
        for mid, name, gid, gname, dept, pos, order in session.execute(stmt)
    ]


def meeting_roll(
    session: Session, branch_id: int, day: dt.date, meeting_type: MeetingType, group_id: int | None
) -> list[RollEntry]:
    """Who is due at a meeting of this type on `day`: a 党小组会 its group, a 支委会 the members
    holding a committee post that day, every other meeting the whole branch roll."""
    return roll_on(
        session,
        branch_id,
        day,
        group_id=group_id,
        committee_only=meeting_type is MeetingType.COMMITTEE_MEETING,
    )


def groups_on(session: Session, member_ids: Collection[int], day: dt.date) -> dict[int, tuple[int, str]]:
    """member id -> (group id, group name) on `day`, for members who were in a group that day."""
    if not member_ids:
        return {}
    grouping = _latest_group(day, member_ids=member_ids)
    stmt = (
        select(grouping.c.member_id, PartyGroup.id, PartyGroup.name)
        .join(PartyGroup, PartyGroup.id == grouping.c.group_id)
        .where(grouping.c.rank == 1)
    )
    return {mid: (gid, name) for mid, gid, name in session.execute(stmt)}
