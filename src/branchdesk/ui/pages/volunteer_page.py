"""志愿服务: the branch's volunteer service in five tabs — 活动登记, 统计, 党员时长, 共建单位, 服务类别 —
under one year selector.

新建活动 is Ctrl+N anywhere on the page (it opens 活动登记 first). The page re-reads the tab shown
when it is shown and on any data event while visible (a hidden page waits), as 概览 does.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from branchdesk.services.volunteer_rules import VolunteerEventInput

from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.live_page import LivePage
from branchdesk.ui.pages.volunteer_events import EventsTab
from branchdesk.ui.pages.volunteer_lists import KindsTab, PartnersTab
from branchdesk.ui.pages.volunteer_members import MembersTab
from branchdesk.ui.pages.volunteer_stats import StatsTab
from branchdesk.ui.widgets.form_fields import fit_combo, named

EVENTS_TAB, STATS_TAB, MEMBERS_TAB, PARTNERS_TAB, KINDS_TAB = range(5)
TITLE_STYLE = "font-size: 18px; font-weight: bold;"


class VolunteerPage(LivePage):
    """Volunteer events, figures, member hours and the managed lists of the current branch."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("volunteerPage")
        self.events_tab = EventsTab(ctx)
        self.stats_tab = StatsTab(ctx)
        self.members_tab = MembersTab(ctx)
        self.partners_tab = PartnersTab(ctx)
        self.kinds_tab = KindsTab(ctx)
        self._stale: set[int] = set(range(5))
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        title = QLabel("志愿服务")
        title.setStyleSheet(TITLE_STYLE)
        today = dt.date.today()
        self.year_combo = named(QComboBox(), "volunteerYear", "年份")
        for year in range(today.year, today.year - 10, -1):
            self.year_combo.addItem(f"{year}年", year)
        self.year_combo.setCurrentIndex(0)
        fit_combo(self.year_combo)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        year_label = QLabel("年度(&Y)：")
        year_label.setBuddy(self.year_combo)
        header.addWidget(year_label)
        header.addWidget(self.year_combo)
        self.tabs = named(QTabWidget(), "volunteerPageTabs")
        self.tabs.addTab(self.events_tab, "活动登记")
        self.tabs.addTab(self.stats_tab, "统计")
        self.tabs.addTab(self.members_tab, "党员时长")
        self.tabs.addTab(self.partners_tab, "共建单位")
        self.tabs.addTab(self.kinds_tab, "服务类别")
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        page = Qt.ShortcutContext.WindowShortcut  # the main window shows one page at a time
        self.add_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, context=page)

    def _connect_signals(self) -> None:
        self.year_combo.currentIndexChanged.connect(self._on_year_combo_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.add_shortcut.activated.connect(self._on_add_shortcut_activated)
        self.watch_data(self._ctx.events)
        for signal in (self._ctx.events.volunteer_changed, self._ctx.events.posts_changed):
            signal.connect(self._on_events_changed)

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    def refresh(self) -> None:
        """Everything is stale; the tab shown is read now, the others when they are opened."""
        self._stale = set(range(5))
        self._refresh_current()

    def _refresh_current(self) -> None:
        index = self.tabs.currentIndex()
        if index not in self._stale:
            return
        self._stale.discard(index)
        tab = self.tabs.widget(index)
        if hasattr(tab, "year"):
            tab.year = self.year  # type: ignore[union-attr]
        tab.refresh()  # type: ignore[union-attr]

    def _on_year_combo_changed(self, *_args: object) -> None:
        self.refresh()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._refresh_current()

    def _on_add_shortcut_activated(self) -> None:
        self.new_event()

    def new_event(self, template: VolunteerEventInput | None = None, partner_text: str = "") -> None:
        """Ctrl+N: the 活动登记 tab and a new event's form."""
        if not self.isVisible():
            return
        self.tabs.setCurrentIndex(EVENTS_TAB)
        self.events_tab.new_event(template, partner_text)
