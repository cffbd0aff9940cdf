"""Start-up and shut-down of the window, in the fixed order STYLE.md asks for.

arguments (cli) -> data folder -> logging -> single-instance check -> (the file's integrity check
starts in a thread) -> QApplication -> Qt's zh_CN translations -> theme -> the main window shown and
painted with a first look at the branch (read-only plain sqlite3, services/first_look) -> only then
the ORM, Alembic and the services are imported, the check's verdict awaited, the database upgraded
and opened -> the first-run wizard when there is no branch -> the pages -> the start backup, in a
thread, with writes held until it is taken. Each step is a function so tests can run them one by
one without an event loop.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from branchdesk import APP_NAME, APP_TITLE, __version__
from branchdesk.errors import BranchDeskError, DatabaseCorruptError, DatabaseTooNewError
from branchdesk.logging_setup import setup_logging
from branchdesk.paths import DEMO_DATABASE_NAME, DataPaths, resolve_data_dir

from branchdesk.ui.crash import CrashHandler, show_crash_dialog
from branchdesk.ui.dialogs import messages
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.single_instance import SingleInstance
from branchdesk.ui.startup_work import (
    BackgroundJob,
    bench_line,
    bench_wanted,
    read_first_look,
    start_backup_in_background,
    start_check,
    wait_for_background,
)
from branchdesk.ui.theme import apply_theme, resource_path

if TYPE_CHECKING:
    from branchdesk.db import Database
    from branchdesk.services.storage import OpenedDatabase

    from branchdesk.ui.context import AppContext

log = logging.getLogger(__name__)


class StartupStopped(Exception):
    """Start-up ends before the window is ready (already told to the user); carries the exit code."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code


EXIT_OK, EXIT_FAILED = 0, 1
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def run_gui(args: argparse.Namespace) -> int:
    """Run the window until it is closed; returns the process exit code."""
    started = float(getattr(args, "started_at", time.perf_counter()))
    paths = DataPaths(resolve_data_dir(args.data_dir), demo=bool(args.demo)).ensure()
    setup_logging(paths)
    log.info("%s %s starting; data folder %s; demo=%s", APP_NAME, __version__, paths.root, paths.demo)
    instance = SingleInstance(paths)
    if not instance.try_acquire():
        return hand_over_to_running(instance)
    try:
        app = create_application()
        instance.start_server()  # before the slow steps, so a quick second launch finds it
        return _run_window(app, paths, instance, started, reset_demo=bool(args.reset_demo))
    finally:
        instance.release()


def hand_over_to_running(instance: SingleInstance) -> int:
    """Another instance owns the folder: ask it to come forward, else say who holds the folder."""
    for attempt in range(3):  # the first may still be starting and not listening yet
        if instance.notify_running():
            log.info("handed over to the running instance")
            return EXIT_OK
        if attempt < 2:
            time.sleep(0.5)
    create_application()
    QMessageBox.warning(
        None,
        f"{APP_TITLE}已在运行",
        f"这个数据文件夹正被另一个{APP_TITLE}使用：\n{instance.paths.root}\n\n"
        f"占用者：{instance.holder()}\n\n请先关闭另一个窗口（或另一台电脑上的程序）后再打开。",
    )
    return EXIT_FAILED


def create_application() -> QApplication:
    """The QApplication with its names and Qt's own Chinese translations (确定/取消 in dialogs)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    # no applicationDisplayName: Qt would append it to every window title ("支部工作台 — … — 支部工作台")
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = resource_path("icons", "branchdesk-256.png")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_qt_translations(app)
    return app


def install_qt_translations(app: QApplication) -> bool:
    """Load qtbase_zh_CN.qm from Qt's translations folder (bundled by PyInstaller in the same place)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)  # parented: lives as long as the application
    from branchdesk.ui.translations import MissingQtTranslations

    if not translator.load("qtbase_zh_CN", folder):
        log.warning("Qt's Chinese translations not found in %s", folder)
        return False
    installed = app.installTranslator(translator)
    app.installTranslator(MissingQtTranslations(app))  # installed last, asked first
    return installed


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


def open_settings(paths: DataPaths) -> QSettings:
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)


def show_first_window(app: QApplication, window: MainWindow, started: float, timeout_ms: int = 2000) -> float:
    """Show the window and return once it has painted; returns seconds since the program started."""
    loop = QEventLoop()
    window.first_painted.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    window.show_initial()
    if not window.painted:
        loop.exec()
    window.first_painted.disconnect(loop.quit)
    elapsed = time.perf_counter() - started
    log.info("first window painted %.0f ms after start (painted=%s)", elapsed * 1000, window.painted)
    return elapsed


def _run_window(
    app: QApplication, paths: DataPaths, instance: SingleInstance, started: float, *, reset_demo: bool
) -> int:
    qInstallMessageHandler(_qt_message)
    apply_theme(app, paths.root / "cache")
    settings = open_settings(paths)
    window = MainWindow(paths, settings, demo=paths.demo)
    look = None if reset_demo else read_first_look(paths, settings)
    if look is not None:
        window.show_first_look(look)
    crash = CrashHandler(paths.log_file, parent=lambda: window)
    crash.install()
    try:
        show_first_window(app, window, started)
        if look is not None and bench_wanted():
            bench_line("first", started)
        # After the first paint, so on a two-core PC it does not slow the window down; it runs beside
        # the ORM import that follows (C code, the GIL released).
        check = start_check(paths, reset_demo=reset_demo)
        instance.activate_requested.connect(window.bring_to_front)
        try:
            ctx = prepare_context(window, paths, settings, reset_demo=reset_demo, check=check)
        except StartupStopped as stop:
            log.info("start-up stopped: %s", stop)
            window.close()
            return stop.code
        except Exception:
            log.exception("start-up failed")
            show_crash_dialog(window, paths.log_file)
            window.close()
            return EXIT_FAILED
        window.attach(ctx)
        log.info("ready %.0f ms after start", (time.perf_counter() - started) * 1000)
        backup = start_backup_in_background(window, ctx)
        if bench_wanted():
            code = bench_report(app, window, started)
        else:
            code = app.exec() if window.isVisible() else EXIT_OK
        if backup is not None and backup.error is not None:
            code = EXIT_FAILED
        shutdown(ctx, window)
        return code
    finally:
        crash.uninstall()
        qInstallMessageHandler(None)


def bench_report(app: QApplication, window: QWidget, started: float) -> int:
    """For `python -m branchdesk.bench`: once the page's data is painted, print the time and peak
    memory, and quit (the first look, when there was one, was reported when it was painted)."""
    window.repaint()
    app.processEvents()
    bench_line("ready", started)
    return EXIT_OK


def prepare_context(
    window: MainWindow,
    paths: DataPaths,
    settings: QSettings,
    *,
    reset_demo: bool = False,
    check: BackgroundJob[list[str]] | None = None,
) -> AppContext:
    """Open the database (demo: create and fill it) and pick the branch; StartupStopped if it cannot.

    With `check` (the integrity check already running in a thread) the start backup is left for
    start_backup_in_background (window.start_backup_deferred says so)."""
    from branchdesk.db import Database

    from branchdesk.ui.context import AppContext

    if paths.demo:
        window.show_loading("正在生成演示数据，第一次需要十秒左右…")
        QApplication.processEvents()
        if reset_demo:
            delete_demo_files(paths)
    opened = open_with_recovery(window, paths, check)
    if opened is None:
        raise StartupStopped(EXIT_FAILED, "database not opened")
    db = Database(paths.database, engine=opened.engine)
    if paths.demo:
        fill_demo_if_empty(db)
    branch_id = choose_branch(window, db, settings, demo=paths.demo)
    if branch_id is None:
        from branchdesk.services import storage

        storage.close_database(db.engine, paths)
        raise StartupStopped(EXIT_OK, "first-run wizard cancelled")
    return AppContext(paths=paths, db=db, settings=settings, branch_id=branch_id, demo=paths.demo)


def open_with_recovery(
    parent: QWidget | None, paths: DataPaths, check: BackgroundJob[list[str]] | None = None
) -> OpenedDatabase | None:
    """storage.open_database, with a damaged file reported and a restore offered; never opened as is.

    The first attempt takes the verdict of `check` and defers the start backup; a retry after a
    restore checks the restored file itself and backs it up at once."""
    from branchdesk.services import storage  # the first import of the ORM and Alembic

    while True:
        first, check = check, None
        try:
            if first is not None:
                opened = storage.open_database(paths, checked=first.result(), back_up_now=False)
                if isinstance(parent, MainWindow):
                    parent.start_backup_deferred = True
                return opened
            return storage.open_database(paths)
        except DatabaseCorruptError as exc:
            log.error("database refused as damaged: %s", exc)
            if not offer_restore(parent, paths, exc):
                return None
        except DatabaseTooNewError as exc:
            log.error("database refused as too new: %s", exc)
            QMessageBox.critical(parent, "无法打开数据库", exc.user_message)
            return None
        except BranchDeskError as exc:
            log.error("database could not be opened: %s", exc)
            messages.show_error(parent, exc, title="无法打开数据库")
            return None


def ask_restore(parent: QWidget | None, text: str) -> bool:
    """The damaged-database message; True when the user wants to pick a backup."""
    box = QMessageBox(QMessageBox.Icon.Critical, "数据库文件已损坏", text, parent=parent)
    box.setInformativeText("是否现在从备份恢复？恢复前，损坏的文件会原样另存一份，不会被删除。")
    box.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 480px; }")
    restore = box.addButton("从备份恢复(&R)…", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("退出程序(&Q)", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is restore


def offer_restore(parent: QWidget | None, paths: DataPaths, error: DatabaseCorruptError) -> bool:
    """True when a backup was restored (so opening is tried again); False when the user gives up."""
    try:
        from branchdesk.ui.dialogs.restore_dialog import RestoreDialog
    except ImportError:
        log.exception("restore dialog not available")
        QMessageBox.critical(
            parent,
            "数据库文件已损坏",
            f"{error.user_message}\n\n备份保存在：{paths.backups}\n请联系技术支持。",
        )
        return False
    while ask_restore(parent, error.user_message):
        dialog = RestoreDialog(paths, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            messages.inform(parent, "恢复完成", getattr(dialog, "result_summary", "") or "已从备份恢复。")
            return True
    return False


def choose_branch(window: MainWindow, db: Database, settings: QSettings, *, demo: bool = False) -> int | None:
    """The branch to show: the one used last if it still exists; the first-run wizard on a new database.

    "Used last" is read under the key AppContext.set_branch writes for this database (demo or real).
    """
    from branchdesk.services import branches

    from branchdesk.ui.context import branch_key

    with db.transaction() as session:
        ids = [s.id for s in branches.list_branches(session)]
    if ids:
        stored = settings.value(branch_key(demo))
        try:
            return int(stored) if stored is not None and int(stored) in ids else ids[0]
        except (TypeError, ValueError):
            return ids[0]
    window.show_loading("首次使用：请先填写医院党委和支部的基本信息")
    try:
        from branchdesk.ui.wizard import run_first_run_wizard
    except ImportError:
        log.exception("first-run wizard not available")
        messages.show_unexpected(window, str(window.paths.log_file))
        return None
    return run_first_run_wizard(db, window)


def delete_demo_files(paths: DataPaths) -> None:
    """Remove the demo database and its -wal/-shm; refuses anything but the demo file."""
    target = paths.database
    if not paths.demo or target.name != DEMO_DATABASE_NAME:
        raise ValueError(f"refusing to delete a non-demo database: {target}")
    try:
        for side in ("", "-wal", "-shm", "-journal"):
            target.with_name(target.name + side).unlink(missing_ok=True)
    except OSError as exc:
        raise BranchDeskError(
            f"无法删除演示数据文件（可能正被其他程序占用）：{target}", context=f"delete demo: {exc!r}"
        ) from exc


def fill_demo_if_empty(db: Database) -> bool:
    """A new (or emptied) demo database gets its fictitious branch, all in one transaction."""
    from branchdesk.services import branches, demo

    with db.transaction() as session:
        if branches.has_branch(session):
            return False
        summary = demo.populate_demo(session)
    log.info("demo data created: %s", summary)
    return True


def recreate_demo_database(paths: DataPaths) -> None:
    """Delete the demo database and build a fresh one; every connection to it must be closed first."""
    from branchdesk.db import Database
    from branchdesk.services import storage

    delete_demo_files(paths)
    opened = storage.open_database(paths)
    db = Database(paths.database, engine=opened.engine)
    try:
        fill_demo_if_empty(db)
    finally:
        db.dispose()


def restore_while_open(parent: QWidget, ctx: AppContext) -> bool:
    """文件 → 恢复备份…: the dialog swaps the file; then the opening checks run and pages reload."""
    try:
        from branchdesk.ui.dialogs.restore_dialog import RestoreDialog
    except ImportError:
        log.exception("restore dialog not available")
        messages.show_unexpected(parent, str(ctx.paths.log_file))
        return False
    wait_for_background(parent.window())
    ctx.db.dispose()  # the file may be swapped: no connection may stay open on it
    dialog = RestoreDialog(ctx.paths, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    messages.inform(parent, "恢复完成", getattr(dialog, "result_summary", "") or "已从备份恢复。")
    ctx.events.database_replaced.emit()
    return True


def rebuild_demo(parent: QWidget, ctx: AppContext) -> bool:
    """文件 → 重建演示数据: after confirmation, a fresh demo database and every page reloaded."""
    if not ctx.paths.demo or not messages.confirm(
        parent,
        "重建演示数据",
        "将删除当前的演示数据（包括您在演示中做的所有修改），并重新生成一份新的演示数据。\n\n"
        "正式数据不受影响。是否继续？",
        ok_text="重建演示数据",
    ):
        return False
    wait_for_background(parent.window())
    ctx.db.dispose()
    try:
        recreate_demo_database(ctx.paths)
    except BranchDeskError as exc:
        messages.show_error(parent, exc, title="重建演示数据失败")
        return False
    ctx.events.database_replaced.emit()
    messages.inform(parent, "重建演示数据", "演示数据已重新生成。")
    return True


def shutdown(ctx: AppContext, window: MainWindow) -> None:
    """Close the database (the last connection checkpoints the WAL) and back it up if it changed."""
    from branchdesk.services import storage

    wait_for_background(window)
    try:
        storage.close_database(ctx.db.engine, ctx.paths)
    except BranchDeskError as exc:
        log.error("closing backup failed: %s", exc)
        messages.show_error(window, exc, title="关闭时备份失败")
    ctx.settings.sync()
    log.info("closed")
