"""The overview's reminders: what a secretary should act on, most urgent first.

A member who misses organisational life six months in a row without good reason is treated as having
left the Party (自行脱党), so that has to be seen coming from the third month; 转正 and 换届 have
deadlines the branch must not miss; 政治生日 and 光荣在党50年 are dates the branch marks. Every window
and threshold comes from rules, in force on `today`. A handful of queries for any branch size: the
latest attended meeting of every member is one aggregate query.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from branchdesk.models import (
    AttendanceStatus,
    BranchCommitteePost,
    Meeting,
    MeetingAttendance,
    MeetingType,
    Member,
    MemberCategory,
)
from branchdesk.services import branches, rules
from branchdesk.services.member_rules import probation_due
from branchdesk.services.org_life_check import LEVEL_LABELS, Level, missing_now
from branchdesk.services.post_reminders import post_notices
from branchdesk.services.roll_history import RollHistory


class ReminderKind(enum.StrEnum):
    INACTIVE = "inactive"  # no organisational life for N months
    PROBATION = "probation"  # 转正 due or overdue
    TERM = "term"  # 换届 due or overdue
    MISSING = "missing"  # a meeting the current period still lacks
    POST = "post"  # 设岗定责: unconfirmed duty turns, a post nobody holds, next month's rota
    POLITICAL_BIRTHDAY = "political_birthday"  # 政治生日 this month
    HONOUR = "honour"  # 光荣在党50年 this year


KIND_LABELS: dict[ReminderKind, str] = {
    ReminderKind.INACTIVE: "组织生活",
    ReminderKind.PROBATION: "预备党员转正",
    ReminderKind.TERM: "支委会换届",
    ReminderKind.MISSING: "三会一课",
    ReminderKind.POST: "设岗定责",
    ReminderKind.POLITICAL_BIRTHDAY: "政治生日",
    ReminderKind.HONOUR: "光荣在党",
}
_LEVEL_ORDER = {Level.ALARM: 0, Level.WARN: 1, Level.INFO: 2}
_KIND_ORDER = {kind: i for i, kind in enumerate(ReminderKind)}


@dataclass(frozen=True)
class ReminderItem:
    """One line of the overview; member_id lets the page open that member."""

    kind: ReminderKind
    level: Level
    text: str
    member_id: int | None = None
    member_name: str = ""
    date: dt.date | None = None  # what the item is about: last attended, 转正 due, term due, 入党, 转正
    months: int | None = None  # INACTIVE: whole months without organisational life
    post_id: int | None = None  # POST: the post the line is about
    meeting_type: MeetingType | None = None  # MISSING: the kind of meeting still to hold
    group_id: int | None = None  # MISSING: the party group whose 党小组会 it is

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Overview:
    branch_id: int
    today: dt.date
    items: tuple[ReminderItem, ...]  # all of them, alarms first, then warnings, then the rest

    def of(self, kind: ReminderKind) -> tuple[ReminderItem, ...]:
        return tuple(i for i in self.items if i.kind is kind)

    @property
    def inactive(self) -> tuple[ReminderItem, ...]:
        return self.of(ReminderKind.INACTIVE)

    @property
    def probation(self) -> tuple[ReminderItem, ...]:
        return self.of(ReminderKind.PROBATION)

    @property
    def term(self) -> tuple[ReminderItem, ...]:
        return self.of(ReminderKind.TERM)

    @property
    def missing(self) -> tuple[ReminderItem, ...]:
        return self.of(ReminderKind.MISSING)

    @property
    def birthdays(self) -> tuple[ReminderItem, ...]:
        return self.of(ReminderKind.POLITICAL_BIRTHDAY)

    @property
    def honours(self) -> tuple[ReminderItem, ...]:
        return self.of(ReminderKind.HONOUR)

    def count(self, level: Level) -> int:
        return sum(1 for i in self.items if i.level is level)


def whole_months(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from start to end: 25 Aug -> 25 Nov is 3, -> 24 Nov is 2.

    A start late in a month is a whole month later at the end of a shorter month (31 Aug -> 30 Nov: 3).
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    month_last_day = calendar.monthrange(end.year, end.month)[1]
    if end.day < start.day and end.day != month_last_day:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    category: MemberCategory
    joined_on: dt.date | None
    full_member_on: dt.date | None
    on_roll_since: dt.date


def _on_roll(session: Session, branch_id: int, today: dt.date) -> list[_Person]:
    """Members on the roll today, with the day their present stint on the roll began."""
    history = RollHistory(session, branch_id)
    stmt = (
        select(Member.id, Member.name, Member.category, Member.joined_on, Member.full_member_on)
        .where(Member.branch_id == branch_id)
        .order_by(Member.roll_order, Member.id)
    )
    people = []
    for mid, name, category, joined_on, full_on in session.execute(stmt):
        since = history.on_roll_since(mid, today)
        if since is not None:
            people.append(_Person(mid, name, category, joined_on, full_on, since))
    return people


def _last_attended(session: Session, branch_id: int, today: dt.date) -> dict[int, dt.date]:
    """member id -> the latest meeting they attended (出席 or 迟到), held and not voided, up to today.

    A 支委会 counts only for members holding a committee post that day: its roll may list the whole
    branch, and a member marked present there by default must not hide six months of absence.
    """
    post = BranchCommitteePost
    on_committee = exists().where(
        post.member_id == MeetingAttendance.member_id,
        post.branch_id == Meeting.branch_id,
        or_(post.started_on.is_(None), post.started_on <= Meeting.held_on),
        or_(post.ended_on.is_(None), post.ended_on >= Meeting.held_on),
    )
    stmt = (
        select(MeetingAttendance.member_id, func.max(Meeting.held_on))
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .join(Member, Member.id == MeetingAttendance.member_id)
        .where(
            Member.branch_id == branch_id,
            MeetingAttendance.status.in_((AttendanceStatus.PRESENT, AttendanceStatus.LATE)),
            Meeting.planned.is_(False),
            Meeting.voided_on.is_(None),
            Meeting.held_on <= today,
            or_(Meeting.type != MeetingType.COMMITTEE_MEETING, on_committee),
        )
        .group_by(MeetingAttendance.member_id)
    )
    return {mid: day for mid, day in session.execute(stmt)}


def _records_start(session: Session, branch_id: int, today: dt.date) -> dt.date | None:
    """The branch's first recorded (held, not voided) meeting: before it the app knows nothing."""
    return session.scalar(
        select(func.min(Meeting.held_on)).where(
            Meeting.branch_id == branch_id,
            Meeting.planned.is_(False),
            Meeting.voided_on.is_(None),
            Meeting.held_on <= today,
        )
    )


def _inactive(
    people: list[_Person],
    last: dict[int, dt.date],
    records_start: dt.date | None,
    today: dt.date,
    warn: int,
    alarm: int,
) -> list[ReminderItem]:
    """Members whose last organisational life is `warn` or more whole months back.

    Counted from the later of: the last meeting attended, the day the member came on the roll, and
    the first meeting the branch recorded (a roster entered today with members on it since 2010 is
    not 150 alarms on day one).
    """
    if records_start is None:
        text = "尚未登记组织生活，登记会议及出席情况后，可提醒连续未参加组织生活的党员"
        return [ReminderItem(ReminderKind.INACTIVE, Level.INFO, text)] if people else []
    items = []
    for p in people:
        attended = last.get(p.id)
        if attended is not None and attended >= p.on_roll_since:
            since, what = attended, f"最近一次参加：{attended:%Y-%m-%d}"
        elif p.on_roll_since >= records_start:
            since, what = p.on_roll_since, f"自 {p.on_roll_since:%Y-%m-%d} 在册以来未参加过"
        else:
            since, what = records_start, f"自 {records_start:%Y-%m-%d} 有会议记录以来未参加过"
        months = whole_months(since, today)
        if months < warn:
            continue
        level = Level.ALARM if months >= alarm else Level.WARN
        text = f"{p.name}已连续 {months} 个月未参加组织生活（{what}）"
        if level is Level.ALARM:
            text += "，有自行脱党风险，请及时谈心谈话、了解情况"
        items.append(ReminderItem(ReminderKind.INACTIVE, level, text, p.id, p.name, since, months))
    return sorted(items, key=lambda i: -(i.months or 0))


def _probation(people: list[_Person], today: dt.date, window: int) -> list[ReminderItem]:
    items = []
    for p in people:
        due = probation_due(p.joined_on) if p.category is MemberCategory.PROBATIONARY else None
        if due is None or (due - today).days > window:
            continue
        days = (due - today).days
        if days < 0:
            level, when = Level.ALARM, f"预备期已于 {due:%Y-%m-%d} 届满（逾期 {-days} 天），请尽快讨论转正"
        elif days == 0:
            level, when = Level.WARN, f"预备期今天（{due:%Y-%m-%d}）届满，请讨论转正"
        else:
            level, when = Level.WARN, f"预备期将于 {due:%Y-%m-%d} 届满（还有 {days} 天），请准备转正材料"
        items.append(
            ReminderItem(ReminderKind.PROBATION, level, f"预备党员{p.name}{when}", p.id, p.name, due)
        )
    return sorted(items, key=lambda i: i.date or today)


COMMITTEE_FROM_FULL_MEMBERS = 7  # 支部工作条例: a branch of 7 or more full members elects a 支委会
COMMITTEE_MIN = 3


def _committee_shape(profile: branches.BranchProfile, people: list[_Person]) -> list[ReminderItem]:
    """A branch big enough for a 支委会 whose committee is not entered: say so, rather than stay
    silent about 支委会 meetings that cannot be checked without it."""
    full = sum(1 for p in people if p.category is MemberCategory.FULL)
    holders = len({post.member_id for post in profile.committee})
    if full < COMMITTEE_FROM_FULL_MEMBERS or holders >= COMMITTEE_MIN:
        return []
    text = (
        f"本支部有 {full} 名正式党员，应设支部委员会（3-5 人），目前只登记了 {holders} 名支部委员："
        "请在“支部信息”中登记，才能检查支委会是否按月召开"
    )
    return [ReminderItem(ReminderKind.TERM, Level.WARN, text)]


def _term(session: Session, branch_id: int, today: dt.date, window: int) -> list[ReminderItem]:
    due = branches.get_profile(session, branch_id).term_due
    if due is None:
        text = "未填写本届支委会任期开始日期，无法提醒换届（可在支部信息中填写）"
        return [ReminderItem(ReminderKind.TERM, Level.INFO, text)]
    days = (due - today).days
    if days < 0:
        text = f"支委会任期已于 {due:%Y-%m-%d} 届满（逾期 {-days} 天），请及时换届选举"
        return [ReminderItem(ReminderKind.TERM, Level.ALARM, text, date=due)]
    if days <= window:
        text = f"支委会任期将于 {due:%Y-%m-%d} 届满（还有 {days} 天），请提前准备换届选举"
        return [ReminderItem(ReminderKind.TERM, Level.WARN, text, date=due)]
    return []


def _birthdays(people: list[_Person], today: dt.date) -> list[ReminderItem]:
    """政治生日 this month: the anniversary of joining, with the years."""
    items = []
    for p in sorted((p for p in people if p.joined_on), key=lambda p: (p.joined_on or today).day):
        joined = p.joined_on
        if joined is None or joined.month != today.month or joined.year >= today.year:
            continue
        years = today.year - joined.year
        day = "今天" if joined.day == today.day else f"{joined.month}月{joined.day}日"
        text = f"{p.name} {day}过政治生日（{joined:%Y-%m-%d}入党，{years} 周年）"
        items.append(ReminderItem(ReminderKind.POLITICAL_BIRTHDAY, Level.INFO, text, p.id, p.name, joined))
    return items


def _honours(people: list[_Person], today: dt.date, years: int) -> list[ReminderItem]:
    """党龄 counts from 转正; the medal is awarded each 七一 to those whose 党龄 reaches `years` that year."""
    items = []
    for p in people:
        full = p.full_member_on
        if full is None or full.year + years != today.year:
            continue
        text = (
            f"{p.name}今年党龄满 {years} 年（{full:%Y-%m-%d}转正），"
            f"可申报“光荣在党{years}年”纪念章（每年七一颁发）"
        )
        items.append(ReminderItem(ReminderKind.HONOUR, Level.INFO, text, p.id, p.name, full))
    return items


def overview(session: Session, branch_id: int, today: dt.date) -> Overview:
    """Everything the overview page shows for the branch on `today`, most urgent first."""
    timeline = rules.timeline(session)
    people = _on_roll(session, branch_id, today)
    warn = timeline.integer("inactive_warn_months", today)
    alarm = timeline.integer("inactive_alarm_months", today)
    items = [
        *_inactive(
            people,
            _last_attended(session, branch_id, today),
            _records_start(session, branch_id, today),
            today,
            warn,
            alarm,
        ),
        *_probation(people, today, timeline.integer("probation_due_days", today)),
        *_committee_shape(branches.get_profile(session, branch_id), people),
        *_term(session, branch_id, today, timeline.integer("term_due_warn_days", today)),
        *(
            ReminderItem(
                ReminderKind.MISSING,
                m.level,
                m.text,
                date=m.period.ends_on,
                meeting_type=m.type,
                group_id=m.group_id,
            )
            for m in missing_now(session, branch_id, today)
        ),
        *(
            ReminderItem(ReminderKind.POST, n.level, n.text, post_id=n.post_id)
            for n in post_notices(session, branch_id, today)
        ),
        *_birthdays(people, today),
        *_honours(people, today, timeline.integer("honour_party_years", today)),
    ]
    items.sort(key=lambda i: (_LEVEL_ORDER[i.level], _KIND_ORDER[i.kind]))
    return Overview(branch_id, today, tuple(items))
