"""Confirm voiding a holding or withdrawing a review, and say why (作废原因, required).

One window both asks "are you sure" and takes the reason, so the record keeps why it was voided; the
service refuses an empty reason and the dialog stays open with the field outlined. Esc or 取消 leaves
everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from branchdesk.errors import BranchDeskError

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.posts_form_dialog import PostsFormDialog


class VoidDialog(PostsFormDialog):
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
        super().__init__(ctx, parent)
        self._void = void
        self.saved: object | None = None
        self.setObjectName("voidDialog")
        self.setWindowTitle(title)
        self.question_label = QLabel(question)
        self.question_label.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("voidReason")
        self.reason_edit.setPlaceholderText(f"必填，{hint}")
        self.fields = {"作废原因": self.reason_edit}
        form = QFormLayout()
        form.addRow("作废原因(&R)：", self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question_label)
        layout.addLayout(form)
        self.void_button = self._add_buttons(layout, "作废(&V)", "voidError", "voidConfirm")
        self.setMinimumWidth(440)
        self.reason_edit.setFocus()

    def accept(self) -> None:
        self._clear_errors()
        reason, void = self.reason_edit.text(), self._void
        self._save(lambda s: void(s, reason))

    def show_error(self, error: BranchDeskError) -> None:
        super().show_error(error)
        self.adjustSize()  # grow for the red line: the wrapped question must not be squeezed
