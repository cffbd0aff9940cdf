"""A month's duty rota (排班表) as plain data, for the A4 print, its preview and its PDF.

One line a day that has turns, one column a time slot, the names on duty in each (a swapped turn
shows who stood in). Printed and posted at the desk, so it also says who leads the post, what
to do when someone cannot come, whose hospital and branch it is, and when it was drawn up (制表日期).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import Branch, DutyOutcome
from branchdesk.services import duty_rota, posts
from branchdesk.services.post_labels import weekday_text

RULES = (
    "请值班党员提前10分钟到岗，佩戴党员徽章，热情接待、耐心解答。",
    "不能到岗的请提前告知岗长并自行协调换班，换班情况在值班记录中注明。",
)


@dataclass(frozen=True)
class RotaLine:
    day: str  # "12月7日"
    weekday: str  # "星期一"
    cells: tuple[str, ...]  # names on duty per slot, "王芳、李娜"


@dataclass(frozen=True)
class RotaSheet:
    title: str  # "门诊大厅党员志愿服务岗 2026年12月排班表"
    subtitle: str  # "内科第一党支部 · 地点：门诊大厅"
    slots: tuple[str, ...]  # "08:00—12:00"
    lines: tuple[RotaLine, ...]
    leaders: str  # "岗长：王芳"; "" when nobody has a role
    rules: tuple[str, ...] = RULES
    made_on: str = ""  # "制表日期：2026年11月25日"


def _name(turn: duty_rota.TurnRow) -> str:
    if turn.outcome is DutyOutcome.SWAPPED and turn.swapped_with_name:
        return f"{turn.swapped_with_name}（替{turn.member_name}）"
    return turn.member_name


def month_rota(
    session: Session, post_id: int, year: int, month: int, *, today: dt.date | None = None
) -> RotaSheet:
    """The rota of one month, drawn up `today`; refused when the month has no turns (nothing to post)."""
    today = today or dt.date.today()
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    post = posts.get_post(
        session, post_id, on=last if last < dt.date.today() else max(first, dt.date.today())
    )
    turns = duty_rota.list_turns(session, post_id, first, last)
    if not turns:
        raise ValidationError(f"{year}年{month}月还没有排班，请先排班。", field="排班")
    slots = sorted({(t.starts_at, t.ends_at) for t in turns})
    by_day: dict[dt.date, dict[tuple[dt.time, dt.time], list[str]]] = {}
    for t in turns:
        by_day.setdefault(t.on_date, {}).setdefault((t.starts_at, t.ends_at), []).append(_name(t))
    lines = tuple(
        RotaLine(
            f"{day.month}月{day.day}日",
            weekday_text(day.weekday()),
            tuple("、".join(cells.get(slot, ())) for slot in slots),
        )
        for day, cells in sorted(by_day.items())
    )
    leaders = "、".join(h.label for h in post.holders if h.role)
    committee = session.get_one(Branch, post.branch_id).committee
    organisation = committee.hospital or committee.name
    place = f"地点：{post.place}" if post.place else ""
    return RotaSheet(
        title=f"{post.name} {year}年{month}月排班表",
        subtitle=" · ".join(part for part in (organisation, post.branch_name, place) if part),
        slots=tuple(duty_rota.slot_text(s, e) for s, e in slots),
        lines=lines,
        leaders=f"负责人：{leaders}" if leaders else "",
        made_on=f"制表日期：{today.year}年{today.month}月{today.day}日",
    )
