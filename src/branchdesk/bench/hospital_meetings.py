"""Five years of 三会一课 and monthly theme days for every branch and group of the benchmark hospital.

Every meeting goes through `meetings.create_meeting`, so each is validated and its roll is the
branch's (or group's, or committee's) roll of that day, as for a user. The exceptions to 出席 are
written per branch in one executemany instead of one `meetings.mark` each: `mark` recounts the
meeting's figures after every call, which for ~40,000 marks would cost minutes. The rules `mark`
applies hold here too: only members on that meeting's own roll, 请假 always with a reason, 出席 never
with one, no meeting voided.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from branchdesk.models import AttendanceStatus, CommitteeRole, MeetingAttendance, MeetingType
from branchdesk.services import branches, groups, meetings

_T = dt.time
LEAVE_REASONS = ("值班", "手术", "出差", "外出进修", "病假", "产假", "夜班后休息", "参加院内会诊")
ABSENT_REASONS = ("", "", "未说明原因")
STUDY = ("党的二十届三中全会精神", "习近平总书记关于健康中国建设的重要论述", "《中国共产党纪律处分条例》",
         "中央八项规定及其实施细则精神", "《医疗机构工作人员廉洁从业九项准则》",
         "全国卫生健康工作会议精神")  # fmt: skip


@dataclass(frozen=True)
class MeetingCounts:
    meetings: int
    attendance: int
    marks: int  # exceptions to 出席


def months_back(today: dt.date, months: int) -> list[tuple[int, int]]:
    """(year, month) for the `months` months up to and including today's, oldest first."""
    out = []
    for back in reversed(range(months)):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        out.append((year, month + 1))
    return out


def _weekday(year: int, month: int, day: int) -> dt.date:
    """`day` of the month, moved forward off a weekend (meetings are held on working days)."""
    date = dt.date(year, month, day)
    while date.weekday() >= 5:
        date += dt.timedelta(days=1)
    return date


def _inputs(
    year: int,
    month: int,
    secretary: tuple[str, int | None],
    organiser: str,
    group_rows: list[groups.GroupRow],
) -> list[meetings.MeetingInput]:
    """The month's meetings of one branch: theme day, 支委会, each 党小组会, and in the quarter's last
    month the 党员大会 and the 党课 (given by the secretary)."""
    study = STUDY[(year * 12 + month) % len(STUDY)]
    host, speaker_id = secretary
    day = meetings.MeetingInput(
        type=MeetingType.THEME_DAY, held_on=_weekday(year, month, 10), starts_at=_T(14, 30),
        ends_at=_T(16, 30), theme=f"{month}月主题党日：学习{study}", parts=("study", "dues"),
        content=f"集中学习{study}，交纳党费。", host=host, recorder=organiser, place="科室示教室",
    )  # fmt: skip
    out = [
        day,
        replace(
            day, type=MeetingType.COMMITTEE_MEETING, held_on=_weekday(year, month, 3), starts_at=_T(12, 10),
            ends_at=_T(13, 0), theme=f"{month}月支委会：研究本月主题党日活动方案", parts=(), content="",
        ),
    ]  # fmt: skip
    for g in group_rows:
        out.append(
            replace(
                day, type=MeetingType.GROUP_MEETING, held_on=_weekday(year, month, 17), starts_at=_T(17, 30),
                ends_at=_T(18, 20), theme=f"{month}月党小组学习：{study}", group_id=g.id, parts=(),
                content="", host=g.leader_name or host, place="护士站",
            )
        )  # fmt: skip
    if month % 3 == 0:
        out.append(
            replace(
                day, type=MeetingType.GENERAL_MEETING, held_on=_weekday(year, month, 20), parts=(),
                content="", theme="传达院党委工作会议精神，部署支部工作", ends_at=_T(16, 0),
            )
        )  # fmt: skip
        out.append(
            replace(
                day, type=MeetingType.PARTY_LECTURE, held_on=_weekday(year, month, 24), starts_at=_T(15, 0),
                parts=(), content="", theme="书记讲党课：坚守初心使命，做人民健康的守护人", speaker=host,
                speaker_member_id=speaker_id,
            )
        )  # fmt: skip
    return out


def _mark(rng: random.Random) -> tuple[AttendanceStatus, str] | None:
    """About one member in twelve has an exception: 请假 (with a reason), 缺席 or 迟到."""
    draw = rng.random()
    if draw < 0.05:
        return AttendanceStatus.LEAVE, rng.choice(LEAVE_REASONS)
    if draw < 0.065:
        return AttendanceStatus.ABSENT, rng.choice(ABSENT_REASONS)
    if draw < 0.085:
        return AttendanceStatus.LATE, ""
    return None


def add_branch_meetings(
    session: Session, branch_id: int, *, rng: random.Random, months: list[tuple[int, int]], today: dt.date
) -> MeetingCounts:
    """All meetings of one branch over `months`, with their exceptions to 出席."""
    profile = branches.get_profile(session, branch_id)
    posts = {p.role: p for p in profile.committee}
    secretary = posts.get(CommitteeRole.SECRETARY)
    organiser = posts.get(CommitteeRole.ORGANISATION)
    who = (secretary.member_name, secretary.member_id) if secretary else ("书记", None)
    group_rows = groups.list_groups(session, branch_id)
    created = attendance = 0
    updates: list[dict[str, object]] = []
    for year, month in months:
        for data in _inputs(year, month, who, organiser.member_name if organiser else "", group_rows):
            if data.held_on > today:
                continue
            row = meetings.create_meeting(session, branch_id, data, today=today)
            created += 1
            attendance += row.figures.due
            roll = session.scalars(
                select(MeetingAttendance.member_id)
                .where(MeetingAttendance.meeting_id == row.id)
                .order_by(MeetingAttendance.position)
            ).all()
            for member_id in roll:
                mark = _mark(rng)
                if mark is not None:
                    updates.append({"m": row.id, "p": member_id, "s": mark[0], "r": mark[1]})
    if updates:
        table = cast(Table, MeetingAttendance.__table__)
        session.execute(
            update(table)
            .where(table.c.meeting_id == bindparam("m"), table.c.member_id == bindparam("p"))
            .values(status=bindparam("s"), reason=bindparam("r")),
            updates,
        )
    return MeetingCounts(created, attendance, len(updates))
