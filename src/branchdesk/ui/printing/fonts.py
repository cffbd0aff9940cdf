"""The font every printout is drawn with: the bundled Noto Sans SC subset (resources/fonts).

A ward PC may have no Chinese font at all (a bare Windows install in English, a minimal 统信UOS),
and a PDF must carry searchable names, so prints never rely on what is installed: they register the
bundled font with Qt (once per application; Qt keeps it until exit) and draw with its family.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

from branchdesk.ui.theme import CJK_FONTS, resource_path

log = logging.getLogger(__name__)

PRINT_FAMILY = "BranchDesk Noto Sans SC"
FONT_FILE = "BranchDeskNotoSansSC-Regular.otf"


def print_family() -> str:
    """Register the bundled font unless Qt already has it (the theme may have); returns its family.

    Without the file (a broken install) it falls back to an installed CJK font and logs why, so a
    print still comes out on a PC that has one.
    """
    if QFontDatabase.hasFamily(PRINT_FAMILY):
        return PRINT_FAMILY
    path = resource_path("fonts", FONT_FILE)
    if path is not None:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if PRINT_FAMILY in QFontDatabase.applicationFontFamilies(font_id):
            return PRINT_FAMILY
        log.warning("bundled print font %s could not be loaded", path)
    else:
        log.warning("bundled print font %s is missing", FONT_FILE)
    installed = set(QFontDatabase.families())
    return next((f for f in CJK_FONTS if f in installed), QFont().family())


def print_font(point_size: float, *, bold: bool = False) -> QFont:
    """The print family at a size; hinting off so text measures the same on screen and on paper."""
    font = QFont(print_family())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setStyleStrategy(QFont.StyleStrategy.PreferOutline)
    return font
