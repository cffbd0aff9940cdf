"""Organisational life: theme party days and 三会一课 meetings, recorded with their own roll.

A meeting takes its roll (应到) from the branch history on its date when it is recorded and keeps
it; only a new date or group re-derives it. Meetings are voided, never deleted. The roll lives in
`roll`, marks, figures and the vote rule in `attendance`; every name callers need is importable here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import ColumnElement, delete, extract, or_, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import (
    AttendanceStatus,
    Branch,
    CommitteeRole,
    Meeting,
    MeetingAttendance,
    MeetingType,
    PartyGroup,
)
from branchdesk.services import branches
from branchdesk.services.attendance import AttendanceEntry as AttendanceEntry
from branchdesk.services.attendance import AttendanceFigures as AttendanceFigures
from branchdesk.services.attendance import VoteCheck as VoteCheck
from branchdesk.services.attendance import attendance as attendance
from branchdesk.services.attendance import check_vote as check_vote
from branchdesk.services.attendance import ensure_open, figures_for
from branchdesk.services.attendance import mark as mark
from branchdesk.services.labels import MEETING_TYPE_LABELS
from branchdesk.services.meeting_rules import (
    TEXT_LIMITS,
    VOTE_FIELDS,
    clean_meeting,
    validate_meeting,
    with_speaker_name,
)
from branchdesk.services.meeting_rules import THEME_DAY_PARTS as THEME_DAY_PARTS
from branchdesk.services.meeting_rules import MeetingInput as MeetingInput
from branchdesk.services.roll import RollEntry as RollEntry
from branchdesk.services.roll import meeting_roll
from branchdesk.services.roll import roll_on as roll_on


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as lists, forms, prints and the self-check see it, with its figures."""

    id: int
    branch_id: int
    branch_name: str
    type: MeetingType
    type_label: str
    group_id: int | None
    group_name: str
    held_on: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    theme: str
    host: str
    recorder: str
    speaker: str
    content: str
    resolutions: str
    guests: tuple[str, ...]
    parts: tuple[str, ...]
    partner_unit: str
    planned: bool
    voided: bool
    figures: AttendanceFigures
    vote: VoteCheck | None
    vote_subject: str = ""
    voters_due: int | None = None
    voters_present: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    speaker_member_id: int | None = None
    voided_on: dt.date | None = None
    void_reason: str = ""

    @property
    def part_labels(self) -> tuple[str, ...]:
        return tuple(THEME_DAY_PARTS[p] for p in self.parts if p in THEME_DAY_PARTS)

    def to_input(self) -> MeetingInput:
        """The editable fields, for the edit form to start from."""
        return MeetingInput(**{f.name: getattr(self, f.name) for f in fields(MeetingInput)})


def _apply(meeting: Meeting, data: MeetingInput) -> None:
    for name in (
        "type",
        "held_on",
        "starts_at",
        "ends_at",
        "speaker_member_id",
        "group_id",
        "planned",
        *TEXT_LIMITS,
        *VOTE_FIELDS,
        "content",
        "resolutions",
    ):
        setattr(meeting, name, getattr(data, name))
    meeting.guests = "\n".join(data.guests)
    meeting.parts = ",".join(data.parts)


def _branch(session: Session, branch_id: int) -> Branch:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError("该支部不存在。", context=f"branch {branch_id}")
    return branch


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("该会议记录不存在，可能已被其他窗口修改。", context=f"meeting {meeting_id}")
    return meeting


def create_meeting(
    session: Session, branch_id: int, data: MeetingInput, *, today: dt.date | None = None
) -> MeetingRow:
    """Record a meeting with the roll of its date (its group's, for a group meeting), all 出席."""
    _branch(session, branch_id)
    data = with_speaker_name(session, clean_meeting(data))
    validate_meeting(session, branch_id, data, today=today or dt.date.today())
    meeting = Meeting(branch_id=branch_id)
    _apply(meeting, data)
    session.add(meeting)
    session.flush()
    roll = meeting_roll(session, branch_id, data.held_on, data.type, data.group_id)
    session.add_all(
        MeetingAttendance(meeting_id=meeting.id, member_id=e.member_id, position=i, reason="")
        for i, e in enumerate(roll, start=1)
    )
    session.flush()
    return get_meeting(session, meeting.id)


def _rederive_roll(session: Session, meeting: Meeting) -> None:
    """Take the roll of the meeting's (new) date and group, keeping the marks of those still on it."""
    roll = meeting_roll(session, meeting.branch_id, meeting.held_on, meeting.type, meeting.group_id)
    kept = {
        a.member_id: a
        for a in session.scalars(select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id))
    }
    wanted = {e.member_id for e in roll}
    gone = [mid for mid in kept if mid not in wanted]
    if gone:
        session.execute(
            delete(MeetingAttendance).where(
                MeetingAttendance.meeting_id == meeting.id, MeetingAttendance.member_id.in_(gone)
            )
        )
    for position, entry in enumerate(roll, start=1):
        record = kept.get(entry.member_id)
        if record is None:
            session.add(
                MeetingAttendance(
                    meeting_id=meeting.id,
                    member_id=entry.member_id,
                    position=position,
                    status=AttendanceStatus.PRESENT,
                    reason="",
                )
            )
        else:
            record.position = position


def update_meeting(
    session: Session, meeting_id: int, data: MeetingInput, *, today: dt.date | None = None
) -> MeetingRow:
    """Save an edited meeting; only a new date, group or a change to or from 支委会 re-derives its
    roll (marks kept)."""
    meeting = _meeting(session, meeting_id)
    ensure_open(meeting)
    data = with_speaker_name(session, clean_meeting(data))
    validate_meeting(session, meeting.branch_id, data, today=today or dt.date.today())
    committee = MeetingType.COMMITTEE_MEETING
    moved = (
        data.held_on != meeting.held_on
        or data.group_id != meeting.group_id
        or (data.type is committee) != (meeting.type is committee)  # the committee's roll differs
    )
    _apply(meeting, data)
    session.flush()
    if moved:
        session.expire(meeting, ["attendance"])
        _rederive_roll(session, meeting)
        session.flush()
    return get_meeting(session, meeting_id)


def void_meeting(session: Session, meeting_id: int, *, on: dt.date, reason: str) -> None:
    """Void a meeting entered by mistake; it stays in the database with the date and the reason."""
    meeting = _meeting(session, meeting_id)
    ensure_open(meeting)
    if not reason.strip():
        raise ValidationError("请填写作废原因。", field="作废原因")
    meeting.voided_on = on
    meeting.void_reason = reason.strip()
    session.flush()


def _rows(session: Session, *where: ColumnElement[bool]) -> list[MeetingRow]:
    """Meetings matching `where`, newest first, with figures from one aggregate query."""
    stmt = (
        select(Meeting, Branch.name, PartyGroup.name)
        .join(Branch, Branch.id == Meeting.branch_id)
        .outerjoin(PartyGroup, PartyGroup.id == Meeting.group_id)
        .where(*where)
        .order_by(Meeting.held_on.desc(), Meeting.starts_at.desc(), Meeting.id.desc())
    )
    found = session.execute(stmt).all()
    counted = figures_for(session, [m.id for m, _b, _g in found])
    return [_row(m, branch_name, group_name or "", counted[m.id]) for m, branch_name, group_name in found]


def _row(m: Meeting, branch_name: str, group_name: str, counted: AttendanceFigures) -> MeetingRow:
    vote = None
    if m.voters_due is not None and m.voters_present is not None and m.votes_for is not None:
        vote = check_vote(m.voters_due, m.voters_present, m.votes_for)
    return MeetingRow(
        id=m.id,
        branch_id=m.branch_id,
        branch_name=branch_name,
        type=m.type,
        type_label=MEETING_TYPE_LABELS[m.type],
        group_id=m.group_id,
        group_name=group_name,
        held_on=m.held_on,
        starts_at=m.starts_at,
        ends_at=m.ends_at,
        place=m.place,
        theme=m.theme,
        host=m.host,
        recorder=m.recorder,
        speaker=m.speaker,
        content=m.content,
        resolutions=m.resolutions,
        guests=tuple(g for g in m.guests.split("\n") if g),
        parts=tuple(p for p in m.parts.split(",") if p),
        partner_unit=m.partner_unit,
        planned=m.planned,
        voided=m.voided_on is not None,
        figures=counted,
        vote=vote,
        **{name: getattr(m, name) for name in (*VOTE_FIELDS, "vote_subject")},
        speaker_member_id=m.speaker_member_id,
        voided_on=m.voided_on,
        void_reason=m.void_reason,
    )


def get_meeting(session: Session, meeting_id: int) -> MeetingRow:
    rows = _rows(session, Meeting.id == meeting_id)
    if not rows:
        raise NotFoundError("该会议记录不存在，可能已被其他窗口修改。", context=f"meeting {meeting_id}")
    return rows[0]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_meetings(
    session: Session,
    branch_id: int,
    *,
    year: int | None = None,
    month: int | None = None,
    type: MeetingType | None = None,
    search: str = "",
    include_voided: bool = False,
) -> list[MeetingRow]:
    """The branch's meetings, newest first, with their figures (two queries whatever the count)."""
    where = [Meeting.branch_id == branch_id]
    if year is not None:
        where.append(Meeting.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if month is not None:
        where.append(extract("month", Meeting.held_on) == month)
    if type is not None:
        where.append(Meeting.type == type)
    if search.strip():
        pattern = _like(search.strip())
        columns = (Meeting.theme, Meeting.place, Meeting.host, Meeting.content)
        where.append(or_(*(col.like(pattern, escape="\\") for col in columns)))
    if not include_voided:
        where.append(Meeting.voided_on.is_(None))
    return _rows(session, *where)


def _secretary(session: Session, branch_id: int) -> tuple[str, int | None]:
    profile = branches.get_profile(session, branch_id)
    post = next((p for p in profile.committee if p.role is CommitteeRole.SECRETARY), None)
    return (post.member_name, post.member_id) if post else ("", None)


_DEFAULT_THEMES = {
    MeetingType.THEME_DAY: "主题党日：",
    MeetingType.GENERAL_MEETING: "支部党员大会：",
    MeetingType.COMMITTEE_MEETING: "支委会：",
    MeetingType.GROUP_MEETING: "党小组会：",
    MeetingType.PARTY_LECTURE: "党课：",
}


def template_for(session: Session, branch_id: int, type: MeetingType, *, on: dt.date) -> MeetingInput:
    """A new meeting's form, filled from the last meeting of that type (else defaults per type).

    Copies the settled things (place, theme, host, recorder, times, parts, partner); never the
    minutes, resolutions, guests or votes, which belong to one meeting. A group meeting's group is
    left for the caller. A lecture's speaker defaults to the secretary, who gives one a year.
    """
    _branch(session, branch_id)
    secretary, secretary_id = _secretary(session, branch_id)
    speaker = (secretary, secretary_id) if type is MeetingType.PARTY_LECTURE else ("", None)
    recent = (
        select(Meeting)
        .where(Meeting.branch_id == branch_id, Meeting.type == type, Meeting.voided_on.is_(None))
        .order_by((Meeting.held_on <= on).desc(), Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    )
    last = session.scalar(recent)
    if last is None:
        theme = _DEFAULT_THEMES.get(type, f"{on.year}年度组织生活会")
        host = "" if type is MeetingType.GROUP_MEETING else secretary
        parts = ("study", "oath") if type is MeetingType.THEME_DAY else ()
        return MeetingInput(
            type=type,
            held_on=on,
            theme=theme,
            host=host,
            parts=parts,
            speaker=speaker[0],
            speaker_member_id=speaker[1],
        )
    return MeetingInput(
        type=type,
        held_on=on,
        starts_at=last.starts_at,
        ends_at=last.ends_at,
        place=last.place,
        theme=last.theme,
        host=last.host,
        recorder=last.recorder,
        speaker=speaker[0],
        speaker_member_id=speaker[1],
        parts=tuple(p for p in last.parts.split(",") if p),
        partner_unit=last.partner_unit,
    )
