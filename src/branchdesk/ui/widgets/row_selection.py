"""A list page's table (a QTableView over a RowFilterProxy of frozen rows with an `id`) and its selection.

The meetings, volunteer events, posts and roster pages build their list alike, keep one row selected and
find it again by id after a refresh; these are the lines they share.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QStyledItemDelegate, QTableView, QWidget

from branchdesk.ui.tablemodels.base import ROW_ROLE, RowFilterProxy, RowTableModel

T = TypeVar("T")


def list_table(
    page: QWidget,
    model: RowTableModel[Any],
    name: str,
    delegate: type[QStyledItemDelegate],
    order: Qt.SortOrder,
) -> tuple[QTableView, RowFilterProxy]:
    """A read-only table over `model` through a filter proxy: one whole row selected at a time, sorted by
    the first column in `order`, rows one line high; `delegate` draws the model's coloured cells."""
    proxy = RowFilterProxy(page)
    proxy.setSourceModel(model)
    table = QTableView()
    table.setObjectName(name)
    table.setModel(proxy)
    table.setItemDelegate(delegate(table))
    table.setSortingEnabled(True)
    table.sortByColumn(0, order)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(page.fontMetrics().height() + 10)
    return table, proxy


@overload
def selected_row(view: QTableView) -> Any: ...
@overload
def selected_row(view: QTableView, row_type: type[T]) -> T | None: ...
def selected_row(view: QTableView, row_type: type[Any] | None = None) -> Any:
    """The row object of the current row if that row is selected (else None); of `row_type` if given."""
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isRowSelected(index.row(), QModelIndex()):
        return None
    row = index.siblingAtColumn(0).data(ROW_ROLE)
    if row_type is not None and not isinstance(row, row_type):
        return None
    return row


def select_row_by_id(view: QTableView, row_id: int, column: int = 0) -> bool:
    """Select and show the row whose object has `id == row_id`, current at `column`; False if not shown."""
    model = view.model()
    for proxy_row in range(model.rowCount()):
        index = model.index(proxy_row, 0)
        row = index.data(ROW_ROLE)
        if row is not None and row.id == row_id:
            view.selectRow(proxy_row)
            view.setCurrentIndex(index.siblingAtColumn(column))
            view.scrollTo(index)
            return True
    return False


def select_first(view: QTableView, column: int = 0) -> None:
    """Select the top row, current at `column` (so Enter opens it); nothing when the list is empty."""
    if view.model().rowCount():
        view.selectRow(0)
        view.setCurrentIndex(view.model().index(0, column))


def focus_search(edit: QLineEdit) -> None:
    """Ctrl+F: into the search box with its text selected, so typing replaces it."""
    edit.setFocus()
    edit.selectAll()
