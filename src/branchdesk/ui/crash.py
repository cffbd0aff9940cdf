"""The last resort for a bug: log the traceback and tell the user, in Chinese, where the log is.

Data stays safe without any help from here: every write runs inside one transaction, so an action
that blew up was rolled back, and what was saved before it is on disk.

A bug in a paint path (a table's data() raising) fires again on every repaint, and a message box
that comes back the moment it is closed leaves the user no way out. So each distinct error (its type
and the line it was raised at) is shown once, is logged in full a few times and then only counted,
and the box offers to close the program (normally: the close-time backup still runs).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
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


LOGGED_IN_FULL = 3  # occurrences of one error logged with their traceback; later ones only counted
COUNT_EVERY = 100  # then one line every this many


def error_signature(exc_type: type[BaseException], tb: TracebackType | None) -> tuple[str, str, int]:
    """The error's type and the innermost line that raised it: the same bug repeating has one signature."""
    frame = tb
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    if frame is None:
        return (exc_type.__qualname__, "", 0)
    return (exc_type.__qualname__, frame.tb_frame.f_code.co_filename, frame.tb_lineno)


class CrashHandler:
    """Installed as sys.excepthook (and threading.excepthook) once the QApplication exists."""

    def __init__(self, log_path: Path, parent: Callable[[], QWidget | None] | None = None) -> None:
        self.log_path = log_path
        self._parent = parent or (lambda: None)
        self._showing = False
        self._previous: ExcHook = sys.excepthook
        self._seen: dict[tuple[str, str, int], int] = {}

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
        signature = error_signature(exc_type, tb)
        count = self._seen.get(signature, 0) + 1
        self._seen[signature] = count
        if count <= LOGGED_IN_FULL:
            log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        elif count % COUNT_EVERY == 0:
            log.critical("the same unhandled %s has now happened %d times", exc_type.__qualname__, count)
        if count > 1 or self._showing or QApplication.instance() is None:
            return  # shown once already, an error inside the dialog itself, or no GUI yet: logged
        self._showing = True
        try:
            if show_crash_dialog(self._parent(), self.log_path, offer_quit=True):
                app = QApplication.instance()
                if app is not None:
                    QTimer.singleShot(0, app.closeAllWindows)  # the window's close runs its backup
        finally:
            self._showing = False

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        # A worker thread cannot show a dialog; the worker reports failures through its own signal.
        log.critical(
            "unhandled exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
        )


def show_crash_dialog(parent: QWidget | None, log_path: Path, *, offer_quit: bool = False) -> bool:
    """Tell the user; with `offer_quit`, True when they chose to close the program."""
    if not offer_quit:
        QMessageBox.critical(parent, "发生意外错误", crash_text(log_path))
        return False
    box = QMessageBox(QMessageBox.Icon.Critical, "发生意外错误", crash_text(log_path), parent=parent)
    carry_on = box.addButton("继续使用(&C)", QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton("关闭程序(&Q)", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(carry_on)
    box.setEscapeButton(carry_on)
    box.exec()
    return box.clickedButton() is close
