"""Mark a meeting's attendance in seconds, by keyboard alone or by mouse.

Everyone on the meeting's roll starts 出席; the secretary marks only the exceptions. In the table:
↑/↓ (or letters of a name's pinyin, e.g. zs for 张三) move, 1 出席, 2 请假, 3 缺席, 4 迟到, Enter
writes the reason. 请假 asks its reason in a line under the table (Enter stores, Esc cancels),
because the committee reads it and the service refuses leave without one. Every mark is stored at
once in its own transaction, and the figures line is the service's answer (mark returns them):
nothing here counts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError
from branchdesk.models import AttendanceStatus
from branchdesk.services import meetings, pinyin_search
from branchdesk.services.labels import ATTENDANCE_LABELS
from branchdesk.services.meetings import AttendanceEntry, AttendanceFigures

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.messages import error_text
from branchdesk.ui.tablemodels.attendance import AttendanceTableModel
from branchdesk.ui.tablemodels.base import ForegroundDelegate
from branchdesk.ui.widgets.field_errors import ERROR_STYLE
from branchdesk.ui.widgets.roll_table import KEY_OF, RollTable

HINT = "快捷键：1 出席　2 请假　3 缺席　4 迟到　Enter 填写原因　↑↓ 移动　打拼音首字母（如 zs）跳到该党员"
COMMON_REASONS = ("值班", "出差", "病假", "事假", "休假", "外出学习", "进修", "公务外出", "手术")
FIGURES_STYLE = "font-size: 15px; font-weight: bold; color: #212121;"
HINT_STYLE = "color: #616161;"


def figures_text(figures: AttendanceFigures) -> str:
    """应到 40 人　实到 36 人　请假 3 人　缺席 1 人　迟到 0 人　出席率 90.0%"""
    return (
        f"应到 {figures.due} 人　实到 {figures.present} 人　请假 {figures.leave} 人　"
        f"缺席 {figures.absent} 人　迟到 {figures.late} 人　出席率 {figures.rate_text}"
    )


def _label(name: str, style: str = "", text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setStyleSheet(style)
    return label


def _button(text: str, name: str) -> QPushButton:
    """A button for the mouse that leaves the keyboard focus in the table."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class AttendanceEditor(QWidget):
    """The roll of one stored meeting with its marks; `marked` carries the figures after each mark."""

    marked = Signal(object)  # AttendanceFigures

    def __init__(self, ctx: AppContext, meeting_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.meeting_id: int | None = None
        self.meeting: meetings.MeetingRow | None = None
        self.figures: AttendanceFigures | None = None
        self.dirty = False  # a mark was stored since the roll was loaded
        self._pending: tuple[int, AttendanceStatus] | None = None  # member and status awaiting a reason
        self._keys: list[str] = []
        self.setObjectName("attendanceEditor")
        self._build_ui()
        self._connect_signals()
        self.load(meeting_id)

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.figures_label = _label("attendanceFigures", FIGURES_STYLE)
        self.state_label = _label("attendanceState", HINT_STYLE)
        top = QHBoxLayout()
        top.addWidget(self.figures_label, 1)
        top.addWidget(self.state_label)

        self.model = AttendanceTableModel(self)
        self.table = RollTable()
        self.table.setObjectName("attendanceTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ForegroundDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in the rest of the form
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, width in enumerate((52, 110, 130, 64)):
            header.resizeSection(column, width)

        # Mouse help: the keys do the same; a click leaves the keyboard in the table.
        self.mark_buttons = {
            status: _button(
                f"{ATTENDANCE_LABELS[status]}（{KEY_OF[status]}）", f"attendanceMark_{status.value}"
            )
            for status in AttendanceStatus
        }
        self.reason_button = _button("填写原因（Enter）", "attendanceReasonButton")
        self.search_label = _label("attendanceSearch", HINT_STYLE)
        buttons = QHBoxLayout()
        for button in (*self.mark_buttons.values(), self.reason_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.search_label)

        self.reason_bar = QWidget()
        self.reason_bar.setObjectName("attendanceReasonBar")
        self.reason_label = _label("attendanceReasonLabel")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("attendanceReason")
        self.reason_edit.setMaxLength(100)
        self.reason_edit.setPlaceholderText("如 值班、出差、病假、外出学习")
        self.reasons = QStringListModel(list(COMMON_REASONS), self)
        self.reason_completer = QCompleter(self.reasons, self.reason_edit)
        self.reason_completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.reason_edit.setCompleter(self.reason_completer)
        self.reason_ok = _button("确定", "attendanceReasonOk")
        self.reason_cancel = _button("取消", "attendanceReasonCancel")
        bar = QHBoxLayout(self.reason_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.reason_label)
        bar.addWidget(self.reason_edit, 1)
        for widget in (self.reason_ok, self.reason_cancel, _label("", HINT_STYLE, "Enter 确定　Esc 取消")):
            bar.addWidget(widget)
        self.reason_bar.hide()
        self.reason_error = _label("attendanceReasonError", ERROR_STYLE)
        self.reason_error.hide()
        self.hint_label = _label("attendanceHint", HINT_STYLE, HINT)
        self.hint_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        for part in (self.reason_bar, self.reason_error, self.hint_label):
            layout.addWidget(part)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.table.mark_requested.connect(self.request_mark)
        self.table.reason_requested.connect(self._on_table_reason_requested)
        self.table.search_typed.connect(self._on_table_search_typed)
        self.table.customContextMenuRequested.connect(self._on_table_custom_context_menu_requested)
        for status, button in self.mark_buttons.items():
            button.clicked.connect(lambda _checked=False, s=status: self.request_mark(s))
        self.reason_button.clicked.connect(self._on_table_reason_requested)
        self.reason_ok.clicked.connect(self.confirm_reason)
        self.reason_cancel.clicked.connect(self.cancel_reason)
        self.reason_edit.installEventFilter(self)

    # --- data --------------------------------------------------------------------------------------

    def load(self, meeting_id: int | None) -> None:
        """Show the roll of a stored meeting (None: nothing to mark yet)."""
        self.meeting_id = meeting_id
        self.dirty = False
        self._hide_reason_bar()
        if meeting_id is None:
            self.meeting, self.figures = None, None
            self.model.set_rows([])
            self.figures_label.setText("会议保存后即可标记出席情况")
            self._update_enabled()
            return
        self.refresh()

    def refresh(self) -> None:
        """Re-read the meeting's roll and marks; keep the member the cursor was on."""
        if self.meeting_id is None:
            return
        current = self.current_entry()
        meeting_id = self.meeting_id
        self.meeting, entries = operations.read(
            self._ctx, lambda s: (meetings.get_meeting(s, meeting_id), meetings.attendance(s, meeting_id))
        )
        self.model.set_rows(entries)
        self._keys = [pinyin_search.search_key(e.name) for e in entries]
        used = {e.reason for e in entries if e.reason} - set(COMMON_REASONS)
        self.reasons.setStringList([*COMMON_REASONS, *sorted(used)])  # this meeting's own reasons too
        self._show_figures(self.meeting.figures)
        row = self.model.row_of(current.member_id) if current else -1
        self.select_row(max(row, 0))
        self._update_enabled()

    def _show_figures(self, figures: AttendanceFigures) -> None:
        self.figures = figures
        self.figures_label.setText(figures_text(figures))

    def _update_enabled(self) -> None:
        open_meeting = self.meeting is not None and not self.meeting.voided and self.model.rowCount() > 0
        for button in (*self.mark_buttons.values(), self.reason_button):
            button.setEnabled(open_meeting)
        if self.meeting is None:
            self.state_label.clear()
        elif self.meeting.voided:
            self.state_label.setText("该会议已作废，出席情况只能查看")
        elif self.model.rowCount() == 0:
            self.state_label.setText("应到名单为空：会议当天没有在册党员")
        else:
            self.state_label.setText("标记后即时保存")

    # --- selection ---------------------------------------------------------------------------------

    def current_entry(self) -> AttendanceEntry | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 1)
            self.table.setCurrentIndex(index)
            self.table.selectRow(row)
            self.table.scrollTo(index)

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_table_search_typed(self, letters: str) -> None:
        """Jump to the member whose pinyin starts with the letters (initials first, then full pinyin)."""
        current = self.table.currentIndex().row()
        tiers: list[list[int]] = [[], [], []]
        for row, key in enumerate(self._keys):
            initials, full, _name = [*key.split("|"), "", ""][:3]
            if initials.startswith(letters):
                tiers[0].append(row)
            elif full.startswith(letters):
                tiers[1].append(row)
            elif pinyin_search.matches(key, letters):
                tiers[2].append(row)
        found = next((tier for tier in tiers if tier), [])
        if not found:
            self.search_label.setText(f"查找 {letters}：没有这位党员")
            return
        # One letter typed again moves on to the next member with that initial.
        later = [r for r in found if r > current] if len(letters) == 1 and current in found else []
        row = (later or found)[0]
        self.select_row(row)
        self.search_label.setText(f"查找 {letters} → {self.model.row_at(row).name}")

    def _on_table_custom_context_menu_requested(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid() or not self.reason_button.isEnabled():
            return
        self.select_row(index.row())
        menu = QMenu(self)
        for status, button in self.mark_buttons.items():
            menu.addAction(button.text()).triggered.connect(lambda _c=False, s=status: self.request_mark(s))
        menu.addSeparator()
        menu.addAction("填写原因…（Enter）").triggered.connect(self._on_table_reason_requested)
        menu.exec(self.table.viewport().mapToGlobal(position))

    # --- marking -----------------------------------------------------------------------------------

    def request_mark(self, status: AttendanceStatus) -> None:
        """请假 asks its reason first; the other marks are stored at once (a same mark keeps its reason)."""
        entry = self.current_entry()
        if entry is None or not self.reason_button.isEnabled():
            return
        if status is AttendanceStatus.LEAVE:
            self._ask_reason(entry, status)
            return
        self._hide_reason_bar()
        reason = entry.reason if status is entry.status else ""
        self.store(entry.member_id, status, reason)
        self.focus_table()

    def _on_table_reason_requested(self) -> None:
        entry = self.current_entry()
        if entry is None or not self.reason_button.isEnabled():
            return
        if entry.status is AttendanceStatus.PRESENT:
            self.search_label.setText(f"{entry.name}为出席，无需原因；请假请按 2")
            return
        self._ask_reason(entry, entry.status)

    def _ask_reason(self, entry: AttendanceEntry, status: AttendanceStatus) -> None:
        self._pending = (entry.member_id, status)
        self.reason_label.setText(f"{entry.name}　{ATTENDANCE_LABELS[status]}原因：")
        self.reason_edit.setText(entry.reason)
        self.reason_error.hide()
        self.reason_bar.show()
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reason_edit.selectAll()

    def confirm_reason(self) -> None:
        """Store the pending mark with the typed reason; a refusal stays in the bar, in red."""
        if self._pending is None:
            return
        member_id, status = self._pending
        if self.store(member_id, status, self.reason_edit.text(), inline=True) is not None:
            self._hide_reason_bar()
            self.focus_table()

    def cancel_reason(self) -> None:
        self._hide_reason_bar()
        self.focus_table()

    def _hide_reason_bar(self) -> None:
        self._pending = None
        self.reason_bar.hide()
        self.reason_error.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter and Esc in the reason line answer the line, not the dialog around the editor."""
        if (
            watched is self.reason_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.confirm_reason()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.cancel_reason()
                return True
        return super().eventFilter(watched, event)

    def store(
        self, member_id: int, status: AttendanceStatus, reason: str, *, inline: bool = False
    ) -> AttendanceFigures | None:
        """One mark, one transaction; the figures line shows what the service counted."""
        meeting_id = self.meeting_id
        if meeting_id is None:
            return None

        def action(session: Any) -> AttendanceFigures:
            return meetings.mark(session, meeting_id, member_id, status, reason=reason)

        if inline:
            figures = operations.run_keeping_open(self, self._ctx, action, self._show_reason_error)
        else:
            figures = operations.run_action(self, self._ctx, action)
        if figures is None:
            return None
        row = self.model.row_of(member_id)
        if row >= 0:
            entry = self.model.set_mark(row, status, reason)
            self.search_label.setText(f"{entry.name}：{entry.status_label}（已保存）")
        self.dirty = True
        self._show_figures(figures)
        self.marked.emit(figures)
        return figures

    def _show_reason_error(self, error: BranchDeskError) -> None:
        self.reason_error.setText(error_text(error))
        self.reason_error.show()
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
