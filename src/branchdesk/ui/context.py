"""What every page and dialog is given: the open database, settings, typed events, the current branch."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Signal

from branchdesk.db import Database
from branchdesk.paths import DataPaths

BRANCH_KEY = "session/branch_id"
DEMO_BRANCH_KEY = "session/demo_branch_id"


def branch_key(demo: bool) -> str:
    """The settings key remembering the branch used last. The demo database has its own branches
    (and ids) in the same settings file, so it remembers its choice under a key of its own."""
    return DEMO_BRANCH_KEY if demo else BRANCH_KEY


class AppEvents(QObject):
    """Typed signals that keep pages in step after a change made elsewhere."""

    members_changed = Signal()
    groups_changed = Signal()
    branch_changed = Signal(int)  # the current branch id (switched or its profile edited)
    database_replaced = Signal()  # a backup was restored: everything must reload
    meetings_changed = Signal()  # a meeting was added, edited, voided or its attendance marked
    posts_changed = Signal()  # a post, its holders, reviews or duty turns changed
    volunteer_changed = Signal()  # a volunteer event, its participants, kinds or partner units changed
    # Requests to the main window from a page (the overview's reminders): show another area, or show
    # one member on the roster. Pages never reach into the window themselves.
    page_requested = Signal(str)  # a page key of the registry (ui/pages/__init__.py)
    member_requested = Signal(int)  # a member id: the roster page with that member selected
    new_meeting_requested = Signal(str, int)  # a MeetingType value and a group id (0: none): 组织生活, new


@dataclass
class AppContext:
    """Passed to page and dialog constructors; there are no globals or singletons."""

    paths: DataPaths
    db: Database
    settings: QSettings
    branch_id: int
    demo: bool = False
    events: AppEvents = field(default_factory=AppEvents)

    def set_branch(self, branch_id: int) -> None:
        """Switch the branch every page shows and tell them."""
        if branch_id != self.branch_id:
            self.branch_id = branch_id
            self.settings.setValue(branch_key(self.demo), branch_id)
            self.events.branch_changed.emit(branch_id)
