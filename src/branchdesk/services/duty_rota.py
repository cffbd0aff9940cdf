"""Duty rosters (排班) and the on-duty log (值班记录) of posts staffed in turns.

A turn is one member at one post on a date in a time slot. Who may be put on a turn: a member on
the roll of the post's branch on that date. Holding the post is not required, because a volunteer
desk is usually staffed by the whole branch in rotation while the post's holders lead it (the weekly
generator starts from the holders). One person cannot be in two places at once: a turn overlapping
in time with another turn of the same member on that date, at any post of any branch, is refused
with a message naming the member, the date and the other post. A swapped turn frees its member and
occupies the one who stood in.

Turns that will not happen are voided, never deleted. A served (or swapped) turn at a volunteer post
counts as volunteer service; services.volunteer_figures reads them (whole minutes: ends - starts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, aliased

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import DutyOutcome, DutyTurn, Member, Post
from branchdesk.services.duty_conflicts import Busy as Busy
from branchdesk.services.duty_conflicts import Conflict as Conflict
from branchdesk.services.duty_conflicts import busy_times as busy_times
from branchdesk.services.duty_conflicts import day_text as day_text
from branchdesk.services.duty_conflicts import find_conflict as find_conflict
from branchdesk.services.duty_conflicts import minutes_between as minutes_between
from branchdesk.services.duty_conflicts import slot_text as slot_text
from branchdesk.services.post_labels import OUTCOME_LABELS
from branchdesk.services.roll_history import RollHistory

NOTE_LIMIT = 200
MAX_PEOPLE = 100_000


@dataclass(frozen=True)
class TurnInput:
    post_id: int
    member_id: int
    on_date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    note: str = ""


@dataclass(frozen=True)
class TurnRow:
    """One turn of the rota and how it went."""

    id: int
    post_id: int
    post_name: str
    member_id: int
    member_name: str
    on_date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    outcome: DutyOutcome
    swapped_with_id: int | None
    swapped_with_name: str
    people_helped: int | None
    note: str
    voided_on: dt.date | None
    void_reason: str

    @property
    def voided(self) -> bool:
        return self.voided_on is not None

    @property
    def outcome_label(self) -> str:
        if self.voided:
            return "已作废"
        if self.outcome is DutyOutcome.SWAPPED and self.swapped_with_name:
            return f"换班（{self.swapped_with_name}顶班）"
        return OUTCOME_LABELS[self.outcome]

    @property
    def slot(self) -> str:
        return slot_text(self.starts_at, self.ends_at)

    @property
    def minutes(self) -> int:
        return minutes_between(self.starts_at, self.ends_at)

    @property
    def served_by(self) -> str:
        """Who actually stood the turn: the member, the one who swapped in, or nobody."""
        if self.voided or self.outcome in (DutyOutcome.PLANNED, DutyOutcome.MISSED):
            return ""
        return self.swapped_with_name if self.outcome is DutyOutcome.SWAPPED else self.member_name


def open_post(session: Session, post_id: int) -> Post:
    """The post, refusing one that was voided: a voided post takes no turns."""
    post = session.get(Post, post_id)
    if post is None:
        raise NotFoundError("该岗位不存在，可能已被其他窗口修改。", context=f"post {post_id}")
    if post.voided_on is not None:
        raise ValidationError(f"岗位“{post.name}”已作废，不能排班。", field="岗位")
    return post


def _turn(session: Session, turn_id: int) -> DutyTurn:
    turn = session.get(DutyTurn, turn_id)
    if turn is None:
        raise NotFoundError("该值班记录不存在，可能已被其他窗口修改。", context=f"duty_turn {turn_id}")
    if turn.voided_on is not None:
        raise ValidationError("该班次已作废，不能修改。", field="班次")
    return turn


def check_slot(post: Post, day: dt.date, starts_at: dt.time, ends_at: dt.time) -> None:
    """The slot must have a length and fall inside the post's period."""
    if ends_at <= starts_at:
        raise ValidationError(f"结束时间 {ends_at:%H:%M} 应晚于开始时间 {starts_at:%H:%M}。", field="时段")
    if post.started_on is not None and day < post.started_on:
        raise ValidationError(
            f"{day_text(day)} 早于该岗位的设岗日期 {post.started_on:%Y-%m-%d}。", field="日期"
        )
    if post.ended_on is not None and day > post.ended_on:
        raise ValidationError(f"{day_text(day)} 该岗位已撤岗（{post.ended_on:%Y-%m-%d}）。", field="日期")


def check_member(session: Session, history: RollHistory, post: Post, member_id: int, day: dt.date) -> str:
    """The member's name when they may take a turn on `day`; else a refusal."""
    member = session.get(Member, member_id)
    if member is None or member.branch_id != post.branch_id:
        raise ValidationError("请选择本支部的党员。", field="党员")
    if not history.on_roll(member_id, day):
        raise ValidationError(
            f"{member.name}在 {day_text(day)} 不在本支部党员名册上，不能排班。", field="党员"
        )
    return member.name


def _refuse_conflict(conflict: Conflict | None) -> None:
    if conflict is not None:
        raise ValidationError(conflict.message, field="党员")


def plan_turn(session: Session, data: TurnInput) -> TurnRow:
    """Put one member on one slot; refused when they are elsewhere at that time (any post, any branch)."""
    post = open_post(session, data.post_id)
    check_slot(post, data.on_date, data.starts_at, data.ends_at)
    name = check_member(session, RollHistory(session, post.branch_id), post, data.member_id, data.on_date)
    busy = busy_times(session, [data.member_id], data.on_date, data.on_date)
    _refuse_conflict(find_conflict(busy, data.member_id, name, data.on_date, data.starts_at, data.ends_at))
    note = _note(data.note)
    turn = DutyTurn(
        post_id=data.post_id, member_id=data.member_id, on_date=data.on_date, starts_at=data.starts_at,
        ends_at=data.ends_at, outcome=DutyOutcome.PLANNED, note=note,
    )  # fmt: skip
    session.add(turn)
    session.flush()
    return get_turn(session, turn.id)


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError(f"最多 {NOTE_LIMIT} 个字。", field="备注")
    return note


def save_turns(session: Session, turns: Sequence[TurnInput]) -> int:
    """Save a generated rota in one go: every turn checked as plan_turn does, conflicts within the
    batch included; the first refusal stops the whole batch (nothing saved)."""
    if not turns:
        return 0
    by_post: dict[int, Post] = {}
    histories: dict[int, RollHistory] = {}
    members = {t.member_id for t in turns}
    busy = busy_times(session, members, min(t.on_date for t in turns), max(t.on_date for t in turns))
    names: dict[int, str] = {}
    for data in turns:
        post = by_post.get(data.post_id) or by_post.setdefault(data.post_id, open_post(session, data.post_id))
        history = histories.get(post.branch_id) or histories.setdefault(
            post.branch_id, RollHistory(session, post.branch_id)
        )
        check_slot(post, data.on_date, data.starts_at, data.ends_at)
        names[data.member_id] = check_member(session, history, post, data.member_id, data.on_date)
        _refuse_conflict(
            find_conflict(
                busy, data.member_id, names[data.member_id], data.on_date, data.starts_at, data.ends_at
            )
        )
        busy[(data.member_id, data.on_date)].append(
            Busy(None, data.starts_at, data.ends_at, f"{post.name}（本次排班）")
        )
    session.add_all(
        DutyTurn(
            post_id=d.post_id,
            member_id=d.member_id,
            on_date=d.on_date,
            starts_at=d.starts_at,
            ends_at=d.ends_at,
            outcome=DutyOutcome.PLANNED,
            note=_note(d.note),
        )
        for d in turns
    )
    session.flush()
    return len(turns)


def reassign_turn(session: Session, turn_id: int, member_id: int) -> TurnRow:
    """Put another member on a turn not yet confirmed (the rota changed before the day)."""
    turn = _turn(session, turn_id)
    if turn.outcome is not DutyOutcome.PLANNED:
        raise ValidationError("该班次已确认，请先撤销确认再换人。", field="党员")
    post = open_post(session, turn.post_id)
    name = check_member(session, RollHistory(session, post.branch_id), post, member_id, turn.on_date)
    busy = busy_times(session, [member_id], turn.on_date, turn.on_date)
    found = find_conflict(
        busy, member_id, name, turn.on_date, turn.starts_at, turn.ends_at, ignore_turn=turn_id
    )
    _refuse_conflict(found)
    turn.member_id = member_id
    session.flush()
    return get_turn(session, turn_id)


def confirm_turn(
    session: Session,
    turn_id: int,
    outcome: DutyOutcome,
    *,
    swapped_with_id: int | None = None,
    people_helped: int | None = None,
    note: str | None = None,
    today: dt.date | None = None,
) -> TurnRow:
    """Record how a turn went: 已到岗, 换班 (who stood in), 缺岗; PLANNED takes a confirmation back.

    Only a turn whose day has come can be confirmed. People helped belong to a turn someone served.
    """
    turn = _turn(session, turn_id)
    post = open_post(session, turn.post_id)
    today = today or dt.date.today()
    if outcome is not DutyOutcome.PLANNED and turn.on_date > today:
        raise ValidationError(f"{day_text(turn.on_date)} 的班次还没到，不能确认。", field="值班结果")
    served = outcome in (DutyOutcome.SERVED, DutyOutcome.SWAPPED)
    if people_helped is not None and not served:
        people_helped = None
    if people_helped is not None and not 0 <= people_helped <= MAX_PEOPLE:
        raise ValidationError(f"服务人次应在 0 到 {MAX_PEOPLE} 之间。", field="服务人次")
    if outcome is DutyOutcome.SWAPPED:
        if swapped_with_id is None:
            raise ValidationError("换班时请选择顶班的党员。", field="顶班党员")
        if swapped_with_id == turn.member_id:
            raise ValidationError("顶班党员不能是原值班党员本人。", field="顶班党员")
        history = RollHistory(session, post.branch_id)
        try:
            name = check_member(session, history, post, swapped_with_id, turn.on_date)
        except ValidationError as exc:
            raise ValidationError(exc.user_message, field="顶班党员") from exc
        busy = busy_times(session, [swapped_with_id], turn.on_date, turn.on_date)
        found = find_conflict(
            busy, swapped_with_id, name, turn.on_date, turn.starts_at, turn.ends_at, ignore_turn=turn_id
        )
        if found is not None:
            raise ValidationError(found.message, field="顶班党员")
    else:
        swapped_with_id = None
    turn.outcome = outcome
    turn.swapped_with_id = swapped_with_id
    turn.people_helped = people_helped if served else None
    if note is not None:
        turn.note = _note(note)
    session.flush()
    return get_turn(session, turn_id)


def confirm_served(session: Session, turn_ids: Iterable[int], *, today: dt.date | None = None) -> int:
    """Mark several turns 已到岗 at once (the usual case); people helped can be added one by one."""
    count = 0
    for turn_id in turn_ids:
        turn = _turn(session, turn_id)
        if turn.outcome is DutyOutcome.PLANNED:
            confirm_turn(session, turn_id, DutyOutcome.SERVED, today=today)
            count += 1
    return count


def void_turn(session: Session, turn_id: int, *, on: dt.date, reason: str) -> None:
    """A turn that will not happen (or was entered by mistake): kept with the date and the reason."""
    turn = _turn(session, turn_id)
    if not reason.strip():
        raise ValidationError("请填写作废原因。", field="作废原因")
    turn.voided_on = on
    turn.void_reason = reason.strip()
    session.flush()


# --- reading -------------------------------------------------------------------------------------


def _rows(session: Session, *where: ColumnElement[bool]) -> list[TurnRow]:
    stand_in = aliased(Member)
    stmt = (
        select(DutyTurn, Post.name, Member.name, stand_in.name)
        .join(Post, Post.id == DutyTurn.post_id)
        .join(Member, Member.id == DutyTurn.member_id)
        .outerjoin(stand_in, stand_in.id == DutyTurn.swapped_with_id)
        .where(*where)
        .order_by(DutyTurn.on_date, DutyTurn.starts_at, DutyTurn.id)
    )
    return [
        TurnRow(
            id=t.id,
            post_id=t.post_id,
            post_name=post_name,
            member_id=t.member_id,
            member_name=name,
            on_date=t.on_date,
            starts_at=t.starts_at,
            ends_at=t.ends_at,
            outcome=t.outcome,
            swapped_with_id=t.swapped_with_id,
            swapped_with_name=other or "",
            people_helped=t.people_helped,
            note=t.note,
            voided_on=t.voided_on,
            void_reason=t.void_reason,
        )
        for t, post_name, name, other in session.execute(stmt)
    ]


def get_turn(session: Session, turn_id: int) -> TurnRow:
    rows = _rows(session, DutyTurn.id == turn_id)
    if not rows:
        raise NotFoundError("该值班记录不存在。", context=f"duty_turn {turn_id}")
    return rows[0]


def list_turns(
    session: Session, post_id: int, first: dt.date, last: dt.date, *, include_voided: bool = False
) -> list[TurnRow]:
    """The post's turns from `first` to `last`, by date and time."""
    where = [DutyTurn.post_id == post_id, DutyTurn.on_date.between(first, last)]
    if not include_voided:
        where.append(DutyTurn.voided_on.is_(None))
    return _rows(session, and_(*where))


@dataclass(frozen=True)
class DutyFigures:
    """A period's turns: planned (all), still unconfirmed, served, swapped, missed; people and minutes."""

    turns: int
    unconfirmed: int
    served: int
    swapped: int
    missed: int
    people_helped: int
    minutes: int

    @property
    def hours_text(self) -> str:
        return f"{self.minutes / 60:.1f} 小时"


def figures(rows: Iterable[TurnRow]) -> DutyFigures:
    """Counts over turns (voided ones left out); minutes are those served or swapped-and-served."""
    kept = [r for r in rows if not r.voided]
    by = {o: sum(1 for r in kept if r.outcome is o) for o in DutyOutcome}
    done = [r for r in kept if r.outcome in (DutyOutcome.SERVED, DutyOutcome.SWAPPED)]
    return DutyFigures(
        turns=len(kept), unconfirmed=by[DutyOutcome.PLANNED], served=by[DutyOutcome.SERVED],
        swapped=by[DutyOutcome.SWAPPED], missed=by[DutyOutcome.MISSED],
        people_helped=sum(r.people_helped or 0 for r in done), minutes=sum(r.minutes for r in done),
    )  # fmt: skip
