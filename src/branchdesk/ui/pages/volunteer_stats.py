"""统计: the year's volunteer figures of the branch (or the whole hospital): the totals in one line,
a bar chart of hours by month, and tables by month and by kind. Served duty turns of volunteer posts
are counted in (and said to be). The numbers are volunteer_figures' own; nothing is counted here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QVBoxLayout, QWidget

from branchdesk.services.volunteer_figures import VolunteerFigures, volunteer_figures
from branchdesk.services.volunteer_rules import hours_text

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.volunteer_events import named
from branchdesk.ui.tablemodels.volunteer import KIND_COLUMNS, MONTH_COLUMNS
from branchdesk.ui.widgets.hours_chart import HoursChart
from branchdesk.ui.widgets.rows_table import RowsTable

TOTALS_STYLE = "font-size: 15px; font-weight: bold; color: #212121;"
NOTE_STYLE = "color: #616161;"
BRANCH, HOSPITAL = "branch", "hospital"


def totals_text(figures: VolunteerFigures) -> str:
    t = figures.totals
    return (
        f"活动 {t.events} 次　参加 {t.participants} 人次（党员 {t.members} 人）　"
        f"服务时长 {hours_text(t.minutes)}　惠及群众 {t.people_served} 人次"
    )


class StatsTab(QWidget):
    """Figures of one year; the scope (本支部/全院) is chosen here, the year on the page."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.year = dt.date.today().year
        self.figures: VolunteerFigures | None = None
        self.scope_combo = named(QComboBox(), "volunteerScope", "本支部，或全院所有支部")
        self.scope_combo.addItem("本支部", BRANCH)
        self.scope_combo.addItem("全院", HOSPITAL)
        self.totals_label = named(QLabel(), "volunteerTotals")
        self.totals_label.setStyleSheet(TOTALS_STYLE)
        self.duty_label = named(QLabel(), "volunteerDutyNote")
        self.duty_label.setStyleSheet(NOTE_STYLE)
        top = QHBoxLayout()
        top.addWidget(QLabel("范围："))
        top.addWidget(self.scope_combo)
        top.addSpacing(12)
        top.addWidget(self.totals_label, 1)

        self.chart = HoursChart()
        self.chart.setMinimumHeight(230)
        self.months = RowsTable(MONTH_COLUMNS, "volunteerByMonth")
        self.kinds = RowsTable(KIND_COLUMNS, "volunteerByKind")
        for table in (self.months, self.kinds):
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        kinds_header = self.kinds.horizontalHeader()
        kinds_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        kinds_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.chart, 3)
        left_layout.addWidget(self.months, 4)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("按服务类别")
        caption.setStyleSheet("font-weight: bold;")
        right_layout.addWidget(caption)
        right_layout.addWidget(self.kinds, 1)
        right_layout.addWidget(self.duty_label)
        self.duty_label.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([640, 520])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.scope_combo.currentIndexChanged.connect(self._on_scope_combo_changed)

    def refresh(self) -> None:
        whole = self.scope_combo.currentData() == HOSPITAL
        branch_id = None if whole else self._ctx.branch_id
        year = self.year
        figures: VolunteerFigures = operations.read(
            self._ctx, lambda s: volunteer_figures(s, year=year, branch_id=branch_id)
        )
        self.figures = figures
        self.totals_label.setText(totals_text(figures))
        today = dt.date.today()
        self.chart.set_values(
            [f"{m.month}月" for m in figures.by_month],
            [m.minutes for m in figures.by_month],
            title=f"{year}年{'全院' if whole else '本支部'}志愿服务时长（小时）",
            highlight=today.month - 1 if year == today.year else None,
        )
        self.months.rows_model.set_rows(list(figures.by_month))
        self.kinds.rows_model.set_rows(list(figures.by_kind))
        t = figures.totals
        notes = []
        if t.duty_turns:
            notes.append(f"含党员志愿服务岗值班 {t.duty_turns} 班次、{hours_text(t.duty_minutes)}。")
        if t.outside:
            notes.append(f"参加人次含非党员志愿者 {t.outside} 人次。")
        notes.append("时长按实际服务计算，不含路途；已作废的活动和值班不计入。")
        self.duty_label.setText("\n".join(notes))

    def _on_scope_combo_changed(self, *_args: Any) -> None:
        self.refresh()
