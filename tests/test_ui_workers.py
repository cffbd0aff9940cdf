"""Background work: runs off the GUI thread, reports progress, can be cancelled, hands errors back."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from branchdesk.ui.workers import run_task


def test_work_runs_in_another_thread_and_returns_its_value(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work(report, cancelled):  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread() is threading.main_thread()
        report("一半", 1, 2)
        return 42

    result = run_task(parent, "测试", work)
    assert result.ok and result.value == 42
    assert seen["thread"] is False


def test_cancel_stops_the_work(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()

    def work(report, cancelled):  # type: ignore[no-untyped-def]
        started.set()
        for _ in range(500):
            if cancelled():
                raise InterruptedError
            threading.Event().wait(0.01)
        return "finished"

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QProgressDialog

    def press_cancel() -> None:
        dialogs = parent.findChildren(QProgressDialog)
        if started.is_set() and dialogs:
            qtbot.keyClick(dialogs[0], Qt.Key.Key_Escape)  # as a user would, from the keyboard
        else:
            QTimer.singleShot(20, press_cancel)

    QTimer.singleShot(20, press_cancel)
    result = run_task(parent, "测试", work)
    assert result.cancelled and result.value is None


def test_an_error_is_handed_back_not_raised(qtbot) -> None:  # type: ignore[no-untyped-def]
    def work(report, cancelled):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    result = run_task(None, "测试", work)
    assert isinstance(result.error, ValueError) and not result.ok
    assert run_task(None, "测试", work, synchronous=True).error is not None


def test_progress_reaches_the_dialog_in_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A worker's progress must not touch the dialog from the worker thread (Qt timer warnings)."""
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QProgressDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[bool] = []
    original = QProgressDialog.setLabelText

    def spy(self, text):  # type: ignore[no-untyped-def]
        seen.append(QThread.currentThread() is self.thread())
        original(self, text)

    QProgressDialog.setLabelText = spy  # type: ignore[method-assign]
    try:
        run_task(parent, "测试", lambda report, cancelled: report("读取中", 1, 2))
    finally:
        QProgressDialog.setLabelText = original  # type: ignore[method-assign]
    assert seen and all(seen)


def test_an_expected_refusal_is_not_logged_as_an_error(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.errors import ValidationError

    def work(report, cancelled):  # type: ignore[no-untyped-def]
        raise ValidationError("不是花名册", field="文件")

    with caplog.at_level("INFO"):
        result = run_task(None, "读取", work)
    assert isinstance(result.error, ValidationError)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
