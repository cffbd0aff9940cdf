"""统计: the year's volunteer figures of the branch (or the whole hospital): the totals in one line,
a bar chart of hours by month, and tables by month (with 合计) and by kind. Served duty turns of
volunteer posts are counted in, and said to be (the 其中值班 columns and the note). The numbers
are volunteer_figures' own; nothing is counted here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QVBoxLayout, QWidget

from branchdesk.services.roll import roll_on
from branchdesk.services.volunteer_figures import MonthFigure, VolunteerFigures, volunteer_figures
from branchdesk.services.volunteer_rules import hours_text

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.tablemodels.volunteer import KIND_COLUMNS, MONTH_COLUMNS
from branchdesk.ui.widgets.form_fields import fit_combo, named
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
    """Figures of one year; the scope (本支部/全院) is chosen here, the year on the page.

    The chart and the kinds sit left, the months (all twelve and 合计, no scrolling at 1366x768) right.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.year = dt.date.today().year
        self.figures: VolunteerFigures | None = None
        self.scope_combo = named(QComboBox(), "volunteerScope", "本支部，或全院所有支部")
        self.scope_combo.addItem("本支部", BRANCH)
        self.scope_combo.addItem("全院", HOSPITAL)
        fit_combo(self.scope_combo)
        self.totals_label = named(QLabel(), "volunteerTotals")
        self.totals_label.setStyleSheet(TOTALS_STYLE)
        self.duty_label = named(QLabel(), "volunteerDutyNote")
        self.duty_label.setStyleSheet(NOTE_STYLE)
        self.duty_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("范围："))
        top.addWidget(self.scope_combo)
        top.addSpacing(12)
        top.addWidget(self.totals_label, 1)

        self.chart = HoursChart()
        self.chart.setMinimumHeight(200)
        self.months = RowsTable(MONTH_COLUMNS, "volunteerByMonth")
        self.kinds = RowsTable(KIND_COLUMNS, "volunteerByKind")
        row_height = self.fontMetrics().height() + 6
        for table in (self.months, self.kinds):
            table.verticalHeader().setDefaultSectionSize(row_height)
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        months_height = self.months.horizontalHeader().sizeHint().height() + 13 * row_height
        self.months.setFixedHeight(months_height + 2 * self.months.frameWidth() + 2)
        self.months.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.chart, 3)
        left_layout.addWidget(_caption("按服务类别"))
        left_layout.addWidget(self.kinds, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(_caption("按月份"))
        right_layout.addWidget(self.months)
        right_layout.addWidget(self.duty_label)
        right_layout.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([620, 560])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.scope_combo.currentIndexChanged.connect(self._on_scope_combo_changed)

    def refresh(self) -> None:
        whole = self.scope_combo.currentData() == HOSPITAL
        branch_id = None if whole else self._ctx.branch_id
        year, today = self.year, dt.date.today()

        def query(session: Any) -> tuple[VolunteerFigures, set[int] | None]:
            figures = volunteer_figures(session, year=year, branch_id=branch_id)
            roll = (
                {e.member_id for e in roll_on(session, branch_id, today)} if branch_id is not None else None
            )
            return figures, roll

        figures, roll = operations.read(self._ctx, query)
        self.figures = figures
        self.totals_label.setText(totals_text(figures))
        self.chart.set_values(
            [f"{m.month}月" for m in figures.by_month],
            [m.minutes for m in figures.by_month],
            title=f"{year}年{'全院' if whole else '本支部'}志愿服务时长（小时）",
            highlight=today.month - 1 if year == today.year else None,
        )
        t = figures.totals
        total = MonthFigure(
            0, t.events, t.participants, t.minutes, t.people_served, t.duty_turns, t.duty_minutes
        )
        self.months.rows_model.set_rows([*figures.by_month, total])
        self.kinds.rows_model.set_rows(list(figures.by_kind))
        members = members_text(figures, roll)
        self.totals_label.setToolTip(members)
        notes = [members]
        if t.duty_turns:
            notes.append(
                f"参加人次、时长、惠及人次都含党员志愿服务岗值班（{t.duty_turns} 班次、"
                f"{hours_text(t.duty_minutes)}），“其中值班”列是值班班次：只有值班的月份，活动次数为 0。"
            )
        if t.outside:
            notes.append(f"参加人次含非党员志愿者 {t.outside} 人次。")
        notes.append("时长按实际服务计算，不含路途；已作废的活动和值班不计入。")
        self.duty_label.setText("\n".join(notes))

    def _on_scope_combo_changed(self, *_args: Any) -> None:
        self.refresh()


def _caption(text: str) -> QLabel:
    caption = QLabel(text)
    caption.setStyleSheet("font-weight: bold;")
    return caption


def members_text(figures: VolunteerFigures, roll: set[int] | None) -> str:
    """What 党员 N 人 counts, and why it can exceed today's roll (members who served, then left)."""
    served = figures.totals.members
    text = f"党员 {served} 人：{figures.year}年参加过志愿服务（活动或值班）的党员，每人只计一次"
    if roll is None:
        return text + "。"
    gone = sum(1 for m in figures.by_member if m.member_id not in roll)
    if gone:
        return text + f"，其中 {gone} 人现已不在本支部名册（转出等）；现在册 {len(roll)} 人。"
    return text + f"；现在册 {len(roll)} 人。"
