"""The interface font: the PC's own Chinese font first, the bundled print font only as a last resort."""

from __future__ import annotations

import pytest

from PySide6.QtGui import QFontDatabase

from branchdesk.ui import theme


def test_an_installed_system_cjk_font_is_the_ui_font(qapp) -> None:  # type: ignore[no-untyped-def]
    installed = [f for f in theme.CJK_FONTS if f in set(QFontDatabase.families())]
    if not installed:
        pytest.skip("no system CJK font on this machine (Debian: fonts-noto-cjk)")
    assert theme.choose_font() == installed[0]


def test_without_a_system_cjk_font_the_bundled_font_is_used(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(theme, "CJK_FONTS", ())
    assert theme.choose_font() == "BranchDesk Noto Sans SC"
