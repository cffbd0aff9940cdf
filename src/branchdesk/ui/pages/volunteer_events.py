"""活动登记: the branch's volunteer events of the year (month, kind, search), and new / edit / void.

新建 is Ctrl+N anywhere on the page, Enter or a double-click opens the selected event, 作废 asks and
wants a reason (the event stays stored and keeps its theme-day link).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import volunteer, volunteer_lists
from branchdesk.services.volunteer import EventRow
from branchdesk.services.volunteer_rules import VolunteerEventInput, hours_text

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.volunteer_dialog import VolunteerDialog
from branchdesk.ui.tablemodels.base import ForegroundDelegate, fmt_date
from branchdesk.ui.tablemodels.volunteer import EVENT_TITLE_COLUMN, EventTableModel
from branchdesk.ui.widgets.form_fields import fit_combo, named
from branchdesk.ui.widgets.row_selection import (
    focus_search,
    list_table,
    select_first,
    select_row_by_id,
    selected_row,
)

OK_STYLE = "color: #1b5e20;"
COLUMN_WIDTHS = (132, 90, 0, 140, 140, 46, 56, 92, 70, 136)  # 主题党日: "12月12日主题党日"


class EventsTab(QWidget):
    """The year's events of the current branch, newest first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.year = dt.date.today().year
        self.active_dialog: QDialog | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.add_button = named(QPushButton("新建活动(&N)"), "volunteerAdd", "登记一次志愿服务活动（Ctrl+N）")
        self.edit_button = named(QPushButton("编辑(&E)"), "volunteerEdit", "编辑选中的活动（回车或双击）")
        self.void_button = named(
            QPushButton("作废(&D)"), "volunteerVoid", "作废录错的活动：不再计入统计，记录仍保留"
        )
        self.month_combo = named(QComboBox(), "volunteerMonth", "月份，或全年")
        self.month_combo.addItem("全年", None)
        for month in range(1, 13):
            self.month_combo.addItem(f"{month}月", month)
        self.kind_combo = named(QComboBox(), "volunteerKindFilter", "按服务类别筛选")
        self.search_edit = named(QLineEdit(), "volunteerSearch", "按活动名称、地点或活动情况查找（Ctrl+F）")
        self.search_edit.setPlaceholderText("查找活动名称、地点、活动情况")
        self.search_edit.setClearButtonEnabled(True)
        self.voided_check = named(QCheckBox("显示已作废(&V)"), "volunteerShowVoided")
        self.count_label = named(QLabel(), "volunteerCount")
        self.count_label.setStyleSheet("font-weight: bold;")
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.void_button):
            bar.addWidget(button)
        bar.addSpacing(16)
        for combo in (self.month_combo, self.kind_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(combo)
        fit_combo(self.month_combo)
        bar.addWidget(self.search_edit, 2)
        bar.addWidget(self.voided_check)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.model = EventTableModel(self)
        self.table, self.proxy = list_table(
            self, self.model, "volunteerTable", ForegroundDelegate, Qt.SortOrder.DescendingOrder
        )
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(EVENT_TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.status_label = named(QLabel(), "volunteerStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        table_only = Qt.ShortcutContext.WidgetShortcut
        self.edit_shortcuts = [
            QShortcut(QKeySequence(key), self.table, context=table_only)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ]
        self.find_shortcut = QShortcut(
            QKeySequence("Ctrl+F"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        for shortcut in self.edit_shortcuts:
            shortcut.activated.connect(self._on_edit_button_clicked)
        self.find_shortcut.activated.connect(self._on_find_shortcut_activated)
        self.table.doubleClicked.connect(self._on_edit_button_clicked)
        self.void_button.clicked.connect(self._on_void_button_clicked)
        for combo in (self.month_combo, self.kind_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._on_filter_changed)
        self.voided_check.toggled.connect(self._on_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    # --- data --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the events the filters ask for; keep the selected one selected."""
        selected = self.selected_event()
        branch_id, year, month = self._ctx.branch_id, self.year, self.month_combo.currentData()
        search, voided = self.search_edit.text(), self.voided_check.isChecked()
        kind_id = self.kind_combo.currentData()

        def query(session: Any) -> tuple[list[EventRow], Any]:
            rows = volunteer.list_events(
                session,
                branch_id,
                year=year,
                month=month,
                kind_id=kind_id,
                search=search,
                include_voided=voided,
            )
            return rows, volunteer_lists.list_kinds(session, include_archived=True)

        rows, kinds = operations.read(self._ctx, query)
        self._fill_kinds(kinds)
        self.model.set_rows(rows)
        if selected is None or not self.select_event(selected.id):
            self._select_first()
        period = f"{year}年" + (f"{month}月" if month else "")
        counted = [r for r in rows if not r.voided]
        if rows:
            total = sum(r.total_minutes for r in counted)
            people = sum(r.people_served for r in counted)
            self.count_label.setText(f"{period}共 {len(counted)} 次，{hours_text(total)}，惠及 {people} 人次")
        else:
            self.count_label.setText(f"{period}没有志愿服务活动，按 Ctrl+N 新建")

    def _fill_kinds(self, kinds: Any) -> None:
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem("全部类别", None)
        for kind in kinds:
            self.kind_combo.addItem(kind.name, kind.id)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(current)))
        fit_combo(self.kind_combo)
        self.kind_combo.blockSignals(False)

    def _on_filter_changed(self, *_args: object) -> None:
        self.refresh()

    def _on_find_shortcut_activated(self) -> None:
        focus_search(self.search_edit)

    # --- selection ---------------------------------------------------------------------------------

    def selected_event(self) -> EventRow | None:
        return selected_row(self.table, EventRow)

    def select_event(self, event_id: int) -> bool:
        found = select_row_by_id(self.table, event_id, EVENT_TITLE_COLUMN)
        if found:
            self._update_buttons()
        return found

    def _select_first(self) -> None:
        select_first(self.table, EVENT_TITLE_COLUMN)
        self._update_buttons()

    def _on_table_selection_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected_event()
        self.edit_button.setEnabled(row is not None)
        self.void_button.setEnabled(row is not None and not row.voided)
        self.edit_button.setText("查看(&E)" if row is not None and row.voided else "编辑(&E)")

    # --- new, edit, void ---------------------------------------------------------------------------

    def new_event(self, template: VolunteerEventInput | None = None, partner_text: str = "") -> None:
        if self.active_dialog is None:
            self._open(VolunteerDialog(self._ctx, template=template, partner_text=partner_text, parent=self))

    def _on_add_button_clicked(self) -> None:
        self.new_event()

    def _on_edit_button_clicked(self, *_args: object) -> None:
        row = self.selected_event()
        if row is not None and self.active_dialog is None:
            self._open(VolunteerDialog(self._ctx, row.id, parent=self))

    def _open(self, dialog: QDialog) -> None:
        """Window-modal without blocking; the saved event is selected after."""
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        saved = getattr(dialog, "saved", None)
        dialog.deleteLater()
        if saved is not None:
            self.refresh()
            if not self.select_event(saved.row.id):
                self._say(
                    f"已保存 {fmt_date(saved.row.held_on)} 的“{saved.row.title}”（不在当前筛选范围内）", True
                )
            else:
                self._say(
                    f"已保存“{saved.row.title}”：{saved.row.participants} 人参加，"
                    f"共 {hours_text(saved.row.total_minutes)}",
                    True,
                )
        self.table.setFocus()

    def _on_void_button_clicked(self) -> None:
        row = self.selected_event()
        if row is None or row.voided:
            return
        title = f"{fmt_date(row.held_on)}“{row.title}”"
        if not messages.confirm(
            self,
            "作废活动",
            f"要作废{title}吗？\n\n作废后不再计入志愿服务时长和统计，但记录仍保存在数据库中，"
            "勾选“显示已作废”可以查看。",
            ok_text="作废",
        ):
            return
        reason, ok = QInputDialog.getText(self, "作废原因", "作废原因（必填，如：重复录入、日期录错）：")
        if not ok:
            return
        event_id, today = row.id, dt.date.today()

        def void(session: Any) -> bool:
            volunteer.void_event(session, event_id, on=today, reason=reason)
            return True

        if operations.run_action(self, self._ctx, void):
            self._say(f"已作废{title}，记录仍保留。", True)
            self._ctx.events.volunteer_changed.emit()

    def _say(self, text: str, ok: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(OK_STYLE if ok else "")
