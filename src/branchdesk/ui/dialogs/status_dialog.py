"""变更状态: a member leaves the roll (转出, 停止党籍, 出党, 去世) or comes back, with a date and a reason.

Members are never deleted; this dialog is the only way off the roll, and it shows every earlier
change so the secretary sees the whole story before adding to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.models import MemberStatus
from branchdesk.services import roster
from branchdesk.services.labels import STATUS_LABELS

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.tablemodels.base import CENTER, Column, RowTableModel, fmt_date
from branchdesk.ui.widgets.date_field import DateField, checked_date, format_date
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error

HISTORY_COLUMNS = [
    Column[roster.StatusChangeRow]("日期", lambda r: fmt_date(r.changed_on), lambda r: r.changed_on, CENTER),
    Column[roster.StatusChangeRow]("状态", lambda r: r.status_label, align=CENTER),
    Column[roster.StatusChangeRow]("原因", lambda r: r.reason),
]

REASON_EXAMPLES: dict[MemberStatus, str] = {
    MemberStatus.ACTIVE: "如：重新转入本支部、恢复党籍",
    MemberStatus.TRANSFERRED_OUT: "如：组织关系转往××医院党委",
    MemberStatus.SUSPENDED: "如：经支部大会讨论，停止党籍",
    MemberStatus.EXPELLED: "如：受开除党籍处分",
    MemberStatus.DECEASED: "如：因病去世",
}

STATUS_NOTES: dict[MemberStatus, str] = {
    MemberStatus.ACTIVE: "恢复在册后，该党员重新出现在花名册中，并计入应到人数。",
}
LEAVING_NOTE = "变更后该党员不再计入在册名单，可在状态筛选“已离开”中查看；所有记录都会保留。"


class StatusDialog(QDialog):
    """A dated change of one member's standing; `saved` holds the updated row after 保存."""

    def __init__(self, ctx: AppContext, member_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.saved: roster.MemberRow | None = None
        self._member, history = operations.read(
            ctx, lambda s: (roster.get_member(s, member_id), roster.status_history(s, member_id))
        )
        self.setObjectName("statusDialog")
        self._build_ui()
        self.history_model.set_rows(history)
        self._connect_signals()
        self._on_status_combo_current_index_changed(self.status_combo.currentIndex())

    def _build_ui(self) -> None:
        member = self._member
        self.setWindowTitle(f"变更党员状态 — {member.name}")
        since = f"（自 {format_date(member.status_since)} 起）" if member.status_since else ""
        current = QLabel(f"党员：<b>{member.name}</b>　　当前状态：<b>{member.status_label}</b>{since}")
        current.setObjectName("statusCurrent")

        self.history_model: RowTableModel[roster.StatusChangeRow] = RowTableModel(HISTORY_COLUMNS, self)
        self.history_view = QTableView()
        self.history_view.setObjectName("statusHistory")
        self.history_view.setModel(self.history_model)
        self.history_view.verticalHeader().hide()
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.history_view.setMinimumHeight(110)
        history_box = QGroupBox("状态变动记录")
        QVBoxLayout(history_box).addWidget(self.history_view)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusNew")
        for status in MemberStatus:
            if status is not member.status:
                self.status_combo.addItem(STATUS_LABELS[status], status)
        self.date_field = DateField()
        self.date_field.setObjectName("statusDate")
        self.date_field.setDate(dt.date.today())
        self.date_field.setFixedWidth(150)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("statusReason")
        self.reason_edit.setMaxLength(200)
        self.note_label = QLabel()
        self.note_label.setObjectName("statusNote")
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #555555;")
        form = QFormLayout()
        form.addRow("新状态(&N)：", self.status_combo)
        form.addRow("变动日期(&D)：", self.date_field)
        form.addRow("变动原因(&R)：", self.reason_edit)
        form.addRow("", self.note_label)
        self.fields: dict[str, QWidget] = {
            "状态": self.status_combo,
            "变动日期": self.date_field,
            "变动原因": self.reason_edit,
        }

        self.error_label = error_label("statusError")
        self.buttons = QDialogButtonBox()
        save = self.buttons.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("statusSave")
        save.setDefault(True)
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("statusCancel")

        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addWidget(history_box)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        for first, second in zip(
            [self.status_combo, self.date_field, self.reason_edit, save],
            [self.date_field, self.reason_edit, save, cancel],
            strict=True,
        ):
            QWidget.setTabOrder(first, second)
        self.status_combo.setFocus()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_current_index_changed)

    def _on_status_combo_current_index_changed(self, _index: int) -> None:
        status = self.new_status()
        if status is None:
            return
        self.reason_edit.setPlaceholderText(REASON_EXAMPLES[status])
        self.note_label.setText(STATUS_NOTES.get(status, LEAVING_NOTE))

    def new_status(self) -> MemberStatus | None:
        """Qt hands enum data back as plain str; the service compares enums by identity."""
        data = self.status_combo.currentData()
        return MemberStatus(data) if data is not None else None

    def history_rows(self) -> list[roster.StatusChangeRow]:
        return self.history_model.rows()

    def accept(self) -> None:
        """Record the change; on a refusal stay open with the reason and the field focused."""
        clear_field_errors(self.error_label, self.fields)
        try:
            on = checked_date(self.date_field, "变动日期", required=True)
        except ValidationError as exc:
            self.show_error(exc)
            return
        status = self.new_status()
        if status is None:
            return
        reason = self.reason_edit.text()
        member_id = self._member.id

        def save(session: Any) -> roster.MemberRow:
            return roster.change_status(session, member_id, status, on=on, reason=reason)

        row = operations.run_keeping_open(self, self._ctx, save, self.show_error)
        if row is None:
            return
        self.saved = row
        self._ctx.events.members_changed.emit()
        super().accept()

    def show_error(self, error: BranchDeskError) -> None:
        show_field_error(self.error_label, self.fields, error)
