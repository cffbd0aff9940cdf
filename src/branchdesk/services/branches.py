"""The hospital committee and its branches: first-run set-up, the branch profile, brand and committee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import (
    Branch,
    BranchBrand,
    BranchCommitteePost,
    Committee,
    CommitteeRole,
    Member,
    MemberStatus,
)
from branchdesk.services import roster
from branchdesk.services.labels import BRANCH_KINDS, ROLE_LABELS

MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_TYPES = {"png", "jpg", "jpeg"}


@dataclass(frozen=True)
class BranchSummary:
    id: int
    name: str
    member_count: int


@dataclass(frozen=True)
class CommitteePostRow:
    id: int
    member_id: int
    member_name: str
    role: CommitteeRole
    started_on: dt.date | None
    ended_on: dt.date | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class BranchProfile:
    """A branch as its profile page shows it; term_due is when 换届 falls due."""

    id: int
    committee_name: str
    name: str
    departments: str
    kind: str
    founded_on: dt.date | None
    term_started_on: dt.date | None
    term_years: int
    term_due: dt.date | None
    brand_name: str
    brand_slogan: str
    brand_meaning: str
    has_logo: bool
    secretary_name: str
    committee: tuple[CommitteePostRow, ...]


@dataclass(frozen=True)
class BranchProfileInput:
    name: str
    departments: str = ""
    kind: str = "在职"
    founded_on: dt.date | None = None
    term_started_on: dt.date | None = None
    term_years: int = 3
    brand_name: str = ""
    brand_slogan: str = ""
    brand_meaning: str = ""


def has_branch(session: Session) -> bool:
    """False on a new database: the first-run wizard is needed."""
    return (session.scalar(select(func.count(Branch.id))) or 0) > 0


def committee_name(session: Session) -> str:
    committee = session.scalar(select(Committee).order_by(Committee.id).limit(1))
    return committee.name if committee else ""


def list_branches(session: Session) -> list[BranchSummary]:
    """Every branch with its number of members on the roll, in the committee's order."""
    counts = (
        select(Member.branch_id, func.count(Member.id).label("n"))
        .where(Member.status == MemberStatus.ACTIVE)
        .group_by(Member.branch_id)
        .subquery()
    )
    stmt = (
        select(Branch.id, Branch.name, counts.c.n)
        .outerjoin(counts, counts.c.branch_id == Branch.id)
        .order_by(Branch.sort_order, Branch.id)
    )
    return [BranchSummary(i, n, c or 0) for i, n, c in session.execute(stmt)]


def _validate_profile(session: Session, data: BranchProfileInput, branch_id: int | None) -> None:
    if not data.name.strip():
        raise ValidationError("请填写支部名称。", field="支部名称")
    if len(data.name.strip()) > 100:
        raise ValidationError("支部名称不能超过100个字。", field="支部名称")
    stmt = select(Branch.id).where(Branch.name == data.name.strip())
    if branch_id is not None:
        stmt = stmt.where(Branch.id != branch_id)
    if session.scalar(stmt) is not None:
        raise ValidationError(f"已有名为“{data.name.strip()}”的支部。", field="支部名称")
    if data.kind not in BRANCH_KINDS:
        raise ValidationError("支部类型应为在职、联合或离退休。", field="支部类型")
    if not 1 <= data.term_years <= 5:
        raise ValidationError("任期应为1到5年（通常为3年）。", field="任期")
    if data.founded_on and data.term_started_on and data.term_started_on < data.founded_on:
        raise ValidationError("本届任期开始不能早于支部成立日期。", field="本届任期开始")


def ensure_branch(session: Session, name: str, *, committee: str = "医院党委") -> int:
    """The id of the branch called `name`, created (with a committee if there is none) when missing.

    For scripts and the party office's command line, where there is no first-run wizard.
    """
    existing = session.scalar(select(Branch.id).where(Branch.name == name.strip()))
    if existing is not None:
        return existing
    record = session.scalar(select(Committee).order_by(Committee.id).limit(1))
    if record is None:
        record = Committee(name=committee)
        session.add(record)
        session.flush()
    return create_branch(session, record.id, BranchProfileInput(name=name))


def create_branch(session: Session, committee_id: int, data: BranchProfileInput) -> int:
    """A new branch under the committee; returns its id."""
    _validate_profile(session, data, None)
    last = session.scalar(select(func.max(Branch.sort_order)))
    branch = Branch(committee_id=committee_id, sort_order=(last or 0) + 1)
    _apply_profile(branch, data)
    session.add(branch)
    session.flush()
    session.add(
        BranchBrand(
            branch_id=branch.id,
            name=data.brand_name.strip(),
            slogan=data.brand_slogan.strip(),
            meaning=data.brand_meaning.strip(),
        )
    )
    session.flush()
    return branch.id


def setup_first_branch(
    session: Session,
    *,
    committee: str,
    branch: BranchProfileInput,
    secretary: roster.MemberInput,
    today: dt.date | None = None,
) -> BranchProfile:
    """First run: the hospital committee, the branch and its secretary, all in one transaction."""
    if not committee.strip():
        raise ValidationError("请填写医院党委名称，如“中共某某医院委员会”。", field="医院党委名称")
    if has_branch(session):
        raise ValidationError("数据库中已有支部，无需再次初始化。", context="setup on non-empty db")
    record = Committee(name=committee.strip())
    session.add(record)
    session.flush()
    branch_id = create_branch(session, record.id, branch)
    today = today or dt.date.today()
    start = roster.default_roll_start(secretary, today)
    member = roster.add_member(session, branch_id, secretary, today=today, on_roll_from=start)
    set_committee_post(
        session, branch_id, member.id, CommitteeRole.SECRETARY, started_on=branch.term_started_on
    )
    return get_profile(session, branch_id)


def _apply_profile(branch: Branch, data: BranchProfileInput) -> None:
    branch.name = data.name.strip()
    branch.departments = data.departments.strip()
    branch.kind = data.kind
    branch.founded_on = data.founded_on
    branch.term_started_on = data.term_started_on
    branch.term_years = data.term_years


def update_profile(session: Session, branch_id: int, data: BranchProfileInput) -> BranchProfile:
    branch = _branch(session, branch_id)
    _validate_profile(session, data, branch_id)
    _apply_profile(branch, data)
    brand = branch.brand or BranchBrand(branch_id=branch_id)
    brand.name = data.brand_name.strip()
    brand.slogan = data.brand_slogan.strip()
    brand.meaning = data.brand_meaning.strip()
    session.add(brand)
    session.flush()
    return get_profile(session, branch_id)


def set_logo(session: Session, branch_id: int, data: bytes | None, kind: str = "") -> None:
    """Store (or clear, with None) the brand logo inside the database so backups carry it."""
    branch = _branch(session, branch_id)
    brand = branch.brand or BranchBrand(branch_id=branch_id)
    if data is not None:
        if kind.lower() not in LOGO_TYPES:
            raise ValidationError("标志图片应为 PNG 或 JPG 格式。", field="品牌标志")
        if len(data) > MAX_LOGO_BYTES:
            raise ValidationError("标志图片不能超过2MB，请先缩小图片。", field="品牌标志")
    brand.logo = data
    brand.logo_type = kind.lower() if data is not None else ""
    session.add(brand)
    session.flush()


def logo(session: Session, branch_id: int) -> bytes | None:
    brand = _branch(session, branch_id).brand
    return brand.logo if brand else None


def set_committee_post(
    session: Session,
    branch_id: int,
    member_id: int,
    role: CommitteeRole,
    *,
    started_on: dt.date | None = None,
) -> CommitteePostRow:
    """Give a member a committee post; a sole post (书记, 副书记 ...) ends its previous holder's term."""
    member = session.get(Member, member_id)
    if member is None or member.branch_id != branch_id or member.status is not MemberStatus.ACTIVE:
        raise ValidationError("支部委员应为本支部在册党员。", field="支部委员")
    current = _current_posts(session, branch_id)
    if any(p.member_id == member_id and p.role is role for p in current):
        raise ValidationError(f"{member.name}已担任{ROLE_LABELS[role]}。", field="职务")
    if role is not CommitteeRole.MEMBER:
        for post in current:
            if post.role is role:
                post.ended_on = started_on or dt.date.today()
    post = BranchCommitteePost(branch_id=branch_id, member_id=member_id, role=role, started_on=started_on)
    session.add(post)
    session.flush()
    return CommitteePostRow(post.id, member_id, member.name, role, started_on, None)


def end_committee_post(session: Session, post_id: int, *, on: dt.date) -> None:
    """A post ends on a date; the record stays so past committees can be shown."""
    post = session.get(BranchCommitteePost, post_id)
    if post is None:
        raise NotFoundError("该任职记录不存在。", context=f"post {post_id}")
    if post.started_on and on < post.started_on:
        raise ValidationError("卸任日期不能早于任职日期。", field="卸任日期")
    post.ended_on = on
    session.flush()


def _current_posts(session: Session, branch_id: int) -> list[BranchCommitteePost]:
    stmt = select(BranchCommitteePost).where(
        BranchCommitteePost.branch_id == branch_id, BranchCommitteePost.ended_on.is_(None)
    )
    return list(session.scalars(stmt))


def get_profile(session: Session, branch_id: int) -> BranchProfile:
    branch = _branch(session, branch_id)
    posts = sorted(
        _current_posts(session, branch_id), key=lambda p: (list(CommitteeRole).index(p.role), p.id)
    )
    rows = tuple(
        CommitteePostRow(p.id, p.member_id, p.member.name, p.role, p.started_on, p.ended_on) for p in posts
    )
    secretary = next((r.member_name for r in rows if r.role is CommitteeRole.SECRETARY), "")
    brand = branch.brand
    term_due = roster.add_years(branch.term_started_on, branch.term_years) if branch.term_started_on else None
    return BranchProfile(
        id=branch.id,
        committee_name=branch.committee.name,
        name=branch.name,
        departments=branch.departments,
        kind=branch.kind,
        founded_on=branch.founded_on,
        term_started_on=branch.term_started_on,
        term_years=branch.term_years,
        term_due=term_due,
        brand_name=brand.name if brand else "",
        brand_slogan=brand.slogan if brand else "",
        brand_meaning=brand.meaning if brand else "",
        has_logo=bool(brand and brand.logo),
        secretary_name=secretary,
        committee=rows,
    )


def _branch(session: Session, branch_id: int) -> Branch:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError("该支部不存在。", context=f"branch {branch_id}")
    return branch
