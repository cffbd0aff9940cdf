"""Start-up, step by step: a damaged or too-new database, the demo, the wizard, theme, translations."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from branchdesk.cli import build_parser
from branchdesk.db import Database
from branchdesk.errors import DatabaseCorruptError
from branchdesk.paths import DataPaths
from branchdesk.services import backup, branches, demo, roster
from tests.factories import setup_branch

from branchdesk.ui import app as app_module
from branchdesk.ui import theme
from branchdesk.ui.app import EXIT_FAILED, EXIT_OK, StartupStopped, prepare_context
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.main_window import DEMO_TITLE, MainWindow
from branchdesk.ui.single_instance import SingleInstance


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: QtBot, data_paths: DataPaths, settings: QSettings) -> MainWindow:
    win = MainWindow(data_paths, settings, pages=[])
    qtbot.addWidget(win)
    return win


@pytest.fixture
def contexts() -> Iterator[list[AppContext]]:
    made: list[AppContext] = []
    yield made
    for ctx in made:
        ctx.db.dispose()


def _damage(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100
    path.write_bytes(bytes(data))
    return bytes(data)


def _fake_restore_dialog(monkeypatch: pytest.MonkeyPatch, on_exec: Any) -> list[DataPaths]:
    """Put a stand-in RestoreDialog where the shell imports it; returns the paths it was opened with."""
    opened: list[DataPaths] = []

    class FakeRestoreDialog(QDialog):
        def __init__(self, paths: DataPaths, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            opened.append(paths)
            self.result_summary = ""

        def exec(self) -> int:
            return int(on_exec(self))

    module = types.ModuleType("branchdesk.ui.dialogs.restore_dialog")
    module.RestoreDialog = FakeRestoreDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return opened


def test_damaged_database_offers_restore_and_is_left_byte_identical(
    window: MainWindow, data_paths: DataPaths, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = _damage(data_paths.database)
    questions: list[str] = []
    answers = iter([True, False])  # pick a backup, cancel that dialog, then quit

    def ask(_parent: Any, text: str) -> bool:
        questions.append(text)
        return next(answers)

    monkeypatch.setattr(app_module, "ask_restore", ask)
    offered = _fake_restore_dialog(monkeypatch, lambda _d: QDialog.DialogCode.Rejected)
    with pytest.raises(StartupStopped) as stopped:
        prepare_context(window, data_paths, settings)
    assert stopped.value.code == EXIT_FAILED
    assert offered == [data_paths]
    assert len(questions) == 2 and "数据库文件已损坏" in questions[0]
    assert data_paths.database.read_bytes() == damaged
    assert not Path(f"{data_paths.database}-wal").exists()


def test_damaged_database_restored_from_a_backup_then_opens(
    window: MainWindow,
    data_paths: DataPaths,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    contexts: list[AppContext],
) -> None:
    db = Database(data_paths.database)
    with db.transaction() as session:
        branch_id = setup_branch(session)
    db.dispose()
    good = backup.make_backup(data_paths.database, data_paths.backups, reason="manual")
    _damage(data_paths.database)

    def restore(dialog: Any) -> int:
        dialog.result_summary = backup.restore_backup(
            good.path, data_paths.database, data_paths.backups
        ).summary
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(app_module, "ask_restore", lambda _p, _t: True)
    _fake_restore_dialog(monkeypatch, restore)
    told: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, _title, text: told.append(text))
    ctx = prepare_context(window, data_paths, settings)
    contexts.append(ctx)
    assert ctx.branch_id == branch_id
    assert told and told[0].startswith("已恢复到")
    corrupt_copies = [p for p in data_paths.backups.iterdir() if "corrupt" in p.name]
    assert corrupt_copies, "the damaged file was kept aside"


def test_ask_restore_is_a_chinese_question_defaulting_to_restore(qtbot: QtBot) -> None:
    seen: dict[str, Any] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["title"] = box.windowTitle()
        seen["buttons"] = [b.text() for b in box.buttons()]
        box.defaultButton().click()

    QTimer.singleShot(0, answer)
    assert app_module.ask_restore(None, "数据库文件已损坏，无法打开") is True
    assert seen["title"] == "数据库文件已损坏"
    assert seen["buttons"] == ["从备份恢复(&R)…", "退出程序(&Q)"]


def test_too_new_database_is_reported_and_not_opened(
    window: MainWindow, data_paths: DataPaths, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(data_paths.database)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = data_paths.database.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _title, text, *a: shown.append(text))
    with pytest.raises(StartupStopped) as stopped:
        prepare_context(window, data_paths, settings)
    assert stopped.value.code == EXIT_FAILED
    assert shown and "更新版本" in shown[0]
    assert data_paths.database.read_bytes() == before


def test_new_database_runs_the_first_run_wizard(
    window: MainWindow,
    tmp_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    contexts: list[AppContext],
) -> None:
    paths = DataPaths(tmp_path / "fresh")
    made: list[int] = []

    def wizard(db: Database, parent: QWidget | None = None) -> int:
        with db.transaction() as session:
            made.append(setup_branch(session, name="新支部"))
        return made[0]

    monkeypatch.setattr("branchdesk.ui.wizard.run_first_run_wizard", wizard)
    ctx = prepare_context(window, paths, settings)
    contexts.append(ctx)
    assert ctx.branch_id == made[0]
    assert paths.database.exists()


def test_cancelled_wizard_stops_start_up_cleanly(
    window: MainWindow, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("branchdesk.ui.wizard.run_first_run_wizard", lambda db, parent=None: None)
    with pytest.raises(StartupStopped) as stopped:
        prepare_context(window, DataPaths(tmp_path / "fresh"), settings)
    assert stopped.value.code == EXIT_OK


def test_the_branch_used_last_is_chosen_and_a_vanished_one_falls_back(
    window: MainWindow, data_paths: DataPaths, settings: QSettings, contexts: list[AppContext]
) -> None:
    db = Database(data_paths.database)
    with db.transaction() as session:
        first = setup_branch(session)
        second = branches.create_branch(session, 1, branches.BranchProfileInput(name="外科党支部"))
    db.dispose()
    settings.setValue("session/branch_id", second)
    assert app_module.choose_branch(window, db, settings) == second
    settings.setValue("session/branch_id", 999)
    assert app_module.choose_branch(window, db, settings) == first


def test_demo_and_real_databases_remember_their_branch_apart(
    window: MainWindow, data_paths: DataPaths, settings: QSettings
) -> None:
    db = Database(data_paths.database)
    with db.transaction() as session:
        first = setup_branch(session)
        second = branches.create_branch(session, 1, branches.BranchProfileInput(name="外科党支部"))
    settings.setValue("session/branch_id", second)  # chosen in the real database
    assert app_module.choose_branch(window, db, settings, demo=True) == first  # means nothing in the demo
    AppContext(paths=data_paths, db=db, settings=settings, branch_id=first, demo=True).set_branch(second)
    AppContext(paths=data_paths, db=db, settings=settings, branch_id=second).set_branch(first)
    assert settings.value("session/demo_branch_id") == second
    assert app_module.choose_branch(window, db, settings, demo=True) == second
    assert app_module.choose_branch(window, db, settings) == first
    db.dispose()


def test_demo_mode_creates_the_demo_database_with_title_and_banner(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, contexts: list[AppContext]
) -> None:
    paths = DataPaths(tmp_path / "data", demo=True)
    win = MainWindow(paths, settings, demo=True, pages=[])
    qtbot.addWidget(win)
    ctx = prepare_context(win, paths, settings)
    contexts.append(ctx)
    win.attach(ctx)
    win.show()
    qtbot.waitExposed(win)
    assert win.windowTitle() == "支部工作台 — 演示数据（与正式数据分开保存）" == DEMO_TITLE
    assert win.demo_banner.isVisible() and "演示数据" in win.demo_banner.text()
    assert win.menu.rebuild_demo_action.isVisible()
    assert ctx.demo and paths.database.name == "demo.sqlite3"
    assert not (tmp_path / "data" / "branchdesk.sqlite3").exists()  # real data untouched
    with ctx.db.transaction() as session:
        assert demo.is_demo_database(session)


def test_reset_demo_and_the_menu_action_rebuild_only_the_demo_file(
    qtbot: QtBot,
    tmp_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    contexts: list[AppContext],
) -> None:
    paths = DataPaths(tmp_path / "data", demo=True)
    real = DataPaths(tmp_path / "data").database
    real.parent.mkdir(parents=True)
    real.write_bytes(b"the real database, not to be touched")
    win = MainWindow(paths, settings, demo=True, pages=[])
    qtbot.addWidget(win)
    ctx = prepare_context(win, paths, settings)
    contexts.append(ctx)
    win.attach(ctx)

    def mark(name: str) -> None:
        with ctx.db.transaction() as session:
            roster.add_member(session, ctx.branch_id, roster.MemberInput(name=name))

    def names() -> set[str]:
        with ctx.db.transaction() as session:
            return {m.name for m in roster.list_members(session, ctx.branch_id)}

    mark("练习添加")
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(messages, "inform", lambda *a: None)
    with qtbot.waitSignal(ctx.events.database_replaced, timeout=10000):
        win.menu.rebuild_demo_action.trigger()
    assert "练习添加" not in names()

    mark("再次练习")
    ctx.db.dispose()
    again = prepare_context(win, paths, settings, reset_demo=True)
    contexts.append(again)
    with again.db.transaction() as session:
        assert "再次练习" not in {m.name for m in roster.list_members(session, again.branch_id)}
    assert real.read_bytes() == b"the real database, not to be touched"


def test_deleting_demo_files_refuses_the_real_database(data_paths: DataPaths) -> None:
    with pytest.raises(ValueError):
        app_module.delete_demo_files(data_paths)
    assert data_paths.database.exists()


def test_qt_dialogs_speak_chinese(qapp: QApplication) -> None:
    assert app_module.install_qt_translations(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_theme_is_built_once_then_read_from_the_cache(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = qapp.styleSheet()
    try:
        assert theme.apply_theme(qapp, tmp_path / "cache") is False  # built and stored
        built = qapp.styleSheet()
        assert "QPushButton" in built and theme.THEME_COLOURS["primaryColor"] in built
        assert list((tmp_path / "cache").glob("theme-*/style.qss"))

        def no_rebuild(*_args: Any) -> str:
            raise AssertionError("the cached stylesheet should have been used")

        monkeypatch.setattr(theme, "_build", no_rebuild)
        assert theme.apply_theme(qapp, tmp_path / "cache") is True
        assert qapp.styleSheet() == built
    finally:
        qapp.setStyleSheet(before)


def test_window_paints_before_the_database_layer_is_imported(tmp_path: Path) -> None:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from branchdesk.paths import DataPaths\n"
        "from branchdesk.ui import app\n"
        "from branchdesk.ui.main_window import MainWindow\n"
        f"paths = DataPaths(Path({str(tmp_path / 'd')!r})).ensure()\n"
        "qapp = app.create_application()\n"
        "app.apply_theme(qapp, paths.root / 'cache')\n"
        "win = MainWindow(paths, app.open_settings(paths))\n"
        "app.show_first_window(qapp, win, time.perf_counter())\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic'))\n"
        "print('PAINTED', win.painted, 'HEAVY', heavy)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "PAINTED True HEAVY []" in result.stdout


def test_corrupt_error_is_not_swallowed_by_open_database(data_paths: DataPaths) -> None:
    # guards the premise of the restore offer: storage refuses a damaged file with this error
    from branchdesk.services import storage

    _damage(data_paths.database)
    with pytest.raises(DatabaseCorruptError):
        storage.open_database(data_paths)


def test_run_gui_opens_the_demo_then_closes_cleanly(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole sequence once, with the window closed by a timer as soon as it is ready."""
    root = tmp_path / "data"
    closed: list[MainWindow] = []

    def close_when_ready() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.ctx is not None and widget.isVisible():
                closed.append(widget)
                widget.close()

    poll = QTimer()
    poll.timeout.connect(close_when_ready)
    poll.start(20)
    style, root_handlers = qapp.styleSheet(), list(logging.getLogger().handlers)
    args = build_parser().parse_args(["--data-dir", str(root), "--demo"])
    try:
        assert app_module.run_gui(args) == EXIT_OK
    finally:
        poll.stop()
        qapp.setStyleSheet(style)
        for handler in logging.getLogger().handlers:
            if handler not in root_handlers:
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert closed and closed[0].windowTitle() == DEMO_TITLE
    log_text = (root / "logs" / "branchdesk.log").read_text(encoding="utf-8")
    assert "first window painted" in log_text and "ready" in log_text and "closed" in log_text
    assert "window/geometry" in QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat).allKeys()
    after = SingleInstance(DataPaths(root, demo=True))
    assert after.try_acquire()  # the lock was released
    after.release()


def test_a_new_theme_cache_replaces_the_old_one(qapp: QApplication, tmp_path: Path) -> None:
    stale = tmp_path / "cache" / "theme-000000000000"
    (stale / "icons").mkdir(parents=True)
    (stale / "style.qss").write_text("/* from an older version */", encoding="utf-8")
    before = qapp.styleSheet()
    try:
        assert theme.apply_theme(qapp, tmp_path / "cache") is False
    finally:
        qapp.setStyleSheet(before)
    assert not stale.exists()
    assert len(list((tmp_path / "cache").glob("theme-*"))) == 1


def test_an_unexpected_start_up_error_is_logged_shown_and_exits_1(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> AppContext:
        raise RuntimeError("bug while opening")

    shown: list[Path] = []
    monkeypatch.setattr(app_module, "prepare_context", broken)
    monkeypatch.setattr(app_module, "show_crash_dialog", lambda _parent, path: shown.append(path))
    style, root_handlers = qapp.styleSheet(), list(logging.getLogger().handlers)
    root = tmp_path / "data"
    try:
        assert app_module.run_gui(build_parser().parse_args(["--data-dir", str(root)])) == EXIT_FAILED
    finally:
        qapp.setStyleSheet(style)
        for handler in logging.getLogger().handlers:
            if handler not in root_handlers:
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert shown == [root / "logs" / "branchdesk.log"]
    assert "bug while opening" in shown[0].read_text(encoding="utf-8")
