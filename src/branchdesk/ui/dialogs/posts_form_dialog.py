"""The frame the 设岗定责 dialogs share: fields by 【name】 over a red error line and OK / 取消.

A save the service refuses keeps the dialog open with the named field marked and what was typed kept;
one that succeeds is kept in `saved`, says posts_changed and closes the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

from branchdesk.errors import BranchDeskError

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.post_fields import ok_cancel
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error


class PostsFormDialog(QDialog):
    """Subclasses fill `fields` (【name】 → widget), lay out their form, then call `_add_buttons`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.saved: Any = None
        self.fields: dict[str, QWidget] = {}

    def _add_buttons(self, layout: QVBoxLayout, ok_text: str, error_name: str, ok_name: str) -> QPushButton:
        """The error line and OK / 取消 at the foot of `layout`; OK runs accept(). Returns the OK button."""
        self.error_label = error_label(error_name)
        self.buttons, ok = ok_cancel(ok_text, ok_name)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        return ok

    def _clear_errors(self) -> None:
        clear_field_errors(self.error_label, self.fields)

    def _save(self, save: Callable[[Any], object]) -> None:
        """Run `save` in one transaction; on success keep its result, tell the pages and close."""
        saved = operations.run_keeping_open(self, self._ctx, save, self.show_error)
        if saved is not None:
            self.saved = saved
            self._ctx.events.posts_changed.emit()
            QDialog.accept(self)

    def show_error(self, error: BranchDeskError) -> None:
        show_field_error(self.error_label, self.fields, error)
