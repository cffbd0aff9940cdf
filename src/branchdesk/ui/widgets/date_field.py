"""A nullable date input: typed the way secretaries write dates, empty allowed, with a calendar popup.

QDateEdit cannot be empty and fights the keyboard (sections, spin arrows); most dates on a roster
are copied from paper forms, so a plain line edit that understands 1985/7/1 or 1985年7月1日 is faster.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, overload

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QVBoxLayout, QWidget

from branchdesk.errors import ValidationError
from branchdesk.services.dates import parse_full_date_text

DATE_HINT = "日期格式不对。可输入 1985-07-01、1985/7/1、1985.7.1、19850701 或 1985年7月1日。"
INVALID_STYLE = "QLineEdit { border: 2px solid #d32f2f; background: #fff5f5; }"


def parse_date(text: str) -> dt.date | None:
    """The date written in `text` (with its day), or None; never raises.

    The same parser as the roster import, so a date typed here and one in a workbook read alike;
    full-width digits and punctuation (typed with a Chinese input method) are accepted too.
    """
    return parse_full_date_text(text)


def format_date(day: dt.date | None) -> str:
    """The one form dates are shown in after entry: 1985-07-01."""
    return day.strftime("%Y-%m-%d") if day else ""


def _calendar_icon() -> QIcon:
    """A small calendar drawn in code, so no image file has to be bundled."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(2, 3, 12, 3, QColor("#c62828"))
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(x, y, 2, 2, QColor("#555555"))
    painter.end()
    return QIcon(pixmap)


class _CalendarPopup(QWidget):
    """A popup holding a QCalendarWidget; picking a day hands it back and closes."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("dateFieldCalendar")
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._on_calendar_activated)
        self.calendar.clicked.connect(self._on_calendar_activated)

    def _on_calendar_activated(self, day: QDate) -> None:
        self.picked.emit(day)
        self.close()


class DateField(QLineEdit):
    """A date or nothing. `date()` is None when empty or invalid; check `is_valid()` before saving.

    Keyboard entry works alone; Alt+Down or F4 (or the calendar icon) opens a month view.
    """

    dateChanged = Signal(object)  # dt.date | None, whenever the parsed value changes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._last: dt.date | None = None
        self.setPlaceholderText("如 1985-07-01")
        self.setMaxLength(20)
        self.setClearButtonEnabled(False)
        self._popup: _CalendarPopup | None = None
        self.calendar_action = QAction(_calendar_icon(), "选择日期", self)
        self.calendar_action.setToolTip("选择日期（Alt+↓）")
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.triggered.connect(self._on_calendar_action_triggered)
        self.textChanged.connect(self._on_self_text_changed)
        self.editingFinished.connect(self._on_self_editing_finished)
        self._base_tooltip = ""

    # --- value -------------------------------------------------------------------------------------

    def date(self) -> dt.date | None:
        return parse_date(self.text())

    def setDate(self, day: dt.date | None) -> None:
        self.setText(format_date(day))

    def is_empty(self) -> bool:
        return not self.text().strip()

    def is_valid(self) -> bool:
        """Empty counts as valid (the date is optional); anything else must parse."""
        return self.is_empty() or parse_date(self.text()) is not None

    def setToolTip(self, text: str) -> None:
        """Keep the caller's tooltip so it comes back once the text is valid again."""
        self._base_tooltip = text
        super().setToolTip(text)

    # --- behaviour ---------------------------------------------------------------------------------

    def refresh_state(self, *, invalid: bool = False) -> None:
        """Red border and a format tooltip while the text is not a date (or when a form says so)."""
        valid = self.is_valid() and not invalid
        self.setProperty("invalid", not valid)
        self.setStyleSheet("" if valid else INVALID_STYLE)
        super().setToolTip(self._base_tooltip if self.is_valid() else DATE_HINT)

    def _on_self_text_changed(self, _text: str) -> None:
        self.refresh_state()
        value = self.date()
        if value != self._last:
            self._last = value
            self.dateChanged.emit(value)

    def _on_self_editing_finished(self) -> None:
        """Show what was understood: 1985/7/1 becomes 1985-07-01 once the user moves on."""
        value = self.date()
        if value is not None and self.text() != format_date(value):
            self.setText(format_date(value))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        """Open the month view under the field, on the typed date or today."""
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._on_popup_picked)
            self._popup.installEventFilter(self)
        value = self.date() or dt.date.today()
        self._popup.calendar.setSelectedDate(QDate(value.year, value.month, value.day))
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup.show()
        self._popup.calendar.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._popup and event.type() == QEvent.Type.KeyPress:
            key_event = event if isinstance(event, QKeyEvent) else None
            if key_event is not None and key_event.key() == Qt.Key.Key_Escape:
                self._popup.close()
                self.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _on_calendar_action_triggered(self) -> None:
        self.show_calendar()

    def _on_popup_picked(self, day: QDate) -> None:
        self.setDate(dt.date(day.year(), day.month(), day.day()))
        self.setFocus()


@overload
def checked_date(field: DateField, label: str, *, required: Literal[True]) -> dt.date: ...
@overload
def checked_date(field: DateField, label: str, *, required: bool = False) -> dt.date | None: ...
def checked_date(field: DateField, label: str, *, required: bool = False) -> dt.date | None:
    """The field's date; a ValidationError naming `label` when the text is not a date (or missing).

    Forms call this before the service, so a typing slip is reported like any other field error.
    """
    if not field.is_valid():
        raise ValidationError(DATE_HINT, field=label)
    value = field.date()
    if required and value is None:
        raise ValidationError(f"请填写{label}。", field=label)
    return value
