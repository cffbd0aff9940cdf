"""The main window's menus (文件, 帮助) and what their actions do.

Split from main_window.py: the window lays out the shell and its pages, this builds the menu bar and
answers its actions. Like the window, it imports the services only when an action runs, so importing
it stays cheap and the window can paint before the ORM loads; the shortcuts are set when the database
opens (a QKeySequence from text is the first use of Qt's key enums, 12 ms before the first paint).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu

from branchdesk.errors import BranchDeskError

from branchdesk.ui.dialogs import messages

if TYPE_CHECKING:
    from branchdesk.ui.main_window import MainWindow


class MainMenu(QObject):
    """文件 (roster import/export, backup, check, restore, data folder, demo rebuild, quit) and 帮助."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._shortcuts: list[tuple[QAction, str]] = []
        self._build_ui()
        self._connect_signals()
        self.set_database_open(False)

    def _build_ui(self) -> None:
        file_menu = self._window.menuBar().addMenu("文件(&F)")
        self.import_action = self._action(file_menu, "导入花名册(&I)…", "Ctrl+I", "importRosterAction")
        self.export_action = self._action(file_menu, "导出花名册(&E)…", "Ctrl+E", "exportRosterAction")
        file_menu.addSeparator()
        self.backup_action = self._action(file_menu, "立即备份(&B)", "Ctrl+B", "backupAction")
        self.check_action = self._action(file_menu, "检查数据库(&C)", "", "checkAction")
        self.restore_action = self._action(file_menu, "恢复备份(&R)…", "", "restoreAction")
        file_menu.addSeparator()
        self.open_folder_action = self._action(file_menu, "打开数据文件夹(&O)", "", "openFolderAction")
        self.rebuild_demo_action = self._action(file_menu, "重建演示数据(&D)…", "", "rebuildDemoAction")
        self.rebuild_demo_action.setVisible(self._window.demo)
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "退出(&X)", "Ctrl+Q", "quitAction")
        help_menu = self._window.menuBar().addMenu("帮助(&H)")
        self.about_action = self._action(help_menu, "关于支部工作台(&A)", "F1", "aboutAction")

    def _action(self, menu: QMenu, text: str, shortcut: str, name: str) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if shortcut:
            self._shortcuts.append((action, shortcut))
        menu.addAction(action)
        return action

    def _install_shortcuts(self) -> None:
        for action, shortcut in self._shortcuts:
            action.setShortcut(QKeySequence(shortcut))
        self._shortcuts = []

    def _connect_signals(self) -> None:
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.backup_action.triggered.connect(self._on_backup_action_triggered)
        self.check_action.triggered.connect(self._on_check_action_triggered)
        self.restore_action.triggered.connect(self._on_restore_action_triggered)
        self.open_folder_action.triggered.connect(self._on_open_folder_action_triggered)
        self.rebuild_demo_action.triggered.connect(self._on_rebuild_demo_action_triggered)
        self.quit_action.triggered.connect(self._window.close)
        self.about_action.triggered.connect(self._on_about_action_triggered)

    def set_database_open(self, is_open: bool) -> None:
        """The actions that need the database wait until it is open (and so do the shortcuts)."""
        if is_open:
            self._install_shortcuts()
        for action in (
            self.import_action,
            self.export_action,
            self.backup_action,
            self.check_action,
            self.restore_action,
            self.rebuild_demo_action,
        ):
            action.setEnabled(is_open)

    # --- actions -----------------------------------------------------------------------------------

    def _roster_page(self) -> QObject | None:
        """The roster page, shown: import and export start from it whichever page was open."""
        if self._window.ctx is None or not self._window.show_page("roster"):
            return None
        return self._window.page("roster")

    def _on_import_action_triggered(self) -> None:
        page = self._roster_page()
        start = getattr(page, "start_import", None)
        if callable(start):
            start()

    def _on_export_action_triggered(self) -> None:
        page = self._roster_page()
        start = getattr(page, "start_export", None)
        if callable(start):
            start()

    def _on_backup_action_triggered(self) -> None:
        from branchdesk.services import backup

        window, paths = self._window, self._window.paths
        try:
            info = backup.make_backup(paths.database, paths.backups, reason="manual")
        except BranchDeskError as exc:
            messages.show_error(window, exc, title="备份失败")
            return
        messages.inform(window, "备份完成", f"已备份到：\n{info.path.name}\n\n备份文件夹：{info.path.parent}")

    def _on_check_action_triggered(self) -> None:
        from branchdesk.cli import explain_problem
        from branchdesk.services import storage

        window, paths = self._window, self._window.paths
        problems = storage.check_database(paths)
        if not problems:
            messages.inform(window, "检查数据库", f"数据库完好。\n\n{paths.database}")
            return
        details = "\n".join(f"· {explain_problem(p)}" for p in problems[:8])
        messages.show_error(
            window,
            BranchDeskError(
                f"数据库检查发现问题：\n{details}\n\n请先不要继续修改数据，"
                "可以用“文件 → 恢复备份…”从备份恢复，或联系技术支持。"
            ),
            title="检查数据库",
        )

    def _on_restore_action_triggered(self) -> None:
        if self._window.ctx is not None:
            from branchdesk.ui.app import restore_while_open

            restore_while_open(self._window, self._window.ctx)

    def _on_open_folder_action_triggered(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._window.paths.root)))

    def _on_rebuild_demo_action_triggered(self) -> None:
        if self._window.ctx is not None and self._window.demo:
            from branchdesk.ui.app import rebuild_demo

            rebuild_demo(self._window, self._window.ctx)

    def _on_about_action_triggered(self) -> None:
        from branchdesk.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self._window.paths, self._window).exec()
