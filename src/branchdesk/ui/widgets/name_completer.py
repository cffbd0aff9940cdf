"""Pinyin completion for a typed name: "zs" or "zhang" offers 张三, as the attendance table does.

Secretaries type the 主持人 or a participant's name many times a month; the roster page and the
attendance table already find people by initials, so every free-text name field should too.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from branchdesk.services import pinyin_search

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class PinyinCompleter(QCompleter):
    """Matches what is typed anywhere in `initials|pinyin|name`; inserts the name itself."""

    def __init__(self, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        model = QStandardItemModel(self)
        for name in dict.fromkeys(n for n in names if n):  # unique, in roll order
            item = QStandardItem(name)
            item.setData(pinyin_search.search_key(name), KEY_ROLE)
            model.appendRow(item)
        self.setModel(model)
        self.setCompletionRole(KEY_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(10)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def splitPath(self, path: str) -> list[str]:
        return ["".join(path.split()).lower()]


def attach_pinyin_completer(widget: QComboBox | QLineEdit, names: Sequence[str]) -> PinyinCompleter:
    """Give an editable combo box or a line edit pinyin completion over `names`."""
    completer = PinyinCompleter(names, widget)
    widget.setCompleter(completer)
    return completer
