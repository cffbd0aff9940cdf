"""Volunteer service events (志愿服务活动) of a branch with their participants and hours.

An event is saved as one whole with its participants (one transaction per user action). A member's
hours default to the event's length (travel excluded) and may be overridden. An event may be linked
to the theme day it was held as (a 义诊 on a 主题党日), from either side; events are voided with a
date and a reason, never deleted, and a voided event keeps its link so history stays explainable.
Figures live in `volunteer_figures`; the managed lists in `volunteer_lists`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, delete, extract, func, or_, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import (
    Branch,
    Meeting,
    Member,
    PartnerUnit,
    VolunteerEvent,
    VolunteerKind,
    VolunteerParticipant,
)
from branchdesk.services.volunteer_figures import minutes_sql
from branchdesk.services.volunteer_rules import (
    ParticipantInput,
    VolunteerEventInput,
    minutes_between,
    validate_event,
)

DEFAULT_SLOT = (dt.time(8, 30), dt.time(11, 30))  # a new event's times until its kind is chosen


@dataclass(frozen=True)
class ParticipantRow:
    """One participant as the form and the register show them; `minutes` is what counts."""

    id: int
    member_id: int | None
    name: str
    unit: str  # a member's department, an outside volunteer's unit
    minutes: int
    override: int | None  # None: the event's length
    role: str
    evaluation: str
    note: str

    @property
    def is_member(self) -> bool:
        return self.member_id is not None

    def to_input(self) -> ParticipantInput:
        outside = ("", "") if self.member_id is not None else (self.name, self.unit)
        return ParticipantInput(
            self.member_id, *outside, self.override, self.role, self.evaluation, self.note
        )


@dataclass(frozen=True)
class EventRow:
    """One event for lists, with its counts; `minutes` is its length, `total_minutes` everyone's."""

    id: int
    branch_id: int
    title: str
    kind_id: int
    kind_name: str
    held_on: dt.date
    starts_at: dt.time
    ends_at: dt.time
    place: str
    partner_unit_id: int | None
    partner_name: str
    people_served: int
    meeting_id: int | None
    meeting_label: str  # "2026-03-06 主题党日：…" ("（已作废）" added when the meeting was voided)
    members: int
    outside: int
    total_minutes: int
    voided_on: dt.date | None
    void_reason: str
    meeting_on: dt.date | None = None  # the linked theme day's date

    @property
    def meeting_short(self) -> str:
        """ "3月6日主题党日" for the list's 主题党日 column ("" when not linked)."""
        if self.meeting_on is None:
            return ""
        voided = "（已作废）" if self.meeting_label.endswith("（已作废）") else ""
        return f"{self.meeting_on.month}月{self.meeting_on.day}日主题党日{voided}"

    @property
    def minutes(self) -> int:
        return minutes_between(self.starts_at, self.ends_at)

    @property
    def voided(self) -> bool:
        return self.voided_on is not None

    @property
    def participants(self) -> int:
        return self.members + self.outside


@dataclass(frozen=True)
class EventDetail:
    """An event with everything its form shows."""

    row: EventRow
    training: str
    honours: str
    evaluation: str
    notes: str
    participants: tuple[ParticipantRow, ...]

    def to_input(self) -> VolunteerEventInput:
        r = self.row
        return VolunteerEventInput(
            title=r.title,
            kind_id=r.kind_id,
            held_on=r.held_on,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            place=r.place,
            partner_unit_id=r.partner_unit_id,
            people_served=r.people_served,
            training=self.training,
            honours=self.honours,
            evaluation=self.evaluation,
            notes=self.notes,
            meeting_id=r.meeting_id,
            participants=tuple(p.to_input() for p in self.participants),
        )


# --- reading ---------------------------------------------------------------------------------------


def _meeting_label(held_on: dt.date | None, theme: str | None, voided_on: dt.date | None) -> str:
    if held_on is None:
        return ""
    return f"{held_on:%Y-%m-%d} {theme or '主题党日'}" + ("（已作废）" if voided_on else "")


def event_rows(session: Session, *where: ColumnElement[bool]) -> list[EventRow]:
    """Events matching `where`, newest first; counts from one aggregate query."""
    length = _length_sql()
    counts = (
        select(
            VolunteerParticipant.event_id,
            func.count(VolunteerParticipant.member_id).label("members"),
            func.sum(case((VolunteerParticipant.member_id.is_(None), 1), else_=0)).label("outside"),
            func.sum(func.coalesce(VolunteerParticipant.minutes, length)).label("minutes"),
        )
        .join(VolunteerEvent, VolunteerEvent.id == VolunteerParticipant.event_id)
        .where(*where)
        .group_by(VolunteerParticipant.event_id)
        .subquery()
    )
    stmt = (
        select(
            VolunteerEvent,
            VolunteerKind.name,
            PartnerUnit.name,
            Meeting.held_on,
            Meeting.theme,
            Meeting.voided_on,
            counts.c.members,
            counts.c.outside,
            counts.c.minutes,
        )
        .join(VolunteerKind, VolunteerKind.id == VolunteerEvent.kind_id)
        .outerjoin(PartnerUnit, PartnerUnit.id == VolunteerEvent.partner_unit_id)
        .outerjoin(Meeting, Meeting.id == VolunteerEvent.meeting_id)
        .outerjoin(counts, counts.c.event_id == VolunteerEvent.id)
        .where(*where)
        .order_by(VolunteerEvent.held_on.desc(), VolunteerEvent.starts_at.desc(), VolunteerEvent.id.desc())
    )
    return [
        EventRow(
            e.id,
            e.branch_id,
            e.title,
            e.kind_id,
            kind,
            e.held_on,
            e.starts_at,
            e.ends_at,
            e.place,
            e.partner_unit_id,
            partner or "",
            e.people_served,
            e.meeting_id,
            _meeting_label(m_on, m_theme, m_void),
            members or 0,
            outside or 0,
            minutes or 0,
            e.voided_on,
            e.void_reason,
            m_on,
        )
        for e, kind, partner, m_on, m_theme, m_void, members, outside, minutes in session.execute(stmt)
    ]


def _length_sql() -> ColumnElement[int]:
    return minutes_sql(VolunteerEvent.starts_at, VolunteerEvent.ends_at)


def list_events(
    session: Session,
    branch_id: int,
    *,
    year: int | None = None,
    month: int | None = None,
    kind_id: int | None = None,
    search: str = "",
    include_voided: bool = False,
) -> list[EventRow]:
    """The branch's events, newest first, with their counts (two queries whatever the number)."""
    where: list[ColumnElement[bool]] = [VolunteerEvent.branch_id == branch_id]
    if year is not None:
        where.append(VolunteerEvent.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if month is not None:
        where.append(extract("month", VolunteerEvent.held_on) == month)
    if kind_id is not None:
        where.append(VolunteerEvent.kind_id == kind_id)
    if search.strip():
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        columns = (VolunteerEvent.title, VolunteerEvent.place, VolunteerEvent.notes)
        where.append(or_(*(col.like(pattern, escape="\\") for col in columns)))
    if not include_voided:
        where.append(VolunteerEvent.voided_on.is_(None))
    return event_rows(session, *where)


def get_event(session: Session, event_id: int) -> EventDetail:
    rows = event_rows(session, VolunteerEvent.id == event_id)
    if not rows:
        raise NotFoundError("该志愿服务活动不存在，可能已被其他窗口修改。", context=f"event {event_id}")
    event = session.get_one(VolunteerEvent, event_id)
    length = rows[0].minutes
    stmt = (
        select(VolunteerParticipant, Member.name, Member.department)
        .outerjoin(Member, Member.id == VolunteerParticipant.member_id)
        .where(VolunteerParticipant.event_id == event_id)
        .order_by(VolunteerParticipant.position, VolunteerParticipant.id)
    )
    people = tuple(
        ParticipantRow(
            p.id,
            p.member_id,
            name if p.member_id is not None else p.outside_name,
            department if p.member_id is not None else p.outside_unit,
            p.minutes if p.minutes is not None else length,
            p.minutes,
            p.role,
            p.evaluation,
            p.note,
        )
        for p, name, department in session.execute(stmt)
    )
    return EventDetail(rows[0], event.training, event.honours, event.evaluation, event.notes, people)


# --- writing ---------------------------------------------------------------------------------------


def open_event(session: Session, event_id: int) -> VolunteerEvent:
    event = session.get(VolunteerEvent, event_id)
    if event is None:
        raise NotFoundError("该志愿服务活动不存在，可能已被其他窗口修改。", context=f"event {event_id}")
    return event


def ensure_open(event: VolunteerEvent) -> None:
    if event.voided_on is not None:
        raise ValidationError("该活动已作废，不能再修改。", context=f"event {event.id} voided")


def _apply(session: Session, event: VolunteerEvent, data: VolunteerEventInput) -> None:
    for name in (
        "title",
        "kind_id",
        "held_on",
        "starts_at",
        "ends_at",
        "place",
        "partner_unit_id",
        "people_served",
        "training",
        "honours",
        "evaluation",
        "notes",
        "meeting_id",
    ):
        setattr(event, name, getattr(data, name))
    session.flush()
    session.execute(delete(VolunteerParticipant).where(VolunteerParticipant.event_id == event.id))
    session.add_all(
        VolunteerParticipant(
            event_id=event.id,
            member_id=p.member_id,
            outside_name=p.outside_name,
            outside_unit=p.outside_unit,
            position=i,
            minutes=p.minutes,
            role=p.role,
            evaluation=p.evaluation,
            note=p.note,
        )
        for i, p in enumerate(data.participants, start=1)
    )
    session.flush()
    session.expire(event, ["participants"])


def create_event(
    session: Session, branch_id: int, data: VolunteerEventInput, *, today: dt.date | None = None
) -> EventDetail:
    """Record an event with its participants after checking every rule."""
    if session.get(Branch, branch_id) is None:
        raise NotFoundError("该支部不存在。", context=f"branch {branch_id}")
    data = validate_event(session, branch_id, data, before=None, today=today or dt.date.today())
    event = VolunteerEvent(branch_id=branch_id)
    session.add(event)
    _apply(session, event, data)
    return get_event(session, event.id)


def update_event(
    session: Session, event_id: int, data: VolunteerEventInput, *, today: dt.date | None = None
) -> EventDetail:
    """Save an edited event; its participant list is replaced by the form's."""
    event = open_event(session, event_id)
    ensure_open(event)
    data = validate_event(session, event.branch_id, data, before=event, today=today or dt.date.today())
    _apply(session, event, data)
    return get_event(session, event_id)


def void_event(session: Session, event_id: int, *, on: dt.date, reason: str) -> None:
    """Void an event entered by mistake: it stops counting, stays stored, and keeps its theme-day link."""
    event = open_event(session, event_id)
    ensure_open(event)
    if not reason.strip():
        raise ValidationError("请填写作废原因。", field="作废原因")
    event.voided_on = on
    event.void_reason = reason.strip()
    session.flush()


def template_like_last(session: Session, branch_id: int, *, on: dt.date) -> VolunteerEventInput:
    """A new event's form: kind and place left to choose (a 讲座 must not inherit the duty desk's),
    the common morning slot 08:30-11:30 until a kind is chosen (see usual_times)."""
    return VolunteerEventInput("", None, on, DEFAULT_SLOT[0], DEFAULT_SLOT[1])


def usual_times(session: Session, branch_id: int) -> dict[int, tuple[dt.time, dt.time]]:
    """Each kind's times at the branch's last open event of that kind, for a new event once its
    kind is chosen."""
    stmt = (
        select(VolunteerEvent.kind_id, VolunteerEvent.starts_at, VolunteerEvent.ends_at)
        .where(VolunteerEvent.branch_id == branch_id, VolunteerEvent.voided_on.is_(None))
        .order_by(VolunteerEvent.held_on, VolunteerEvent.id)
    )
    return {kind_id: (starts, ends) for kind_id, starts, ends in session.execute(stmt)}
