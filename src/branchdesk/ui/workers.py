"""Long work (reading a workbook, writing a PDF) off the GUI thread, with progress and a cancel button.

The work is a plain function `work(report, cancelled) -> T`: it calls `report(text, done, total)` now
and then and checks `cancelled()` between steps (raising InterruptedError to stop). The window keeps
painting; the user sees a progress dialog after a short delay and can cancel. Tests pass
`synchronous=True` (or set AppContext-independent `Worker.synchronous`) to run it inline.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from branchdesk.errors import BranchDeskError

T = TypeVar("T")
Report = Callable[[str, int, int], None]
Work = Callable[[Report, Callable[[], bool]], T]
log = logging.getLogger(__name__)
SHOW_AFTER_MS = 300


@dataclass(frozen=True)
class TaskResult(Generic[T]):
    """How the work ended: a value, cancelled by the user, or an exception (already logged)."""

    value: T | None = None
    cancelled: bool = False
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return not self.cancelled and self.error is None


class _Progress(QObject):
    """Lives in the GUI thread, so the dialog is only ever touched there (queued from the worker)."""

    def __init__(self, dialog: QProgressDialog, cancel: threading.Event) -> None:
        super().__init__()
        self._dialog = dialog
        self._cancel = cancel

    @Slot(str, int, int)
    def show(self, text: str, done: int, total: int) -> None:
        self._dialog.setLabelText(text)
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total else 0)

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()
        self._dialog.setLabelText("正在取消…")


class _Runner(QObject):
    progressed = Signal(str, int, int)
    done = Signal()

    def __init__(self, work: Work[Any], cancel: threading.Event) -> None:
        super().__init__()
        self._work = work
        self._cancel = cancel
        self.result: TaskResult[Any] = TaskResult()

    def run(self) -> None:
        try:
            value = self._work(self.progressed.emit, self._cancel.is_set)
            self.result = TaskResult(value=value, cancelled=self._cancel.is_set())
        except InterruptedError:
            self.result = TaskResult(cancelled=True)
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.result = TaskResult(error=exc)
        finally:
            self.done.emit()


def run_task(
    parent: QWidget | None, title: str, work: Work[T], *, synchronous: bool = False
) -> TaskResult[T]:
    """Run `work` with a modal progress dialog (shown after 300 ms) and a 取消 button."""
    cancel = threading.Event()
    if synchronous:
        try:
            return TaskResult(value=work(lambda *_: None, cancel.is_set))
        except InterruptedError:
            return TaskResult(cancelled=True)
        except Exception as exc:
            return TaskResult(error=exc)
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setObjectName("taskProgressDialog")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    runner = _Runner(work, cancel)
    thread = QThread()
    runner.moveToThread(thread)
    loop = QEventLoop()

    # Slots of GUI-thread objects, never plain functions: a queued call to a plain function may run
    # in the sender's (worker) thread and touch the dialog from there.
    progress = _Progress(dialog, cancel)
    runner.progressed.connect(progress.show, Qt.ConnectionType.QueuedConnection)
    runner.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(progress.cancel)
    dialog.rejected.connect(progress.cancel)  # Esc closes the dialog: that is a cancel too
    thread.started.connect(runner.run)
    thread.start()
    loop.exec()
    thread.quit()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    result: TaskResult[T] = runner.result
    if isinstance(result.error, BranchDeskError):  # expected: the caller shows its Chinese message
        log.info("background task %r refused: %s", title, result.error)
    elif result.error is not None:
        log.error("background task %r failed", title, exc_info=result.error)
    return result
