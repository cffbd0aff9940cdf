"""The branch page's two tables: the committee (支部委员会) and the party groups (党小组).

Kept apart from the profile form so each file stays readable; both boxes save through the services in
one transaction per action and tell the other pages through `ctx.events`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import branches, groups, roster
from branchdesk.services.branches import CommitteePostRow
from branchdesk.services.groups import GroupRow

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.committee_dialog import CommitteePostDialog, EndPostDialog
from branchdesk.ui.dialogs.group_dialog import GroupDialog
from branchdesk.ui.operations import read, run_action
from branchdesk.ui.tablemodels.base import RIGHT, Column, fmt_date
from branchdesk.ui.widgets.rows_table import RowsTable

R = TypeVar("R")

POST_COLUMNS: list[Column[CommitteePostRow]] = [
    Column("职务", lambda p: p.role_label, lambda p: p.role_label),
    Column("姓名", lambda p: p.member_name),
    Column("任职日期", lambda p: fmt_date(p.started_on), lambda p: p.started_on),
]
GROUP_COLUMNS: list[Column[GroupRow]] = [
    Column("党小组", lambda g: g.name),
    Column("组长", lambda g: g.leader_name or "（未指定）"),
    Column("在册人数", lambda g: str(g.member_count), lambda g: g.member_count, RIGHT),
]


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


class _Box(QGroupBox):
    """A titled table with a row of buttons under it."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        table: RowsTable,
        buttons: list[QPushButton],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self._ctx = ctx
        self.table = table
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def _members(self) -> list[roster.MemberRow]:
        return read(self._ctx, lambda s: roster.list_members(s, self._ctx.branch_id))

    def _act(self, action: Callable[[Any], R]) -> R | None:
        return run_action(self, self._ctx, action)


class CommitteeBox(_Box):
    """Current committee posts; 添加委员… and 卸任… (the record of a past post is kept)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.add_button = _button("添加委员(&A)…", "addPostButton")
        self.end_button = _button("卸任(&E)…", "endPostButton")
        buttons = [self.add_button, self.end_button]
        super().__init__(ctx, "支部委员会", RowsTable(POST_COLUMNS, "postsTable"), buttons, parent)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.end_button.clicked.connect(self._on_end_button_clicked)

    def reload(self) -> None:
        profile = read(self._ctx, lambda s: branches.get_profile(s, self._ctx.branch_id))
        self.table.rows_model.set_rows(profile.committee)

    def _changed(self) -> None:
        """The secretary's name is part of the profile other pages show: say the branch changed."""
        self._ctx.events.branch_changed.emit(self._ctx.branch_id)
        self.reload()

    def _on_add_button_clicked(self) -> None:
        dialog = CommitteePostDialog(self._members(), self)
        dialog.saver = lambda d: self._act(
            lambda s: branches.set_committee_post(
                s, self._ctx.branch_id, d.member_id or 0, d.role, started_on=d.started_on
            )
        )
        if dialog.exec():
            self._changed()

    def _on_end_button_clicked(self) -> None:
        post: CommitteePostRow | None = self.table.selected()
        if post is None:
            messages.inform(self, "卸任", "请先在支部委员会列表中选中一位委员。")
            return
        dialog = EndPostDialog(f"{post.member_name}（{post.role_label}）", self)
        if not dialog.exec():
            return
        ended = dialog.ended_on
        text = f"确定记录 {post.member_name} 于 {fmt_date(ended)} 卸任{post.role_label}吗？任职记录会保留。"
        if not messages.confirm(self, "卸任", text, ok_text="卸任"):
            return
        if self._act(lambda s: branches.end_committee_post(s, post.id, on=ended) or True):
            self._changed()


class GroupsBox(_Box):
    """The branch's party groups: 新增, 编辑 (name and leader), 撤销 (archive; refused while not empty)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.add_button = _button("新增(&G)…", "addGroupButton")
        self.edit_button = _button("编辑(&U)…", "editGroupButton")
        self.archive_button = _button("撤销(&X)…", "archiveGroupButton")
        buttons = [self.add_button, self.edit_button, self.archive_button]
        super().__init__(ctx, "党小组", RowsTable(GROUP_COLUMNS, "groupsTable"), buttons, parent)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.table.doubleClicked.connect(self._on_edit_button_clicked)
        self.archive_button.clicked.connect(self._on_archive_button_clicked)

    def reload(self) -> None:
        self.table.rows_model.set_rows(read(self._ctx, lambda s: groups.list_groups(s, self._ctx.branch_id)))

    def _selected(self, title: str) -> GroupRow | None:
        group: GroupRow | None = self.table.selected()
        if group is None:
            messages.inform(self, title, "请先在党小组列表中选中一个党小组。")
        return group

    def _on_add_button_clicked(self) -> None:
        dialog = GroupDialog(self._members(), self)
        dialog.saver = lambda d: self._act(
            lambda s: groups.add_group(s, self._ctx.branch_id, d.group_name, leader_id=d.leader_id)
        )
        self._run(dialog)

    def _on_edit_button_clicked(self, *_args: object) -> None:
        group = self._selected("编辑党小组")
        if group is None:
            return
        dialog = GroupDialog(self._members(), self, name=group.name, leader_id=group.leader_id)
        dialog.saver = lambda d: self._act(
            lambda s: groups.update_group(s, group.id, name=d.group_name, leader_id=d.leader_id)
        )
        self._run(dialog)

    def _run(self, dialog: GroupDialog) -> None:
        if dialog.exec() and isinstance(dialog.saved, GroupRow):
            saved_id = dialog.saved.id
            self._ctx.events.groups_changed.emit()
            self.reload()
            self.table.select_where(lambda g: g.id == saved_id)

    def _on_archive_button_clicked(self) -> None:
        group = self._selected("撤销党小组")
        if group is None:
            return
        text = f"确定撤销党小组“{group.name}”吗？撤销后不再出现在列表中，以往的会议记录仍会保留。"
        if not messages.confirm(self, "撤销党小组", text, ok_text="撤销"):
            return
        if self._act(lambda s: groups.archive_group(s, group.id) or True):
            self._ctx.events.groups_changed.emit()
            self.reload()
