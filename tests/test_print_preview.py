"""Every print preview's toolbar stays usable under the theme: labelled buttons of a real size, 打印
first, shortcuts, and the buttons that would fight the printout's fixed paper hidden."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy.orm import Session

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QToolBar, QToolButton

from tests.test_meeting_record import record_of, theme_day
from tests.test_post_plaque import PLAQUE

from branchdesk.ui.printing import meeting_record, post_plaque, preview

# qt-material's rule for tool buttons in dialogs on Linux, verbatim: it made every preview button a
# 3-pixel red dash.
THEME_RULE = """
QDialog QToolButton, QDialog QToolButton:hover, QDialog QToolButton:pressed, QDialog QToolButton:checked {
  border: 0px; height: unset; margin: unset; padding: unset; border-right: unset; border-left: unset;
  background-color: #c62828; color: #333333; border-radius: 4px; }
QToolButton { background: #ffffff; border: 0px; height: 32px; margin: 3px; padding: 3px;
  border-right: 12px solid #ffffff; border-left: 12px solid #ffffff; }
"""


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    before = qapp.styleSheet()
    qapp.setStyleSheet(THEME_RULE)
    yield
    qapp.setStyleSheet(before)


def _shown_buttons(dialog: QPrintPreviewDialog) -> list[QToolButton]:
    toolbar = dialog.findChild(QToolBar)
    assert toolbar is not None
    buttons = [toolbar.widgetForAction(a) for a in toolbar.actions() if a.isVisible() and not a.isSeparator()]
    return [b for b in buttons if isinstance(b, QToolButton)]


def _check_toolbar(qtbot: Any, dialog: QPrintPreviewDialog) -> None:
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    buttons = _shown_buttons(dialog)
    assert [b.text() for b in buttons] == [
        "打印",
        "适合宽度",
        "整页",
        "缩小",
        "放大",
        "上一页",
        "下一页",
        "页面设置",
    ]
    for button in buttons:
        assert button.height() >= 24, button.text()
        assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()), button.text()
        assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    actions = preview.toolbar_actions(dialog)
    assert not actions["portrait"].isVisible() and not actions["landscape"].isVisible()
    assert actions["print"].shortcut() == QKeySequence("Ctrl+P")
    assert "Ctrl+P" in actions["print"].toolTip()
    toolbar = dialog.findChild(QToolBar)
    assert toolbar is not None
    shown = [a for a in toolbar.actions() if a.isVisible()]
    assert not shown[0].isSeparator() and not shown[-1].isSeparator()
    assert not any(a.isSeparator() and b.isSeparator() for a, b in pairwise(shown))


@pytest.mark.usefixtures("themed")
def test_the_plaque_preview_has_labelled_buttons_under_the_theme(qtbot: Any) -> None:
    _check_toolbar(qtbot, post_plaque.plaque_preview(PLAQUE))


@pytest.mark.usefixtures("themed")
def test_the_meeting_record_preview_has_the_same_toolbar(session: Session, qtbot: Any) -> None:
    _check_toolbar(qtbot, meeting_record.preview_dialog(record_of(session, theme_day(), {})))


def test_ctrl_p_in_the_preview_opens_the_print_dialog(qtbot: Any) -> None:
    dialog = post_plaque.plaque_preview(PLAQUE)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    fired: list[str] = []

    def close_print_dialog() -> None:  # Qt's own print slot runs first and waits in the system dialog
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not dialog:
            fired.append(type(modal).__name__)
            modal.close()

    QTimer.singleShot(200, close_print_dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: fired != [])
    assert "PrintDialog" in fired[0]


@pytest.mark.usefixtures("themed")
def test_the_print_dialogs_file_button_is_a_button_not_a_dash(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    heights: list[int] = []

    def fake_exec(dialog: QPrintDialog) -> int:
        dialog.show()
        heights.extend(b.height() for b in dialog.findChildren(QToolButton) if b.isVisible())
        dialog.hide()
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    assert preview.print_with_dialog(lambda _p: None, title="测试") is False
    assert heights and min(heights) >= 20
