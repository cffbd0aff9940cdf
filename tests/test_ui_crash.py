"""The last-resort error handler: logged with its traceback, shown once, and a way out of a repaint loop."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from branchdesk.ui import crash
from branchdesk.ui.crash import LOGGED_IN_FULL, CrashHandler


def _raise(message: str) -> None:
    raise RuntimeError(message)


def _fire(handler: CrashHandler, message: str = "boom in a slot") -> None:
    try:
        _raise(message)
    except RuntimeError as exc:
        handler.handle(RuntimeError, exc, exc.__traceback__)


def _other_error(handler: CrashHandler) -> None:
    try:
        {}["missing"]
    except KeyError as exc:
        handler.handle(KeyError, exc, exc.__traceback__)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []

    def fake(_parent: QWidget | None, path: Path, *, offer_quit: bool = False) -> bool:
        assert offer_quit
        calls.append(path)
        return False

    monkeypatch.setattr(crash, "show_crash_dialog", fake)
    return calls


def test_an_error_is_logged_with_its_traceback_and_names_the_log_file(
    qapp: QApplication, tmp_path: Path, shown: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    handler = CrashHandler(tmp_path / "branchdesk.log")
    with caplog.at_level(logging.CRITICAL):
        _fire(handler)
    assert "boom in a slot" in caplog.text and "_raise" in caplog.text  # the traceback
    assert shown == [tmp_path / "branchdesk.log"]
    assert "意外错误" in crash.crash_text(tmp_path / "x.log") and "x.log" in crash.crash_text(
        tmp_path / "x.log"
    )


def test_an_error_repeating_on_every_repaint_is_shown_once_and_logged_a_few_times(
    qapp: QApplication, tmp_path: Path, shown: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    handler = CrashHandler(tmp_path / "branchdesk.log")
    with caplog.at_level(logging.CRITICAL):
        for _ in range(50):
            _fire(handler)
    assert len(shown) == 1
    assert caplog.text.count("boom in a slot") == LOGGED_IN_FULL
    _other_error(handler)  # a different bug is news: shown again
    assert len(shown) == 2


def test_the_box_offers_to_close_the_program_and_closing_closes_every_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    handler = CrashHandler(tmp_path / "branchdesk.log", parent=lambda: window)

    def choose_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        labels = [b.text() for b in box.buttons()]
        assert labels == ["继续使用(&C)", "关闭程序(&Q)"]
        box.buttons()[1].click()

    QTimer.singleShot(50, choose_close)
    _fire(handler)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_carrying_on_keeps_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    handler = CrashHandler(tmp_path / "branchdesk.log", parent=lambda: window)

    def press_escape() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.reject()  # Esc: 继续使用

    QTimer.singleShot(50, press_escape)
    _fire(handler)
    qtbot.wait(50)
    assert window.isVisible()
