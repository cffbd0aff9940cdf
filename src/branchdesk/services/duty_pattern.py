"""按周排班: a month's rota in one step, from weekdays, time slots and members taking turns.

The generator walks the dates in order and gives each slot the next members of the rotation. A
member who is busy elsewhere then (any post of any branch) or not on the roll that day is passed
over for that slot only and stays first in line, so the rotation stays fair; each time that happens
the plan says so, naming the member, the date and the other post, before anything is saved. Slots
the post already has turns for are left as they are, so running it twice does not double a rota.
Nothing is written here: duty_rota.save_turns stores the plan (and checks it again).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import DutyTurn, Member
from branchdesk.services.duty_rota import (
    Busy,
    TurnInput,
    busy_times,
    day_text,
    find_conflict,
    open_post,
    slot_text,
)
from branchdesk.services.roll_history import RollHistory

MAX_DAYS = 186  # half a year at most in one go
Slot = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class WeeklyPattern:
    post_id: int
    first_day: dt.date
    last_day: dt.date
    weekdays: tuple[int, ...]  # date.weekday(): 0 Monday ... 6 Sunday
    slots: tuple[Slot, ...]
    member_ids: tuple[int, ...]  # in rotation order
    per_slot: int = 1  # members on duty together in one slot
    skip_days: tuple[dt.date, ...] = ()  # holidays: no turns


@dataclass(frozen=True)
class PlannedTurn:
    """One turn of the plan; member None is a slot nobody could take (a gap to fill by hand)."""

    on_date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    member_id: int | None
    member_name: str

    @property
    def slot(self) -> str:
        return slot_text(self.starts_at, self.ends_at)


@dataclass(frozen=True)
class RotaPlan:
    post_id: int
    turns: tuple[PlannedTurn, ...]
    notices: tuple[str, ...]  # who was passed over and why, in date order
    already_planned: int  # slots left alone because the post already had turns then

    @property
    def gaps(self) -> tuple[PlannedTurn, ...]:
        return tuple(t for t in self.turns if t.member_id is None)

    def inputs(self) -> list[TurnInput]:
        """The turns to save (gaps left out)."""
        return [
            TurnInput(self.post_id, t.member_id, t.on_date, t.starts_at, t.ends_at)
            for t in self.turns
            if t.member_id is not None
        ]


@dataclass
class _Walk:
    queue: list[int]
    names: dict[int, str]
    busy: dict[tuple[int, dt.date], list[Busy]]
    history: RollHistory
    turns: list[PlannedTurn] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    off_roll: set[int] = field(default_factory=set)


def _validate(p: WeeklyPattern) -> None:
    if p.last_day < p.first_day:
        raise ValidationError("结束日期不能早于开始日期。", field="结束日期")
    if (p.last_day - p.first_day).days >= MAX_DAYS:
        raise ValidationError(f"一次最多排 {MAX_DAYS} 天，请分段排班。", field="结束日期")
    if not p.weekdays or not set(p.weekdays) <= set(range(7)):
        raise ValidationError("请至少选择一个星期几。", field="星期")
    if not p.slots:
        raise ValidationError("请至少填写一个时段，如 08:00-12:00。", field="时段")
    ordered = sorted(p.slots)
    for starts_at, ends_at in ordered:
        if ends_at <= starts_at:
            raise ValidationError(
                f"时段 {slot_text(starts_at, ends_at)} 的结束时间应晚于开始时间。", field="时段"
            )
    for (s1, e1), (s2, e2) in itertools.pairwise(ordered):
        if s2 < e1:
            raise ValidationError(f"时段 {slot_text(s1, e1)} 与 {slot_text(s2, e2)} 重叠。", field="时段")
    if not p.member_ids:
        raise ValidationError("请至少选择一名值班党员。", field="值班党员")
    if len(set(p.member_ids)) != len(p.member_ids):
        raise ValidationError("值班党员名单有重复。", field="值班党员")
    if not 1 <= p.per_slot <= len(p.member_ids):
        raise ValidationError(f"每班人数应在 1 到 {len(p.member_ids)} 之间。", field="每班人数")


def _filled(session: Session, p: WeeklyPattern) -> dict[dt.date, list[Slot]]:
    """The post's own turns already in the range, by date."""
    stmt = select(DutyTurn.on_date, DutyTurn.starts_at, DutyTurn.ends_at).where(
        DutyTurn.post_id == p.post_id,
        DutyTurn.voided_on.is_(None),
        DutyTurn.on_date.between(p.first_day, p.last_day),
    )
    found: dict[dt.date, list[Slot]] = {}
    for day, starts_at, ends_at in session.execute(stmt):
        found.setdefault(day, []).append((starts_at, ends_at))
    return found


def _fill_slot(w: _Walk, day: dt.date, slot: Slot, per_slot: int, where: str) -> None:
    """Give one slot the first members in line who are free; the rest keep their place in line."""
    starts_at, ends_at = slot
    picked: list[int] = []
    for member_id in w.queue:
        if len(picked) == per_slot:
            break
        name = w.names[member_id]
        if not w.history.on_roll(member_id, day):
            if member_id not in w.off_roll:
                w.off_roll.add(member_id)
                w.notices.append(f"{name} {day_text(day)} 不在本支部党员名册上，未给其排班。")
            continue
        conflict = find_conflict(w.busy, member_id, name, day, starts_at, ends_at)
        if conflict is not None:
            w.notices.append(f"{conflict.message}本班由轮到的下一位党员值班。")
            continue
        picked.append(member_id)
    for member_id in picked:
        w.turns.append(PlannedTurn(day, starts_at, ends_at, member_id, w.names[member_id]))
        w.busy.setdefault((member_id, day), []).append(Busy(None, starts_at, ends_at, f"{where}（本次排班）"))
    for _gap in range(per_slot - len(picked)):
        w.turns.append(PlannedTurn(day, starts_at, ends_at, None, ""))
        w.notices.append(f"{day_text(day)} {slot_text(starts_at, ends_at)} 没有可排的党员，请手工补排。")
    w.queue[:] = [m for m in w.queue if m not in picked] + picked


def weekly_plan(session: Session, pattern: WeeklyPattern) -> RotaPlan:
    """The rota the pattern gives, with every conflict met and every gap, ready to show before saving."""
    post = open_post(session, pattern.post_id)
    _validate(pattern)
    found = session.execute(select(Member.id, Member.name).where(Member.id.in_(pattern.member_ids)))
    names = {member_id: name for member_id, name in found}
    outsiders = [m for m in pattern.member_ids if m not in names]
    members = session.execute(select(Member.id, Member.branch_id).where(Member.id.in_(pattern.member_ids)))
    if outsiders or any(branch != post.branch_id for _m, branch in members):
        raise ValidationError("值班党员应是本支部的党员。", field="值班党员")
    first = max(pattern.first_day, post.started_on or pattern.first_day)
    last = min(pattern.last_day, post.ended_on or pattern.last_day)
    walk = _Walk(
        queue=list(pattern.member_ids),
        names=names,
        busy=busy_times(session, pattern.member_ids, pattern.first_day, pattern.last_day),
        history=RollHistory(session, post.branch_id),
    )
    if first > pattern.first_day:
        walk.notices.append(f"岗位 {first:%Y-%m-%d} 才设立，此前的日期未排班。")
    if last < pattern.last_day:
        walk.notices.append(f"岗位已于 {last:%Y-%m-%d} 撤岗，此后的日期未排班。")
    filled = _filled(session, pattern)
    already = 0
    skip, weekdays = set(pattern.skip_days), set(pattern.weekdays)
    day = first
    while day <= last:
        if day.weekday() in weekdays and day not in skip:
            for slot in sorted(pattern.slots):
                if any(s < slot[1] and slot[0] < e for s, e in filled.get(day, ())):
                    already += 1
                    continue
                _fill_slot(walk, day, slot, pattern.per_slot, post.name)
        day += dt.timedelta(days=1)
    return RotaPlan(pattern.post_id, tuple(walk.turns), tuple(walk.notices), already)


@dataclass(frozen=True)
class LastRota:
    """Who was on the post's latest month of turns before a day, in their turn order."""

    year: int
    month: int
    member_ids: tuple[int, ...]


def last_rota(session: Session, post_id: int, before: dt.date) -> LastRota | None:
    """The members of the post's most recent month with turns before `before` (voided turns left out),
    in the order they first came on duty; None when the post has no earlier turns. A new month's rota
    starts from these people (按周排班)."""
    latest = session.execute(
        select(DutyTurn.on_date)
        .where(DutyTurn.post_id == post_id, DutyTurn.on_date < before, DutyTurn.voided_on.is_(None))
        .order_by(DutyTurn.on_date.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is None:
        return None
    first = latest.replace(day=1)
    ids = session.execute(
        select(DutyTurn.member_id)
        .where(
            DutyTurn.post_id == post_id,
            DutyTurn.on_date.between(first, latest),
            DutyTurn.voided_on.is_(None),
        )
        .order_by(DutyTurn.on_date, DutyTurn.starts_at, DutyTurn.id)
    ).scalars()
    return LastRota(latest.year, latest.month, tuple(dict.fromkeys(ids)))
