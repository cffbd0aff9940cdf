"""The interface font: the PC's own Chinese font first, the bundled print font only as a last resort."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import QDialog, QStyle, QStyleFactory, QStyleOptionHeader, QToolButton, QVBoxLayout

from branchdesk.ui import theme
from branchdesk.ui.widgets.sort_arrows import SortArrowStyle


def test_an_installed_system_cjk_font_is_the_ui_font(qapp) -> None:  # type: ignore[no-untyped-def]
    installed = [f for f in theme.CJK_FONTS if f in set(QFontDatabase.families())]
    if not installed:
        pytest.skip("no system CJK font on this machine (Debian: fonts-noto-cjk)")
    assert theme.choose_font() == installed[0]


def test_without_a_system_cjk_font_the_bundled_font_is_used(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(theme, "CJK_FONTS", ())
    assert theme.choose_font() == "BranchDesk Noto Sans SC"


# qt-material's Linux-only rule for tool buttons in dialogs, as it renders with our colours.
QT_MATERIAL_DIALOG_RULE = """
QDialog QToolButton, QDialog QToolButton:hover, QDialog QToolButton:pressed, QDialog QToolButton:checked {
  border: 0px; height: unset; margin: unset; padding: unset; border-right: unset; border-left: unset;
  background-color: #c62828; color: #333333; border-radius: 4px; }
QToolButton { background: #ffffff; border: 0px; height: 32px; margin: 3px; padding: 3px;
  border-right: 12px solid #ffffff; border-left: 12px solid #ffffff; }
"""


def test_tool_buttons_in_dialogs_keep_a_usable_size_under_the_theme(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = qapp.styleSheet()
    qapp.setStyleSheet(QT_MATERIAL_DIALOG_RULE + theme.overrides_qss())
    try:
        dialog = QDialog()
        qtbot.addWidget(dialog)
        button = QToolButton(dialog)
        button.setText("…")
        QVBoxLayout(dialog).addWidget(button)
        with qtbot.waitExposed(dialog):
            dialog.show()
        assert button.height() >= 24 and button.width() >= 24
    finally:
        qapp.setStyleSheet(before)


def _header_arrow(style: QStyle, indicator: QStyleOptionHeader.SortIndicator) -> QImage:
    image = QImage(QSize(16, 16), QImage.Format.Format_ARGB32)
    image.fill(0)
    option = QStyleOptionHeader()
    option.rect = QRect(0, 0, 16, 16)
    option.sortIndicator = indicator
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, option, painter)
    painter.end()
    return image


def test_the_sort_arrow_points_the_way_the_list_runs(qapp) -> None:  # type: ignore[no-untyped-def]
    """Qt's SortUp (its descending sort) is drawn as Fusion draws SortDown: ▼ for newest first."""
    flipped, fusion = SortArrowStyle("Fusion"), QStyleFactory.create("Fusion")
    up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
    assert _header_arrow(fusion, up) != _header_arrow(fusion, down)
    assert _header_arrow(flipped, up) == _header_arrow(fusion, down)
    assert _header_arrow(flipped, down) == _header_arrow(fusion, up)
