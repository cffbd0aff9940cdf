"""The 年度自查 table: a row per meeting type (党小组会 per group, the secretary's own lecture), the
count held in 1月..12月 with the verdict of the period each month belongs to, then the upstream
figures 按时开展月份数 and 完成率, all as services.org_life_check computed them.

A coloured cell always carries a mark (✓ 已完成, ✗ 未完成, … 进行中, — 未到期), because a
colour-blind secretary or a washed-out ward screen must read the same; a period's mark sits in one
month (where it was met, else its last month or this month), the other months show their count.
Qt falls back to a symbol font (Segoe UI Symbol, DejaVu Sans) for ✓ and ✗.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from branchdesk.models import MeetingType
from branchdesk.services.org_life_check import (
    PeriodCheck,
    PeriodStatus,
    SecretaryLecture,
    TypeYear,
    YearCheck,
)
from branchdesk.services.rules import Minimum

from branchdesk.ui.tablemodels.base import CENTER, LEFT, Column, ForegroundDelegate, RowTableModel

MONTHS = tuple(range(1, 13))
FIRST_MONTH_COLUMN = 2  # 会议类型, 要求, then 1月..12月
ON_TIME_COLUMN = FIRST_MONTH_COLUMN + 12
RATE_COLUMN = ON_TIME_COLUMN + 1


@dataclass(frozen=True)
class StatusLook:
    mark: str
    label: str
    foreground: str
    background: str | None


STATUS_LOOK: dict[PeriodStatus, StatusLook] = {
    PeriodStatus.MET: StatusLook("✓", "已完成", "#1b5e20", "#dcefdc"),
    PeriodStatus.MISSED: StatusLook("✗", "未完成", "#b71c1c", "#fadcdc"),
    PeriodStatus.OPEN: StatusLook("…", "进行中", "#8a4b00", "#ffefc7"),
    PeriodStatus.NOT_DUE: StatusLook("—", "未到期", "#8a8a8a", "#f1f1f1"),
    PeriodStatus.NOT_REQUIRED: StatusLook("", "不作要求", "#9e9e9e", None),
}
LEGEND_ORDER = (PeriodStatus.MET, PeriodStatus.MISSED, PeriodStatus.OPEN, PeriodStatus.NOT_DUE)


@dataclass(frozen=True)
class SelfCheckLine:
    """One row of the table: a service row, how far the year has got, and what its title's tooltip
    adds (why nothing is required, the secretary's lectures)."""

    row: TypeYear
    upto: int  # the last month that has begun: 12 for a past year, 0 for a future one
    remark: str = ""
    secretary: bool = False

    @property
    def required_anywhere(self) -> bool:
        return any(p.status is not PeriodStatus.NOT_REQUIRED for p in self.row.periods)


def secretary_line(lecture: SecretaryLecture, upto: int) -> SelfCheckLine:
    """The secretary's yearly lecture as a row of its own, shaped like the service's other rows so
    按时开展 and 完成率 come from the same TypeYear properties."""
    monthly = [0] * 12
    for ref in lecture.lectures:
        monthly[ref.held_on.month - 1] += 1
    period = lecture.period
    row = TypeYear(
        type=MeetingType.PARTY_LECTURE,
        type_label="党课",
        group_id=None,
        group_name="",
        title="书记讲党课",
        monthly=tuple(monthly),
        periods=(period,),
        month_status=(period.status,) * 12,
        rule_text=Minimum("year", period.required).text,
    )
    return SelfCheckLine(row, upto, lecture.text, secretary=True)


def lines_of(check: YearCheck) -> list[SelfCheckLine]:
    """The service's rows in its order, the secretary's lecture straight after 党课."""
    today = check.today
    upto = 12 if check.year < today.year else today.month if check.year == today.year else 0
    lines = [SelfCheckLine(r, upto, r.note) for r in check.rows]
    lecture = next(
        (i + 1 for i, line in enumerate(lines) if line.row.type is MeetingType.PARTY_LECTURE), len(lines)
    )
    lines.insert(lecture, secretary_line(check.secretary_lecture, upto))
    return lines


def verdict_month(line: SelfCheckLine, period: PeriodCheck) -> int | None:
    """Where a period's mark goes: the month it was met, else its last month (this month while it
    runs); None before it begins. One mark per period, beside the meeting that met it: a quarter met
    in February reads "0 | 1 ✓ | 0", not three ticks over zeros."""
    if period.first_month > line.upto:
        return None
    if period.status is PeriodStatus.MET:
        held = 0
        for month in range(period.first_month, period.last_month + 1):
            held += line.row.monthly[month - 1]
            if held >= period.required:
                return month
    return min(period.last_month, line.upto)


def cell_status(line: SelfCheckLine, month: int) -> PeriodStatus | None:
    """The verdict a month's cell shows (coloured, with its mark), or None for a plain count."""
    if month > line.upto:
        return PeriodStatus.NOT_DUE
    period = line.row.current_period(month)
    if period is None or period.status is PeriodStatus.NOT_REQUIRED or verdict_month(line, period) != month:
        return None
    return period.status


def cell_text(line: SelfCheckLine, month: int) -> str:
    """The count held that month, with the period's mark where it is decided: "1 ✓", "0 ✗", "—"."""
    status = cell_status(line, month)
    count = line.row.monthly[month - 1]
    if status is PeriodStatus.NOT_DUE:
        return STATUS_LOOK[status].mark
    if status is None:
        required = line.row.month_status[month - 1] is not PeriodStatus.NOT_REQUIRED
        return str(count) if count or required else ""
    return f"{count} {STATUS_LOOK[status].mark}"


def cell_tooltip(line: SelfCheckLine, month: int) -> str:
    row = line.row
    period = row.current_period(month)
    held = f"{month}月开展 {row.monthly[month - 1]} 次"
    if period is None:
        return held
    look = STATUS_LOOK[period.status]
    if period.status is PeriodStatus.NOT_REQUIRED:
        return f"{held}；{period.label}不作要求" + (f"（{line.remark}）" if line.remark else "")
    need = f"{period.label}要求至少 {period.required} 次，已开展 {period.held} 次"
    return f"{row.title}\n{held}\n{need}：{look.label}"


def on_time_text(line: SelfCheckLine) -> str:
    return str(line.row.on_time_months) if line.row.periods_due else "—"


def on_time_tooltip(line: SelfCheckLine) -> str:
    row = line.row
    if not row.periods_due:
        return "还没有到期的月份（或季度、年度）"
    return f"已到期 {row.periods_due} 期（按{row.rule_text}计），按时开展 {row.periods_met} 期"


def title_tooltip(line: SelfCheckLine) -> str:
    parts = [line.row.title, f"要求：{line.row.rule_text}"]
    if line.remark:
        parts.append(line.remark)
    return "\n".join(parts)


def rate_status(row: TypeYear) -> PeriodStatus:
    """The colour of a rate: red once a period was missed, green when all due are met, else amber."""
    if any(p.status is PeriodStatus.MISSED for p in row.periods):
        return PeriodStatus.MISSED
    return PeriodStatus.MET if row.periods_met == row.periods_due else PeriodStatus.OPEN


def rule_text(line: SelfCheckLine) -> str:
    return line.row.rule_text if line.required_anywhere else "不作要求"


def _month_column(month: int) -> Column[SelfCheckLine]:
    return Column[SelfCheckLine](
        f"{month}月",
        lambda line: cell_text(line, month),
        align=CENTER,
        tooltip=lambda line: cell_tooltip(line, month),
    )


COLUMNS: list[Column[SelfCheckLine]] = [
    Column[SelfCheckLine]("会议类型", lambda line: line.row.title, align=LEFT, tooltip=title_tooltip),
    Column[SelfCheckLine]("要求", rule_text, align=LEFT, tooltip=title_tooltip),
    *(_month_column(m) for m in MONTHS),
    Column[SelfCheckLine]("按时开展\n月份数", on_time_text, align=CENTER, tooltip=on_time_tooltip),
    Column[SelfCheckLine]("完成率", lambda line: line.row.rate_text, align=CENTER, tooltip=on_time_tooltip),
]


class SelfCheckTableModel(RowTableModel[SelfCheckLine]):
    """The year table; colours and bold on top of the base model's text, tooltips and alignment."""

    ROLES = RowTableModel.ROLES | frozenset(
        int(r)
        for r in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole)
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def value(self, row: SelfCheckLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            status = self._status(row, column)
            colour = STATUS_LOOK[status].background if status else None
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            status = self._status(row, column)
            if status is not None:
                return QBrush(QColor(STATUS_LOOK[status].foreground))
            if column == RATE_COLUMN and row.row.periods_due:
                return QBrush(QColor(STATUS_LOOK[rate_status(row.row)].foreground))
            if column == 1 and not row.required_anywhere:
                return QBrush(QColor(STATUS_LOOK[PeriodStatus.NOT_REQUIRED].foreground))
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column in (0, RATE_COLUMN) else None
        return super().value(row, column, role)

    @staticmethod
    def _status(row: SelfCheckLine, column: int) -> PeriodStatus | None:
        if FIRST_MONTH_COLUMN <= column < ON_TIME_COLUMN:
            return cell_status(row, column - FIRST_MONTH_COLUMN + 1)
        return None

    def line_at(self, index: QModelIndex) -> SelfCheckLine:
        return self.row_at(index.row())


class StatusDelegate(ForegroundDelegate):
    """Fills a cell's BackgroundRole colour first: qt-material's item style would not draw it."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(brush, QBrush) and not option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, brush)
        super().paint(painter, option, index)
