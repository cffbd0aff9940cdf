"""The navigation sidebar's areas, in order; a page module is imported when first shown.

The main window leaves out an area whose module is not there (yet) and numbers Ctrl+1..Ctrl+9 in the
order it shows them, so the shortcuts below hold when every area is present. Each page class takes
`(ctx: AppContext, parent=None)` and has `refresh()`; it is a QWidget. 概览 comes first: a first
start shows it (later starts reopen the page used last).
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
    PageSpec("overview", "概览", "branchdesk.ui.pages.overview_page", "OverviewPage", "Ctrl+1"),
    PageSpec("roster", "党员花名册", "branchdesk.ui.pages.roster_page", "RosterPage", "Ctrl+2"),
    PageSpec("meetings", "组织生活", "branchdesk.ui.pages.meetings_page", "MeetingsPage", "Ctrl+3"),
    PageSpec("self_check", "年度自查", "branchdesk.ui.pages.self_check_page", "SelfCheckPage", "Ctrl+4"),
    PageSpec("posts", "设岗定责", "branchdesk.ui.pages.posts_page", "PostsPage", "Ctrl+5"),
    PageSpec("volunteer", "志愿服务", "branchdesk.ui.pages.volunteer_page", "VolunteerPage", "Ctrl+6"),
    PageSpec("branch", "支部信息", "branchdesk.ui.pages.branch_page", "BranchPage", "Ctrl+7"),
    PageSpec("data", "数据与备份", "branchdesk.ui.pages.data_page", "DataPage", "Ctrl+8"),
)
