"""A meeting's roll as the attendance editor shows it: 序号, 姓名, 党小组, 状态, 原因, in roll order.

Everyone starts 出席, so the exceptions must stand out at a glance: 请假, 缺席 and 迟到 are bold and
coloured (the word itself says which, colour is only a help). After a mark the editor replaces the
one row it changed instead of reloading the roll, so the cursor and scroll position never jump.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from branchdesk.models import AttendanceStatus
from branchdesk.services.meetings import AttendanceEntry

from branchdesk.ui.tablemodels.base import CENTER, Column, RowTableModel

STATUS_COLOURS: dict[AttendanceStatus, QColor] = {
    AttendanceStatus.LEAVE: QColor("#b45309"),  # amber
    AttendanceStatus.ABSENT: QColor("#c62828"),  # red
    AttendanceStatus.LATE: QColor("#1565c0"),  # blue
}
STATUS_COLUMN = 3
COLOURED_COLUMNS = frozenset({1, STATUS_COLUMN, 4})  # 姓名, 状态, 原因

COLUMNS: list[Column[AttendanceEntry]] = [
    Column[AttendanceEntry]("序号", lambda e: str(e.position_in_roll), lambda e: e.position_in_roll, CENTER),
    Column[AttendanceEntry]("姓名", lambda e: e.name),
    Column[AttendanceEntry]("党小组", lambda e: e.group_name),
    Column[AttendanceEntry]("状态", lambda e: e.status_label, align=CENTER),
    Column[AttendanceEntry]("原因", lambda e: e.reason, tooltip=lambda e: e.reason),
]


class AttendanceTableModel(RowTableModel[AttendanceEntry]):
    """The roll of one meeting with each member's mark; exceptions bold and coloured."""

    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole), int(Qt.ItemDataRole.FontRole)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def row_of(self, member_id: int) -> int:
        """The row showing `member_id`, or -1."""
        for number, entry in enumerate(self.rows()):
            if entry.member_id == member_id:
                return number
        return -1

    def set_mark(self, row: int, status: AttendanceStatus, reason: str) -> AttendanceEntry:
        """Show a mark the service has stored, as the service stores it (出席 keeps no reason)."""
        entry = self.row_at(row)
        stored_reason = "" if status is AttendanceStatus.PRESENT else reason.strip()
        changed = replace(entry, status=status, reason=stored_reason)
        self._rows[row] = changed
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return changed

    def value(self, row: AttendanceEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = STATUS_COLOURS.get(row.status)
            return QBrush(colour) if colour is not None and column in COLOURED_COLUMNS else None
        if role == Qt.ItemDataRole.FontRole:
            return (
                self._bold if row.status is not AttendanceStatus.PRESENT and column == STATUS_COLUMN else None
            )
        return super().value(row, column, role)
