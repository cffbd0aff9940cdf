"""签到表 and 会议记录 of the selected meeting: print preview, the print dialog, PDF, and Word.

The services lay each document out once (services.sign_in_sheet, services.meeting_record); this
module only asks where to save and hands the document to the code that draws or writes it. Those
modules are imported on first use (STYLE: keep start-up light) and looked up through PRINTING at
each use, so the wiring to the printing code lives in one table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from branchdesk.errors import BranchDeskError
from branchdesk.services.meetings import MeetingRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.pages.document_files import DocumentFiles, safe_name

SHEET, RECORD = "sheet", "record"
PRINTING: dict[str, tuple[str, str]] = {  # name -> (module, function)
    "sheet": ("branchdesk.services.sign_in_sheet", "sign_in_sheet"),  # (session, meeting_id)
    "sheet_preview": ("branchdesk.ui.printing.preview", "show_sign_in_sheet_preview"),  # (sheet, parent)
    "sheet_print": ("branchdesk.ui.printing.preview", "print_sign_in_sheet"),  # (sheet, parent)
    "sheet_pdf": ("branchdesk.ui.printing.sign_in_sheet", "write_pdf"),  # (sheet, path)
    "record": ("branchdesk.services.meeting_record", "meeting_record"),  # (session, meeting_id)
    "record_preview": ("branchdesk.ui.printing.meeting_record", "show_preview"),  # (record, parent)
    "record_print": ("branchdesk.ui.printing.meeting_record", "print_record"),  # (record, parent)
    "record_pdf": ("branchdesk.ui.printing.meeting_record", "write_record_pdf"),  # (record, path)
    "record_docx": ("branchdesk.exports.meeting_docx", "write_meeting_docx"),  # (record, path)
}
MENUS = {
    SHEET: (("preview", "打印预览…"), ("print", "打印…"), ("pdf", "保存为PDF…")),
    RECORD: (("docx", "导出Word…"), ("preview", "打印预览…"), ("print", "打印…"), ("pdf", "保存为PDF…")),
}
EXPORT_DIR_KEY = "meetings/export_dir"


def printing(name: str) -> Callable[..., Any]:
    """The function that builds, prints or saves a document (see PRINTING)."""
    module, function = PRINTING[name]
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


class MeetingDocuments(DocumentFiles):
    """The 签到表 and 会议记录 menus of a page; `said` reports where a file went (text, ok)."""

    def __init__(self, ctx: AppContext, parent: QWidget, selected: Callable[[], MeetingRow | None]) -> None:
        super().__init__(ctx, parent, EXPORT_DIR_KEY)
        self._selected = selected

    def add_menu(self, kind: str, button: QPushButton) -> dict[str, QAction]:
        """Give `button` the menu of document `kind`; returns its actions by PRINTING name."""
        menu = QMenu(button)
        actions: dict[str, QAction] = {}
        for what, text in MENUS[kind]:
            action = actions[f"{kind}_{what}"] = menu.addAction(text)
            if what in ("preview", "print"):
                action.triggered.connect(lambda _c=False, w=what: self.show(kind, w))
            else:
                action.triggered.connect(lambda _c=False, w=what: self.save_as(kind, f".{w}"))
        button.setMenu(menu)
        return actions

    def _document(self, kind: str) -> tuple[MeetingRow, Any] | None:
        """The selected meeting and its sign-in sheet (SHEET) or written record (RECORD)."""
        row = self._selected()
        if row is None:
            return None
        meeting_id, build = row.id, printing(kind)
        try:
            return row, operations.read(self._ctx, lambda s: build(s, meeting_id))
        except BranchDeskError as exc:  # e.g. a voided meeting has no sign-in sheet
            messages.show_error(self._parent, exc)
            return None

    def show(self, kind: str, action: str) -> None:
        """Print preview or the system print dialog for the selected meeting's document."""
        found = self._document(kind)
        if found is not None:
            printing(f"{kind}_{action}")(found[1], self._parent)

    def save_as(self, kind: str, suffix: str) -> None:
        """Ask where (a dated default name in the folder used last), then write the document there."""
        found = self._document(kind)
        if found is None:
            return
        row, document = found
        stem = document.file_stem if kind == RECORD else f"{row.held_on:%Y-%m-%d}_{safe_name(document.title)}"
        title = "保存签到表" if kind == SHEET else "导出会议记录" if suffix == ".docx" else "保存会议记录"
        path = self._ask_path(title, stem + suffix, suffix)
        if path is not None:
            write = printing(f"{kind}_{suffix[1:]}")
            self._write(f"正在{title}", lambda: write(document, path), path)
