"""The organisation: hospital committee, branches with their brand and committee, groups, members.

Members are never deleted once anything refers to them: they leave the roll through a dated
`MemberStatusChange`, and `MemberGroupChange` keeps which group they were in on any date.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from branchdesk.models.base import Base, Timestamped


class MemberStatus(enum.StrEnum):
    """Where a member stands on the branch roll."""

    ACTIVE = "active"  # 在册
    TRANSFERRED_OUT = "transferred_out"  # 转出
    SUSPENDED = "suspended"  # 停止党籍
    EXPELLED = "expelled"  # 出党
    DECEASED = "deceased"  # 去世


class MemberCategory(enum.StrEnum):
    """正式党员 or 预备党员."""

    FULL = "full"
    PROBATIONARY = "probationary"


class CommitteeRole(enum.StrEnum):
    """Posts on a branch committee (支部委员会)."""

    SECRETARY = "secretary"  # 书记
    DEPUTY = "deputy"  # 副书记
    ORGANISATION = "organisation"  # 组织委员
    PUBLICITY = "publicity"  # 宣传委员
    DISCIPLINE = "discipline"  # 纪检委员
    YOUTH = "youth"  # 青年委员
    UNITED_FRONT = "united_front"  # 统战委员
    MEMBER = "member"  # 委员


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Committee(Timestamped, Base):
    """The hospital Party committee (院党委) the branches report to."""

    __tablename__ = "committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    hospital: Mapped[str] = mapped_column(String(100), default="")

    branches: Mapped[list[Branch]] = relationship(back_populates="committee")


class Branch(Timestamped, Base):
    """A Party branch (党支部), usually built on one or more departments."""

    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id"))
    name: Mapped[str] = mapped_column(String(100), unique=True)
    departments: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20), default="在职")  # 在职 / 联合 / 离退休
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    term_started_on: Mapped[dt.date | None] = mapped_column(Date)
    term_years: Mapped[int] = mapped_column(Integer, default=3)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    committee: Mapped[Committee] = relationship(back_populates="branches")
    brand: Mapped[BranchBrand | None] = relationship(back_populates="branch", uselist=False)
    groups: Mapped[list[PartyGroup]] = relationship(back_populates="branch")
    members: Mapped[list[Member]] = relationship(back_populates="branch")
    committee_posts: Mapped[list[BranchCommitteePost]] = relationship(back_populates="branch")


class BranchBrand(Timestamped, Base):
    """ "One branch, one brand" (一支部一品牌): name, slogan, meaning and an optional logo image."""

    __tablename__ = "branch_brand"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    slogan: Mapped[str] = mapped_column(String(200), default="")
    meaning: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str] = mapped_column(String(20), default="")

    branch: Mapped[Branch] = relationship(back_populates="brand")


class BranchCommitteePost(Timestamped, Base):
    """A member's post on the branch committee for a period (书记, 组织委员 ...)."""

    __tablename__ = "branch_committee_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    role: Mapped[CommitteeRole] = mapped_column(_enum(CommitteeRole, "committee_role"))
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)

    branch: Mapped[Branch] = relationship(back_populates="committee_posts")
    member: Mapped[Member] = relationship()

    __table_args__ = (Index("ix_branch_committee_post_branch_ended", "branch_id", "ended_on"),)


class PartyGroup(Timestamped, Base):
    """A party group (党小组) within a branch."""

    __tablename__ = "party_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    name: Mapped[str] = mapped_column(String(50))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", use_alter=True))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(default=False)

    branch: Mapped[Branch] = relationship(back_populates="groups")
    leader: Mapped[Member | None] = relationship(foreign_keys=[leader_id])

    __table_args__ = (UniqueConstraint("branch_id", "name", name="uq_party_group_branch_name"),)


class Member(Timestamped, Base):
    """A Party member (党员) on a branch's roll; ID number and phone are sensitive."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("party_group.id"), index=True)
    roll_order: Mapped[int] = mapped_column(Integer, default=0)

    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(2), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    native_place: Mapped[str] = mapped_column(String(50), default="")
    education: Mapped[str] = mapped_column(String(20), default="")
    degree: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    department: Mapped[str] = mapped_column(String(50), default="")
    position: Mapped[str] = mapped_column(String(50), default="")  # 职务
    title: Mapped[str] = mapped_column(String(50), default="")  # 职称
    staff_category: Mapped[str] = mapped_column(String(20), default="在职")  # 人员类别
    category: Mapped[MemberCategory] = mapped_column(
        _enum(MemberCategory, "member_category"), default=MemberCategory.FULL
    )
    joined_on: Mapped[dt.date | None] = mapped_column(Date)  # 入党时间
    full_member_on: Mapped[dt.date | None] = mapped_column(Date)  # 转正时间
    status: Mapped[MemberStatus] = mapped_column(
        _enum(MemberStatus, "member_status"), default=MemberStatus.ACTIVE
    )
    status_since: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    branch: Mapped[Branch] = relationship(back_populates="members")
    group: Mapped[PartyGroup | None] = relationship(foreign_keys=[group_id])
    status_changes: Mapped[list[MemberStatusChange]] = relationship(
        back_populates="member", order_by="MemberStatusChange.changed_on"
    )

    __table_args__ = (Index("ix_member_branch_status", "branch_id", "status"),)


class MemberStatusChange(Base):
    """A dated change of a member's standing: on the roll, transferred out, deceased ... never erased."""

    __tablename__ = "member_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus, "member_status"))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=dt.datetime.now)

    member: Mapped[Member] = relationship(back_populates="status_changes")


class MemberGroupChange(Base):
    """From which date a member belongs to which party group (None: no group), for rolls on a date."""

    __tablename__ = "member_group_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("party_group.id"))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=dt.datetime.now)
