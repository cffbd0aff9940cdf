"""党员时长: every member's volunteer hours of the year (events and served duty turns), and the selected
member's history, so a secretary answers "how many hours has 张三 served?" in one look.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from branchdesk.services import pinyin_search
from branchdesk.services.volunteer_figures import MemberFigure, member_history, member_hours
from branchdesk.services.volunteer_rules import hours_text

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.tablemodels.volunteer import HISTORY_COLUMNS, MEMBER_COLUMNS
from branchdesk.ui.widgets.form_fields import named
from branchdesk.ui.widgets.rows_table import RowsTable

SUMMARY_STYLE = "font-weight: bold; color: #212121;"
TOTAL_COLUMN = 3


class MembersTab(QWidget):
    """Members by hours (most first) on the left, the selected member's services on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.year = dt.date.today().year
        self.search_edit = named(QLineEdit(), "volunteerMemberSearch", "姓名或拼音首字母，如 zs")
        self.search_edit.setPlaceholderText("查找党员：姓名或拼音首字母")
        self.search_edit.setClearButtonEnabled(True)
        self.members = RowsTable(MEMBER_COLUMNS, "volunteerMembers")
        self.members.setSortingEnabled(True)
        self.members.sortByColumn(TOTAL_COLUMN, Qt.SortOrder.DescendingOrder)
        self.history = RowsTable(HISTORY_COLUMNS, "volunteerHistory")
        self.history.setSortingEnabled(True)
        self.history.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for table in (self.members, self.history):
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # 活动/岗位
        self.summary = named(QLabel(), "volunteerMemberSummary")
        self.summary.setStyleSheet(SUMMARY_STYLE)
        self.summary.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.members, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([420, 760])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._keys: dict[int, str] = {}
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.members.selectionModel().selectionChanged.connect(self._on_members_selection_changed)

    def refresh(self) -> None:
        selected = self.members.selected()
        branch_id, year = self._ctx.branch_id, self.year
        rows: list[MemberFigure] = operations.read(self._ctx, lambda s: member_hours(s, branch_id, year=year))
        self._keys = {r.member_id: pinyin_search.search_key(r.name) for r in rows}
        self.members.rows_model.set_rows(rows)
        if selected is not None:
            self.select_member(selected.member_id)
        if self.members.selected() is None and self.members.model().rowCount():
            self.members.select_row(0)
        self._show_history()

    def select_member(self, member_id: int) -> None:
        self.members.select_where(lambda r: r.member_id == member_id)

    def _on_search_edit_text_changed(self, text: str) -> None:
        proxy: Any = self.members.model()
        proxy.set_predicate(
            lambda r: pinyin_search.matches(self._keys.get(r.member_id, ""), text) if text else True
        )
        if proxy.rowCount():
            self.members.select_row(0)
        self._show_history()

    def _on_members_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_history()

    def _show_history(self) -> None:
        member = self.members.selected()
        if member is None:
            self.summary.setText("选择左侧的党员，查看其志愿服务记录")
            self.history.rows_model.set_rows([])
            return
        member_id, year = member.member_id, self.year
        rows = operations.read(self._ctx, lambda s: member_history(s, member_id, year=year))
        self.history.rows_model.set_rows(rows)
        duty = (
            f"，岗位值班 {member.duty_turns} 班次（{hours_text(member.duty_minutes)}）"
            if member.duty_turns
            else ""
        )
        self.summary.setText(
            f"{member.name}　{year}年：参加志愿服务活动 {member.events} 次"
            f"（{hours_text(member.event_minutes)}）"
            f"{duty}，合计 {hours_text(member.minutes)}"
        )
