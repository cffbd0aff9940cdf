"""党员花名册: the branch's members, filtered as you type, sorted by any column, edited by keyboard.

The whole roll (leavers included) is read once per refresh; every keystroke and combo change only
re-runs a predicate in the proxy, so typing stays instant on a slow ward PC. Members are never
deleted here: leaving the roll is 变更状态, with a date and a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.models import MemberCategory
from branchdesk.services import groups, pinyin_search, roster
from branchdesk.services.labels import CATEGORY_LABELS
from branchdesk.services.roster import MemberRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.import_dialog import ImportDialog
from branchdesk.ui.dialogs.member_dialog import MemberDialog
from branchdesk.ui.dialogs.roster_export_dialog import RosterExportDialog
from branchdesk.ui.dialogs.status_dialog import StatusDialog
from branchdesk.ui.tablemodels.base import ROW_ROLE, FastCellDelegate, fmt_date
from branchdesk.ui.tablemodels.members import DUE_SOON_DAYS, MemberTableModel, probation_days_left
from branchdesk.ui.widgets.form_fields import named
from branchdesk.ui.widgets.row_selection import focus_search, list_table, select_row_by_id, selected_row

NO_GROUP = -1
ON_ROLL, LEFT, EVERYONE = "on_roll", "left", "all"
STATUS_CHOICES = ((ON_ROLL, "在册"), (LEFT, "已离开"), (EVERYONE, "全部"))


class RosterPage(QWidget):
    """The branch roll with search, filters, add / edit / change status, and a guarded reveal."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._sized_branch: int | None = None
        self.active_dialog: QDialog | None = None
        self.setObjectName("rosterPage")
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.add_button = named(QPushButton("新增党员(&N)"), "rosterAdd", "新增一名党员（Ctrl+N）")
        self.edit_button = named(QPushButton("编辑(&E)"), "rosterEdit", "编辑选中党员的信息（回车或双击）")
        self.status_button = named(
            QPushButton("变更状态(&T)"), "rosterStatus", "转出、停止党籍、出党、去世，或恢复在册"
        )
        self.reveal_button = named(
            QPushButton("显示完整信息(&I)"),
            "rosterReveal",
            "显示选中党员的完整身份证号和手机号（Ctrl+Shift+I），换一名党员后自动隐藏",
        )
        self.import_button = named(
            QPushButton("导入花名册…"), "rosterImport", "从支部现有的 Excel 花名册（.xlsx）导入党员（Ctrl+I）"
        )
        self.export_button = named(
            QPushButton("导出花名册…"), "rosterExport", "把在册党员导出为可打印的 Excel 花名册（Ctrl+E）"
        )
        self.probation_label = named(QLabel(), "rosterProbationHint")
        self.probation_label.setStyleSheet("color: #b45309; font-weight: bold;")
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.status_button, self.reveal_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        actions.addWidget(self.probation_label, 1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)

        self.search_edit = named(QLineEdit(), "rosterSearch", "按姓名、拼音首字母或全拼查找（Ctrl+F）")
        self.search_edit.setPlaceholderText("查找姓名或拼音，如 zs、zhangsan")
        self.search_edit.setClearButtonEnabled(True)
        search_label = QLabel("查找(&S)：")  # Alt+F opens the 文件 menu
        search_label.setBuddy(self.search_edit)
        self.department_combo = named(QComboBox(), "rosterDepartment", "按科室筛选")
        self.group_combo = named(QComboBox(), "rosterGroup", "按党小组筛选")
        self.category_combo = named(QComboBox(), "rosterCategory", "按党员类别筛选")
        self.category_combo.addItem("全部类别", None)
        for category in MemberCategory:
            self.category_combo.addItem(CATEGORY_LABELS[category], category)
        self.status_combo = named(QComboBox(), "rosterStatusFilter", "在册、已离开（转出、去世等）或全部")
        for key, label in STATUS_CHOICES:
            self.status_combo.addItem(label, key)
        for combo in (self.department_combo, self.group_combo, self.category_combo, self.status_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumWidth(110)
        self.count_label = named(QLabel(), "rosterCount")
        self.count_label.setStyleSheet("font-weight: bold;")
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 2)
        for combo in (self.department_combo, self.group_combo, self.category_combo, self.status_combo):
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.model = MemberTableModel(self)
        self.table, self.proxy = list_table(
            self, self.model, "rosterTable", FastCellDelegate, Qt.SortOrder.AscendingOrder
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        QWidget.setTabOrder(self.search_edit, self.department_combo)
        QWidget.setTabOrder(self.status_combo, self.table)

        # Window-wide, so Ctrl+N works straight after choosing the page in the sidebar; a page hidden
        # behind another in the main window's stack has its shortcuts switched off by Qt.
        page = Qt.ShortcutContext.WindowShortcut
        self.add_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, context=page)
        self.find_shortcut = QShortcut(QKeySequence("Ctrl+F"), self, context=page)
        self.reveal_shortcut = QShortcut(QKeySequence("Ctrl+Shift+I"), self, context=page)
        table_only = Qt.ShortcutContext.WidgetShortcut
        self.edit_shortcuts = [
            QShortcut(QKeySequence(key), self.table, context=table_only)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ]

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.add_shortcut.activated.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        for shortcut in self.edit_shortcuts:
            shortcut.activated.connect(self._on_edit_button_clicked)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.status_button.clicked.connect(self._on_status_button_clicked)
        self.reveal_button.clicked.connect(self._on_reveal_button_clicked)
        self.reveal_shortcut.activated.connect(self._on_reveal_button_clicked)
        self.find_shortcut.activated.connect(self._on_find_shortcut_activated)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.search_edit.textChanged.connect(self._on_filter_changed)
        for combo in (self.department_combo, self.group_combo, self.category_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_current_index_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        events = self._ctx.events
        events.members_changed.connect(self.refresh)
        events.groups_changed.connect(self.refresh)
        events.branch_changed.connect(self._on_events_branch_changed)
        events.database_replaced.connect(self.refresh)

    # --- data --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the roll, the departments and groups; keep the filters and the selected member."""
        branch_id = self._ctx.branch_id
        selected = self.selected_member()
        rows, departments, group_rows = operations.read(
            self._ctx,
            lambda s: (
                roster.list_members(s, branch_id, include_left=True),
                roster.departments(s, branch_id),
                groups.list_groups(s, branch_id),
            ),
        )
        self._refill(self.department_combo, "全部科室", [(d, d) for d in departments])
        group_items: list[tuple[str, Any]] = [(g.name, g.id) for g in group_rows]
        self._refill(self.group_combo, "全部党小组", [*group_items, ("未分组", NO_GROUP)])
        self.model.today = dt.date.today()
        self.model.set_revealed(None)
        self.model.set_rows(rows)
        self.proxy.set_predicate(self._predicate())
        if selected is None or not self.select_member(selected.id):
            self._update_buttons()
        self._update_count()
        self._update_probation_label(rows)
        if rows and self._sized_branch != branch_id:
            self._sized_branch = branch_id
            self.fit_columns()

    def fit_columns(self) -> None:
        """Columns as wide as their text; the header's sort-arrow reserve (25 px a column) is mostly
        dropped so all 13 columns fit a 1366-wide screen, the arrow sharing the title's padding."""
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(False)
        titles = [header.sectionSizeHint(c) for c in range(header.count())]
        header.setSortIndicatorShown(True)
        for column, title in enumerate(titles):
            header.resizeSection(column, max(self.table.sizeHintForColumn(column), title + 12))

    def _refill(self, combo: QComboBox, all_text: str, items: Sequence[tuple[str, Any]]) -> None:
        """New choices, the current one kept when it still exists, without firing a filter per item."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, None)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        combo.blockSignals(False)

    def _predicate(self) -> Callable[[MemberRow], bool]:
        """The current filters as one cheap function of a row (run per row, per keystroke)."""
        text = self.search_edit.text()
        department = self.department_combo.currentData()
        group = self.group_combo.currentData()
        category_data = self.category_combo.currentData()  # Qt returns enum data as plain str
        category = MemberCategory(category_data) if category_data is not None else None
        status = self.status_combo.currentData()

        def accept(row: MemberRow) -> bool:
            if status == ON_ROLL and not row.on_roll:
                return False
            if status == LEFT and row.on_roll:
                return False
            if department is not None and row.department != department:
                return False
            if group == NO_GROUP and row.group_id is not None:
                return False
            if group not in (None, NO_GROUP) and row.group_id != group:
                return False
            if category is not None and row.category is not category:
                return False
            return pinyin_search.matches(row.search_key, text)

        return accept

    def _on_filter_changed(self, *_args: object) -> None:
        self.proxy.set_predicate(self._predicate())
        self._update_count()
        self._update_buttons()

    def _on_status_combo_current_index_changed(self, _index: int) -> None:
        """Leavers' 状态 reads 转出（2026-03-01）: wider than 在册, so the columns are fitted again."""
        self._on_filter_changed()
        if self.proxy.rowCount():
            self.fit_columns()

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        if shown == 0 and self.model.rowCount() == 0:
            self.count_label.setText("共 0 人（Ctrl+N 新增，Ctrl+I 导入）")
        else:
            self.count_label.setText(f"共 {shown} 人")

    def _update_probation_label(self, rows: Sequence[MemberRow]) -> None:
        today = self.model.today
        due = [
            r
            for r in rows
            if r.on_roll and (d := probation_days_left(r, today)) is not None and d <= DUE_SOON_DAYS
        ]
        if len(due) == 1:
            row = due[0]
            self.probation_label.setText(f"转正提醒：预备党员{row.name}应于{fmt_date(row.probation_due)}转正")
        elif due:
            names = "、".join(r.name for r in due[:3]) + ("等" if len(due) > 3 else "")
            self.probation_label.setText(f"转正提醒：{names}{len(due)}名预备党员30天内到期或已超期")
        else:
            self.probation_label.clear()

    # --- selection ---------------------------------------------------------------------------------

    def selected_member(self) -> MemberRow | None:
        return selected_row(self.table, MemberRow)

    def show_member(self, member_id: int) -> bool:
        """Clear the search and every filter (a member who left shows under 全部), then select them."""
        for combo in (self.department_combo, self.group_combo, self.category_combo):
            combo.setCurrentIndex(0)
        self.status_combo.setCurrentIndex(self.status_combo.findData(EVERYONE))
        self.search_edit.clear()
        self._on_filter_changed()
        self.table.setFocus()
        return self.select_member(member_id)

    def select_member(self, member_id: int) -> bool:
        """Select and show a member if the current filters show them."""
        found = select_row_by_id(self.table, member_id)
        if found:
            self._update_buttons()
        return found

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.siblingAtColumn(0).data(ROW_ROLE) if current.isValid() else None
        if self.model.revealed_id is not None and (row is None or row.id != self.model.revealed_id):
            self.model.set_revealed(None)  # a reveal is for one member: moving on hides it again
        self._update_buttons()

    def _on_table_selection_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        member = self.selected_member()
        for button in (self.edit_button, self.status_button):
            button.setEnabled(member is not None)
        self.reveal_button.setEnabled(member is not None and bool(member.id_number or member.phone))

    # --- actions -----------------------------------------------------------------------------------

    def _on_events_branch_changed(self, _branch_id: int) -> None:
        self.search_edit.clear()
        self.refresh()

    def _on_find_shortcut_activated(self) -> None:
        focus_search(self.search_edit)

    def _on_add_button_clicked(self) -> None:
        self._open(MemberDialog(self._ctx, None, self))

    def _on_edit_button_clicked(self) -> None:
        member = self.selected_member()
        if member is not None:
            self._open(MemberDialog(self._ctx, member.id, self))

    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self._on_edit_button_clicked()

    def _on_status_button_clicked(self) -> None:
        member = self.selected_member()
        if member is not None:
            self._open(StatusDialog(self._ctx, member.id, self))

    def start_import(self) -> None:
        """导入花名册 (the button, and 文件 → 导入花名册… / Ctrl+I from any page)."""
        self._open(ImportDialog(self._ctx, self))

    def start_export(self) -> None:
        """导出花名册 (the button, and 文件 → 导出花名册… / Ctrl+E from any page)."""
        self._open(RosterExportDialog(self._ctx, self))

    def _on_import_button_clicked(self) -> None:
        self.start_import()

    def _on_export_button_clicked(self) -> None:
        self.start_export()

    def _open(self, dialog: QDialog) -> None:
        """Window-modal without blocking (open(), not exec()); the saved member is selected after."""
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog) -> None:
        saved = getattr(dialog, "saved", None)  # the member dialogs' saved row; imports have none
        if dialog.result() == QDialog.DialogCode.Accepted and isinstance(saved, MemberRow):
            self.select_member(saved.id)
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()
        self.table.setFocus()

    def _on_reveal_button_clicked(self) -> None:
        """One member's full ID and phone, only after the user confirms; hidden again on moving on."""
        member = self.selected_member()
        if member is None or not (member.id_number or member.phone):
            return
        if messages.confirm(
            self,
            "显示完整信息",
            f"将显示“{member.name}”的完整身份证号和手机号。\n请确认屏幕周围没有无关人员。",
            ok_text="显示",
        ):
            self.model.set_revealed(member.id)
