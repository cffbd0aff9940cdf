"""Self-check of organisational life (三会一课 and the theme day) against the dated minimums in rules.

The committee's yearly completion table wants, per meeting type, the count in 1月..12月, the number
of periods held on time (按时开展月份数) and the completion rate; the secretary also needs to see what
is still missing in the current month, quarter or year before the period ends. Everything here is
computed from a handful of queries per branch and year, never one per month.

Counting rules: a meeting counts when it was held (not planned, not voided) on or before today.
A period (month, quarter or year, as the rule says) is due once it has begun; a current period not yet
met is OPEN (counted as due, not yet met), an ended one MISSED, a future one NOT_DUE.
Each period follows the rule in force at the end of its first month, so a change dated inside a
quarter takes effect when that quarter is over. Group meetings are checked per group, in the months
the group had members on the roll; committee meetings in the months the branch had a committee
(at least three members holding a post).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import ColumnElement, extract, func, select
from sqlalchemy.orm import Session

from branchdesk.models import (
    BranchCommitteePost,
    CommitteeRole,
    Meeting,
    MeetingType,
    Member,
    PartyGroup,
)
from branchdesk.services import rules
from branchdesk.services.labels import MEETING_TYPE_LABELS
from branchdesk.services.roll_history import RollHistory

COMMITTEE_MIN_POSTS = 3  # 支委会 of 3-5 members; below that the branch has only a secretary
QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
CHECKED_TYPES = (
    MeetingType.THEME_DAY,
    MeetingType.GENERAL_MEETING,
    MeetingType.COMMITTEE_MEETING,
    MeetingType.GROUP_MEETING,
    MeetingType.PARTY_LECTURE,
    MeetingType.LIFE_MEETING,
)
_ACTION = {  # what "holding" each type is called in a sentence: 本月尚未<action>
    MeetingType.THEME_DAY: "开展主题党日",
    MeetingType.GENERAL_MEETING: "召开支部党员大会",
    MeetingType.COMMITTEE_MEETING: "召开支部委员会会议",
    MeetingType.GROUP_MEETING: "召开党小组会",
    MeetingType.PARTY_LECTURE: "讲党课",
    MeetingType.LIFE_MEETING: "召开组织生活会",
}
_THIS_PERIOD = {"month": "本月", "quarter": "本季度", "year": "今年"}


class Level(enum.StrEnum):
    """How loudly the overview shows an item."""

    INFO = "info"
    WARN = "warn"
    ALARM = "alarm"


LEVEL_LABELS: dict[Level, str] = {Level.INFO: "提示", Level.WARN: "注意", Level.ALARM: "警告"}


class PeriodStatus(enum.StrEnum):
    MET = "met"  # held at least the minimum
    OPEN = "open"  # current period, not met yet
    MISSED = "missed"  # ended without the minimum
    NOT_DUE = "not_due"  # not begun yet
    NOT_REQUIRED = "not_required"  # minimum 0, or no group/committee that period


PERIOD_STATUS_LABELS: dict[PeriodStatus, str] = {
    PeriodStatus.MET: "已完成",
    PeriodStatus.OPEN: "进行中，尚未完成",
    PeriodStatus.MISSED: "未完成",
    PeriodStatus.NOT_DUE: "未到期",
    PeriodStatus.NOT_REQUIRED: "不作要求",
}
_DUE = (PeriodStatus.MET, PeriodStatus.OPEN, PeriodStatus.MISSED)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class PeriodCheck:
    """One month, quarter or year of one row: what the rule asked, what was held, the verdict."""

    per: str  # "month" / "quarter" / "year"
    first_month: int
    last_month: int
    label: str  # 3月, 第二季度, 第三季度（8—9月）, 全年
    required: int
    held: int
    status: PeriodStatus
    starts_on: dt.date
    ends_on: dt.date

    @property
    def due(self) -> bool:
        return self.status in _DUE

    @property
    def status_label(self) -> str:
        return PERIOD_STATUS_LABELS[self.status]


@dataclass(frozen=True)
class TypeYear:
    """One row of the yearly completion table: a meeting type (a group's meetings for one group)."""

    type: MeetingType
    type_label: str
    group_id: int | None
    group_name: str
    title: str  # 主题党日 / 党小组会（第一党小组）
    monthly: tuple[int, ...]  # held in 1月..12月
    periods: tuple[PeriodCheck, ...]
    month_status: tuple[PeriodStatus, ...]  # the status of the period each month belongs to
    rule_text: str  # 每月至少 1 次 (several joined by "；" when the rule changed in the year)
    note: str = ""  # why nothing is required, e.g. no committee

    @property
    def total(self) -> int:
        return sum(self.monthly)

    @property
    def periods_due(self) -> int:
        return sum(1 for p in self.periods if p.due)

    @property
    def periods_met(self) -> int:
        return sum(1 for p in self.periods if p.status is PeriodStatus.MET)

    @property
    def on_time_months(self) -> int:
        """按时开展月份数: periods held on time (months for a monthly rule, else quarters/years)."""
        return self.periods_met

    @property
    def completion_rate(self) -> float | None:
        """完成率 = periods met / periods due so far; None while nothing is due."""
        due = self.periods_due
        return self.periods_met / due if due else None

    @property
    def rate_text(self) -> str:
        rate = self.completion_rate
        return "—" if rate is None else f"{rate * 100:.1f}%".replace(".0%", "%")

    def current_period(self, month: int) -> PeriodCheck | None:
        return next((p for p in self.periods if p.first_month <= month <= p.last_month), None)


@dataclass(frozen=True)
class LectureRef:
    meeting_id: int
    held_on: dt.date
    theme: str
    speaker: str


@dataclass(frozen=True)
class SecretaryLecture:
    """Whether the secretary gave the yearly 党课 (speaker linked, or named as the secretary that day)."""

    lectures: tuple[LectureRef, ...]
    period: PeriodCheck  # the year: required, held (= lectures found), status
    text: str

    @property
    def found(self) -> bool:
        return bool(self.lectures)


@dataclass(frozen=True)
class YearCheck:
    branch_id: int
    year: int
    today: dt.date
    rows: tuple[TypeYear, ...]
    secretary_lecture: SecretaryLecture

    def row(self, meeting_type: MeetingType, group_id: int | None = None) -> TypeYear:
        return next(r for r in self.rows if r.type is meeting_type and r.group_id == group_id)


@dataclass(frozen=True)
class MissingItem:
    """Something the current period still lacks, in a sentence for the overview."""

    level: Level
    text: str  # 第一党小组本月尚未召开党小组会
    type: MeetingType
    group_id: int | None
    period: PeriodCheck  # label, ends_on, required, held
    about_secretary: bool = False


class _Post(NamedTuple):
    member_id: int
    name: str
    role: CommitteeRole
    started_on: dt.date | None
    ended_on: dt.date | None

    def covers(self, first: dt.date, last: dt.date) -> bool:
        """Whether the post was held at some time between first and last."""
        return (self.started_on is None or self.started_on <= last) and (
            self.ended_on is None or self.ended_on >= first
        )


def _period_label(per: str, first: int, last: int) -> str:
    if per == "month":
        return f"{first}月"
    if per == "quarter":
        name = QUARTER_NAMES[(first - 1) // 3]
        return name if last - first == 2 else f"{name}（{first}—{last}月）"
    return "全年" if first == 1 else f"{first}—12月"


def _status(required: int, held: int, starts: dt.date, ends: dt.date, today: dt.date) -> PeriodStatus:
    if required == 0:
        return PeriodStatus.NOT_REQUIRED
    if held >= required:
        return PeriodStatus.MET
    if starts > today:
        return PeriodStatus.NOT_DUE
    return PeriodStatus.MISSED if ends < today else PeriodStatus.OPEN


@dataclass(frozen=True)
class _Year:
    """What every row of one year view shares: the year, today, the rules and the month counts."""

    year: int
    today: dt.date
    timeline: rules.RuleTimeline
    counts: dict[tuple[MeetingType, int | None], list[int]]

    def rule_at(self, meeting_type: MeetingType, month: int) -> rules.Minimum:
        return self.timeline.minimum(meeting_type, month_end(self.year, month))

    def periods(
        self, meeting_type: MeetingType, counts: Sequence[int], applicable: Sequence[bool]
    ) -> list[PeriodCheck]:
        """Walk the year: each period takes the rule in force at the end of its first month."""
        periods = []
        month = 1
        while month <= 12:
            rule = self.rule_at(meeting_type, month)
            last = {"month": month, "quarter": (month - 1) // 3 * 3 + 3}.get(rule.per, 12)
            held = sum(counts[month - 1 : last])
            starts, ends = dt.date(self.year, month, 1), month_end(self.year, last)
            required = rule.count if any(applicable[month - 1 : last]) else 0
            status = _status(required, held, starts, ends, self.today)
            label = _period_label(rule.per, month, last)
            periods.append(PeriodCheck(rule.per, month, last, label, rule.count, held, status, starts, ends))
            month = last + 1
        return periods

    def row(
        self,
        meeting_type: MeetingType,
        applicable: Sequence[bool],
        *,
        group: tuple[int, str] | None = None,
        note: str = "",
    ) -> TypeYear:
        counts = self.counts[(meeting_type, group[0] if group else None)]
        periods = self.periods(meeting_type, counts, applicable)
        texts = dict.fromkeys(self.rule_at(meeting_type, p.first_month).text for p in periods)
        label = MEETING_TYPE_LABELS[meeting_type]
        return TypeYear(
            type=meeting_type,
            type_label=label,
            group_id=group[0] if group else None,
            group_name=group[1] if group else "",
            title=f"{label}（{group[1]}）" if group else label,
            monthly=tuple(counts),
            periods=tuple(periods),
            month_status=tuple(p.status for p in periods for _ in range(p.first_month, p.last_month + 1)),
            rule_text="；".join(texts),
            note="" if any(p.due for p in periods) else note,
        )


def _held_meetings(branch_id: int, year: int, today: dt.date) -> list[ColumnElement[bool]]:
    """Held (not planned, not voided) meetings of the branch in the year, up to today."""
    return [
        Meeting.branch_id == branch_id,
        Meeting.held_on >= dt.date(year, 1, 1),
        Meeting.held_on <= min(dt.date(year, 12, 31), today),
        Meeting.planned.is_(False),
        Meeting.voided_on.is_(None),
    ]


def _month_counts(
    session: Session, branch_id: int, year: int, today: dt.date
) -> dict[tuple[MeetingType, int | None], list[int]]:
    """One aggregate query: held meetings per type, group and month of the year."""
    month = extract("month", Meeting.held_on)
    stmt = (
        select(Meeting.type, Meeting.group_id, month, func.count(Meeting.id))
        .where(*_held_meetings(branch_id, year, today))
        .group_by(Meeting.type, Meeting.group_id, month)
    )
    counts: dict[tuple[MeetingType, int | None], list[int]] = defaultdict(lambda: [0] * 12)
    for meeting_type, group_id, m, n in session.execute(stmt):
        key = (meeting_type, group_id if meeting_type is MeetingType.GROUP_MEETING else None)
        counts[key][int(m) - 1] += n
    return counts


def _posts(session: Session, branch_id: int) -> list[_Post]:
    stmt = (
        select(
            BranchCommitteePost.member_id,
            Member.name,
            BranchCommitteePost.role,
            BranchCommitteePost.started_on,
            BranchCommitteePost.ended_on,
        )
        .join(Member, Member.id == BranchCommitteePost.member_id)
        .where(BranchCommitteePost.branch_id == branch_id)
    )
    return [_Post(*r) for r in session.execute(stmt)]


def _secretary_lecture(
    session: Session, branch_id: int, year: int, today: dt.date, posts: Sequence[_Post], required: int
) -> SecretaryLecture:
    secretaries = [p for p in posts if p.role is CommitteeRole.SECRETARY]
    stmt = (
        select(Meeting.id, Meeting.held_on, Meeting.theme, Meeting.speaker, Meeting.speaker_member_id)
        .where(Meeting.type == MeetingType.PARTY_LECTURE, *_held_meetings(branch_id, year, today))
        .order_by(Meeting.held_on, Meeting.id)
    )
    found = []
    for mid, held_on, theme, speaker, speaker_id in session.execute(stmt):
        on_duty = [s for s in secretaries if s.covers(held_on, held_on)]
        if any(s.member_id == speaker_id or (speaker.strip() and speaker.strip() == s.name) for s in on_duty):
            found.append(LectureRef(mid, held_on, theme, speaker))
    starts, ends = dt.date(year, 1, 1), dt.date(year, 12, 31)
    status = _status(required, len(found), starts, ends, today)
    period = PeriodCheck("year", 1, 12, "全年", required, len(found), status, starts, ends)
    if status is PeriodStatus.MET:
        dates = "、".join(f"{f.held_on.month}月{f.held_on.day}日" for f in found)
        text = f"书记已讲党课 {len(found)} 次（{dates}）"
    elif status in (PeriodStatus.OPEN, PeriodStatus.MISSED):
        when = "今年" if status is PeriodStatus.OPEN else "全年"
        short = "尚未讲党课" if not found else f"讲党课 {len(found)} 次，少于每年 {required} 次"
        text = f"书记{when}{short}" + ("" if secretaries else "（未登记支部书记）")
    else:
        text = period.status_label
    return SecretaryLecture(tuple(found), period, text)


def year_check(session: Session, branch_id: int, year: int, *, today: dt.date) -> YearCheck:
    """The year view: each meeting type against its minimum, groups separately, the secretary's lecture.

    A handful of queries whatever the number of meetings: rules, one aggregate of counts, the roll
    history, committee posts, the year's lectures, the groups.
    """
    timeline = rules.timeline(session)
    ctx = _Year(year, today, timeline, _month_counts(session, branch_id, year, today))
    posts = _posts(session, branch_id)
    # The day each month's standing is judged on: its last day, today for this month and later ones.
    judge = [min(month_end(year, m), today) if dt.date(year, m, 1) <= today else today for m in range(1, 13)]
    committee = [
        len({p.member_id for p in posts if p.covers(dt.date(year, m, 1), judge[m - 1])})
        >= COMMITTEE_MIN_POSTS
        for m in range(1, 13)
    ]
    rows: list[TypeYear] = []
    for meeting_type in CHECKED_TYPES:
        if meeting_type is MeetingType.GROUP_MEETING:
            rows.extend(_group_rows(session, branch_id, ctx, judge))
        elif meeting_type is MeetingType.COMMITTEE_MEETING:
            note = f"本支部未设支委会（支部委员不足 {COMMITTEE_MIN_POSTS} 人），不要求召开支委会"
            rows.append(ctx.row(meeting_type, committee, note=note))
        else:
            rows.append(ctx.row(meeting_type, [True] * 12))
    required = timeline.integer("secretary_lectures_per_year", dt.date(year, 12, 31))
    lecture = _secretary_lecture(session, branch_id, year, today, posts, required)
    return YearCheck(branch_id, year, today, tuple(rows), lecture)


def _group_rows(session: Session, branch_id: int, ctx: _Year, judge: Sequence[dt.date]) -> list[TypeYear]:
    """One row per group that is open or was used in the year, due in the months it had members."""
    history = RollHistory(session, branch_id)
    staffed = [history.groups_with_members(day) for day in judge]
    groups = session.execute(
        select(PartyGroup.id, PartyGroup.name, PartyGroup.archived)
        .where(PartyGroup.branch_id == branch_id)
        .order_by(PartyGroup.sort_order, PartyGroup.id)
    )
    rows = []
    note = "该党小组当年没有在册党员，不要求召开党小组会"
    for gid, name, archived in groups:
        applicable = [gid in s for s in staffed]
        if archived and not any(applicable) and not any(ctx.counts[(MeetingType.GROUP_MEETING, gid)]):
            continue
        rows.append(ctx.row(MeetingType.GROUP_MEETING, applicable, group=(gid, name), note=note))
    return rows


def _level(period: PeriodCheck, today: dt.date) -> Level:
    """注意 once less than a quarter of the period is left (the last week of a month, Q4 of a year)."""
    length = (period.ends_on - period.starts_on).days + 1
    left = (period.ends_on - today).days + 1
    return Level.WARN if left * 4 <= length else Level.INFO


def missing_now(session: Session, branch_id: int, today: dt.date) -> list[MissingItem]:
    """What the current month / quarter / year still lacks: soonest deadline first, then as the year view."""
    check = year_check(session, branch_id, today.year, today=today)
    items = []
    for row in check.rows:
        period = row.current_period(today.month)
        if period is None or period.status is not PeriodStatus.OPEN:
            continue
        when = f"{row.group_name}{_THIS_PERIOD[period.per]}"
        if period.held == 0:
            text = f"{when}尚未{_ACTION[row.type]}"
        else:
            short = period.required - period.held
            text = f"{when}{row.type_label}已有 {period.held} 次，还差 {short} 次（{row.rule_text}）"
        items.append(MissingItem(_level(period, today), text, row.type, row.group_id, period))
    lecture = check.secretary_lecture
    if lecture.period.status is PeriodStatus.OPEN:
        level = _level(lecture.period, today)
        items.append(MissingItem(level, lecture.text, MeetingType.PARTY_LECTURE, None, lecture.period, True))
    items.sort(key=lambda item: item.period.ends_on)  # stable: the year view's order within a deadline
    return items
