"""组织生活: the branch's meetings by month and type, with the actions a secretary takes on one.

新建 (Ctrl+N) asks the type, then opens the form filled from last time's meeting of that type
(meetings.template_for). A meeting is voided with a reason, never deleted. 签到表 and 会议记录 (print
preview, print, PDF, Word) are meeting_documents' menus on two buttons.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
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

from branchdesk.models import MeetingType
from branchdesk.services import meetings, volunteer_links
from branchdesk.services.labels import MEETING_TYPE_LABELS
from branchdesk.services.meetings import MeetingRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.meeting_dialog import ATTENDANCE_TAB, BASIC_TAB, MeetingDialog, MeetingTypeChooser
from branchdesk.ui.pages.meeting_documents import RECORD, SHEET, MeetingDocuments
from branchdesk.ui.tablemodels.base import ForegroundDelegate, fmt_date
from branchdesk.ui.tablemodels.meetings import THEME_COLUMN, MeetingTableModel
from branchdesk.ui.widgets.form_fields import fit_combo, named
from branchdesk.ui.widgets.row_selection import (
    focus_search,
    list_table,
    select_first,
    select_row_by_id,
    selected_row,
)

OK_STYLE = "color: #1b5e20;"
COLUMN_WIDTHS = (100, 140, 100, 0, 150, 72, 50, 50, 50, 50, 66)  # fits 1186 px, the page beside the sidebar


class MeetingsPage(QWidget):
    """Meetings of the current branch for a month (or year) and type, newest first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.active_dialog: QDialog | None = None
        self._last_type = MeetingType.THEME_DAY
        self._linked: dict[int, int] = {}  # theme day id -> open volunteer events held as it
        self.setObjectName("meetingsPage")
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.add_button = named(QPushButton("新建(&N)"), "meetingsAdd", "新建会议记录（Ctrl+N）")
        self.edit_button = named(QPushButton("编辑(&E)"), "meetingsEdit", "编辑选中的会议（回车或双击）")
        self.attendance_button = named(
            QPushButton("标记出席(&A)"), "meetingsAttendance", "标记请假、缺席、迟到的党员"
        )
        self.void_button = named(
            QPushButton("作废(&D)"), "meetingsVoid", "作废录错的会议：不再计入统计，记录仍保留"
        )
        self.sign_in_button = named(QPushButton("签到表(&P)"), "meetingsSignIn", "打印签到表或保存为 PDF")
        self.record_button = named(
            QPushButton("会议记录(&R)"), "meetingsRecord", "导出 Word 会议记录，或打印"
        )
        self.volunteer_button = named(
            QPushButton("志愿服务(&Y)"),
            "meetingsVolunteer",
            "主题党日开展的志愿服务活动：关联、取消关联或新建",
        )
        self.documents = MeetingDocuments(self._ctx, self, self.selected_meeting)
        self.print_actions = {  # "sheet_preview" ... "record_docx", as in meeting_documents.PRINTING
            **self.documents.add_menu(SHEET, self.sign_in_button),
            **self.documents.add_menu(RECORD, self.record_button),
        }
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.attendance_button, self.void_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        actions.addWidget(self.sign_in_button)
        actions.addWidget(self.record_button)
        actions.addWidget(self.volunteer_button)
        actions.addStretch(1)

        today = dt.date.today()
        self.year_combo = named(QComboBox(), "meetingsYear", "年份")
        for year in range(today.year + 1, today.year - 10, -1):
            self.year_combo.addItem(f"{year}年", year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(today.year))
        self.month_combo = named(QComboBox(), "meetingsMonth", "月份，或全年")
        self.month_combo.addItem("全年", None)
        for month in range(1, 13):
            self.month_combo.addItem(f"{month}月", month)
        self.month_combo.setCurrentIndex(self.month_combo.findData(today.month))
        self.type_combo = named(QComboBox(), "meetingsType", "按会议类型筛选")
        self.type_combo.addItem("全部类型", None)
        for meeting_type, label in MEETING_TYPE_LABELS.items():
            self.type_combo.addItem(label, meeting_type)
        self.search_edit = named(
            QLineEdit(), "meetingsSearch", "按主题、地点、主持人或会议内容查找（Ctrl+F）"
        )
        self.search_edit.setPlaceholderText("查找主题、地点、主持人、内容")
        self.search_edit.setClearButtonEnabled(True)
        search_label = QLabel("查找(&S)：")
        search_label.setBuddy(self.search_edit)
        self.voided_check = named(QCheckBox("显示已作废(&V)"), "meetingsShowVoided")
        self.count_label = named(QLabel(), "meetingsCount")
        self.count_label.setStyleSheet("font-weight: bold;")
        filters = QHBoxLayout()
        for combo in (self.year_combo, self.month_combo, self.type_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            fit_combo(combo)
            filters.addWidget(combo)
        filters.addSpacing(8)
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.voided_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.model = MeetingTableModel(self)
        self.table, self.proxy = list_table(
            self, self.model, "meetingsTable", ForegroundDelegate, Qt.SortOrder.DescendingOrder
        )
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(THEME_COLUMN, QHeaderView.ResizeMode.Stretch)  # the rest is fixed
        self.status_label = named(QLabel(), "meetingsStatus")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)

        page = Qt.ShortcutContext.WindowShortcut  # active only while this page is the one shown
        self.add_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, context=page)
        self.find_shortcut = QShortcut(QKeySequence("Ctrl+F"), self, context=page)
        table_only = Qt.ShortcutContext.WidgetShortcut
        self.edit_shortcuts = [
            QShortcut(QKeySequence(key), self.table, context=table_only)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ]

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.add_shortcut.activated.connect(self._on_add_button_clicked)
        self.find_shortcut.activated.connect(self._on_find_shortcut_activated)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        for shortcut in self.edit_shortcuts:
            shortcut.activated.connect(self._on_edit_button_clicked)
        self.table.doubleClicked.connect(self._on_edit_button_clicked)
        self.attendance_button.clicked.connect(self._on_attendance_button_clicked)
        self.void_button.clicked.connect(self._on_void_button_clicked)
        self.volunteer_button.clicked.connect(self._on_volunteer_button_clicked)
        self.documents.said.connect(self._say)
        for combo in (self.year_combo, self.month_combo, self.type_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._on_filter_changed)
        self.voided_check.toggled.connect(self._on_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        events = self._ctx.events
        for signal in (events.members_changed, events.groups_changed, events.database_replaced):
            signal.connect(self.refresh)
        events.meetings_changed.connect(self.refresh)
        events.volunteer_changed.connect(self.refresh)
        events.branch_changed.connect(self._on_events_branch_changed)

    # --- data --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the meetings the filters ask for; keep the selected one selected."""
        selected = self.selected_meeting()
        branch_id = self._ctx.branch_id
        year, month = self.year_combo.currentData(), self.month_combo.currentData()
        type_data = self.type_combo.currentData()
        kind = MeetingType(type_data) if type_data is not None else None
        search, voided = self.search_edit.text(), self.voided_check.isChecked()
        rows, self._linked = operations.read(
            self._ctx,
            lambda s: (
                meetings.list_meetings(
                    s, branch_id, year=year, month=month, type=kind, search=search, include_voided=voided
                ),
                volunteer_links.linked_counts(s, branch_id),
            ),
        )
        self.model.set_rows(rows)
        if selected is None or not self.select_meeting(selected.id):
            self._select_first()
        period = f"{year}年" + (f"{month}月" if month else "全年")
        if rows:
            self.count_label.setText(f"{period}共 {len(rows)} 次")
        else:
            self.count_label.setText(f"{period}没有会议记录，按 Ctrl+N 新建")

    def _on_filter_changed(self, *_args: object) -> None:
        self.refresh()

    def _on_events_branch_changed(self, _branch_id: int) -> None:
        self.search_edit.clear()  # refreshes

    def _on_find_shortcut_activated(self) -> None:
        focus_search(self.search_edit)

    # --- selection ---------------------------------------------------------------------------------

    def selected_meeting(self) -> MeetingRow | None:
        return selected_row(self.table, MeetingRow)

    def select_meeting(self, meeting_id: int) -> bool:
        found = select_row_by_id(self.table, meeting_id, THEME_COLUMN)
        if found:
            self._update_buttons()
        return found

    def _select_first(self) -> None:
        """The newest meeting, so Enter opens it straight away; nothing when the list is empty."""
        select_first(self.table, THEME_COLUMN)
        self._update_buttons()

    def _on_table_selection_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected_meeting()
        for button in (self.edit_button, self.attendance_button, self.record_button):
            button.setEnabled(row is not None)
        open_row = row is not None and not row.voided
        self.void_button.setEnabled(open_row)
        self.sign_in_button.setEnabled(open_row)
        self.edit_button.setText("查看(&E)" if row is not None and row.voided else "编辑(&E)")
        theme_day = row is not None and row.type is MeetingType.THEME_DAY
        self.volunteer_button.setEnabled(theme_day)
        linked = self._linked.get(row.id, 0) if row is not None and theme_day else 0
        self.volunteer_button.setText(f"志愿服务（已关联 {linked} 项）(&Y)" if linked else "志愿服务(&Y)")

    # --- new, edit, void ---------------------------------------------------------------------------

    def _default_day(self) -> dt.date:
        """Today; while another month (or year) is shown, the same day of that month."""
        today = dt.date.today()
        year, month = self.year_combo.currentData(), self.month_combo.currentData() or today.month
        if (year, month) == (today.year, today.month):
            return today
        return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))

    def _on_add_button_clicked(self) -> None:
        type_data = self.type_combo.currentData()
        initial = MeetingType(type_data) if type_data is not None else self._last_type
        chooser = MeetingTypeChooser(initial, self)
        self._open(chooser, lambda: self._on_type_chosen(chooser))

    def _on_type_chosen(self, chooser: MeetingTypeChooser) -> None:
        if chooser.chosen is not None:
            self.start_new_meeting(chooser.chosen)

    def start_new_meeting(
        self, kind: MeetingType | str, group_id: int | None = None, *, on: dt.date | None = None
    ) -> None:
        """The new-meeting form for `kind` (and a group's 党小组会) on `on` (default: today, or that
        day of the month shown), filled from last time's meeting of the kind."""
        kind = MeetingType(kind)
        self._last_type = kind
        branch_id, day = self._ctx.branch_id, on or self._default_day()
        template = operations.read(self._ctx, lambda s: meetings.template_for(s, branch_id, kind, on=day))
        if group_id is not None:
            template = replace(template, group_id=group_id)
        self._open(MeetingDialog(self._ctx, template=template, parent=self))

    def _on_edit_button_clicked(self, *_args: object) -> None:
        self._edit(BASIC_TAB)

    def _on_attendance_button_clicked(self) -> None:
        self._edit(ATTENDANCE_TAB)

    def _edit(self, tab: int) -> None:
        row = self.selected_meeting()
        if row is not None:
            self._open(MeetingDialog(self._ctx, row.id, tab=tab, parent=self))

    def _open(self, dialog: QDialog, after: Callable[[], None] | None = None) -> None:
        """Window-modal without blocking (open(), not exec()); the saved meeting is selected after."""
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog, after))
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog, after: Callable[[], None] | None) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        saved = getattr(dialog, "saved", None)
        if isinstance(saved, MeetingRow) and not self.select_meeting(saved.id):
            self._say(f"已保存 {fmt_date(saved.held_on)} 的{saved.type_label}（不在当前筛选范围内）")
        dialog.deleteLater()
        self.table.setFocus()
        if after is not None and dialog.result() == QDialog.DialogCode.Accepted:
            after()

    def _on_volunteer_button_clicked(self) -> None:
        """The volunteer events held as this theme day (the link's meeting side)."""
        from branchdesk.ui.dialogs.volunteer_link_dialog import VolunteerLinkDialog

        row = self.selected_meeting()
        if row is not None and row.type is MeetingType.THEME_DAY:
            self._open(VolunteerLinkDialog(self._ctx, row, parent=self))

    def _on_void_button_clicked(self) -> None:
        """Void after a confirmation and with a reason; the record stays in the database."""
        row = self.selected_meeting()
        if row is None or row.voided:
            return
        title = f"{fmt_date(row.held_on)} {row.type_label}“{row.theme}”"
        if not messages.confirm(
            self,
            "作废会议",
            f"要作废{title}吗？\n\n作废后不再计入出席统计和自查，但记录仍保存在数据库中，"
            "勾选“显示已作废”可以查看。",
            ok_text="作废",
        ):
            return
        reason, ok = QInputDialog.getText(self, "作废原因", "作废原因（必填，如：重复录入、日期录错）：")
        if not ok:
            return
        meeting_id, today = row.id, dt.date.today()

        def void(session: Any) -> bool:
            meetings.void_meeting(session, meeting_id, on=today, reason=reason)
            return True

        if operations.run_action(self, self._ctx, void):
            self._say(f"已作废{title}，记录仍保留，勾选“显示已作废”可查看。")
            self._ctx.events.meetings_changed.emit()

    def _say(self, text: str, ok: bool = False) -> None:
        """A line under the table for what just happened; no box to click away."""
        self.status_label.setText(text)
        self.status_label.setStyleSheet(OK_STYLE if ok else "")
