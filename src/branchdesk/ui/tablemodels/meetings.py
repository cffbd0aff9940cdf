"""The meetings list's columns, declared once: date, type, group, theme, place, host and the figures.

Figures come from the service (MeetingRow.figures); a planned meeting shows only its 应到, since
nobody has attended yet, and a voided one is greyed and says so in its 类型 column (never colour
alone).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from branchdesk.services.meetings import MeetingRow

from branchdesk.ui.tablemodels.base import CENTER, RIGHT, Column, RowTableModel, fmt_date

VOIDED_COLOUR = QColor("#9e9e9e")
PLANNED_COLOUR = QColor("#1565c0")


def type_text(row: MeetingRow) -> str:
    if row.voided:
        return f"{row.type_label}（已作废）"
    if row.planned:
        return f"{row.type_label}（计划）"
    return row.type_label


def time_tooltip(row: MeetingRow) -> str:
    """The time when known (the column shows the date only, to stay narrow)."""
    if row.starts_at is None:
        return ""
    ends = f"—{row.ends_at:%H:%M}" if row.ends_at else ""
    return f"{fmt_date(row.held_on)} {row.starts_at:%H:%M}{ends}"


def _count(value: int, row: MeetingRow) -> str:
    """实到/请假/缺席 exist only once the meeting has been held."""
    return "" if row.planned else str(value)


def rate_text(row: MeetingRow) -> str:
    return "" if row.planned or not row.figures.due else row.figures.rate_text


def row_tooltip(row: MeetingRow) -> str:
    if row.voided:
        reason = f"：{row.void_reason}" if row.void_reason else ""
        return f"已于{fmt_date(row.voided_on)}作废{reason}"
    if row.planned:
        return "计划中的会议，尚未召开（可打印空白签到表）"
    return row.theme


def _when(row: MeetingRow) -> tuple[dt.date, dt.time, int]:
    return (row.held_on, row.starts_at or dt.time.min, row.id)


COLUMNS: list[Column[MeetingRow]] = [
    Column[MeetingRow]("日期", lambda r: fmt_date(r.held_on), _when, CENTER, tooltip=time_tooltip),
    Column[MeetingRow]("类型", type_text, tooltip=row_tooltip),
    Column[MeetingRow]("党小组", lambda r: r.group_name),
    Column[MeetingRow]("主题", lambda r: r.theme, tooltip=row_tooltip),
    Column[MeetingRow]("地点", lambda r: r.place),
    Column[MeetingRow]("主持人", lambda r: r.host),
    Column[MeetingRow]("应到", lambda r: str(r.figures.due), lambda r: r.figures.due, RIGHT),
    Column[MeetingRow]("实到", lambda r: _count(r.figures.present, r), lambda r: r.figures.present, RIGHT),
    Column[MeetingRow]("请假", lambda r: _count(r.figures.leave, r), lambda r: r.figures.leave, RIGHT),
    Column[MeetingRow]("缺席", lambda r: _count(r.figures.absent, r), lambda r: r.figures.absent, RIGHT),
    Column[MeetingRow]("出席率", rate_text, lambda r: r.figures.rate, RIGHT),
]
THEME_COLUMN = 3


class MeetingTableModel(RowTableModel[MeetingRow]):
    """A branch's meetings; voided ones grey, planned ones blue (with words saying so)."""

    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)

    def value(self, row: MeetingRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.voided:
                return QBrush(VOIDED_COLOUR)
            if row.planned:
                return QBrush(PLANNED_COLOUR)
            return None
        return super().value(row, column, role)
