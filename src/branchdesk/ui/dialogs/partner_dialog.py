"""Add or edit one 共建单位 (partner unit): name, type, contact, phone, notes.

The service validates; a refusal keeps the dialog open with the reason under the form and the named
field focused. `saved` is the row written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from branchdesk.errors import BranchDeskError
from branchdesk.services import volunteer_lists
from branchdesk.services.volunteer_lists import PARTNER_KINDS, PartnerInput, PartnerRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error


class PartnerDialog(QDialog):
    """新增 (row None, optionally with a name to start from) or 编辑 a partner unit."""

    def __init__(
        self, ctx: AppContext, row: PartnerRow | None = None, *, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._row = row
        self.saved: PartnerRow | None = None
        self.setObjectName("partnerDialog")
        self.setWindowTitle("编辑共建单位" if row else "新增共建单位")
        self.name_edit = QLineEdit(row.name if row else name)
        self.name_edit.setObjectName("partnerName")
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText("如 示范市实验小学、城南街道幸福社区")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("partnerKind")
        self.kind_combo.setEditable(True)
        self.kind_combo.addItems(["", *PARTNER_KINDS])
        self.kind_combo.setCurrentText(row.kind if row else "")
        self.contact_edit = QLineEdit(row.contact if row else "")
        self.contact_edit.setObjectName("partnerContact")
        self.contact_edit.setMaxLength(50)
        self.phone_edit = QLineEdit(row.phone if row else "")
        self.phone_edit.setObjectName("partnerPhone")
        self.phone_edit.setMaxLength(20)
        self.notes_edit = QPlainTextEdit(row.notes if row else "")
        self.notes_edit.setObjectName("partnerNotes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        self.fields: dict[str, QWidget] = {
            "单位名称": self.name_edit,
            "单位类型": self.kind_combo,
            "联系人": self.contact_edit,
            "联系电话": self.phone_edit,
            "备注": self.notes_edit,
        }
        form = QFormLayout(self)
        for label, widget in self.fields.items():
            form.addRow(f"{label}：", widget)
        self.error_label = error_label("partnerError")
        form.addRow(self.error_label)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("partnerSave")
        ok.setDefault(True)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)
        self._baseline = self._input()

    def _input(self) -> PartnerInput:
        return PartnerInput(
            self.name_edit.text(),
            self.kind_combo.currentText(),
            self.contact_edit.text(),
            self.phone_edit.text(),
            self.notes_edit.toPlainText(),
        )

    def accept(self) -> None:
        clear_field_errors(self.error_label, self.fields)
        data, row = self._input(), self._row

        def save(session: Any) -> PartnerRow:
            if row is None:
                return volunteer_lists.add_partner(session, data)
            return volunteer_lists.update_partner(session, row.id, data)

        saved = operations.run_keeping_open(self, self._ctx, save, self._show_error)
        if saved is not None:
            self.saved = saved
            self._ctx.events.volunteer_changed.emit()
            super().accept()

    def reject(self) -> None:
        if self._input() != self._baseline and not messages.confirm(
            self, "放弃修改", "共建单位信息有未保存的修改，确定不保存就关闭吗？", ok_text="不保存，关闭"
        ):
            return
        super().reject()

    def _show_error(self, error: BranchDeskError) -> None:
        show_field_error(self.error_label, self.fields, error)
