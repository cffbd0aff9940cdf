"""Plain text in and out of any form input (line edit, combo box, multi-line note), a choice list, and
a combo box wide enough for its items under the theme.

A form that maps a service's text attributes to widgets fills and reads them back through these two
functions, whatever kind of widget each field happens to be.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

COMBO_ROOM = 56  # the theme's padding and arrow around a combo's text, in the box and in its list


def named(widget: Any, name: str, tooltip: str = "") -> Any:
    """`widget` with its object name (tests and the stylesheet find it by that) and a tooltip."""
    widget.setObjectName(name)
    if tooltip:
        widget.setToolTip(tooltip)
    return widget


def text_of(widget: QWidget) -> str:
    """What the user sees in the field; "" for a widget that holds no text."""
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return widget.text() if isinstance(widget, QLineEdit) else ""


def set_text(widget: QWidget, value: str) -> None:
    """Put `value` in the field (an editable combo box takes text that is not in its list)."""
    if isinstance(widget, QComboBox):
        widget.setCurrentText(value)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QLineEdit):
        widget.setText(value)


def choice_combo(items: Sequence[str], *, editable: bool = False) -> QComboBox:
    """A pick list; an editable one accepts other text without adding it to the list."""
    combo = QComboBox()
    combo.addItems(list(items))
    combo.setEditable(editable)
    if editable:
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


def fit_combo(combo: QComboBox) -> None:
    """Wide enough for its longest item, closed and open: the theme's padding clipped "本支部" to
    "本支" and "11月" to "11" (AdjustToContents leaves the padding out)."""
    metrics = combo.fontMetrics()
    widest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    combo.setMinimumWidth(widest + COMBO_ROOM)
    combo.view().setMinimumWidth(widest + COMBO_ROOM)
