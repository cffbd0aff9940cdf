"""The columns of the on-duty log (a post's turns) and of a generated rota before it is saved.

Unconfirmed turns whose day has passed are amber and say 待确认; missed ones red and say 缺岗; a gap
in a generated rota says 无人可排 in red (never colour alone).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from branchdesk.models import DutyOutcome
from branchdesk.services.duty_pattern import PlannedTurn
from branchdesk.services.duty_rota import TurnRow
from branchdesk.services.post_labels import weekday_text

from branchdesk.ui.tablemodels.base import CENTER, RIGHT, Column, RowTableModel, fmt_date

AMBER = QColor("#b45309")
RED = QColor("#c62828")
GREEN = QColor("#1b5e20")
GREY = QColor("#9e9e9e")


def _when(row: TurnRow | PlannedTurn) -> tuple[dt.date, dt.time]:
    return (row.on_date, row.starts_at)


TURN_COLUMNS: list[Column[TurnRow]] = [
    Column[TurnRow]("日期", lambda r: fmt_date(r.on_date), lambda r: (*_when(r), r.id), CENTER),
    Column[TurnRow](
        "星期",
        lambda r: weekday_text(r.on_date.weekday()),
        lambda r: (r.on_date.weekday(), *_when(r)),
        CENTER,
    ),
    Column[TurnRow]("时段", lambda r: r.slot, lambda r: (r.starts_at, r.on_date), CENTER),
    Column[TurnRow]("值班党员", lambda r: r.member_name),
    Column[TurnRow]("值班结果", lambda r: r.outcome_label, tooltip=lambda r: r.void_reason or r.note),
    Column[TurnRow](
        "服务人次",
        lambda r: "" if r.people_helped is None else str(r.people_helped),
        lambda r: r.people_helped or 0,
        RIGHT,
    ),
    Column[TurnRow]("备注", lambda r: r.note, tooltip=lambda r: r.note),
]
OUTCOME_COLUMN = 4


class TurnTableModel(RowTableModel[TurnRow]):
    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(TURN_COLUMNS, parent)
        self.today = dt.date.today()

    def value(self, row: TurnRow, column: int, role: int) -> Any:
        planned = row.outcome is DutyOutcome.PLANNED and not row.voided and row.on_date > self.today
        if role == Qt.ItemDataRole.DisplayRole and column == OUTCOME_COLUMN and planned:
            return "已排班"  # nothing to confirm before the day
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.voided:
                return QBrush(GREY)
            if row.outcome is DutyOutcome.MISSED:
                return QBrush(RED)
            if row.outcome is DutyOutcome.PLANNED and row.on_date <= self.today and column == OUTCOME_COLUMN:
                return QBrush(AMBER)
            if row.outcome in (DutyOutcome.SERVED, DutyOutcome.SWAPPED) and column == OUTCOME_COLUMN:
                return QBrush(GREEN)
            return None
        return super().value(row, column, role)


PLAN_COLUMNS: list[Column[PlannedTurn]] = [
    Column[PlannedTurn]("日期", lambda r: fmt_date(r.on_date), _when, CENTER),
    Column[PlannedTurn]("星期", lambda r: weekday_text(r.on_date.weekday()), align=CENTER),
    Column[PlannedTurn]("时段", lambda r: r.slot, align=CENTER),
    Column[PlannedTurn]("值班党员", lambda r: r.member_name or "无人可排"),
]


class PlanTableModel(RowTableModel[PlannedTurn]):
    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(PLAN_COLUMNS, parent)

    def value(self, row: PlannedTurn, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(RED) if row.member_id is None else None
        return super().value(row, column, role)
