"""The main window: sidebar of areas, the pages, the branch switcher and the status bar (its menus
are built and answered by main_menu.MainMenu).

It is shown before the database is opened ("正在打开数据库…", or the branch at a glance), so a slow
PC shows a window at once; `attach(ctx)` then fills it. Modules that load the ORM (services, the
context, operations) are imported inside methods for that reason: importing this module must stay
cheap. For the same reason nothing here touches Qt's `Qt` namespace before attach(): its first use
builds some 120 Python enums (12 ms), which can wait until the window shows data.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from branchdesk import APP_TITLE
from branchdesk.paths import DataPaths

from branchdesk.ui.dialogs import messages
from branchdesk.ui.main_menu import MainMenu
from branchdesk.ui.pages import PAGES, PageSpec

if TYPE_CHECKING:
    from branchdesk.services.first_look import FirstLook

    from branchdesk.ui.context import AppContext

log = logging.getLogger(__name__)

DEMO_TITLE = f"{APP_TITLE} — 演示数据（与正式数据分开保存）"
DEMO_BANNER = "演示数据：这里的支部、党员和记录都是虚构的，与正式数据分开保存，可以放心练习。"
MIN_WIDTH, MIN_HEIGHT = 1024, 640
KEY_GEOMETRY, KEY_STATE, KEY_PAGE = "window/geometry", "window/state", "window/last_page"
PAGE_KEY_ROLE = 0x0100  # Qt.ItemDataRole.UserRole, as its number (see the module's docstring)
LOADING_HTML = (  # centred by the HTML, not by setAlignment(Qt.AlignmentFlag...)
    '<p align="center" style="font-size:28px; font-weight:bold; color:#c62828;">{title}</p>'
    '<p align="center" style="font-size:16px; color:#555555;">{text}</p>'
)
FIRST_LOOK_HTML = (
    '<p align="center" style="font-size:16px; color:#555555;">{committee}</p>'
    '<p align="center" style="font-size:28px; font-weight:bold; color:#c62828;">{branch}</p>'
    '<p align="center" style="font-size:18px; color:#212121;">在册党员 {members} 人'
    "（正式党员 {full} 人，预备党员 {probationary} 人）　党小组 {groups} 个</p>"
    '<p align="center" style="font-size:18px; color:#212121;">{last}　今年已记录组织生活 {meetings} 次</p>'
    '<p align="center" style="font-size:14px; color:#757575;">正在检查数据文件并打开各功能页…</p>'
)


def escape(text: str) -> str:
    """Text for the labels' HTML (html.escape would import html.entities before the first paint)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def module_available(name: str) -> bool:
    """Whether a page module can be found, without importing it (that waits until it is shown)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class MainWindow(QMainWindow):
    """The one top-level window; knows the data folder from the start and the database after attach."""

    first_painted = Signal()

    def __init__(
        self,
        paths: DataPaths,
        settings: QSettings,
        *,
        demo: bool = False,
        pages: Sequence[PageSpec] = PAGES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings = settings
        self.demo = demo
        self.ctx: AppContext | None = None
        self._specs = list(pages)
        self._pages: dict[str, QWidget] = {}
        self._page_actions: list[QAction] = []
        self._painted = False
        self.start_backup_deferred = False  # set by the start-up when the backup runs after attach()
        self.background_job: object | None = None  # that backup's job, which closing waits for
        self._build_ui()
        self._connect_signals()
        self.restoreGeometry(QByteArray(self.settings.value(KEY_GEOMETRY, QByteArray())))

    # --- construction ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setObjectName("mainWindow")
        self.setWindowTitle(DEMO_TITLE if self.demo else APP_TITLE)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.demo_banner = QLabel(DEMO_BANNER, central)
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setVisible(self.demo)
        outer.addWidget(self.demo_banner)

        self.shell_stack = QStackedWidget(central)
        self.shell_stack.setObjectName("shellStack")
        self.loading_label = QLabel(self.shell_stack)
        self.loading_label.setObjectName("loadingLabel")
        self.loading_label.installEventFilter(self)
        self.shell_stack.addWidget(self.loading_label)
        self.show_loading("正在打开数据库…")

        body = QWidget(self.shell_stack)
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav_list = QListWidget(body)
        self.nav_list.setObjectName("navList")
        self.nav_list.setFixedWidth(168)
        self.nav_list.setAccessibleName("功能导航")
        self.page_stack = QStackedWidget(body)
        self.page_stack.setObjectName("pageStack")
        row.addWidget(self.nav_list)
        row.addWidget(self.page_stack, 1)
        self.shell_stack.addWidget(body)
        outer.addWidget(self.shell_stack, 1)
        self.setCentralWidget(central)

        self.toolbar = QToolBar("支部切换", self)
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setMovable(False)
        switch_label = QLabel("  当前支部：", self.toolbar)
        self.branch_switcher = QComboBox(self.toolbar)
        self.branch_switcher.setObjectName("branchSwitcher")
        self.branch_switcher.setMinimumWidth(260)
        self.branch_switcher.setToolTip("切换要查看和填报的支部")
        switch_label.setBuddy(self.branch_switcher)
        self.toolbar.addWidget(switch_label)
        self.toolbar.addWidget(self.branch_switcher)
        self.addToolBar(self.toolbar)
        self.toolbar.setVisible(False)

        self.status_branch = QLabel(self)
        self.status_branch.setObjectName("statusBranch")
        self.status_members = QLabel(self)
        self.status_members.setObjectName("statusMembers")
        self.status_database = QLabel(f"数据文件：{self.paths.database.name}", self)
        self.status_database.setObjectName("statusDatabase")
        self.status_database.setToolTip(str(self.paths.database))
        for label in (self.status_branch, self.status_members):
            self.statusBar().addWidget(label)
        self.statusBar().addPermanentWidget(self.status_database)
        self.menu = MainMenu(self)

    def _connect_signals(self) -> None:
        self.nav_list.currentRowChanged.connect(self._on_nav_list_current_row_changed)
        self.branch_switcher.activated.connect(self._on_branch_switcher_activated)

    # --- start-up ----------------------------------------------------------------------------------

    def show_initial(self) -> None:
        """Saved geometry if any; otherwise maximised on a small screen (1366x768), else a fair size."""
        if self.settings.contains(KEY_GEOMETRY):
            self.show()
            return
        screen = self.screen().availableGeometry()
        if screen.width() < 1500 or screen.height() < 900:
            self.setGeometry(screen)  # where no window manager maximises (kiosk, remote desktop)
            self.showMaximized()
        else:
            self.resize(1280, 800)
            self.show()

    @property
    def painted(self) -> bool:
        """True once the window has been drawn on screen at least once."""
        return self._painted

    def show_loading(self, text: str) -> None:
        self.loading_label.setText(LOADING_HTML.format(title=APP_TITLE, text=text))
        self.shell_stack.setCurrentIndex(0)

    def show_first_look(self, look: FirstLook) -> None:
        """The branch at a glance, read before the ORM loads: the switcher, title, status bar and a
        summary in place of the loading notice; attach() then fills the pages from the services."""
        self.branch_switcher.blockSignals(True)
        self.branch_switcher.clear()
        for glance in look.branches:
            self.branch_switcher.addItem(f"{glance.name}（{glance.member_count}人）", glance.id)
        self.branch_switcher.setCurrentIndex(max(self.branch_switcher.findData(look.branch.id), 0))
        self.branch_switcher.blockSignals(False)
        self.branch_switcher.setEnabled(False)  # until the database is open
        self.toolbar.setVisible(len(look.branches) > 1)
        if not self.demo:
            self.setWindowTitle(f"{APP_TITLE} — {look.branch.name}")
        self.status_branch.setText(f"支部：{look.branch.name}")
        self.status_members.setText(f"在册党员：{look.branch.member_count} 人")
        day = look.last_theme_day
        last = f"最近一次主题党日：{day.year}年{day.month}月{day.day}日" if day else "尚未记录主题党日"
        self.loading_label.setText(
            FIRST_LOOK_HTML.format(
                committee=escape(look.committee),
                branch=escape(look.branch.name),
                members=look.branch.member_count,
                full=look.full_members,
                probationary=look.probationary,
                groups=look.groups,
                last=last,
                meetings=look.meetings_this_year,
            )
        )
        self.shell_stack.setCurrentIndex(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.loading_label and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
        return super().eventFilter(watched, event)

    def attach(self, ctx: AppContext) -> None:
        """The database is open: list the areas that load, show the last page, enable the menus."""
        from PySide6.QtCore import Qt

        self.ctx = ctx
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)  # no English toolbar menu
        ctx.events.branch_changed.connect(self._on_events_branch_changed)
        ctx.events.members_changed.connect(self.refresh)
        ctx.events.database_replaced.connect(self._on_events_database_replaced)
        ctx.events.page_requested.connect(self.show_page)
        ctx.events.member_requested.connect(self._on_events_member_requested)
        ctx.events.new_meeting_requested.connect(self._on_events_new_meeting_requested)
        self._specs = [spec for spec in self._specs if self._spec_available(spec)]
        self.nav_list.blockSignals(True)
        for spec in self._specs:
            item = QListWidgetItem(spec.title)
            item.setData(PAGE_KEY_ROLE, spec.key)
            self.nav_list.addItem(item)
        self.nav_list.blockSignals(False)
        self._rebuild_page_shortcuts()
        self.menu.set_database_open(True)
        self.branch_switcher.setEnabled(True)
        self.refresh()
        self.shell_stack.setCurrentIndex(1)
        keys = [spec.key for spec in self._specs]
        last = str(self.settings.value(KEY_PAGE, ""))
        self.nav_list.setCurrentRow(keys.index(last) if last in keys else 0)
        self.nav_list.setFocus()

    def _spec_available(self, spec: PageSpec) -> bool:
        if module_available(spec.module):
            return True
        log.warning("page %s left out: module %s not found", spec.key, spec.module)
        return False

    def _rebuild_page_shortcuts(self) -> None:
        """Ctrl+1..Ctrl+9 follow the order the sidebar shows, whatever areas are present."""
        for action in self._page_actions:
            self.removeAction(action)
            action.deleteLater()
        self._page_actions = []
        for row in range(min(self.nav_list.count(), 9)):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.nav_list.setCurrentRow(r))
            self.addAction(action)
            self._page_actions.append(action)
            self.nav_list.item(row).setToolTip(f"快捷键 Ctrl+{row + 1}")

    # --- pages -------------------------------------------------------------------------------------

    def current_page_key(self) -> str:
        item = self.nav_list.currentItem()
        return str(item.data(PAGE_KEY_ROLE)) if item else ""

    def show_page(self, key: str) -> bool:
        """Switch to an area by its registry key (a reminder on 概览 asks for 组织生活)."""
        keys = [spec.key for spec in self._specs]
        if key not in keys:
            return False
        self.nav_list.setCurrentRow(keys.index(key))
        return True

    def _on_events_member_requested(self, member_id: int) -> None:
        """A reminder names a member: the roster, with every filter cleared, that member selected."""
        if not self.show_page("roster"):
            return
        page = self.page("roster")
        show = getattr(page, "show_member", None)
        if callable(show):
            show(member_id)

    def _on_events_new_meeting_requested(self, meeting_type: str, group_id: int) -> None:
        """A reminder names a meeting still to hold: 组织生活, its new-meeting form filled from last time."""
        import datetime as dt

        if not self.show_page("meetings"):
            return
        start = getattr(self.page("meetings"), "start_new_meeting", None)
        if callable(start):
            start(meeting_type, group_id or None, on=dt.date.today())  # this period's, not the month shown

    def page(self, key: str) -> QWidget | None:
        """The page widget if it was shown once (tests and the shell use this)."""
        return self._pages.get(key)

    def _on_nav_list_current_row_changed(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        spec = self._specs[row]
        widget = self._pages.get(spec.key) or self._create_page(spec)
        if widget is None:
            return
        self.page_stack.setCurrentWidget(widget)
        self.settings.setValue(KEY_PAGE, spec.key)

    def _create_page(self, spec: PageSpec) -> QWidget | None:
        """Import and build a page on first show; one that fails is removed from the sidebar."""
        try:
            module = importlib.import_module(spec.module)
            widget: QWidget = getattr(module, spec.class_name)(self.ctx, self.page_stack)
        except Exception:
            log.exception("page %s (%s.%s) failed to load", spec.key, spec.module, spec.class_name)
            self._drop_page(spec)
            messages.show_unexpected(self, str(self.paths.log_file))
            return None
        widget.setObjectName(widget.objectName() or f"{spec.key}Page")
        self.page_stack.addWidget(widget)
        self._pages[spec.key] = widget
        return widget

    def _drop_page(self, spec: PageSpec) -> None:
        """Take a broken area out of the sidebar and show its neighbour instead."""
        row = self._specs.index(spec)
        self.nav_list.blockSignals(True)
        self._specs.pop(row)
        self.nav_list.takeItem(row)
        self.nav_list.setCurrentRow(-1)
        self.nav_list.blockSignals(False)
        self._rebuild_page_shortcuts()
        if self._specs:
            self.nav_list.setCurrentRow(min(row, len(self._specs) - 1))

    # --- branch and status -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Branch switcher, title and status bar from the database."""
        if self.ctx is None:
            return
        from branchdesk.services import branches

        from branchdesk.ui import operations

        summaries = operations.read(self.ctx, branches.list_branches)
        self.branch_switcher.blockSignals(True)
        self.branch_switcher.clear()
        for summary in summaries:
            self.branch_switcher.addItem(f"{summary.name}（{summary.member_count}人）", summary.id)
        index = self.branch_switcher.findData(self.ctx.branch_id)
        self.branch_switcher.setCurrentIndex(max(index, 0))
        self.branch_switcher.blockSignals(False)
        self.toolbar.setVisible(len(summaries) > 1)
        current = next((s for s in summaries if s.id == self.ctx.branch_id), None)
        name = current.name if current else "（未选择）"
        if not self.demo:
            self.setWindowTitle(f"{APP_TITLE} — {name}")
        self.status_branch.setText(f"支部：{name}")
        self.status_members.setText(f"在册党员：{current.member_count if current else 0} 人")

    def _on_branch_switcher_activated(self, index: int) -> None:
        branch_id = self.branch_switcher.itemData(index)
        if self.ctx is not None and branch_id is not None:
            self.ctx.set_branch(int(branch_id))

    def _on_events_branch_changed(self, _branch_id: int) -> None:
        self.refresh()

    def _on_events_database_replaced(self) -> None:
        """After a restore or a rebuilt demo: keep the branch if it still exists, else the first one."""
        if self.ctx is None:
            return
        from branchdesk.services import branches

        from branchdesk.ui import operations

        ids = [s.id for s in operations.read(self.ctx, branches.list_branches)]
        if ids and self.ctx.branch_id not in ids:
            self.ctx.set_branch(ids[0])
        self.refresh()

    def bring_to_front(self) -> None:
        """A second launch asked for this window: un-minimise, raise and focus it."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # --- closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember where the window was and which page was open; the app closes the database."""
        self.settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self.settings.setValue(KEY_STATE, self.saveState())
        if self.current_page_key():
            self.settings.setValue(KEY_PAGE, self.current_page_key())
        self.settings.sync()
        super().closeEvent(event)
