"""The roll table of the attendance editor: a member's mark is one key, a member is a few letters.

Digits 1-4 (number row or keypad) ask for 出席/请假/缺席/迟到, Enter for the reason, and letters
collect into a pinyin query (zs → 张三) that the editor answers by moving the cursor; Home and End
go to the first and last member. The table only turns keys into signals: the editor decides.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from branchdesk.models import AttendanceStatus

KEYS: dict[int, AttendanceStatus] = {
    int(Qt.Key.Key_1): AttendanceStatus.PRESENT,
    int(Qt.Key.Key_2): AttendanceStatus.LEAVE,
    int(Qt.Key.Key_3): AttendanceStatus.ABSENT,
    int(Qt.Key.Key_4): AttendanceStatus.LATE,
}
KEY_OF = {status: str(key - int(Qt.Key.Key_0)) for key, status in KEYS.items()}
SEARCH_PAUSE_MS = 1200  # letters typed further apart than this start a new name


class RollTable(QTableView):
    """The roll: digit keys ask for a mark, Enter for a reason, letters find a member by pinyin."""

    mark_requested = Signal(object)  # AttendanceStatus
    reason_requested = Signal()
    search_typed = Signal(str)  # the letters typed so far

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._letters = ""
        self._since_letter = QElapsedTimer()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        chord = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        key = event.key()
        if not chord and key in KEYS:  # the number row and the keypad alike
            self.mark_requested.emit(KEYS[key])
            event.accept()
            return
        if not chord and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.reason_requested.emit()
            event.accept()  # never reaches the dialog's default button
            return
        super().keyPressEvent(event)

    def moveCursor(
        self, cursor_action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and last member, as in a list (not to the row's first cell)."""
        if cursor_action in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(cursor_action, modifiers)

    def keyboardSearch(self, search: str) -> None:
        """Letters collect into a pinyin query (zs → 张三); a pause starts a new one."""
        letter = search.lower()
        if len(letter) != 1 or not letter.isascii() or not letter.isalpha():
            return
        if not self._since_letter.isValid() or self._since_letter.elapsed() > SEARCH_PAUSE_MS:
            self._letters = ""
        self._since_letter.restart()
        self._letters += letter
        self.search_typed.emit(self._letters)
