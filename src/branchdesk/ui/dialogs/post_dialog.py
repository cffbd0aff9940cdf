"""新建 or 编辑 one post: kind, name, place, dates, duties and commitment; a new post also takes its
holders at once (ticked on the roll, one of them as 岗长/队长), so a 示范岗 is set up in one dialog.

The service validates; a refusal keeps the dialog open with the reason in red and the named field
focused. Duties are typed one a line: the plaque numbers them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.models import PostKind
from branchdesk.services import posts
from branchdesk.services.post_labels import KIND_LABELS
from branchdesk.services.posts import PostInput, PostRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.post_fields import MemberCombo
from branchdesk.ui.dialogs.posts_form_dialog import PostsFormDialog
from branchdesk.ui.widgets.date_field import DateField, checked_date

LEADER_ROLES = {PostKind.COMMANDO: "队长", PostKind.AREA: "责任人"}  # others: 岗长
PLACEHOLDERS = {
    PostKind.MODEL: "如：心内科护理党员示范岗",
    PostKind.AREA: "如：8病区党员责任区",
    PostKind.PIONEER: "如：急诊绿色通道党员先锋岗",
    PostKind.VOLUNTEER: "如：门诊大厅党员志愿服务岗",
    PostKind.COMMANDO: "如：重症救治党员突击队",
}


def leader_role(kind: PostKind) -> str:
    return LEADER_ROLES.get(kind, "岗长")


class PostDialog(PostsFormDialog):
    """`saved` is the post written (new or edited)."""

    def __init__(
        self,
        ctx: AppContext,
        post_id: int | None = None,
        *,
        kind: PostKind = PostKind.MODEL,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.saved: PostRow | None = None
        branch_id, today = ctx.branch_id, dt.date.today()

        def load(session: Any) -> tuple[PostRow | None, list[tuple[int, str]], list[tuple[int, str]]]:
            row = posts.get_post(session, post_id) if post_id is not None else None
            return row, posts.roll_members(session, branch_id, today), posts.volunteer_kinds(session)

        self._row, self._members, kinds = operations.read(ctx, load)
        self.setObjectName("postDialog")
        self._build_ui(kinds)
        self._fill(self._row.to_input() if self._row else PostInput(kind=kind, name="", started_on=today))
        self._connect_signals()
        self.name_edit.setFocus()

    def _build_ui(self, kinds: list[tuple[int, str]]) -> None:
        def named(widget: Any, name: str, field: str) -> Any:
            widget.setObjectName(name)
            self.fields[field] = widget
            return widget

        self.kind_combo = named(QComboBox(), "postKind", "类别")
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.name_edit = named(QLineEdit(), "postName", "岗位名称")
        self.name_edit.setMaxLength(posts.NAME_LIMIT)
        self.place_edit = named(QLineEdit(), "postPlace", "地点/科室")
        self.place_edit.setMaxLength(posts.PLACE_LIMIT)
        self.place_edit.setPlaceholderText("如：门诊大厅、内科楼8楼护士站")
        self.start_field = named(DateField(), "postStart", "设岗日期")
        self.end_field = named(DateField(), "postEnd", "撤岗日期")
        self.end_field.setPlaceholderText("长期设岗可不填")
        self.volunteer_combo = named(QComboBox(), "postVolunteerKind", "志愿服务类别")
        for kind_id, name in kinds:
            self.volunteer_combo.addItem(name, kind_id)
        self.volunteer_label = QLabel("志愿服务类别(&V)：")
        self.volunteer_label.setBuddy(self.volunteer_combo)
        self.notes_edit = named(QLineEdit(), "postNotes", "备注")
        form = QFormLayout()
        for label, widget in (
            ("类别(&K)：", self.kind_combo),
            ("岗位名称(&M)：", self.name_edit),
            ("地点/科室(&P)：", self.place_edit),
            ("设岗日期(&S)：", self.start_field),
            ("撤岗日期：", self.end_field),
        ):
            form.addRow(label, widget)
        form.addRow(self.volunteer_label, self.volunteer_combo)
        form.addRow("备注：", self.notes_edit)

        self.holders_list = named(QListWidget(), "postHolders", "党员")
        self.holders_list.setToolTip("勾选在岗党员（空格键勾选），上岗日期为设岗日期")
        for member_id, name in self._members:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.holders_list.addItem(item)
        self.fields["上岗日期"] = self.holders_list
        self.leader_combo = MemberCombo(self._members, blank="（不设）")
        self.leader_combo.setObjectName("postLeader")
        self.leader_label = QLabel()
        self.leader_label.setBuddy(self.leader_combo)
        holders_box = QVBoxLayout()
        holders_title = QLabel("在岗党员(&H)：")
        holders_title.setBuddy(self.holders_list)
        holders_box.addWidget(holders_title)
        holders_box.addWidget(self.holders_list, 1)
        leader_row = QHBoxLayout()
        leader_row.addWidget(self.leader_label)
        leader_row.addWidget(self.leader_combo, 1)
        holders_box.addLayout(leader_row)
        self.holders_widget = QWidget()
        self.holders_widget.setLayout(holders_box)
        self.holders_widget.setVisible(self._row is None)  # later changes are made on the 在岗党员 tab

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.holders_widget, 1)
        self.duties_edit = named(QPlainTextEdit(), "postDuties", "岗位职责")
        self.duties_edit.setPlaceholderText("每行一条，打印岗位牌时自动编号")
        self.duties_edit.setTabChangesFocus(True)
        self.commitment_edit = named(QPlainTextEdit(), "postCommitment", "服务承诺")
        self.commitment_edit.setPlaceholderText("向患者和群众公开的服务承诺，印在岗位牌上")
        self.commitment_edit.setTabChangesFocus(True)
        right = QVBoxLayout()
        for text, edit in (("岗位职责(&D)：", self.duties_edit), ("服务承诺(&C)：", self.commitment_edit)):
            caption = QLabel(text)
            caption.setBuddy(edit)
            right.addWidget(caption)
            right.addWidget(edit, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        self.save_button = self._add_buttons(layout, "保存(&O)", "postError", "postSave")
        self.resize(900, 600)

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)

    def _fill(self, data: PostInput) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(data.kind))
        self.name_edit.setText(data.name)
        self.place_edit.setText(data.place)
        self.start_field.setDate(data.started_on)
        self.end_field.setDate(data.ended_on)
        if data.volunteer_kind_id is not None:
            self.volunteer_combo.setCurrentIndex(self.volunteer_combo.findData(data.volunteer_kind_id))
        elif (guide := self.volunteer_combo.findText(posts.GUIDE_KIND)) >= 0:
            self.volunteer_combo.setCurrentIndex(guide)
        self.duties_edit.setPlainText(data.duties)
        self.commitment_edit.setPlainText(data.commitment)
        self.notes_edit.setText(data.notes)
        self._on_kind_combo_current_index_changed()
        kind_label = KIND_LABELS[data.kind]
        self.setWindowTitle(f"编辑{kind_label} — {data.name}" if self._row else f"新建{kind_label}")

    def _kind(self) -> PostKind:
        return PostKind(self.kind_combo.currentData())

    def _on_kind_combo_current_index_changed(self, *_args: object) -> None:
        kind = self._kind()
        volunteer = kind is PostKind.VOLUNTEER
        self.volunteer_label.setVisible(volunteer)
        self.volunteer_combo.setVisible(volunteer)
        self.name_edit.setPlaceholderText(PLACEHOLDERS[kind])
        self.leader_label.setText(f"其中{leader_role(kind)}(&L)：")
        if self._row is None:
            self.setWindowTitle(f"新建{KIND_LABELS[kind]}")

    def post_input(self) -> PostInput:
        """The form as the service's input; a date typed wrong is refused here, naming its field."""
        return PostInput(
            kind=self._kind(),
            name=self.name_edit.text(),
            place=self.place_edit.text(),
            duties=self.duties_edit.toPlainText(),
            commitment=self.commitment_edit.toPlainText(),
            started_on=checked_date(self.start_field, "设岗日期", required=True),
            ended_on=checked_date(self.end_field, "撤岗日期"),
            volunteer_kind_id=self.volunteer_combo.currentData()
            if self._kind() is PostKind.VOLUNTEER
            else None,
            notes=self.notes_edit.text(),
        )

    def checked_members(self) -> list[int]:
        items = (self.holders_list.item(i) for i in range(self.holders_list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        self._clear_errors()
        try:
            data = self.post_input()
        except ValidationError as exc:
            self.show_error(exc)
            return
        row, members, leader = self._row, self.checked_members(), self.leader_combo.member_id()
        if leader is not None and leader not in members:
            members.insert(0, leader)
        role = leader_role(data.kind)

        def save(session: Any) -> PostRow:
            if row is not None:
                return posts.update_post(session, row.id, data)
            saved = posts.create_post(session, self._ctx.branch_id, data)
            assert data.started_on is not None  # checked_date(required=True)
            for member_id in members:
                posts.add_holder(
                    session,
                    saved.id,
                    member_id,
                    started_on=data.started_on,
                    role=role if member_id == leader else "",
                )
            return posts.get_post(session, saved.id)

        self._save(save)
