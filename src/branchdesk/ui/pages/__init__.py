"""The navigation sidebar's areas, in order; a page module is imported when first shown.

Only areas that work are listed here. Each page class takes `(ctx: AppContext, parent=None)` and
has `refresh()`; it is a QWidget.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    class_name: str
    shortcut: str
    icon: str = ""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("roster", "党员花名册", "branchdesk.ui.pages.roster_page", "RosterPage", "Ctrl+1"),
    PageSpec("branch", "支部信息", "branchdesk.ui.pages.branch_page", "BranchPage", "Ctrl+2"),
    PageSpec("data", "数据与备份", "branchdesk.ui.pages.data_page", "DataPage", "Ctrl+3"),
)
