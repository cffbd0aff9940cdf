"""Party groups (党小组) of a branch: listed, added, renamed, given a leader, archived (never deleted)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import Member, MemberStatus, PartyGroup


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    leader_id: int | None
    leader_name: str
    member_count: int
    archived: bool


def list_groups(session: Session, branch_id: int, *, include_archived: bool = False) -> list[GroupRow]:
    """The branch's groups in their order, with how many members on the roll each holds."""
    counts = (
        select(Member.group_id, func.count(Member.id).label("n"))
        .where(Member.branch_id == branch_id, Member.status == MemberStatus.ACTIVE)
        .group_by(Member.group_id)
        .subquery()
    )
    leader = select(Member.id, Member.name).subquery()
    stmt = (
        select(PartyGroup, counts.c.n, leader.c.name)
        .outerjoin(counts, counts.c.group_id == PartyGroup.id)
        .outerjoin(leader, leader.c.id == PartyGroup.leader_id)
        .where(PartyGroup.branch_id == branch_id)
        .order_by(PartyGroup.sort_order, PartyGroup.id)
    )
    if not include_archived:
        stmt = stmt.where(PartyGroup.archived.is_(False))
    return [
        GroupRow(g.id, g.name, g.leader_id, leader_name or "", n or 0, g.archived)
        for g, n, leader_name in session.execute(stmt)
    ]


def _clean_name(session: Session, branch_id: int, name: str, group_id: int | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("请填写党小组名称。", field="党小组名称")
    if len(name) > 50:
        raise ValidationError("党小组名称不能超过50个字。", field="党小组名称")
    stmt = select(PartyGroup.id).where(PartyGroup.branch_id == branch_id, PartyGroup.name == name)
    if group_id is not None:
        stmt = stmt.where(PartyGroup.id != group_id)
    if session.scalar(stmt) is not None:
        raise ValidationError(f"本支部已有名为“{name}”的党小组。", field="党小组名称")
    return name


def _check_leader(session: Session, branch_id: int, leader_id: int | None) -> None:
    if leader_id is None:
        return
    member = session.get(Member, leader_id)
    if member is None or member.branch_id != branch_id or member.status is not MemberStatus.ACTIVE:
        raise ValidationError("党小组组长应为本支部在册党员。", field="组长")


def add_group(session: Session, branch_id: int, name: str, *, leader_id: int | None = None) -> GroupRow:
    name = _clean_name(session, branch_id, name, None)
    _check_leader(session, branch_id, leader_id)
    last = session.scalar(select(func.max(PartyGroup.sort_order)).where(PartyGroup.branch_id == branch_id))
    group = PartyGroup(branch_id=branch_id, name=name, leader_id=leader_id, sort_order=(last or 0) + 1)
    session.add(group)
    session.flush()
    return _one(session, group)


def update_group(session: Session, group_id: int, *, name: str, leader_id: int | None) -> GroupRow:
    group = _group(session, group_id)
    group.name = _clean_name(session, group.branch_id, name, group_id)
    _check_leader(session, group.branch_id, leader_id)
    group.leader_id = leader_id
    session.flush()
    return _one(session, group)


def archive_group(session: Session, group_id: int) -> None:
    """Retire a group; only an empty group can go, so nobody silently loses their group."""
    group = _group(session, group_id)
    in_group = session.scalar(
        select(func.count(Member.id)).where(Member.group_id == group_id, Member.status == MemberStatus.ACTIVE)
    )
    if in_group:
        raise ValidationError(
            f"党小组“{group.name}”还有 {in_group} 名在册党员，请先把他们调到其他党小组。", field="党小组"
        )
    group.archived = True
    session.flush()


def _group(session: Session, group_id: int) -> PartyGroup:
    group = session.get(PartyGroup, group_id)
    if group is None:
        raise NotFoundError("该党小组不存在。", context=f"group {group_id}")
    return group


def _one(session: Session, group: PartyGroup) -> GroupRow:
    return next(r for r in list_groups(session, group.branch_id, include_archived=True) if r.id == group.id)
