"""A meeting's attendance: marking the exceptions, and the figures (应到/实到/请假/缺席) it gives.

Figures are always computed from the stored roll, never typed, so the register, the sign-in sheet
and the self-check can never disagree. The vote rule of a 支部党员大会 lives here as well: it is
the other figure the committee checks.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import AttendanceStatus, Meeting, MeetingAttendance, Member
from branchdesk.services.labels import ATTENDANCE_LABELS
from branchdesk.services.roll import groups_on


@dataclass(frozen=True)
class AttendanceFigures:
    """应到, 实到 (迟到 included), 请假, 缺席 and 迟到 of one meeting."""

    due: int
    present: int
    leave: int
    absent: int
    late: int

    @property
    def rate(self) -> float:
        """出席率 as a fraction; 0.0 for an empty roll rather than a division error."""
        return self.present / self.due if self.due else 0.0

    @property
    def rate_text(self) -> str:
        return f"{self.rate * 100:.1f}%"


EMPTY_FIGURES = AttendanceFigures(0, 0, 0, 0, 0)


@dataclass(frozen=True)
class AttendanceEntry:
    """One line of a meeting's roll; group as it was on the meeting's day."""

    member_id: int
    name: str
    group_name: str
    department: str
    position: str
    status: AttendanceStatus
    reason: str
    position_in_roll: int

    @property
    def status_label(self) -> str:
        return ATTENDANCE_LABELS[self.status]


@dataclass(frozen=True)
class VoteCheck:
    """Whether a 党员大会 vote met the quorum and the majority rule, said in Chinese."""

    quorum_ok: bool
    majority_ok: bool
    message: str


def check_vote(voters_due: int, voters_present: int, votes_for: int) -> VoteCheck:
    """支部工作条例: more than half of the voting members present, more than half of those DUE in favour.

    "More than half" is strict: exactly half is not enough, so the test is 2 * n > due in integers.
    """
    quorum_ok = voters_present * 2 > voters_due
    majority_ok = votes_for * 2 > voters_due
    quorum = f"实到 {voters_present} 人，{'超过' if quorum_ok else '未超过'}应到 {voters_due} 人的半数"
    majority = f"赞成 {votes_for} 票，{'超过' if majority_ok else '未超过'}应到人数的半数"
    if not quorum_ok:
        verdict = "到会人数不足，表决无效。"
    elif not majority_ok:
        verdict = "决议未通过。"
    else:
        verdict = "表决有效。"
    return VoteCheck(quorum_ok, majority_ok, f"{quorum}；{majority}：{verdict}")


def figures_for(session: Session, meeting_ids: Collection[int]) -> dict[int, AttendanceFigures]:
    """Figures of many meetings in one aggregate query (no query per meeting in a list)."""
    if not meeting_ids:
        return {}
    status = MeetingAttendance.status

    def count(*wanted: AttendanceStatus) -> ColumnElement[int]:
        return func.sum(case((status.in_(wanted), 1), else_=0))

    stmt = (
        select(
            MeetingAttendance.meeting_id,
            func.count(MeetingAttendance.id),
            count(AttendanceStatus.PRESENT, AttendanceStatus.LATE),
            count(AttendanceStatus.LEAVE),
            count(AttendanceStatus.ABSENT),
            count(AttendanceStatus.LATE),
        )
        .where(MeetingAttendance.meeting_id.in_(list(meeting_ids)))
        .group_by(MeetingAttendance.meeting_id)
    )
    found = {
        mid: AttendanceFigures(int(due), int(present), int(leave), int(absent), int(late))
        for mid, due, present, leave, absent, late in session.execute(stmt)
    }
    return {mid: found.get(mid, EMPTY_FIGURES) for mid in meeting_ids}


def figures(session: Session, meeting_id: int) -> AttendanceFigures:
    return figures_for(session, [meeting_id])[meeting_id]


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("该会议记录不存在，可能已被其他窗口修改。", context=f"meeting {meeting_id}")
    return meeting


def attendance(session: Session, meeting_id: int) -> list[AttendanceEntry]:
    """The meeting's own roll in roll order, with each member's mark (two queries in all)."""
    meeting = _meeting(session, meeting_id)
    stmt = (
        select(
            MeetingAttendance.member_id,
            Member.name,
            Member.department,
            Member.position,
            MeetingAttendance.status,
            MeetingAttendance.reason,
            MeetingAttendance.position,
        )
        .join(Member, Member.id == MeetingAttendance.member_id)
        .where(MeetingAttendance.meeting_id == meeting_id)
        .order_by(MeetingAttendance.position, MeetingAttendance.id)
    )
    rows = session.execute(stmt).all()
    grouping = groups_on(session, [r[0] for r in rows], meeting.held_on)
    return [
        AttendanceEntry(mid, name, grouping.get(mid, (0, ""))[1], dept, pos, status, reason, order)
        for mid, name, dept, pos, status, reason, order in rows
    ]


def ensure_open(meeting: Meeting) -> None:
    """A voided meeting is kept as evidence and no longer changes."""
    if meeting.voided_on is not None:
        raise ValidationError(
            "该会议已作废，不能再修改。", field="会议", context=f"meeting {meeting.id} voided"
        )


def mark(
    session: Session, meeting_id: int, member_id: int, status: AttendanceStatus, *, reason: str = ""
) -> AttendanceFigures:
    """Mark one member of the meeting's roll; 请假 needs a reason the committee can read."""
    meeting = _meeting(session, meeting_id)
    ensure_open(meeting)
    record = session.scalar(
        select(MeetingAttendance).where(
            MeetingAttendance.meeting_id == meeting_id, MeetingAttendance.member_id == member_id
        )
    )
    if record is None:
        raise ValidationError(
            "该党员不在本次会议的应到名单中。",
            field="党员",
            context=f"member {member_id} not on {meeting_id}",
        )
    reason = reason.strip()
    if status is AttendanceStatus.LEAVE and not reason:
        raise ValidationError("请假需要填写原因。", field="请假原因")
    record.status = status
    record.reason = "" if status is AttendanceStatus.PRESENT else reason
    session.flush()
    return figures(session, meeting_id)
