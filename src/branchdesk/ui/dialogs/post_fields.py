"""Form pieces the post and duty dialogs share: a member picker that takes typed names, time slots
typed as text, and the row of OK/Cancel buttons with Chinese labels."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QDialogButtonBox, QPushButton, QWidget

from branchdesk.errors import ValidationError

from branchdesk.ui.dialogs.meeting_form import parse_time

SLOT_HINT = "时段格式如 08:00-12:00，多个时段用逗号或空格分开，如 08:00-12:00，14:30-17:30。"
_SLOT_SPLIT = re.compile(r"[,，;；、\s]+")
_RANGE = re.compile(r"^(.+?)[-—–~～至到](.+)$")


def parse_slots(text: str) -> tuple[tuple[dt.time, dt.time], ...]:
    """ "08:00-12:00，14:30-17:30" -> two slots; ValidationError (field 时段) for anything unreadable."""
    slots: list[tuple[dt.time, dt.time]] = []
    for part in _SLOT_SPLIT.split(unicodedata.normalize("NFKC", text).strip()):
        if not part:
            continue
        found = _RANGE.match(part)
        try:
            start = parse_time(found.group(1)) if found else None
            end = parse_time(found.group(2)) if found else None
        except ValueError:
            start = end = None
        if start is None or end is None:
            raise ValidationError(f"看不懂“{part}”。{SLOT_HINT}", field="时段")
        slots.append((start, end))
    if not slots:
        raise ValidationError(f"请填写时段。{SLOT_HINT}", field="时段")
    return tuple(slots)


def slots_text(slots: Sequence[tuple[dt.time, dt.time]]) -> str:
    return "，".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in slots)


class MemberCombo(QComboBox):
    """Pick a member from a list, or type part of a name (the list narrows as you type)."""

    def __init__(
        self, members: Sequence[tuple[int, str]], *, blank: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if blank:
            self.addItem(blank, None)
        for member_id, name in members:
            self.addItem(name, member_id)
        completer = self.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMinimumWidth(140)

    def member_id(self) -> int | None:
        """The member whose name is in the box; None when blank or not a name on the list."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        data = self.itemData(index) if index >= 0 else None
        return data if isinstance(data, int) else None

    def set_member(self, member_id: int | None) -> None:
        index = self.findData(member_id)
        self.setCurrentIndex(max(index, 0))


def ok_cancel(ok_text: str, name: str) -> tuple[QDialogButtonBox, QPushButton]:
    """取消 and an OK button with its own words; Enter presses OK."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName(name)
    ok.setDefault(True)
    buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    return buttons, ok
