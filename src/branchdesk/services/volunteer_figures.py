"""Volunteer figures for a year: events, participants (人次), hours and people served, by month, kind and
member, for one branch or the whole hospital, and one member's history.

Everything is counted in SQL with GROUP BY (a hospital's year is ~5,000 events and 50,000 participant
rows: no ORM objects are loaded). Served duty turns on volunteer posts (党员志愿服务岗) count as
service under the shared rule of the posts contract: a SERVED turn by its member, a SWAPPED one by
whoever took it over; minutes = the slot's length, people served = people_helped; voided turns and
turns of voided posts never count; the kind is the post's, else 导医导诊, else 其他.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Integer, SQLColumnExpression, and_, case, cast, extract, func, select
from sqlalchemy.orm import Session

from branchdesk.models import (
    Branch,
    DutyOutcome,
    DutyTurn,
    Member,
    Post,
    PostKind,
    VolunteerEvent,
    VolunteerKind,
    VolunteerParticipant,
)
from branchdesk.services import volunteer_lists
from branchdesk.services.roll import roll_on


def _clock(column: SQLColumnExpression[dt.time]) -> ColumnElement[int]:
    return cast(func.substr(column, 1, 2), Integer) * 60 + cast(func.substr(column, 4, 2), Integer)


def minutes_sql(
    starts_at: SQLColumnExpression[dt.time], ends_at: SQLColumnExpression[dt.time]
) -> ColumnElement[int]:
    """A slot's length in whole minutes, in SQL (SQLite keeps a time as 'HH:MM:SS.ffffff' text)."""
    return _clock(ends_at) - _clock(starts_at)


@dataclass(frozen=True)
class MonthFigure:
    month: int
    events: int
    participants: int  # 人次: event participants plus served duty turns
    minutes: int
    people_served: int
    duty_turns: int = 0
    duty_minutes: int = 0


@dataclass(frozen=True)
class KindFigure:
    kind_id: int
    name: str
    events: int
    participants: int
    minutes: int
    people_served: int
    duty_turns: int = 0


@dataclass(frozen=True)
class MemberFigure:
    member_id: int
    name: str
    branch_name: str
    events: int
    event_minutes: int
    duty_turns: int = 0
    duty_minutes: int = 0

    @property
    def minutes(self) -> int:
        return self.event_minutes + self.duty_minutes


@dataclass(frozen=True)
class Totals:
    events: int
    participants: int  # 人次, outside volunteers and duty turns included
    members: int  # distinct members who served
    outside: int  # 人次 of non-member volunteers
    minutes: int
    people_served: int
    duty_turns: int
    duty_minutes: int


@dataclass(frozen=True)
class VolunteerFigures:
    year: int
    branch_id: int | None  # None: the whole hospital
    by_month: tuple[MonthFigure, ...]  # always 12, January first
    by_kind: tuple[KindFigure, ...]  # kinds with anything, in list order
    by_member: tuple[MemberFigure, ...]  # most hours first
    totals: Totals


@dataclass
class _Acc:
    events: int = 0
    participants: int = 0
    outside: int = 0
    minutes: int = 0
    people: int = 0
    turns: int = 0
    turn_minutes: int = 0
    name: str = ""
    branch: str = ""
    event_ids: set[int] = field(default_factory=set)


def _year(column: SQLColumnExpression[dt.date], year: int) -> ColumnElement[bool]:
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _month(column: SQLColumnExpression[dt.date]) -> ColumnElement[int]:
    return cast(extract("month", column), Integer)


def _event_filter(year: int, branch_id: int | None) -> list[ColumnElement[bool]]:
    where = [_year(VolunteerEvent.held_on, year), VolunteerEvent.voided_on.is_(None)]
    if branch_id is not None:
        where.append(VolunteerEvent.branch_id == branch_id)
    return where


def served_by() -> ColumnElement[int]:
    """Who served a counted duty turn: the member, or for a swap the one who took it over."""
    return case(
        (
            DutyTurn.outcome == DutyOutcome.SWAPPED,
            func.coalesce(DutyTurn.swapped_with_id, DutyTurn.member_id),
        ),
        else_=DutyTurn.member_id,
    )


def duty_filter(branch_id: int | None) -> list[ColumnElement[bool]]:
    """Turns that count as volunteer service (the contract's shared rule)."""
    where = [
        Post.kind == PostKind.VOLUNTEER,
        Post.voided_on.is_(None),
        DutyTurn.voided_on.is_(None),
        DutyTurn.outcome.in_((DutyOutcome.SERVED, DutyOutcome.SWAPPED)),
    ]
    if branch_id is not None:
        where.append(Post.branch_id == branch_id)
    return where


def volunteer_figures(session: Session, *, year: int, branch_id: int | None = None) -> VolunteerFigures:
    """The year's figures for a branch (or the whole hospital): five aggregate queries."""
    # The year's events once, each with its month and length (materialised: the per-participant
    # queries below then read a small table instead of re-deriving both for every participant).
    ev = (
        select(
            VolunteerEvent.id.label("id"),
            _month(VolunteerEvent.held_on).label("month"),
            VolunteerEvent.kind_id.label("kind_id"),
            minutes_sql(VolunteerEvent.starts_at, VolunteerEvent.ends_at).label("length"),
            VolunteerEvent.people_served.label("people"),
        )
        .where(*_event_filter(year, branch_id))
        .cte("year_events")
        .prefix_with("MATERIALIZED")
    )
    months: dict[int, _Acc] = defaultdict(_Acc)
    kinds: dict[int, _Acc] = defaultdict(_Acc)
    members: dict[int, _Acc] = defaultdict(_Acc)

    event_stmt = select(ev.c.month, ev.c.kind_id, func.count(), func.sum(ev.c.people)).group_by(
        ev.c.month, ev.c.kind_id
    )
    for m, kind_id, count, people in session.execute(event_stmt):
        for acc in (months[m], kinds[kind_id]):
            acc.events += count
            acc.people += people or 0

    minutes = func.coalesce(VolunteerParticipant.minutes, ev.c.length)
    people_stmt = (
        select(
            ev.c.month,
            ev.c.kind_id,
            func.count(),
            func.sum(case((VolunteerParticipant.member_id.is_(None), 1), else_=0)),
            func.sum(minutes),
        )
        .join(ev, ev.c.id == VolunteerParticipant.event_id)
        .group_by(ev.c.month, ev.c.kind_id)
    )
    for m, kind_id, count, outside, total in session.execute(people_stmt):
        for acc in (months[m], kinds[kind_id]):
            acc.participants += count
            acc.outside += outside or 0
            acc.minutes += total or 0

    per_member = (
        select(
            VolunteerParticipant.member_id.label("member_id"),
            func.count(VolunteerParticipant.event_id).label("events"),  # a member is on an event once
            func.sum(minutes).label("minutes"),
        )
        .join(ev, ev.c.id == VolunteerParticipant.event_id)
        .where(VolunteerParticipant.member_id.is_not(None))
        .group_by(VolunteerParticipant.member_id)
        .subquery("per_member")
    )
    member_stmt = (
        select(per_member.c.member_id, Member.name, Branch.name, per_member.c.events, per_member.c.minutes)
        .join(Member, Member.id == per_member.c.member_id)
        .join(Branch, Branch.id == Member.branch_id)
    )
    for member_id, name, branch_name, count, total in session.execute(member_stmt):
        acc = members[member_id]
        acc.name, acc.branch, acc.events, acc.minutes = name, branch_name, count, total or 0

    fallback = volunteer_lists.fallback_kind_id(session) or 0  # 0: no such kind left ("其他")
    server = served_by()
    turn_month = _month(DutyTurn.on_date)
    turn_kind = func.coalesce(Post.volunteer_kind_id, fallback)
    turn_minutes = minutes_sql(DutyTurn.starts_at, DutyTurn.ends_at)
    duty_stmt = (
        select(
            turn_month,
            turn_kind,
            server,
            Member.name,
            Branch.name,
            func.count(),
            func.sum(turn_minutes),
            func.sum(func.coalesce(DutyTurn.people_helped, 0)),
        )
        .join(Post, Post.id == DutyTurn.post_id)
        .join(Member, Member.id == server)
        .join(Branch, Branch.id == Member.branch_id)
        .where(_year(DutyTurn.on_date, year), *duty_filter(branch_id))
        .group_by(turn_month, turn_kind, server, Member.name, Branch.name)
    )
    for m, kind_id, member_id, name, branch_name, count, total, people in session.execute(duty_stmt):
        for acc in (months[m], kinds[kind_id]):
            acc.participants += count
            acc.turns += count
            acc.turn_minutes += total or 0
            acc.minutes += total or 0
            acc.people += people or 0
        acc = members[member_id]
        acc.name, acc.branch = name, branch_name
        acc.turns += count
        acc.turn_minutes += total or 0

    names = {k.id: k.name for k in volunteer_lists.list_kinds(session, include_archived=True)}
    order = {k.id: i for i, k in enumerate(volunteer_lists.list_kinds(session, include_archived=True))}
    by_month = tuple(
        MonthFigure(m, a.events, a.participants, a.minutes, a.people, a.turns, a.turn_minutes)
        for m in range(1, 13)
        for a in (months.get(m) or _Acc(),)
    )
    by_kind = tuple(
        KindFigure(
            k,
            names.get(k, "其他"),
            a.events,
            a.participants,
            a.minutes,
            a.people,
            a.turns,
        )
        for k, a in sorted(kinds.items(), key=lambda item: order.get(item[0], 999))
    )
    by_member = tuple(
        sorted(
            (
                MemberFigure(i, a.name, a.branch, a.events, a.minutes, a.turns, a.turn_minutes)
                for i, a in members.items()
            ),
            key=lambda f: (-f.minutes, f.name, f.member_id),
        )
    )
    totals = Totals(
        events=sum(f.events for f in by_month),
        participants=sum(f.participants for f in by_month),
        members=len(by_member),
        outside=sum(a.outside for a in months.values()),
        minutes=sum(f.minutes for f in by_month),
        people_served=sum(f.people_served for f in by_month),
        duty_turns=sum(f.duty_turns for f in by_month),
        duty_minutes=sum(f.duty_minutes for f in by_month),
    )
    return VolunteerFigures(year, branch_id, by_month, by_kind, by_member, totals)


def member_hours(
    session: Session, branch_id: int, *, year: int, today: dt.date | None = None
) -> list[MemberFigure]:
    """Every member on the roll today (with 0 when they have not served) and anyone else with hours."""
    figures = volunteer_figures(session, year=year, branch_id=branch_id)
    found = {f.member_id: f for f in figures.by_member}
    branch = session.get(Branch, branch_id)
    branch_name = branch.name if branch is not None else ""
    rows = list(figures.by_member)
    for entry in roll_on(session, branch_id, today or dt.date.today()):
        if entry.member_id not in found:
            rows.append(MemberFigure(entry.member_id, entry.name, branch_name, 0, 0))
    return rows


@dataclass(frozen=True)
class HistoryRow:
    """One service of a member: an event (event_id set) or a served duty turn (post_name set)."""

    held_on: dt.date
    starts_at: dt.time
    ends_at: dt.time
    what: str  # the event's title, or the post's name
    kind_name: str
    minutes: int
    role: str
    event_id: int | None = None
    post_name: str = ""

    @property
    def source(self) -> str:
        return "志愿服务活动" if self.event_id is not None else "岗位值班"


def member_history(session: Session, member_id: int, *, year: int | None = None) -> list[HistoryRow]:
    """A member's volunteer service, newest first: events they served at and duty turns they served."""
    length = minutes_sql(VolunteerEvent.starts_at, VolunteerEvent.ends_at)
    event_where = [VolunteerParticipant.member_id == member_id, VolunteerEvent.voided_on.is_(None)]
    turn_where = [served_by() == member_id, *duty_filter(None)]
    if year is not None:
        event_where.append(_year(VolunteerEvent.held_on, year))
        turn_where.append(_year(DutyTurn.on_date, year))
    events = (
        select(
            VolunteerEvent.id,
            VolunteerEvent.held_on,
            VolunteerEvent.starts_at,
            VolunteerEvent.ends_at,
            VolunteerEvent.title,
            VolunteerKind.name,
            func.coalesce(VolunteerParticipant.minutes, length),
            VolunteerParticipant.role,
        )
        .join(VolunteerEvent, VolunteerEvent.id == VolunteerParticipant.event_id)
        .join(VolunteerKind, VolunteerKind.id == VolunteerEvent.kind_id)
        .where(*event_where)
    )
    rows = [
        HistoryRow(on, start, end, title, kind, minutes or 0, role, event_id=eid)
        for eid, on, start, end, title, kind, minutes, role in session.execute(events)
    ]
    fallback = volunteer_lists.fallback_kind_id(session)
    turns = (
        select(DutyTurn.on_date, DutyTurn.starts_at, DutyTurn.ends_at, Post.name, VolunteerKind.name)
        .join(Post, Post.id == DutyTurn.post_id)
        .outerjoin(VolunteerKind, VolunteerKind.id == func.coalesce(Post.volunteer_kind_id, fallback))
        .where(and_(*turn_where))
    )
    for on, start, end, post_name, kind in session.execute(turns):
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        rows.append(
            HistoryRow(on, start, end, post_name, kind or "其他", minutes, "值班", post_name=post_name)
        )
    return sorted(rows, key=lambda r: (r.held_on, r.starts_at), reverse=True)
