"""岗位牌 and 排班表 of the selected post: print preview, the print dialog, and PDF.

The services lay each document out once (post_plaque.plaque, duty_sheet.month_rota); this module asks
where to save and hands the document to the drawing code, imported on first use (start-up stays
light). The plaque comes on A4 or A5; the rota on A4.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from branchdesk.errors import BranchDeskError
from branchdesk.services import duty_sheet, post_plaque
from branchdesk.services.posts import PostRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.pages.document_files import DocumentFiles, safe_name

EXPORT_DIR_KEY = "posts/export_dir"
PLAQUE_MODULE, ROTA_MODULE = "branchdesk.ui.printing.post_plaque", "branchdesk.ui.printing.duty_rota"
PLAQUE_MENU = (
    ("preview_A4", "打印预览（A4）…"),
    ("preview_A5", "打印预览（A5）…"),
    ("print_A4", "打印（A4）…"),
    ("pdf_A4", "保存为PDF（A4）…"),
    ("pdf_A5", "保存为PDF（A5）…"),
)
ROTA_MENU = (("preview", "打印预览…"), ("print", "打印…"), ("pdf", "保存为PDF…"))


def _printing(module: str, name: str) -> Callable[..., Any]:
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _menu_button(button: QPushButton, menu: QMenu) -> None:
    """Give `button` its menu, and draw it released once the menu closes.

    Opened by its mnemonic (Alt+P) or Ctrl+P and closed with Esc or a choice, a menu button kept its
    pressed paint (solid red under the theme) until the mouse next passed over it: Qt lets it up
    without repainting it. The repaint waits for the menu to be gone."""

    def release() -> None:
        button.setDown(False)
        button.update()

    menu.aboutToHide.connect(lambda: QTimer.singleShot(0, release))
    button.setMenu(menu)


class PostDocuments(DocumentFiles):
    """The two print menus of the posts page; `said` reports where a file went (text, ok)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        selected: Callable[[], PostRow | None],
        month: Callable[[], tuple[int, int]],
    ) -> None:
        super().__init__(ctx, parent, EXPORT_DIR_KEY)
        self._selected = selected
        self._month = month

    def add_plaque_menu(self, button: QPushButton) -> dict[str, QAction]:
        menu = QMenu(button)
        actions: dict[str, QAction] = {}
        for key, text in PLAQUE_MENU:
            action = actions[f"plaque_{key}"] = menu.addAction(text)
            what, size = key.split("_")
            action.triggered.connect(lambda _c=False, w=what, s=size: self.plaque(w, s))
        _menu_button(button, menu)
        return actions

    def add_rota_menu(self, button: QPushButton) -> dict[str, QAction]:
        menu = QMenu(button)
        actions: dict[str, QAction] = {}
        for key, text in ROTA_MENU:
            action = actions[f"rota_{key}"] = menu.addAction(text)
            action.triggered.connect(lambda _c=False, w=key: self.rota(w))
        _menu_button(button, menu)
        return actions

    def _build(self, build: Callable[[Any, int], Any]) -> Any:
        row = self._selected()
        if row is None:
            return None
        post_id = row.id
        try:
            return operations.read(self._ctx, lambda s: build(s, post_id))
        except BranchDeskError as exc:  # a voided post has no plaque; an empty month no rota
            messages.show_error(self._parent, exc)
            return None

    def plaque(self, what: str, size: str) -> None:
        """Preview, print or save the selected post's plaque on A4 or A5."""
        plaque = self._build(lambda s, post_id: post_plaque.plaque(s, post_id))
        if plaque is None:
            return
        if what == "preview":
            _printing(PLAQUE_MODULE, "show_preview")(plaque, size, self._parent)
        elif what == "print":
            _printing(PLAQUE_MODULE, "print_plaque")(plaque, size, self._parent)
        else:
            path = self._ask_path("保存岗位牌", f"{safe_name(plaque.name)}_岗位牌_{size}.pdf")
            if path is not None:
                write = _printing(PLAQUE_MODULE, "write_pdf")
                self._write("正在保存岗位牌", lambda: write(plaque, path, size=size), path)

    def rota(self, what: str) -> None:
        """Preview, print or save the month's rota shown on the duty tab."""
        year, month = self._month()
        sheet = self._build(lambda s, post_id: duty_sheet.month_rota(s, post_id, year, month))
        if sheet is None:
            return
        if what == "preview":
            _printing(ROTA_MODULE, "show_preview")(sheet, self._parent)
        elif what == "print":
            _printing(ROTA_MODULE, "print_rota")(sheet, self._parent)
        else:
            path = self._ask_path("保存排班表", f"{year}-{month:02d}_{safe_name(sheet.title)}.pdf")
            if path is not None:
                write = _printing(ROTA_MODULE, "write_pdf")
                self._write("正在保存排班表", lambda: write(sheet, path), path)
