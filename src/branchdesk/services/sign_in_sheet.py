"""The sign-in sheet (签到表) as plain data: what the printout, the preview and the PDF all draw.

Printed before a meeting, signed by hand and filed with the minutes. A sheet for a recorded meeting
lists the meeting's own roll with its figures; a blank sheet (a planned meeting, or `blank=True`)
takes the roll of the meeting's date (`roll.meeting_roll`: the group for a 党小组会, the committee
for a 支委会, else the branch) and leaves 应到/实到/请假 as lines to fill in,
because before the meeting nobody knows who will come (the stored marks all still say 出席).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import AttendanceStatus, Branch, MeetingType, PartyGroup
from branchdesk.services import meetings
from branchdesk.services.labels import ATTENDANCE_LABELS, MEETING_TYPE_LABELS
from branchdesk.services.roll import meeting_roll

MIN_GUEST_ROWS = 5  # blank 列席 rows at least; the printout fills its last page with more
GUEST_NOTE = "列席"
GROUP_HEADING = "党小组"
DEPARTMENT_HEADING = "科室"
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class SheetField:
    """One line of the header block; an empty value prints as a line to write on."""

    label: str
    value: str


@dataclass(frozen=True)
class SheetRow:
    """One table row: a member of the roll, or a 列席 guest (named or blank)."""

    number: str  # 序号 ("" for guests: they are not counted in 应到)
    name: str
    unit: str  # 党小组 or 科室, per the sheet's unit_heading
    note: str  # 备注
    guest: bool = False


@dataclass(frozen=True)
class SignInSheet:
    title: str  # "内科第七党支部 主题党日签到表"
    fields: tuple[SheetField, ...]  # 时间, 地点, 主题, 主持人, 记录人 (and 主讲人, 党小组 where they apply)
    due: int | None  # 应到; None prints a blank line
    present: int | None  # 实到
    leave: int | None  # 请假
    unit_heading: str  # "党小组", or "科室" when nobody on the sheet is in a group (or a group meeting)
    rows: tuple[SheetRow, ...]  # members in roll order, then the named guests
    blank_guest_rows: int = MIN_GUEST_ROWS  # at least this many empty 列席 rows after `rows`

    @property
    def member_rows(self) -> tuple[SheetRow, ...]:
        return tuple(r for r in self.rows if not r.guest)


def date_text(day: dt.date, starts_at: dt.time | None = None, ends_at: dt.time | None = None) -> str:
    """ "2026年11月25日（星期三）14:30—16:00", as a Chinese form writes a meeting's time."""
    text = f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"
    if starts_at is not None:
        text += f" {starts_at:%H:%M}"
        if ends_at is not None:
            text += f"—{ends_at:%H:%M}"
    return text


def _title(branch_name: str, type_label: str, group_name: str) -> str:
    return f"{branch_name}{group_name} {type_label}签到表"


def _fields(meeting: meetings.MeetingRow) -> tuple[SheetField, ...]:
    found = [
        SheetField("时间", date_text(meeting.held_on, meeting.starts_at, meeting.ends_at)),
        SheetField("地点", meeting.place),
        SheetField("主题", meeting.theme),
        SheetField("主持人", meeting.host),
        SheetField("记录人", meeting.recorder),
    ]
    if meeting.type is MeetingType.PARTY_LECTURE:
        found.append(SheetField("主讲人", meeting.speaker))
    return tuple(found)


def _note(status: AttendanceStatus, reason: str) -> str:
    """备注 of a recorded mark; 出席 needs none."""
    if status is AttendanceStatus.PRESENT:
        return ""
    label = ATTENDANCE_LABELS[status]
    return f"{label}：{reason}" if reason else label


def _guest_rows(guests: tuple[str, ...]) -> list[SheetRow]:
    return [SheetRow("", name, "", GUEST_NOTE, guest=True) for name in guests]


def _heading(group_meeting: bool, group_names: list[str]) -> str:
    """党小组 while anyone on the sheet has a group; a group meeting's members share one, so 科室."""
    return GROUP_HEADING if not group_meeting and any(group_names) else DEPARTMENT_HEADING


def _roll_rows(
    roll: Sequence[meetings.RollEntry | meetings.AttendanceEntry], *, group_meeting: bool
) -> tuple[str, list[SheetRow]]:
    """(unit heading, member rows) in roll order; notes only from recorded marks."""
    heading = _heading(group_meeting, [e.group_name for e in roll])
    rows = [
        SheetRow(
            str(number),
            e.name,
            e.group_name if heading == GROUP_HEADING else e.department,
            _note(e.status, e.reason) if isinstance(e, meetings.AttendanceEntry) else "",
        )
        for number, e in enumerate(roll, start=1)
    ]
    return heading, rows


def sign_in_sheet(session: Session, meeting_id: int, *, blank: bool = False) -> SignInSheet:
    """The sheet of a recorded meeting; a planned meeting (or `blank`) gives the blank sheet."""
    meeting = meetings.get_meeting(session, meeting_id)
    if meeting.voided:
        raise ValidationError("该会议已作废，不能打印签到表。", field="会议")
    group_meeting = meeting.group_id is not None
    title = _title(meeting.branch_name, meeting.type_label, meeting.group_name if group_meeting else "")
    guests = _guest_rows(meeting.guests)
    if blank or meeting.planned:
        roll = meeting_roll(session, meeting.branch_id, meeting.held_on, meeting.type, meeting.group_id)
        heading, rows = _roll_rows(roll, group_meeting=group_meeting)
        return SignInSheet(title, _fields(meeting), None, None, None, heading, (*rows, *guests))
    heading, rows = _roll_rows(meetings.attendance(session, meeting_id), group_meeting=group_meeting)
    counted = meeting.figures
    return SignInSheet(
        title, _fields(meeting), counted.due, counted.present, counted.leave, heading, (*rows, *guests)
    )


def planned_sheet(
    session: Session, branch_id: int, type: MeetingType, day: dt.date, *, group_id: int | None = None
) -> SignInSheet:
    """A blank sheet for a meeting not yet recorded: the roll of `day`, every other line to fill in."""
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError("该支部不存在。", context=f"branch {branch_id}")
    group = session.get(PartyGroup, group_id) if group_id is not None else None
    heading, rows = _roll_rows(
        meeting_roll(session, branch_id, day, type, group_id), group_meeting=group_id is not None
    )
    fields = (
        SheetField("时间", date_text(day)),
        *(SheetField(label, "") for label in ("地点", "主题", "主持人", "记录人")),
    )
    title = _title(branch.name, MEETING_TYPE_LABELS[type], group.name if group else "")
    return SignInSheet(title, fields, None, None, None, heading, tuple(rows))
