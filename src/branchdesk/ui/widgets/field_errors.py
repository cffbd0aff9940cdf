"""A refusal shown on the form it concerns: red text under the form, the field it names outlined,
focused and selected, so a secretary copying a paper form fixes it without retyping the rest.

The member dialog, the status dialog and the first-run wizard share this, so every form says why
in the same words (messages.error_text) and the same colour.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from branchdesk.errors import BranchDeskError

from branchdesk.ui.dialogs.messages import error_text
from branchdesk.ui.widgets.date_field import DateField

ERROR_STYLE = "color: #c62828; font-weight: bold;"
INVALID_BORDER = "2px solid #d32f2f"


def error_label(name: str) -> QLabel:
    """The red line under a form, hidden until there is something to say."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Outline the field a refusal names; a DateField keeps its own red state for bad text.

    A widget's own style (its `baseStyle` property, e.g. a masked ID's grey) is kept under the outline.
    """
    if isinstance(widget, DateField):
        widget.refresh_state(invalid=invalid)
        return
    widget.setProperty("invalid", invalid)
    name = widget.objectName()
    base = str(widget.property("baseStyle") or "")
    widget.setStyleSheet(base + (f"#{name} {{ border: {INVALID_BORDER}; }}" if invalid and name else ""))


def show_field_error(
    label: QLabel, fields: Mapping[str, QWidget], error: BranchDeskError, *, outline: bool = True
) -> QWidget | None:
    """Say why under the form and put the cursor in the field `error.field` names (if it is here).

    Returns that field. `outline=False` leaves its border alone (the wizard's pages never outlined).
    """
    label.setText(error_text(error))
    label.show()
    widget = fields.get(error.field or "")
    if widget is None:
        return None
    if outline:
        mark_invalid(widget, True)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    return widget


def clear_field_errors(label: QLabel, fields: Mapping[str, QWidget]) -> None:
    """Before another try: no message, no outlines."""
    label.clear()
    label.hide()
    for widget in fields.values():
        mark_invalid(widget, False)
