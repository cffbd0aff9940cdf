"""The read-only tables of the posts page and its tabs, built alike: rows selected whole, sorted by the
model, coloured cells kept under the theme."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from branchdesk.ui.tablemodels.base import ForegroundDelegate, RowFilterProxy, RowTableModel


def table(model: RowTableModel[Any], name: str, parent: QWidget) -> QTableView:
    """A read-only, row-selecting table over `model` (through a proxy), sized for the details pane."""
    proxy = RowFilterProxy(parent)
    proxy.setSourceModel(model)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setItemDelegate(ForegroundDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view
