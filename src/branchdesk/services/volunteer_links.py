"""The link between a volunteer event and the theme day (主题党日) it was held as, from either side.

A 义诊 held as March's theme day is one event of the volunteer register and one meeting of the
organisational-life register; the link lets each side show the other. Only a theme day of the same
branch in the event's month or within LINK_DAYS of it can be linked (a 义诊 late in the month is
still that month's theme day). Voiding either record keeps the link (history
stays explainable): a voided event is still listed on its theme day, marked as voided, and an event
keeps its link to a theme day voided since, though no new link to a voided one is made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import AttendanceStatus, Meeting, MeetingAttendance, MeetingType, VolunteerEvent
from branchdesk.services import volunteer_lists
from branchdesk.services.volunteer import EventRow, ensure_open, event_rows, open_event
from branchdesk.services.volunteer_rules import LINK_DAYS, ParticipantInput, VolunteerEventInput, check_link

KIND_HINTS = (
    ("义诊", "义诊"),
    ("导医", "导医导诊"),
    ("讲座", "健康科普/讲座"),
    ("科普", "健康科普/讲座"),
    ("献血", "无偿献血"),
    ("校", "进校园"),
    ("村", "乡村帮扶"),
    ("社区", "社区服务"),
)


@dataclass(frozen=True)
class ThemeDayChoice:
    """A theme day an event can be linked to."""

    id: int
    held_on: dt.date
    theme: str
    voided: bool

    @property
    def label(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.theme}" + ("（已作废）" if self.voided else "")


@dataclass(frozen=True)
class EventTemplate:
    """A new event's form filled from a theme day; `partner_text` is its 共建单位 not in the list."""

    data: VolunteerEventInput
    partner_text: str


def theme_days_near(session: Session, branch_id: int, day: dt.date) -> list[ThemeDayChoice]:
    """The branch's held theme days within LINK_DAYS of `day`, nearest first (for the event form)."""
    stmt = select(Meeting.id, Meeting.held_on, Meeting.theme).where(
        Meeting.branch_id == branch_id,
        Meeting.type == MeetingType.THEME_DAY,
        Meeting.voided_on.is_(None),
        Meeting.held_on.between(day - dt.timedelta(days=LINK_DAYS), day + dt.timedelta(days=LINK_DAYS)),
    )
    found = [ThemeDayChoice(i, on, theme, False) for i, on, theme in session.execute(stmt)]
    return sorted(found, key=lambda c: (abs((c.held_on - day).days), c.held_on, c.id))


def none_near_text(day: dt.date) -> str:
    """Why the event form offers no theme day for `day` (said under the choice)."""
    return f"本支部在 {day.month} 月（及前后 {LINK_DAYS} 天内）没有登记主题党日，无法关联。"


def linked_counts(session: Session, branch_id: int) -> dict[int, int]:
    """Open events linked to each of the branch's theme days (for a hint in the meetings list)."""
    stmt = (
        select(VolunteerEvent.meeting_id, func.count(VolunteerEvent.id))
        .where(
            VolunteerEvent.branch_id == branch_id,
            VolunteerEvent.meeting_id.is_not(None),
            VolunteerEvent.voided_on.is_(None),
        )
        .group_by(VolunteerEvent.meeting_id)
    )
    return {meeting_id: count for meeting_id, count in session.execute(stmt) if meeting_id is not None}


def link_meeting(session: Session, event_id: int, meeting_id: int) -> EventRow:
    """Link an event to the theme day it was held as (from the meeting's side)."""
    event = open_event(session, event_id)
    ensure_open(event)
    check_link(session, event.branch_id, meeting_id, event.held_on, keep=event.meeting_id)
    event.meeting_id = meeting_id
    session.flush()
    return event_rows(session, VolunteerEvent.id == event_id)[0]


def unlink_meeting(session: Session, event_id: int) -> None:
    """Take the link away (the event and the meeting both stay as they were)."""
    event = open_event(session, event_id)
    ensure_open(event)
    event.meeting_id = None
    session.flush()


def events_for_meeting(session: Session, meeting_id: int) -> list[EventRow]:
    """The events held as this theme day, voided ones too (they say so), for the meeting's side."""
    return event_rows(session, VolunteerEvent.meeting_id == meeting_id)


def link_candidates(session: Session, meeting_id: int) -> list[EventRow]:
    """Open events of the meeting's branch within LINK_DAYS of it that are not linked to it yet."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("该会议记录不存在。", context=f"meeting {meeting_id}")
    near = (meeting.held_on - dt.timedelta(days=LINK_DAYS), meeting.held_on + dt.timedelta(days=LINK_DAYS))
    rows = event_rows(
        session,
        VolunteerEvent.branch_id == meeting.branch_id,
        VolunteerEvent.voided_on.is_(None),
        VolunteerEvent.held_on.between(*near),
        or_(VolunteerEvent.meeting_id.is_(None), VolunteerEvent.meeting_id != meeting_id),
    )
    return sorted(rows, key=lambda r: (abs((r.held_on - meeting.held_on).days), r.id))


def template_from_meeting(session: Session, meeting_id: int) -> EventTemplate:
    """A new event filled from a theme day: its theme, date, times, place, partner and the members
    who attended (出席 or 迟到), each for the whole event."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("该会议记录不存在。", context=f"meeting {meeting_id}")
    if meeting.type is not MeetingType.THEME_DAY:
        raise ValidationError("只能从主题党日新建志愿服务活动。", field="关联主题党日")
    came = select(MeetingAttendance.member_id).where(
        MeetingAttendance.meeting_id == meeting_id,
        MeetingAttendance.status.in_((AttendanceStatus.PRESENT, AttendanceStatus.LATE)),
    )
    people = tuple(
        ParticipantInput(member_id=m) for m in session.scalars(came.order_by(MeetingAttendance.position))
    )
    partner_id = volunteer_lists.partner_id_named(session, meeting.partner_unit)
    title = meeting.theme.removeprefix("主题党日：").strip() or "主题党日志愿服务"
    kind = next((k for hint, k in KIND_HINTS if hint in title), "其他")
    kind_id = volunteer_lists.kind_id_named(session, kind) or volunteer_lists.kind_id_named(session, "其他")
    data = VolunteerEventInput(
        title=title[:200],
        kind_id=kind_id,
        held_on=meeting.held_on,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        partner_unit_id=partner_id,
        meeting_id=meeting_id,
        participants=people,
    )
    unmatched = meeting.partner_unit.strip() if partner_id is None else ""
    return EventTemplate(data, unmatched)
