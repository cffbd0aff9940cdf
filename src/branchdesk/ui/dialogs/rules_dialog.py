"""规则设置: the minimums and reminder windows the app computes with, each with the value in force
today, a new value from an effective date, and its history.

A rule is dated data (services.rules): a new value judges the months from its date on and leaves the
past as it was judged, so the dialog always asks "from when". The service checks every value and
names the rule when it refuses one; the dialog stays open with what was typed and says why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError
from branchdesk.services import rules
from branchdesk.services.rules import PERIOD_LABELS, PERIODS, RuleRow, RuleState

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.tablemodels.base import CENTER, ROW_ROLE, Column, fmt_date
from branchdesk.ui.widgets.date_field import DateField, checked_date, format_date
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error
from branchdesk.ui.widgets.rows_table import RowsTable

EFFECTIVE_LABEL = "生效日期"
NOTE_LABEL = "说明"
MAX_NUMBER = 999  # the service knows each rule's range and names the rule when a value is outside it
INTRO = (
    "规则按生效日期保存：新值从生效日期所在的月份起计算，之前的月份仍按当时的规则判断；按季度、年度"
    "计算的，以该季度、年度第一个月月底的规则为准，所以生效日期宜选在季初或年初。"
    "各地要求不同（如党课每季度或每月一次），请按院党委的要求设置。"
)


def since_text(state: RuleState) -> str:
    return "出厂默认" if state.effective_from is None else f"{format_date(state.effective_from)} 起"


RULE_COLUMNS = [
    Column[RuleState]("规则", lambda r: r.label),
    Column[RuleState]("现行值", lambda r: r.value_text),
    Column[RuleState]("生效", since_text, align=CENTER),
]
HISTORY_COLUMNS = [
    Column[RuleRow]("生效日期", lambda r: fmt_date(r.effective_from), align=CENTER),
    Column[RuleRow]("值", lambda r: r.value_text),
    Column[RuleRow]("说明", lambda r: r.note),
]


def is_minimum(key: str) -> bool:
    return key.startswith("minimum.")


class RulesDialog(QDialog):
    """Pick a rule, type its new value and the date it applies from, 保存新值 (Enter); 关闭 (Esc).

    `changed` tells the opener whether anything was saved, so it re-reads its figures.
    """

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._today = today or dt.date.today()
        self.changed = False
        self.setObjectName("rulesDialog")
        self.setWindowTitle("规则设置")
        self.setStyleSheet("QGroupBox::title { color: #212121; font-weight: bold; }")
        self._build_ui()
        self._connect_signals()
        self.reload()
        self.rules_table.select_row(0)

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555555;")
        self.rules_table = RowsTable(RULE_COLUMNS, "rulesTable", self)
        header = self.rules_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.rules_table.setMinimumWidth(520)

        self.rule_label = QLabel()
        self.rule_label.setObjectName("rulesSelected")
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.current_label = QLabel()
        self.current_label.setObjectName("rulesCurrent")
        self.current_label.setWordWrap(True)

        self.period_combo = QComboBox()
        self.period_combo.setObjectName("rulesPeriod")
        for period in PERIODS:
            self.period_combo.addItem(PERIOD_LABELS[period], period)
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("rulesCount")
        self.count_spin.setRange(0, MAX_NUMBER)
        self.count_spin.setSuffix(" 次")
        self.count_spin.setToolTip("0 表示不作要求")
        minimum_editor = QWidget()
        row = QHBoxLayout(minimum_editor)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.period_combo)
        row.addWidget(QLabel("至少"))
        row.addWidget(self.count_spin)
        row.addStretch(1)
        self.number_spin = QSpinBox()
        self.number_spin.setObjectName("rulesNumber")
        self.number_spin.setRange(0, MAX_NUMBER)
        self.value_stack = QStackedWidget()
        self.value_stack.addWidget(minimum_editor)
        self.value_stack.addWidget(self.number_spin)
        self.value_stack.setFixedHeight(
            max(minimum_editor.sizeHint().height(), self.number_spin.sizeHint().height())
        )

        self.date_field = DateField()
        self.date_field.setObjectName("rulesEffective")
        self.date_field.setToolTip(
            "新值从这一天起生效（默认本月1日，本月即按新值判断）；之前的月份仍按原规则判断"
        )
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("rulesNote")
        self.note_edit.setPlaceholderText("如：按院党委2027年1号文件，党课改为每月一次")
        self.save_button = QPushButton("保存新值(&S)")
        self.save_button.setObjectName("rulesSave")
        self.save_button.setDefault(True)
        self.error_label = error_label("rulesError")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("rulesSaved")
        self.saved_label.setWordWrap(True)
        self.saved_label.setStyleSheet("color: #1b5e20; font-weight: bold;")

        value_label = QLabel("新值(&V)：")
        value_label.setBuddy(self.value_stack)
        form = QFormLayout()
        form.addRow(value_label, self.value_stack)
        date_label = QLabel(f"{EFFECTIVE_LABEL}(&D)：")
        date_label.setBuddy(self.date_field)
        form.addRow(date_label, self.date_field)
        note_label = QLabel(f"{NOTE_LABEL}(&N)：")
        note_label.setBuddy(self.note_edit)
        form.addRow(note_label, self.note_edit)
        edit_box = QGroupBox("修改所选规则")
        edit = QVBoxLayout(edit_box)
        edit.addWidget(self.rule_label)
        edit.addWidget(self.current_label)
        edit.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        edit.addLayout(buttons)
        edit.addWidget(self.error_label)
        edit.addWidget(self.saved_label)

        self.history_table = RowsTable(HISTORY_COLUMNS, "rulesHistory", self)
        self.history_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.history_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.history_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.default_label = QLabel()
        self.default_label.setObjectName("rulesDefault")
        self.default_label.setStyleSheet("color: #555555;")
        history_box = QGroupBox("修改记录")
        history = QVBoxLayout(history_box)
        history.addWidget(self.history_table)
        history.addWidget(self.default_label)

        right = QVBoxLayout()
        right.addWidget(edit_box)
        right.addWidget(history_box, 1)
        body = QHBoxLayout()
        body.addWidget(self.rules_table, 3)
        body.addLayout(right, 2)

        self.close_button = QPushButton("关闭")
        self.close_button.setObjectName("rulesClose")
        self.close_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.resize(1080, 600)
        QWidget.setTabOrder(self.rules_table, self.period_combo)
        QWidget.setTabOrder(self.period_combo, self.count_spin)
        QWidget.setTabOrder(self.count_spin, self.number_spin)
        QWidget.setTabOrder(self.number_spin, self.date_field)
        QWidget.setTabOrder(self.date_field, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.save_button)
        QWidget.setTabOrder(self.save_button, self.close_button)

    def _connect_signals(self) -> None:
        self.rules_table.selectionModel().currentRowChanged.connect(self._on_rules_table_current_row_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.close_button.clicked.connect(self.reject)

    # --- data --------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Every rule as in force today; the selection stays on the same rule."""
        selected = self.selected_rule()
        states = operations.read(self._ctx, lambda s: rules.all_rules(s, self._today))
        self.rules_table.rows_model.set_rows(states)
        if selected is not None:
            self.rules_table.select_where(lambda r: r.key == selected.key)

    def selected_rule(self) -> RuleState | None:
        row = self.rules_table.selected()
        return row if isinstance(row, RuleState) else None

    def select_rule(self, key: str) -> None:
        self.rules_table.select_where(lambda r: r.key == key)

    def _on_rules_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        state = current.siblingAtColumn(0).data(ROW_ROLE) if current.isValid() else None
        if isinstance(state, RuleState):
            self._show_rule(state)

    def _show_rule(self, state: RuleState) -> None:
        clear_field_errors(self.error_label, self._fields(state))
        self.saved_label.clear()
        self.rule_label.setText(state.label)
        since = "出厂默认" if state.is_default else f"{since_text(state)}；出厂默认：{state.default_text}"
        self.current_label.setText(f"现行值：{state.value_text}（{since}）")
        minimum = is_minimum(state.key)
        self.value_stack.setCurrentIndex(0 if minimum else 1)
        if minimum and isinstance(state.value, dict):
            self.period_combo.setCurrentIndex(max(self.period_combo.findData(state.value.get("per")), 0))
            self.count_spin.setValue(int(state.value.get("count", 0)))
        elif isinstance(state.value, int):
            self.number_spin.setValue(state.value)
        self.date_field.setDate(self._today.replace(day=1))  # the current month is judged by the new value
        self.note_edit.clear()
        history = operations.read(self._ctx, lambda s: rules.rule_history(s, state.key))
        self.history_table.rows_model.set_rows(history)
        self.default_label.setText(
            f"出厂默认：{state.default_text}"
            if history
            else f"尚未修改过，一直使用出厂默认值：{state.default_text}"
        )

    def _fields(self, state: RuleState) -> dict[str, QWidget]:
        value_widget = self.count_spin if is_minimum(state.key) else self.number_spin
        return {state.label: value_widget, EFFECTIVE_LABEL: self.date_field, NOTE_LABEL: self.note_edit}

    def new_value(self, state: RuleState) -> object:
        if is_minimum(state.key):
            return {"per": self.period_combo.currentData(), "count": self.count_spin.value()}
        return self.number_spin.value()

    # --- saving ------------------------------------------------------------------------------------

    def _on_save_button_clicked(self) -> None:
        state = self.selected_rule()
        if state is None:
            return
        fields = self._fields(state)
        clear_field_errors(self.error_label, fields)
        self.saved_label.clear()
        value, note = self.new_value(state), self.note_edit.text()

        def save(session: Any) -> RuleRow:
            effective = checked_date(self.date_field, EFFECTIVE_LABEL, required=True)
            return rules.set_rule(session, state.key, value, effective, note)

        def refused(error: BranchDeskError) -> None:
            show_field_error(self.error_label, fields, error)

        saved = operations.run_keeping_open(self, self._ctx, save, refused)
        if saved is None:
            return
        self.changed = True
        self.reload()
        self._show_rule(self.selected_rule() or state)
        when = "起生效" if saved.effective_from <= self._today else "起生效（到时自动启用，现行值暂不变）"
        self.saved_label.setText(
            f"已保存：{saved.label}　{saved.value_text}，自 {format_date(saved.effective_from)} {when}"
        )
