"""The import preview's two tables: the problems and warnings by Excel row, and the rows to import.

The problem table's first column is a check box, 排除此行: ticking it leaves that Excel row out of
the import (every issue of the row together), which is how a secretary says "not this one" on
purpose instead of the app quietly dropping bad rows. Models never query: the dialog runs the
preview and hands the lines over.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from branchdesk.services import idcard
from branchdesk.services.roster_import import Issue, PreviewRow, RosterPreview

from branchdesk.ui.tablemodels.base import CENTER, Column, RowTableModel, fmt_date

Index = QModelIndex | QPersistentModelIndex
ACTION_LABELS = {"add": "新增", "update": "更新", "skip": "跳过"}
PROBLEM_COLOUR = QColor("#b71c1c")
WARNING_COLOUR = QColor("#8a5300")
EXCLUDED_COLOUR = QColor("#757575")
EXCLUDE_COLUMN, KIND_COLUMN = 0, 3  # the kind alone is coloured: messages wrap


@dataclass(frozen=True)
class IssueLine:
    """One problem (blocks the import) or warning, and whether the user left its row out."""

    issue: Issue
    blocking: bool
    excluded: bool = False

    @property
    def row(self) -> int:
        return self.issue.row

    @property
    def kind_label(self) -> str:
        if self.excluded:
            return "已排除"
        return "问题" if self.blocking else "提示"


def issue_lines(preview: RosterPreview, excluded: Mapping[int, Sequence[IssueLine]]) -> list[IssueLine]:
    """The preview's problems and warnings, plus those of the rows left out (remembered from before
    they were left out, so the user can see and take them back), sorted by row, problems first."""
    lines = [IssueLine(issue, True) for issue in preview.problems]
    lines += [IssueLine(issue, False) for issue in preview.warnings]
    for row_lines in excluded.values():
        lines += [IssueLine(line.issue, line.blocking, excluded=True) for line in row_lines]
    return sorted(lines, key=lambda line: (line.row, not line.blocking))


ISSUE_COLUMNS: list[Column[IssueLine]] = [
    Column("排除此行", lambda line: "", lambda line: line.excluded, CENTER),
    Column("Excel 行号", lambda line: str(line.row), lambda line: line.row, CENTER),
    Column("姓名", lambda line: line.issue.name),  # who row N is, without opening Excel
    Column("类型", lambda line: line.kind_label, align=CENTER),
    Column("字段", lambda line: line.issue.field),
    Column("问题", lambda line: line.issue.message, tooltip=lambda line: line.issue.message),
]


class IssueTableModel(RowTableModel[IssueLine]):
    """Problems and warnings; ticking 排除此行 emits `exclusion_toggled(Excel row, excluded)`."""

    exclusion_toggled = Signal(int, bool)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(ISSUE_COLUMNS, parent)

    def lines_of_row(self, row_number: int) -> list[IssueLine]:
        return [line for line in self.rows() if line.row == row_number]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == EXCLUDE_COLUMN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        line = self.row_at(index.row())
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == EXCLUDE_COLUMN:
            return Qt.CheckState.Checked if line.excluded else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == KIND_COLUMN:
            if line.excluded:
                return QBrush(EXCLUDED_COLOUR)
            return QBrush(PROBLEM_COLOUR if line.blocking else WARNING_COLOUR)
        if (
            role == Qt.ItemDataRole.FontRole
            and index.column() == KIND_COLUMN
            and line.blocking
            and not line.excluded
        ):
            font = QFont()
            font.setBold(True)  # colour is never the only signal
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == EXCLUDE_COLUMN:
            return "已排除此行" if line.excluded else "排除此行"
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != EXCLUDE_COLUMN or not index.isValid():
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.exclusion_toggled.emit(self.row_at(index.row()).row, checked)
        return True


PREVIEW_COLUMNS: list[Column[PreviewRow]] = [
    Column("行号", lambda r: str(r.row), lambda r: r.row, CENTER),
    Column("姓名", lambda r: r.data.name),
    Column("性别", lambda r: r.data.gender, align=CENTER),
    Column("身份证号", lambda r: idcard.mask_id(r.data.id_number)),
    Column("党小组", lambda r: r.group_name),
    Column("科室", lambda r: r.data.department),
    Column("入党时间", lambda r: fmt_date(r.data.joined_on), lambda r: r.data.joined_on, CENTER),
    Column("操作", lambda r: ACTION_LABELS[r.action], align=CENTER),
]


class PreviewRowModel(RowTableModel[PreviewRow]):
    """The rows that would be imported, ID numbers masked; 更新 and 跳过 stand out from 新增."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(PREVIEW_COLUMNS, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() == len(PREVIEW_COLUMNS) - 1
            and 0 <= index.row() < self.rowCount()
            and self.row_at(index.row()).action == "skip"
        ):
            return QBrush(EXCLUDED_COLOUR)
        return super().data(index, role)
