"""The roster (党员花名册) as report data: the same rows for the .xlsx export and any print.

Sensitive values are masked here unless the user asked for full values, so no writer can forget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from branchdesk.exports.tables import ReportColumn, TableReport
from branchdesk.services import branches, roster
from branchdesk.services.roster import MemberRow


def _date(day: dt.date | None) -> str:
    return day.strftime("%Y-%m-%d") if day else ""


def _roster_columns(full: bool) -> tuple[tuple[str, float, Callable[[MemberRow], str]], ...]:
    return (
        ("序号", 5, lambda m: str(m.roll_order)),
        ("姓名", 9, lambda m: m.name),
        ("性别", 5, lambda m: m.gender),
        ("民族", 6, lambda m: m.ethnicity),
        ("出生日期", 11, lambda m: _date(m.birth_date)),
        ("籍贯", 9, lambda m: m.native_place),
        ("学历", 9, lambda m: m.education),
        ("身份证号", 20, lambda m: m.id_number if full else m.id_masked),
        ("手机号", 13, lambda m: m.phone if full else m.phone_masked),
        ("党小组", 11, lambda m: m.group_name),
        ("科室", 10, lambda m: m.department),
        ("职务", 9, lambda m: m.position),
        ("职称", 10, lambda m: m.title),
        ("人员类别", 7, lambda m: m.staff_category),
        ("党员类别", 9, lambda m: m.category_label),
        ("入党时间", 11, lambda m: _date(m.joined_on)),
        ("转正时间", 11, lambda m: _date(m.full_member_on)),
        ("党龄", 5, lambda m: "" if m.party_age is None else str(m.party_age)),
        ("备注", 14, lambda m: m.notes),
    )


def roster_report(
    session: Session, branch_id: int, *, full: bool = False, today: dt.date | None = None
) -> TableReport:
    """Members on the roll, in roll order; ID numbers and phones masked unless `full`."""
    today = today or dt.date.today()
    profile = branches.get_profile(session, branch_id)
    members = roster.list_members(session, branch_id, today=today)
    spec = _roster_columns(full)
    return TableReport(
        title="党员花名册",
        branch_name=profile.name,
        committee_name=profile.committee_name,
        period=f"截至 {today.year}年{today.month}月{today.day}日",
        columns=tuple(ReportColumn(title, width) for title, width, _ in spec),
        rows=tuple(tuple(value(m) for _, _, value in spec) for m in members),
        masked=not full,
    )
