"""Volunteer service (志愿服务): events with participants and their hours, the kinds and partner units.

Hours are kept in whole minutes (never float), like money in fen. A participant's `minutes` is None
when they served the event's whole length (the default, travel excluded) and a number when it was
overridden. Events are never hard-deleted: one entered by mistake is voided with a date and a reason.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from branchdesk.models.base import Base, Timestamped
from branchdesk.models.meetings import Meeting
from branchdesk.models.org import Member

# The kinds DOMAIN.md lists, seeded by the migration; the list is editable (rename, add, archive).
DEFAULT_VOLUNTEER_KINDS: tuple[str, ...] = (
    "义诊",
    "健康科普/讲座",
    "导医导诊",
    "社区服务",
    "进校园",
    "无偿献血",
    "乡村帮扶",
    "其他",
)


class VolunteerKind(Base):
    """One kind of volunteer service in the editable list (义诊, 导医导诊 ...)."""

    __tablename__ = "volunteer_kind"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class PartnerUnit(Timestamped, Base):
    """A 共建单位 the branch serves with: a school, a village, a community, a company."""

    __tablename__ = "partner_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="")  # 学校/村/社区/企业/机关/其他
    contact: Mapped[str] = mapped_column(String(50), default="")  # 联系人
    phone: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class VolunteerEvent(Timestamped, Base):
    """One volunteer activity of a branch, optionally held as (linked to) a theme party day."""

    __tablename__ = "volunteer_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    title: Mapped[str] = mapped_column(String(200))
    kind_id: Mapped[int] = mapped_column(ForeignKey("volunteer_kind.id"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(100), default="")
    partner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("partner_unit.id"))
    people_served: Mapped[int] = mapped_column(Integer, default=0)  # 惠及群众人次
    training: Mapped[str] = mapped_column(Text, default="")  # 培训情况 (志愿服务记录)
    honours: Mapped[str] = mapped_column(Text, default="")  # 表彰奖励
    evaluation: Mapped[str] = mapped_column(Text, default="")  # 服务评价
    notes: Mapped[str] = mapped_column(Text, default="")  # 活动情况/照片说明
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    voided_on: Mapped[dt.date | None] = mapped_column(Date)
    void_reason: Mapped[str] = mapped_column(Text, default="")

    kind: Mapped[VolunteerKind] = relationship()
    partner_unit: Mapped[PartnerUnit | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    participants: Mapped[list[VolunteerParticipant]] = relationship(
        back_populates="event", order_by="VolunteerParticipant.position"
    )

    __table_args__ = (Index("ix_volunteer_event_branch_held_on", "branch_id", "held_on"),)


class VolunteerParticipant(Base):
    """A member (member_id) or an outside volunteer (outside_name) at an event, with their hours."""

    __tablename__ = "volunteer_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("volunteer_event.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    outside_name: Mapped[str] = mapped_column(String(50), default="")  # 非党员志愿者姓名
    outside_unit: Mapped[str] = mapped_column(String(100), default="")  # 其单位/身份
    position: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int | None] = mapped_column(Integer)  # None: the event's length
    role: Mapped[str] = mapped_column(String(30), default="")  # 义诊医生/护士/讲解 ...
    evaluation: Mapped[str] = mapped_column(String(20), default="")  # 优秀/良好/一般
    note: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[VolunteerEvent] = relationship(back_populates="participants")
    member: Mapped[Member | None] = relationship()

    __table_args__ = (UniqueConstraint("event_id", "member_id", name="uq_volunteer_participant_member"),)
