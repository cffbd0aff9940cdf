"""Confirm voiding a holding or withdrawing a review, and say why (作废原因, required).

One window both asks "are you sure" and takes the reason, so the record keeps why it was voided; the
service refuses an empty reason and the dialog stays open with the field outlined. Esc or 取消 leaves
everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from branchdesk.errors import BranchDeskError

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.post_fields import ok_cancel
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error


class VoidDialog(QDialog):
    """`void(session, reason)` runs in one transaction on 作废; `saved` is what it returned."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        question: str,
        void: Callable[[Any, str], object],
        *,
        hint: str = "如：录错党员",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._void = void
        self.saved: object | None = None
        self.setObjectName("voidDialog")
        self.setWindowTitle(title)
        self.question_label = QLabel(question)
        self.question_label.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("voidReason")
        self.reason_edit.setPlaceholderText(f"必填，{hint}")
        self.fields: dict[str, QWidget] = {"作废原因": self.reason_edit}
        form = QFormLayout()
        form.addRow("作废原因(&R)：", self.reason_edit)
        self.error_label = error_label("voidError")
        self.buttons, self.void_button = ok_cancel("作废(&V)", "voidConfirm")
        layout = QVBoxLayout(self)
        layout.addWidget(self.question_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.setFocus()

    def accept(self) -> None:
        clear_field_errors(self.error_label, self.fields)
        reason, void = self.reason_edit.text(), self._void
        saved = operations.run_keeping_open(self, self._ctx, lambda s: void(s, reason), self.show_error)
        if saved is not None:
            self.saved = saved
            self._ctx.events.posts_changed.emit()
            super().accept()

    def show_error(self, error: BranchDeskError) -> None:
        show_field_error(self.error_label, self.fields, error)
        self.adjustSize()  # grow for the red line: the wrapped question must not be squeezed
