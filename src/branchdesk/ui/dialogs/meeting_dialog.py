"""New or edit one meeting: a type chooser first, then the form in three tabs that fit 1366x768.

基本信息 and 会议内容 are the MeetingForm (saved with 保存); 出席情况 is the AttendanceEditor, whose
marks are stored one by one as they are made. A new meeting has no roll yet: its 出席情况 tab
offers 保存会议，开始标记出席 (one key), which saves it, keeps the dialog open and shows the roll.
The service validates; a refusal keeps the dialog open with the reason in red and the named field
focused (on whichever tab it lives).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.models import MeetingType
from branchdesk.services import groups, meetings, roster, volunteer_links
from branchdesk.services.labels import MEETING_TYPE_LABELS
from branchdesk.services.meetings import MeetingInput, MeetingRow
from branchdesk.services.volunteer import EventRow
from branchdesk.services.volunteer_rules import hours_text

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.meeting_form import MeetingForm
from branchdesk.ui.tablemodels.volunteer import date_with_weekday
from branchdesk.ui.widgets.attendance_editor import AttendanceEditor
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error

BASIC_TAB, ATTENDANCE_TAB, CONTENT_TAB = 0, 1, 2
BANNER_STYLE = "color: #b45309; font-weight: bold;"


def linked_event_text(event: EventRow) -> str:
    """One volunteer event held as the theme day, as its form lists it."""
    voided = "（已作废）" if event.voided else ""
    return (
        f"{date_with_weekday(event.held_on)} {event.kind_name}“{event.title}”{voided}："
        f"{event.participants} 人参加，共 {hours_text(event.total_minutes)}"
    )


class MeetingTypeChooser(QDialog):
    """Which kind of meeting to record: ↑/↓ and Enter, or its number (1-6) at once."""

    def __init__(self, initial: MeetingType = MeetingType.THEME_DAY, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen: MeetingType | None = None
        self.setObjectName("meetingTypeChooser")
        self.setWindowTitle("新建会议记录")
        self.list = QListWidget()
        self.list.setObjectName("meetingTypeList")
        for number, (meeting_type, label) in enumerate(MEETING_TYPE_LABELS.items(), start=1):
            item = QListWidgetItem(f"{number}　{label}")
            item.setData(Qt.ItemDataRole.UserRole, meeting_type)
            self.list.addItem(item)
            if meeting_type is initial:
                self.list.setCurrentItem(item)
        row_height = self.list.sizeHintForRow(0)
        self.list.setFixedHeight(row_height * self.list.count() + 8)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("下一步", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("meetingTypeOk")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择会议类型（按数字键或 ↑↓ 后回车）："))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.setMinimumWidth(320)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.installEventFilter(self)
        self.list.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            number = event.key() - int(Qt.Key.Key_0)
            if 1 <= number <= self.list.count():
                self.list.setCurrentRow(number - 1)
                self.accept()
                return True
        return super().eventFilter(watched, event)

    def _on_list_item_activated(self, _item: QListWidgetItem) -> None:
        self.accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = MeetingType(item.data(Qt.ItemDataRole.UserRole))
        super().accept()


class MeetingDialog(QDialog):
    """新建 (meeting_id None, filled from `template`) or 编辑 a meeting; `saved` is the row written."""

    def __init__(
        self,
        ctx: AppContext,
        meeting_id: int | None = None,
        *,
        template: MeetingInput | None = None,
        tab: int = BASIC_TAB,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.saved: MeetingRow | None = None
        self._changed = False  # saved or marked: the pages showing meetings must reload
        self._row, members, group_choices, template, linked = operations.read(
            ctx, self._load(meeting_id, template)
        )
        self.form = MeetingForm(members, group_choices, self)
        self.setObjectName("meetingDialog")
        self._build_ui()
        self._connect_signals()
        data = self._row.to_input() if self._row else template
        roll = self._row.figures.due if self._row else 0
        self.form.fill(data, group_name=self._row.group_name if self._row else "", roll_size=roll)
        self.form.set_linked_events([linked_event_text(e) for e in linked])
        self._baseline = self._form_snapshot()  # what Esc may throw away without asking
        self._show_state()
        self.tabs.setCurrentIndex(tab)
        self._focus_tab(tab)

    def _load(self, meeting_id: int | None, template: MeetingInput | None) -> Any:
        branch_id = self._ctx.branch_id

        def query(session: Any) -> tuple[Any, list[tuple[int, str]], list[tuple[int, str]], Any, Any]:
            row = meetings.get_meeting(session, meeting_id) if meeting_id is not None else None
            linked = volunteer_links.events_for_meeting(session, row.id) if row is not None else []
            data = template
            if row is None and data is None:
                data = meetings.template_for(session, branch_id, MeetingType.THEME_DAY, on=dt.date.today())
            members = [(m.id, m.name) for m in roster.list_members(session, branch_id)]
            group_rows = [(g.id, g.name) for g in groups.list_groups(session, branch_id)]
            return row, members, group_rows, data, linked

        return query

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("meetingBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.editor = AttendanceEditor(self._ctx, self._row.id if self._row else None)
        self.save_and_mark_button = QPushButton("保存会议，开始标记出席(&M)")
        self.save_and_mark_button.setObjectName("meetingSaveAndMark")
        waiting = QWidget()
        waiting_layout = QVBoxLayout(waiting)
        note = QLabel(
            "应到名单按会议日期的在册党员（党小组会为该小组）生成，会议保存后即可标记。\n"
            "所有人默认出席，只需标记请假、缺席和迟到的党员。"
        )
        note.setWordWrap(True)
        waiting_layout.addStretch(1)
        waiting_layout.addWidget(note)
        waiting_layout.addWidget(self.save_and_mark_button, 0, Qt.AlignmentFlag.AlignLeft)
        waiting_layout.addStretch(2)
        self.attendance_stack = QStackedWidget()
        self.attendance_stack.setObjectName("meetingAttendanceStack")
        self.attendance_stack.addWidget(waiting)
        self.attendance_stack.addWidget(self.editor)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingTabs")
        self.tabs.addTab(self.form.basic_page, "基本信息(&J)")
        self.tabs.addTab(self.attendance_stack, "出席情况(&C)")
        self.tabs.addTab(self.form.content_page, "会议内容(&G)")
        self.error_label = error_label("meetingError")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("meetingSave")
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("meetingCancel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        # Only once the button is inside the dialog does it become the dialog's main default, which
        # Enter clicks whenever no other button has the focus (save_and_mark takes it while focused).
        self.save_button.setDefault(True)
        self.setMinimumSize(820, 560)
        self.resize(940, 660)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_and_mark_button.clicked.connect(self._on_save_and_mark_button_clicked)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def _show_state(self) -> None:
        """Title, banner and what can still change, for a new, open, planned or voided meeting."""
        row = self._row
        label = MEETING_TYPE_LABELS[self.form.meeting_type()]
        if row is None:
            self.setWindowTitle(f"新建{label}")
        else:
            self.setWindowTitle(f"编辑会议记录 — {row.held_on:%Y-%m-%d} {row.type_label}")
        self.attendance_stack.setCurrentIndex(0 if row is None else 1)
        if row is not None and row.voided:
            reason = f"，原因：{row.void_reason}" if row.void_reason else ""
            self.banner.setText(f"该会议已于 {row.voided_on:%Y-%m-%d} 作废{reason}。记录只能查看，不能修改。")
            self.banner.show()
            self.setWindowTitle(f"查看已作废的会议 — {row.held_on:%Y-%m-%d} {row.type_label}")
            self.form.basic_page.setEnabled(False)
            self.form.content_page.setEnabled(False)
            self.save_button.hide()
            self.cancel_button.setText("关闭")

    def showEvent(self, event: QShowEvent) -> None:
        """QDialog focuses its focus widget as if tabbed into (selecting all of it) after the show;
        place the cursor afterwards instead."""
        super().showEvent(event)
        QTimer.singleShot(0, lambda: self._focus_tab(self.tabs.currentIndex()))

    def _on_tabs_current_changed(self, index: int) -> None:
        self._focus_tab(index)

    def _focus_tab(self, index: int) -> None:
        """Each tab opens with the keyboard where the work is."""
        if index == ATTENDANCE_TAB:
            if self.attendance_stack.currentIndex() == 1:
                self.editor.focus_table()
            else:
                self.save_and_mark_button.setFocus()
        elif index == BASIC_TAB:
            self._focus_theme()
        else:
            self.form.content_edit.setFocus()

    def _focus_theme(self) -> None:
        """The cursor on what changes from meeting to meeting: the words after 主题党日：, if any."""
        edit = self.form.theme_edit
        if not edit.isEnabled():  # a voided meeting is only looked at
            return
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        text = edit.text()
        start = text.find("：") + 1
        edit.setSelection(start, len(text) - start) if start < len(text) else edit.end(False)

    # --- saving ------------------------------------------------------------------------------------

    def _save(self) -> MeetingRow | None:
        """Create or update through the service; None (dialog open, field shown) on a refusal."""
        clear_field_errors(self.error_label, self.form.fields)
        try:
            data = self.form.meeting_input()
        except ValidationError as exc:
            self.show_error(exc)
            return None
        row = self._row

        def save(session: Any) -> MeetingRow:
            if row is None:
                return meetings.create_meeting(session, self._ctx.branch_id, data)
            return meetings.update_meeting(session, row.id, data)

        saved = operations.run_keeping_open(self, self._ctx, save, self.show_error)
        if saved is not None:
            self._row = self.saved = saved
            self._changed = True
            self._baseline = self._form_snapshot()
        return saved

    def accept(self) -> None:
        if self._row is not None and self._row.voided:
            return
        if self._save() is not None:
            super().accept()

    def _form_snapshot(self) -> object:
        """The form's current input, or None when it does not read (a half-typed date)."""
        try:
            return self.form.meeting_input()
        except ValidationError:
            return None

    def reject(self) -> None:
        """Esc or 取消: unsaved edits to the form are not thrown away without asking
        (attendance marks are already saved one by one)."""
        editable = self._row is None or not self._row.voided
        changed = editable and self._form_snapshot() != self._baseline
        if not messages.keep_editing(
            self, changed, "会议信息有未保存的修改，关闭后将丢失。确定不保存就关闭吗？"
        ):
            super().reject()

    def _on_save_and_mark_button_clicked(self) -> None:
        """Save the new meeting, stay open and show its roll, everyone 出席, ready for the keys."""
        saved = self._save()
        if saved is None:
            return
        self.editor.load(saved.id)
        self._show_state()
        self.tabs.setCurrentIndex(ATTENDANCE_TAB)
        self._focus_tab(ATTENDANCE_TAB)

    def done(self, result: int) -> None:
        """However the dialog closes, pages showing meetings reload once if anything was stored."""
        if self._changed or self.editor.dirty:
            self._changed = False
            self.editor.dirty = False
            self._ctx.events.meetings_changed.emit()
        super().done(result)

    def show_error(self, error: BranchDeskError) -> None:
        """The refusal in red under the tabs; the named field's tab opened and the field focused."""
        widget = self.form.fields.get(error.field or "")
        if widget is not None:
            for index in (BASIC_TAB, CONTENT_TAB):
                page = self.tabs.widget(index)
                if page is not None and page.isAncestorOf(widget):
                    self.tabs.setCurrentIndex(index)
        show_field_error(self.error_label, self.form.fields, error)
