"""New or edit one volunteer event in three tabs that fit 1366x768: 基本信息, 参加人员, 服务记录.

The event is saved with its participants as one whole (保存, or Enter outside the participant table).
A refusal keeps the dialog open with the reason in red, the named field's tab opened and the field
(or the participant's row) focused. Esc asks before throwing away edits. A voided event only shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.services import volunteer, volunteer_links, volunteer_lists
from branchdesk.services.roll import roll_on
from branchdesk.services.volunteer import EventDetail
from branchdesk.services.volunteer_rules import VolunteerEventInput

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.partner_dialog import PartnerDialog
from branchdesk.ui.dialogs.volunteer_form import VolunteerForm
from branchdesk.ui.dialogs.volunteer_participants import ParticipantsEditor
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error

BASIC_TAB, PEOPLE_TAB, RECORD_TAB = 0, 1, 2
BANNER_STYLE = "color: #b45309; font-weight: bold;"


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
        self._connect_signals()
        self._baseline = self._snapshot()
        self._show_state()

    def _load(self, event_id: int | None, template: VolunteerEventInput | None) -> VolunteerEventInput:
        branch_id = self._ctx.branch_id

        def query(session: Any) -> tuple[Any, ...]:
            detail = volunteer.get_event(session, event_id) if event_id is not None else None
            data = detail.to_input() if detail else template
            if data is None:
                data = volunteer.template_like_last(session, branch_id, on=dt.date.today())
            kinds = volunteer_lists.list_kinds(session, include_archived=True)
            partners = volunteer_lists.list_partners(session, include_archived=True)
            return detail, data, kinds, partners

        self._detail, data, kinds, partners = operations.read(self._ctx, query)
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
        self.setMinimumSize(860, 580)
        self.resize(980, 660)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.length_changed.connect(self.participants.set_length)
        self.form.date_changed.connect(self._on_form_date_changed)
        self.form.partner_add.clicked.connect(self._on_partner_add_clicked)
        self.tabs.currentChanged.connect(self._focus_tab)

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
        self.participants.set_roll(roll, f"{day:%Y-%m-%d} ")
        label = self._detail.row.meeting_label if self._detail else ""
        self.form.set_theme_days(near, meeting_id, label)

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
        clear_field_errors(self.error_label, self.fields)
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
        if (
            editable
            and self._snapshot() != self._baseline
            and not messages.confirm(
                self,
                "放弃修改",
                "活动信息有未保存的修改，关闭后将丢失。确定不保存就关闭吗？",
                ok_text="不保存，关闭",
            )
        ):
            return
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
        if error.field in ("参加人员", "服务时长") and error.row is not None:
            self.participants.select_row(error.row - 1)
