"""Typing a name's pinyin initials in a name field offers the person and fills in the name."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from tests.qt_helpers import show_active, type_text

from branchdesk.ui.widgets.form_fields import choice_combo
from branchdesk.ui.widgets.name_completer import attach_pinyin_completer

NAMES = ["张三", "李四", "李思远", "王五"]


def _combo(qtbot: QtBot) -> QComboBox:
    combo = choice_combo(["", *NAMES], editable=True)
    attach_pinyin_completer(combo, NAMES)
    qtbot.addWidget(combo)
    show_active(qtbot, combo)
    return combo


def _offered(combo: QComboBox) -> list[str]:
    completer = combo.completer()
    model = completer.completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_initials_offer_the_matching_members_in_roll_order(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    line = combo.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "ls")
    assert _offered(combo) == ["李四", "李思远"]
    qtbot.keyClicks(line, "y")
    assert _offered(combo) == ["李思远"]


def test_choosing_an_offer_puts_the_name_not_the_pinyin_in_the_field(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    line = combo.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "wangw")
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentText() == "王五"


def test_a_name_nobody_has_can_still_be_typed(qtbot: QtBot) -> None:
    combo = _combo(qtbot)
    line = combo.lineEdit()
    assert line is not None
    type_text(qtbot, line, "赵院长")
    assert _offered(combo) == []
    assert combo.currentText() == "赵院长"
