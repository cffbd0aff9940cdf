"""A page that shows figures computed from everything else: it re-reads whenever it is shown, and on
any data event while visible (a hidden page waits until it is shown, so no work is wasted)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from branchdesk.ui.context import AppEvents


class LivePage(QWidget):
    """Base of 概览 and 年度自查; subclasses implement refresh()."""

    def watch_data(self, events: AppEvents) -> None:
        """Re-read after any change to members, meetings, groups, posts, volunteer service, the branch
        or a restore."""
        for signal in (
            events.members_changed,
            events.meetings_changed,
            events.groups_changed,
            events.posts_changed,
            events.volunteer_changed,
        ):
            signal.connect(self._on_events_changed)
        events.branch_changed.connect(self._on_events_changed)
        events.database_replaced.connect(self._on_events_changed)

    def refresh(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        """Re-read on every show: a change made while hidden, or a new day, is seen at once."""
        super().showEvent(event)
        self.refresh()

    def _on_events_changed(self, *_args: Any) -> None:
        if self.isVisible():
            self.refresh()
