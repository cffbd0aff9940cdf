"""The branch roll (花名册): members, their checks, dated status and group changes.

The rules a record must keep (MemberInput, clean_input, validate_member, the probation and 党龄
dates) live in member_rules and are re-exported here, so `roster.<name>` stays the one way in.

A member is never deleted: leaving the roll is a dated status change, so meetings, points and
history keep their name. Rows returned are frozen snapshots, safe to hand to a table model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import (
    Branch,
    Member,
    MemberCategory,
    MemberGroupChange,
    MemberStatus,
    MemberStatusChange,
    PartyGroup,
)
from branchdesk.services import idcard
from branchdesk.services.labels import CATEGORY_LABELS, STATUS_LABELS
from branchdesk.services.member_rules import ADULT_AGE as ADULT_AGE
from branchdesk.services.member_rules import PROBATION as PROBATION
from branchdesk.services.member_rules import MemberInput as MemberInput
from branchdesk.services.member_rules import add_years as add_years
from branchdesk.services.member_rules import clean_input as clean_input
from branchdesk.services.member_rules import party_age as party_age
from branchdesk.services.member_rules import probation_due as probation_due
from branchdesk.services.member_rules import validate_member as validate_member
from branchdesk.services.member_rules import years_between as years_between
from branchdesk.services.pinyin_search import search_key


@dataclass(frozen=True)
class MemberRow:
    """One member as lists, dialogs and exports see them; sensitive values are masked by properties."""

    id: int
    branch_id: int
    roll_order: int
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date | None
    native_place: str
    education: str
    degree: str
    id_number: str
    phone: str
    department: str
    position: str
    title: str
    staff_category: str
    category: MemberCategory
    joined_on: dt.date | None
    full_member_on: dt.date | None
    status: MemberStatus
    status_since: dt.date | None
    group_id: int | None
    group_name: str
    notes: str
    party_age: int | None
    probation_due: dt.date | None
    search_key: str

    @property
    def id_masked(self) -> str:
        return idcard.mask_id(self.id_number)

    @property
    def phone_masked(self) -> str:
        return idcard.mask_phone(self.phone)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def on_roll(self) -> bool:
        return self.status is MemberStatus.ACTIVE

    def to_input(self) -> MemberInput:
        """The editable fields, for an edit dialog to start from."""
        names = {f.name for f in fields(MemberInput)}
        return MemberInput(**{n: getattr(self, n) for n in names})


@dataclass(frozen=True)
class StatusChangeRow:
    status: MemberStatus
    changed_on: dt.date
    reason: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _row(member: Member, group_name: str, today: dt.date) -> MemberRow:
    probationary = member.category is MemberCategory.PROBATIONARY
    return MemberRow(
        id=member.id,
        branch_id=member.branch_id,
        roll_order=member.roll_order,
        name=member.name,
        gender=member.gender,
        ethnicity=member.ethnicity,
        birth_date=member.birth_date,
        native_place=member.native_place,
        education=member.education,
        degree=member.degree,
        id_number=member.id_number or "",
        phone=member.phone,
        department=member.department,
        position=member.position,
        title=member.title,
        staff_category=member.staff_category,
        category=member.category,
        joined_on=member.joined_on,
        full_member_on=member.full_member_on,
        status=member.status,
        status_since=member.status_since,
        group_id=member.group_id,
        group_name=group_name,
        notes=member.notes,
        party_age=party_age(member.full_member_on, today),
        probation_due=probation_due(member.joined_on) if probationary else None,
        search_key=search_key(member.name),
    )


def _check_unique_id(session: Session, id_number: str, member_id: int | None) -> None:
    if not id_number:
        return
    stmt = select(Member.id, Member.name).where(Member.id_number == id_number)
    if member_id is not None:
        stmt = stmt.where(Member.id != member_id)
    other = session.execute(stmt).first()
    if other:
        raise ValidationError(f"身份证号已属于党员“{other.name}”，同一人不能登记两次。", field="身份证号")


def _check_group(session: Session, branch_id: int, group_id: int | None) -> None:
    if group_id is None:
        return
    group = session.get(PartyGroup, group_id)
    if group is None or group.branch_id != branch_id:
        raise ValidationError("所选党小组不属于本支部。", field="党小组")


def _apply(member: Member, data: MemberInput) -> None:
    for name in (
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "native_place",
        "education",
        "degree",
        "phone",
        "department",
        "position",
        "title",
        "staff_category",
        "category",
        "joined_on",
        "full_member_on",
        "notes",
    ):
        setattr(member, name, getattr(data, name))
    member.id_number = data.id_number or None


def _group_name(session: Session, group_id: int | None) -> str:
    if group_id is None:
        return ""
    group = session.get(PartyGroup, group_id)
    return group.name if group else ""


def default_roll_start(data: MemberInput, today: dt.date) -> dt.date:
    """When a member entered into an existing roster is taken to be on this branch's roll: the day
    they joined the Party (else today). Callers that enter existing members (the member dialog, the
    import, the first-run wizard) pass it as `on_roll_from` unless the user gave 转入本支部的日期, so
    a secretary who enters her roster and then this year's meetings finds the members on them.
    """
    if data.joined_on is not None and data.joined_on <= today:
        return data.joined_on
    return today


def add_member(
    session: Session,
    branch_id: int,
    data: MemberInput,
    *,
    today: dt.date | None = None,
    on_roll_from: dt.date | None = None,
) -> MemberRow:
    """Put a new member on the roll from `on_roll_from` (default: today); history keeps that date."""
    today = today or dt.date.today()
    if on_roll_from is not None and on_roll_from > today:
        raise ValidationError("在本支部起始日期不能晚于今天。", field="在本支部起始日期")
    if on_roll_from is not None and data.joined_on is not None and on_roll_from < data.joined_on:
        raise ValidationError("在本支部起始日期不能早于入党时间。", field="在本支部起始日期")
    if session.get(Branch, branch_id) is None:
        raise NotFoundError("支部不存在。", context=f"branch {branch_id}")
    data = clean_input(data)
    validate_member(data, today=today)
    _check_unique_id(session, data.id_number, None)
    _check_group(session, branch_id, data.group_id)
    last = session.scalar(select(func.max(Member.roll_order)).where(Member.branch_id == branch_id))
    member = Member(branch_id=branch_id, roll_order=(last or 0) + 1, status=MemberStatus.ACTIVE)
    _apply(member, data)
    member.group_id = data.group_id
    start = on_roll_from or today
    member.status_since = start
    session.add(member)
    session.flush()
    session.add(MemberStatusChange(member_id=member.id, status=MemberStatus.ACTIVE, changed_on=start))
    session.add(MemberGroupChange(member_id=member.id, group_id=data.group_id, changed_on=start))
    session.flush()
    return _row(member, _group_name(session, member.group_id), today)


def update_member(
    session: Session, member_id: int, data: MemberInput, *, today: dt.date | None = None
) -> MemberRow:
    """Save edited fields; a change of group is recorded with today's date."""
    today = today or dt.date.today()
    member = _member(session, member_id)
    data = clean_input(data)
    validate_member(data, today=today)
    _check_unique_id(session, data.id_number, member_id)
    _check_group(session, member.branch_id, data.group_id)
    _apply(member, data)
    if data.group_id != member.group_id:
        member.group_id = data.group_id
        session.add(MemberGroupChange(member_id=member.id, group_id=data.group_id, changed_on=today))
    session.flush()
    return _row(member, _group_name(session, member.group_id), today)


def change_status(
    session: Session,
    member_id: int,
    status: MemberStatus,
    *,
    on: dt.date,
    reason: str = "",
    today: dt.date | None = None,
) -> MemberRow:
    """Record a dated change of standing (转出, 去世 ... or back on the roll); history is kept."""
    today = today or dt.date.today()
    member = _member(session, member_id)
    if status is member.status:
        raise ValidationError(f"该党员当前已是“{STATUS_LABELS[status]}”状态。", field="状态")
    if on > today:
        raise ValidationError("变动日期不能晚于今天。", field="变动日期")
    if member.status_since and on < member.status_since:
        raise ValidationError(
            f"变动日期不能早于上一次状态变动（{member.status_since:%Y-%m-%d}）。", field="变动日期"
        )
    if status is not MemberStatus.ACTIVE and not reason.strip():
        raise ValidationError("请填写变动原因（如转往的组织、去世日期说明）。", field="变动原因")
    member.status = status
    member.status_since = on
    session.add(MemberStatusChange(member_id=member.id, status=status, changed_on=on, reason=reason.strip()))
    session.flush()
    return _row(member, _group_name(session, member.group_id), today)


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFoundError("该党员记录不存在，可能已被其他窗口修改。", context=f"member {member_id}")
    return member


def get_member(session: Session, member_id: int, *, today: dt.date | None = None) -> MemberRow:
    member = _member(session, member_id)
    return _row(member, _group_name(session, member.group_id), today or dt.date.today())


def list_members(
    session: Session,
    branch_id: int,
    *,
    include_left: bool = False,
    today: dt.date | None = None,
) -> list[MemberRow]:
    """The branch's members in roll order; those who left only when asked for."""
    today = today or dt.date.today()
    stmt = (
        select(Member, PartyGroup.name)
        .outerjoin(PartyGroup, Member.group_id == PartyGroup.id)
        .where(Member.branch_id == branch_id)
        .order_by(Member.roll_order, Member.id)
    )
    if not include_left:
        stmt = stmt.where(Member.status == MemberStatus.ACTIVE)
    return [_row(m, g or "", today) for m, g in session.execute(stmt)]


def status_history(session: Session, member_id: int) -> list[StatusChangeRow]:
    """Every dated change of standing, oldest first."""
    _member(session, member_id)
    stmt = (
        select(MemberStatusChange)
        .where(MemberStatusChange.member_id == member_id)
        .order_by(MemberStatusChange.changed_on, MemberStatusChange.id)
    )
    return [StatusChangeRow(c.status, c.changed_on, c.reason) for c in session.scalars(stmt)]


def departments(session: Session, branch_id: int) -> list[str]:
    """Departments already used in the branch, for filters and the dialog's completer."""
    stmt = (
        select(Member.department)
        .where(Member.branch_id == branch_id, Member.department != "")
        .distinct()
        .order_by(Member.department)
    )
    return list(session.scalars(stmt))
