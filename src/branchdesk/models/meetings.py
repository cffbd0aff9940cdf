"""Organisational life: theme party days and 三会一课 meetings with their attendance.

Meetings are never hard-deleted: a meeting entered by mistake is voided with a date and a reason.
Each meeting keeps its own roll (one attendance row per member on the roll that day), so editing a
past meeting never picks up members who joined later or loses those who left since.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from branchdesk.models.base import Base, Timestamped
from branchdesk.models.org import Member, _enum


class MeetingType(enum.StrEnum):
    """The kinds of organisational life the committee inspects."""

    THEME_DAY = "theme_day"  # 主题党日
    GENERAL_MEETING = "general_meeting"  # 支部党员大会
    COMMITTEE_MEETING = "committee_meeting"  # 支部委员会会议
    GROUP_MEETING = "group_meeting"  # 党小组会
    PARTY_LECTURE = "party_lecture"  # 党课
    LIFE_MEETING = "life_meeting"  # 组织生活会


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"  # 出席
    LEAVE = "leave"  # 请假 (with a reason)
    ABSENT = "absent"  # 缺席
    LATE = "late"  # 迟到 (counts as present)


class Meeting(Timestamped, Base):
    """One meeting or theme party day of a branch (a group meeting: of one party group)."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    type: Mapped[MeetingType] = mapped_column(_enum(MeetingType, "meeting_type"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("party_group.id"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[dt.time | None] = mapped_column(Time)
    ends_at: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(100), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    host: Mapped[str] = mapped_column(String(50), default="")  # 主持人
    recorder: Mapped[str] = mapped_column(String(50), default="")  # 记录人
    speaker: Mapped[str] = mapped_column(String(50), default="")  # 党课主讲人
    speaker_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    content: Mapped[str] = mapped_column(Text, default="")  # 会议内容/记录
    resolutions: Mapped[str] = mapped_column(Text, default="")  # 决议
    guests: Mapped[str] = mapped_column(Text, default="")  # 列席人员, one name a line
    parts: Mapped[str] = mapped_column(String(200), default="")  # theme-day parts, codes joined by ","
    partner_unit: Mapped[str] = mapped_column(String(100), default="")  # 党建共建 partner
    planned: Mapped[bool] = mapped_column(Boolean, default=False)  # not held yet (blank sign-in sheet)
    vote_subject: Mapped[str] = mapped_column(String(200), default="")
    voters_due: Mapped[int | None] = mapped_column(Integer)  # 有表决权的应到人数
    voters_present: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    voided_on: Mapped[dt.date | None] = mapped_column(Date)
    void_reason: Mapped[str] = mapped_column(Text, default="")

    attendance: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", order_by="MeetingAttendance.position"
    )

    __table_args__ = (
        Index("ix_meeting_branch_held_on", "branch_id", "held_on"),
        Index("ix_meeting_branch_type_held_on", "branch_id", "type", "held_on"),
    )


class MeetingAttendance(Base):
    """A member on a meeting's roll and how they attended; the roll is fixed per meeting."""

    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # roll order on the sheet
    status: Mapped[AttendanceStatus] = mapped_column(
        _enum(AttendanceStatus, "attendance_status"), default=AttendanceStatus.PRESENT
    )
    reason: Mapped[str] = mapped_column(Text, default="")  # 请假/缺席 reason

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    member: Mapped[Member] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "member_id", name="uq_meeting_attendance_member"),)


class RuleSetting(Base):
    """A rule the app computes (meeting minimums, warning months ...) as data with an effective date.

    The value in force on a day is the row with the latest `effective_from` not after that day;
    `value` is JSON so a rule can be a number, a list or a small object.
    """

    __tablename__ = "rule_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    value: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("key", "effective_from", name="uq_rule_setting_key_from"),)
