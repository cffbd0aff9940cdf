"""A read-only table over frozen rows: whole rows, one at a time, through a RowFilterProxy.

The branch page's committee and party groups and the backup lists (data page, restore dialog) all
show rows this way; each gives its columns and, where Stretch does not suit, its column sizes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from branchdesk.ui.tablemodels.base import Column, RowFilterProxy, RowTableModel


class RowsTable(QTableView):
    """Rows of one kind in `columns`; `selected()` is the row object, not an index."""

    def __init__(self, columns: Sequence[Column[Any]], name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.rows_model: RowTableModel[Any] = RowTableModel(columns, self)
        self._proxy = RowFilterProxy(self)
        self._proxy.setSourceModel(self.rows_model)
        self.setModel(self._proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def selected(self) -> Any | None:
        """The selected row object, or None."""
        selection = self.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.rows_model.row_at(self._proxy.mapToSource(rows[0]).row()) if rows else None

    def select_row(self, row: int) -> None:
        """Select and make current the row shown at position `row`."""
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().setCurrentIndex(self._proxy.index(row, 0), flags)

    def select_where(self, predicate: Callable[[Any], bool]) -> None:
        """Select the first shown row for which predicate(row) is true (none: selection unchanged)."""
        for row in range(self._proxy.rowCount()):
            index = self._proxy.mapToSource(self._proxy.index(row, 0))
            if predicate(self.rows_model.row_at(index.row())):
                self.select_row(row)
                return
