"""The last resort for a bug: log the traceback and tell the user, in Chinese, where the log is.

Data stays safe without any help from here: every write runs inside one transaction, so an action
that blew up was rolled back, and what was saved before it is on disk.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger(__name__)

ExcHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def crash_text(log_path: Path) -> str:
    return (
        "程序遇到了一个意外错误。\n\n"
        "已经保存的数据都在数据库中，不会丢失；出错时正在进行的那一步操作已自动撤销，"
        "请检查后重新操作一次。\n\n"
        f"详细信息已记录在日志文件中：\n{log_path}\n\n"
        "如果错误反复出现，请将该文件发给技术支持人员。"
    )


class CrashHandler:
    """Installed as sys.excepthook (and threading.excepthook) once the QApplication exists."""

    def __init__(self, log_path: Path, parent: Callable[[], QWidget | None] | None = None) -> None:
        self.log_path = log_path
        self._parent = parent or (lambda: None)
        self._showing = False
        self._previous: ExcHook = sys.excepthook

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = threading.__excepthook__

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        if self._showing or QApplication.instance() is None:
            return  # an error inside the dialog itself, or no GUI yet: the log has it
        self._showing = True
        try:
            show_crash_dialog(self._parent(), self.log_path)
        finally:
            self._showing = False

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        # A worker thread cannot show a dialog; the worker reports failures through its own signal.
        log.critical(
            "unhandled exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
        )


def show_crash_dialog(parent: QWidget | None, log_path: Path) -> None:
    QMessageBox.critical(parent, "发生意外错误", crash_text(log_path))
