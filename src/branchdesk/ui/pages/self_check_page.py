"""年度自查: the year's organisational life against the branch's minimums, month by month, as the
committee's yearly completion table wants it (1月..12月, 按时开展月份数, 完成率), and what the
current month, quarter or year still lacks.

Figures and verdicts come from services.org_life_check; the rules they use (dated, editable) open
from 规则设置…. The page re-reads when shown and, while shown, after a change made elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import org_life_check
from branchdesk.services.org_life_check import Level, MissingItem, YearCheck

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.rules_dialog import RulesDialog
from branchdesk.ui.operations import read
from branchdesk.ui.pages.live_page import LivePage
from branchdesk.ui.tablemodels.self_check import (
    FIRST_MONTH_COLUMN,
    LEGEND_ORDER,
    ON_TIME_COLUMN,
    RATE_COLUMN,
    STATUS_LOOK,
    SelfCheckTableModel,
    StatusDelegate,
    lines_of,
)

FIRST_YEAR = 2000
LEVEL_COLOURS = {Level.ALARM: "#c62828", Level.WARN: "#a15c00", Level.INFO: "#37596b"}
MUTED = "#616161"


def legend_html() -> str:
    chips = [
        f'<span style="background:{look.background}; color:{look.foreground};">&nbsp;{look.mark}&nbsp;</span>'
        f"&nbsp;{look.label}"
        for look in (STATUS_LOOK[s] for s in LEGEND_ORDER)
    ]
    return (
        "　".join(chips)
        + f'　<span style="color:{MUTED};">（数字为当月开展次数；按季度、年度要求的，结果只标在一个月上，'
        + "鼠标移到格上可看详情）</span>"
    )


class SelfCheckPage(LivePage):
    """The year table, what is missing now, and the way to the rules."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today: Callable[[], dt.date] = dt.date.today  # tests set a fixed day
        self.check: YearCheck | None = None
        self.missing: list[MissingItem] = []
        self.active_dialog: RulesDialog | None = None
        self.setObjectName("selfCheckPage")
        self._build_ui()
        self._connect_signals()

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        this_year = self.today().year
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("selfCheckYear")
        self.year_spin.setRange(FIRST_YEAR, this_year + 1)
        self.year_spin.setValue(this_year)
        self.year_spin.setSuffix(" 年")
        self.year_spin.setMinimumWidth(110)
        self.year_spin.setToolTip("选择要自查的年份（上下方向键可切换）")
        year_label = QLabel("年份(&Y)：")
        year_label.setBuddy(self.year_spin)
        self.title_label = QLabel()
        self.title_label.setObjectName("selfCheckTitle")
        self.title_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.rules_button = QPushButton("规则设置(&R)…")
        self.rules_button.setObjectName("selfCheckRules")
        self.rules_button.setToolTip("查看和修改各类会议的最低次数、提醒时间等规则（按生效日期保存）")
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addSpacing(16)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.rules_button)

        self.legend_label = QLabel(legend_html())
        self.legend_label.setObjectName("selfCheckLegend")
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)

        self.model = SelfCheckTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("selfCheckTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(StatusDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        month_width = self.fontMetrics().horizontalAdvance("10 ✓") + 22
        for column in range(FIRST_MONTH_COLUMN, ON_TIME_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, month_width)
        for column in (ON_TIME_COLUMN, RATE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(40)

        self.missing_box = QGroupBox()
        self.missing_box.setObjectName("selfCheckMissingBox")
        self.missing_box.setStyleSheet(
            "QGroupBox#selfCheckMissingBox::title { color: #212121; font-weight: bold; font-size: 15px; }"
        )
        self.missing_label = QLabel()
        self.missing_label.setObjectName("selfCheckMissing")
        self.missing_label.setTextFormat(Qt.TextFormat.RichText)
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self.missing_box)
        box.addWidget(self.missing_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.legend_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing_box)
        layout.addStretch(0)
        QWidget.setTabOrder(self.year_spin, self.rules_button)
        QWidget.setTabOrder(self.rules_button, self.table)

    def _connect_signals(self) -> None:
        self.year_spin.valueChanged.connect(self._on_year_spin_value_changed)
        self.rules_button.clicked.connect(self._on_rules_button_clicked)
        self.watch_data(self._ctx.events)

    # --- data --------------------------------------------------------------------------------------

    def _on_year_spin_value_changed(self, _year: int) -> None:
        self.refresh()

    @property
    def year(self) -> int:
        return self.year_spin.value()

    def set_year(self, year: int) -> None:
        self.year_spin.setValue(year)

    def refresh(self) -> None:
        """The chosen year's table; what is missing now when that year is this year."""
        branch_id, year, today = self._ctx.branch_id, self.year, self.today()
        if self.year_spin.maximum() < today.year + 1:
            self.year_spin.setMaximum(today.year + 1)  # the app left open over New Year

        def load(session: Any) -> tuple[YearCheck, list[MissingItem]]:
            check = org_life_check.year_check(session, branch_id, year, today=today)
            missing = org_life_check.missing_now(session, branch_id, today) if year == today.year else []
            return check, missing

        self.check, self.missing = read(self._ctx, load)
        self.model.set_rows(lines_of(self.check))
        self._fit_table_height()
        self._show_title(year, today)
        self._show_missing(year, today)

    def _fit_table_height(self) -> None:
        """As tall as its rows (the 还需开展 box follows straight under it); scrolls when they do not fit."""
        table = self.table
        rows = table.verticalHeader().defaultSectionSize() * self.model.rowCount()
        table.setMaximumHeight(
            table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth() + 2
        )

    def _show_title(self, year: int, today: dt.date) -> None:
        if year < today.year:
            when = f"{year}年全年"
        elif year == today.year:
            when = f"{year}年（截至 {today.month}月{today.day}日）"
        else:
            when = f"{year}年（尚未开始）"
        self.title_label.setText(f"{when}三会一课及主题党日开展情况")

    def _show_missing(self, year: int, today: dt.date) -> None:
        self.missing_box.setVisible(year == today.year)
        self.missing_box.setTitle(f"本月、本季度还需开展（{today.month}月{today.day}日）")
        if not self.missing:
            self.missing_label.setText(
                f'<span style="color:{STATUS_LOOK[LEGEND_ORDER[0]].foreground};">'
                "✓ 本月、本季度和今年要求的会议都已开展。</span>"
            )
            return
        lines = []
        for item in self.missing:
            colour = LEVEL_COLOURS[item.level]
            due = f"{item.period.ends_on.month}月{item.period.ends_on.day}日前"
            lines.append(
                f'<span style="color:{colour}; font-weight:bold;">… {item.text}</span>'
                f'<span style="color:{MUTED};">（{due}）</span>'
            )
        self.missing_label.setText("<br>".join(lines))

    # --- rules -------------------------------------------------------------------------------------

    def _on_rules_button_clicked(self) -> None:
        dialog = RulesDialog(self._ctx, self, today=self.today())
        dialog.finished.connect(self._on_rules_dialog_finished)
        self.active_dialog = dialog
        dialog.open()

    def _on_rules_dialog_finished(self, _result: int) -> None:
        dialog, self.active_dialog = self.active_dialog, None
        if dialog is not None:
            changed = dialog.changed
            dialog.deleteLater()
            if changed:
                self.refresh()
