"""New or edit one volunteer event in three tabs that fit 1366x768: 基本信息, 参加人员, 服务记录.

The event is saved with its participants as one whole (保存, Alt+S or Ctrl+Enter; Enter in a field of
基本信息 moves on instead). A refusal keeps the dialog open with the reason in red, the named field's
tab opened and the field (or the participant's row, or the search for a first person) focused; the
red line goes as soon as what it named is changed. A participant's hours are checked as the cell is
left. A new event starts with no kind and no place; choosing the kind takes the times of the
branch's last event of that kind. Esc asks before throwing away edits. A voided event only shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.services import volunteer, volunteer_links, volunteer_lists
from branchdesk.services.roll import roll_on
from branchdesk.services.volunteer import EventDetail
from branchdesk.services.volunteer_rules import VolunteerEventInput

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.meeting_form import format_time
from branchdesk.ui.dialogs.messages import error_text
from branchdesk.ui.dialogs.partner_dialog import PartnerDialog
from branchdesk.ui.dialogs.volunteer_form import VolunteerForm
from branchdesk.ui.dialogs.volunteer_participants import ParticipantsEditor
from branchdesk.ui.tablemodels.volunteer import HOURS_COLUMN
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error

BASIC_TAB, PEOPLE_TAB, RECORD_TAB = 0, 1, 2
BANNER_STYLE = "color: #b45309; font-weight: bold;"
# A refusal about one of these is stale once any of them changes (a start fixed for an end's message).
RELATED_FIELDS = (
    frozenset({"日期", "开始时间", "结束时间"}),
    frozenset({"参加人员", "服务时长"}),
)


def _change_signal(widget: QWidget) -> Any:
    """The signal a user's edit of `widget` emits (None for a widget that is not edited)."""
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    return None


class VolunteerDialog(QDialog):
    """新建 (event_id None, filled from `template`) or 编辑 an event; `saved` is the event written."""

    def __init__(
        self,
        ctx: AppContext,
        event_id: int | None = None,
        *,
        template: VolunteerEventInput | None = None,
        partner_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.saved: EventDetail | None = None
        self._detail: EventDetail | None = None
        self._roll_day: dt.date | None = None
        self._error_field: str | None = None  # what the red line names, while it is shown
        self._usual_times: dict[int, tuple[dt.time, dt.time]] = {}
        self._auto_times: tuple[str, str] | None = None  # the times as filled, until the user edits them
        self.setObjectName("volunteerDialog")
        self.form = VolunteerForm(self)
        self.participants = ParticipantsEditor()
        self._build_ui()
        data = self._load(event_id, template)
        self.form.fill(data)
        self._reload_for_date(data.meeting_id)
        self.participants.set_length(self.form.length())
        if self._detail is not None:
            self.participants.set_rows(self._detail.participants)
        else:
            self._add_template_people(data)
        self._show_partner_hint(partner_text)
        if self._detail is None and template is None:
            self._auto_times = (self.form.start_edit.text(), self.form.end_edit.text())
        self._connect_signals()
        self._baseline = self._snapshot()
        self._show_state()

    def _load(self, event_id: int | None, template: VolunteerEventInput | None) -> VolunteerEventInput:
        branch_id = self._ctx.branch_id

        def query(session: Any) -> tuple[Any, ...]:
            detail = volunteer.get_event(session, event_id) if event_id is not None else None
            data = detail.to_input() if detail else template
            usual: dict[int, Any] = {}
            if data is None:
                data = volunteer.template_like_last(session, branch_id, on=dt.date.today())
                usual = volunteer.usual_times(session, branch_id)
            kinds = volunteer_lists.list_kinds(session, include_archived=True)
            partners = volunteer_lists.list_partners(session, include_archived=True)
            return detail, data, kinds, partners, usual

        self._detail, data, kinds, partners, self._usual_times = operations.read(self._ctx, query)
        self.form.set_kinds(kinds, data.kind_id)
        self.form.set_partners(partners, data.partner_unit_id)
        return data  # type: ignore[no-any-return]

    def _add_template_people(self, data: VolunteerEventInput) -> None:
        """A form from a theme day arrives with who came; they are offered as participants already."""
        people = [p.member_id for p in data.participants if p.member_id is not None]
        for member_id in people:
            self.participants.add_member(member_id)
        if people:
            self.participants.message.setText(
                f"已按主题党日的出席名单添加 {len(people)} 名党员（请假、缺席的未添加），请核对。"
            )

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("volunteerBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("volunteerTabs")
        self.tabs.addTab(self.form.basic_page, "基本信息(&J)")
        self.tabs.addTab(self.participants, "参加人员(&C)")
        self.tabs.addTab(self.form.record_page, "服务记录(&G)")
        self.error_label = error_label("volunteerError")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("volunteerSave")
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("volunteerCancel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)
        self.fields = dict(self.form.fields)
        self.fields["参加人员"] = self.fields["服务时长"] = self.participants.table
        self.save_shortcuts = [
            QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            for key in ("Ctrl+Return", "Ctrl+Enter")
        ]
        self.setMinimumSize(860, 580)
        self.resize(980, 680)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.length_changed.connect(self.participants.set_length)
        self.form.date_changed.connect(self._on_form_date_changed)
        self.form.partner_add.clicked.connect(self._on_partner_add_clicked)
        self.tabs.currentChanged.connect(self._focus_tab)
        for shortcut in self.save_shortcuts:
            shortcut.activated.connect(self.accept)
        self.participants.refused.connect(self._on_participants_refused)
        self.participants.changed.connect(lambda: self._on_field_changed("参加人员"))
        for name, widget in self.form.fields.items():
            signal = _change_signal(widget)
            if signal is not None:
                signal.connect(lambda *_args, field=name: self._on_field_changed(field))
        self.form.kind_combo.currentIndexChanged.connect(self._on_kind_changed)

    def _show_state(self) -> None:
        row = self._detail.row if self._detail else None
        if row is None:
            self.setWindowTitle("新建志愿服务活动")
        else:
            self.setWindowTitle(f"编辑志愿服务活动 — {row.held_on:%Y-%m-%d} {row.title}")
        if row is not None and row.voided:
            reason = f"，原因：{row.void_reason}" if row.void_reason else ""
            self.banner.setText(f"该活动已于 {row.voided_on:%Y-%m-%d} 作废{reason}。记录只能查看，不能修改。")
            self.banner.show()
            self.setWindowTitle(f"查看已作废的活动 — {row.held_on:%Y-%m-%d} {row.title}")
            for page in (self.form.basic_page, self.participants, self.form.record_page):
                page.setEnabled(False)
            self.save_button.hide()
            self.cancel_button.setText("关闭")

    # --- the date's roll and theme days -----------------------------------------------------------------

    def _reload_for_date(self, meeting_id: int | None) -> None:
        """Members on the roll that day and the branch's theme days near it; the link is kept."""
        day = self.form.day()
        if day is None or day == self._roll_day:
            return
        self._roll_day = day
        branch_id = self._ctx.branch_id
        roll, near = operations.read(
            self._ctx,
            lambda s: (roll_on(s, branch_id, day), volunteer_links.theme_days_near(s, branch_id, day)),
        )
        self.participants.set_roll(roll, f"{day.month}月{day.day}日")
        label = self._detail.row.meeting_label if self._detail else ""
        self.form.set_theme_days(near, meeting_id, label, volunteer_links.none_near_text(day))

    def _on_form_date_changed(self) -> None:
        self._reload_for_date(self.form.meeting_combo.currentData())

    def _show_partner_hint(self, text: str) -> None:
        if text:
            self.form.partner_hint.setText(
                f"主题党日登记的共建单位“{text}”不在共建单位列表中，可点“新增单位…”加入。"
            )
            self.form.partner_hint.show()
            self._pending_partner = text
        else:
            self._pending_partner = ""

    def _on_partner_add_clicked(self) -> None:
        dialog = PartnerDialog(self._ctx, name=self._pending_partner, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            partners = operations.read(
                self._ctx, lambda s: volunteer_lists.list_partners(s, include_archived=True)
            )
            self.form.set_partners(partners, dialog.saved.id)
            self.form.partner_hint.hide()

    def _on_kind_changed(self, _index: int) -> None:
        """A new event's kind chosen: the times of the branch's last event of that kind, unless the
        user has typed times already."""
        form = self.form
        if self._auto_times != (form.start_edit.text(), form.end_edit.text()):
            self._auto_times = None
        usual = self._usual_times.get(form.kind_combo.currentData())
        if self._auto_times is None or usual is None:
            return
        form.start_edit.setText(format_time(usual[0]))
        form.end_edit.setText(format_time(usual[1]))
        self._auto_times = (form.start_edit.text(), form.end_edit.text())

    # --- the red line ------------------------------------------------------------------------------

    def _on_field_changed(self, field: str) -> None:
        """The refusal goes once what it named (or a field it depends on) is changed."""
        named = self._error_field
        if named is None:
            return
        if field == named or any(field in group and named in group for group in RELATED_FIELDS):
            self.clear_error()

    def clear_error(self) -> None:
        self._error_field = None
        clear_field_errors(self.error_label, self.fields)

    def _on_participants_refused(self, error: ValidationError) -> None:
        """A cell or an added name refused on the 参加人员 tab: said in the red line, focus left where
        it is (the cell editor is closing, or the name is selected for retyping)."""
        self.clear_error()
        self._error_field = error.field
        self.error_label.setText(error_text(error))
        self.error_label.show()
        if error.row is not None and error.field == "服务时长":
            self.participants.table.setCurrentIndex(
                self.participants.model.index(error.row - 1, HOURS_COLUMN)
            )

    # --- focus -------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, lambda: self._focus_tab(self.tabs.currentIndex()))

    def _focus_tab(self, index: int) -> None:
        if index == PEOPLE_TAB:
            self.participants.search_edit.setFocus()
        elif index == BASIC_TAB and self.form.title_edit.isEnabled():
            self.form.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.form.title_edit.end(False)
        elif index == RECORD_TAB:
            self.form.record_edits["training"].setFocus()

    # --- saving ------------------------------------------------------------------------------------

    def _snapshot(self) -> object:
        try:
            return self.form.event_input(self.participants.inputs())
        except ValidationError:
            return None

    def accept(self) -> None:
        if self._detail is not None and self._detail.row.voided:
            return
        self.clear_error()
        try:
            data = self.form.event_input(self.participants.inputs())
        except ValidationError as exc:
            self.show_error(exc)
            return
        detail, branch_id = self._detail, self._ctx.branch_id

        def save(session: Any) -> EventDetail:
            if detail is None:
                return volunteer.create_event(session, branch_id, data)
            return volunteer.update_event(session, detail.row.id, data)

        saved = operations.run_keeping_open(self, self._ctx, save, self.show_error)
        if saved is not None:
            self.saved = self._detail = saved
            self._ctx.events.volunteer_changed.emit()
            super().accept()

    def reject(self) -> None:
        """Esc or 取消: unsaved edits are not thrown away without asking."""
        editable = self._detail is None or not self._detail.row.voided
        changed = editable and self._snapshot() != self._baseline
        if not messages.keep_editing(
            self, changed, "活动信息有未保存的修改，关闭后将丢失。确定不保存就关闭吗？"
        ):
            super().reject()

    def show_error(self, error: BranchDeskError) -> None:
        """The refusal in red under the tabs; the named field's tab opened, the field or row focused."""
        widget = self.fields.get(error.field or "")
        if widget is not None:
            for index in (BASIC_TAB, PEOPLE_TAB, RECORD_TAB):
                page = self.tabs.widget(index)
                if page is not None and (page is widget or page.isAncestorOf(widget)):
                    self.tabs.setCurrentIndex(index)
        show_field_error(self.error_label, self.fields, error, outline=widget is not self.participants.table)
        self._error_field = error.field
        if error.field in ("参加人员", "服务时长") and error.row is not None:
            self.participants.select_row(error.row - 1)
        elif error.field == "参加人员":  # nobody yet: straight into the search, ready for a name
            self.participants.search_edit.setFocus()
