"""Saving a printable document to a file, as the meetings and posts pages both do: a dated default
name in the folder used last, the file written off the GUI thread, and where it went (or why not).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from branchdesk.errors import BranchDeskError

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.workers import run_task

_UNSAFE = re.compile(r'[\\/:*?"<>|]')
FILTERS = {".docx": "Word 文档 (*.docx)", ".pdf": "PDF 文件 (*.pdf)"}


def safe_name(text: str) -> str:
    """A title as a Windows file name: no spaces, nothing Windows refuses (\\ / : * ? " < > |)."""
    return _UNSAFE.sub("_", "".join(text.split()))


class DocumentFiles(QObject):
    """A page's document menus; `said` reports where a file went (text, ok). The last folder used is
    remembered under `export_dir_key` in the settings."""

    said = Signal(str, bool)

    def __init__(self, ctx: AppContext, parent: QWidget, export_dir_key: str) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self._export_dir_key = export_dir_key
        self.synchronous = False  # tests write files inline instead of on a worker thread

    def _export_dir(self) -> Path:
        saved = str(self._ctx.settings.value(self._export_dir_key, "") or "")
        if saved and Path(saved).is_dir():
            return Path(saved)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _ask_path(self, title: str, name: str, suffix: str = ".pdf") -> Path | None:
        start = str(self._export_dir() / name)
        chosen, _ = QFileDialog.getSaveFileName(self._parent, title, start, FILTERS[suffix])
        if not chosen:
            return None
        path = Path(chosen)
        path = path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
        self._ctx.settings.setValue(self._export_dir_key, str(path.parent))
        return path

    def _write(self, title: str, write: Callable[[], object], path: Path) -> None:
        """Write the file off the GUI thread; say where it went, or why not."""
        result = run_task(
            self._parent, title, lambda _report, _cancelled: write(), synchronous=self.synchronous
        )
        if result.cancelled:
            return
        error = result.error
        if isinstance(error, OSError):
            error = BranchDeskError(f"无法保存“{path.name}”：{error.strerror or error}", context=repr(error))
        if isinstance(error, BranchDeskError):
            messages.show_error(self._parent, error, title="保存失败")
        elif error is not None:
            messages.show_unexpected(self._parent, str(self._ctx.paths.log_file))
        else:
            self.said.emit(f"已保存：{path}", True)
