"""Put a member on a post, or correct / end a holding (离岗): member, role, dates and a note.

A member may hold several posts, and a post several members; the service refuses a member not on
the roll on the start date and two holdings of the same post at once, naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from branchdesk.errors import ValidationError
from branchdesk.services import posts
from branchdesk.services.posts import HolderRow, PostRow

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.post_fields import MemberCombo
from branchdesk.ui.dialogs.posts_form_dialog import PostsFormDialog
from branchdesk.ui.widgets.date_field import DateField, checked_date
from branchdesk.ui.widgets.form_fields import choice_combo

ROLES = ("", "岗长", "副岗长", "队长", "责任人", "成员")


class HolderDialog(PostsFormDialog):
    """Add (holder None) or edit a holding; `ending` opens with 离岗日期 set to today and focused."""

    def __init__(
        self,
        ctx: AppContext,
        post: PostRow,
        members: list[tuple[int, str]],
        holder: HolderRow | None = None,
        *,
        ending: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self._post = post
        self._holder = holder
        self.saved: HolderRow | None = None
        self.setObjectName("holderDialog")
        if holder is None:
            self.setWindowTitle(f"添加在岗党员 — {post.name}")
        else:
            self.setWindowTitle(f"{'离岗' if ending else '修改任岗'} — {holder.name}（{post.name}）")
        self.member_combo = MemberCombo(members if holder is None else [(holder.member_id, holder.name)])
        self.member_combo.setObjectName("holderMember")
        self.member_combo.setEnabled(holder is None)
        self.role_combo = choice_combo(ROLES, editable=True)
        self.role_combo.setObjectName("holderRole")
        self.start_field = DateField()
        self.start_field.setObjectName("holderStart")
        self.end_field = DateField()
        self.end_field.setObjectName("holderEnd")
        self.end_field.setPlaceholderText("仍在岗可不填")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("holderNote")
        self.fields = {
            "党员": self.member_combo,
            "岗内职务": self.role_combo,
            "上岗日期": self.start_field,
            "离岗日期": self.end_field,
        }
        form = QFormLayout()
        form.addRow("党员(&M)：", self.member_combo)
        form.addRow("岗内职务(&R)：", self.role_combo)
        form.addRow("上岗日期(&S)：", self.start_field)
        form.addRow("离岗日期(&E)：", self.end_field)
        form.addRow("备注：", self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.save_button = self._add_buttons(layout, "确定(&O)", "holderError", "holderSave")
        self.setMinimumWidth(420)
        today = dt.date.today()
        if holder is None:
            start = post.started_on if post.started_on and post.started_on > today else today
            self.start_field.setDate(start)
            self.member_combo.setCurrentIndex(-1)
            self.member_combo.setFocus()
        else:
            self.role_combo.setCurrentText(holder.role)
            self.start_field.setDate(holder.started_on)
            self.end_field.setDate(today if ending and holder.ended_on is None else holder.ended_on)
            self.note_edit.setText(holder.note)
            (self.end_field if ending else self.role_combo).setFocus()

    def accept(self) -> None:
        self._clear_errors()
        try:
            member_id = self.member_combo.member_id()
            if member_id is None:
                raise ValidationError("请从名单中选择党员（可输入姓名查找）。", field="党员")
            started = checked_date(self.start_field, "上岗日期", required=True)
            ended = checked_date(self.end_field, "离岗日期")
        except ValidationError as exc:
            self.show_error(exc)
            return
        role, note, holder, post_id = (
            self.role_combo.currentText(),
            self.note_edit.text(),
            self._holder,
            self._post.id,
        )

        def save(session: Any) -> HolderRow:
            if holder is None:
                return posts.add_holder(
                    session, post_id, member_id, started_on=started, ended_on=ended, role=role, note=note
                )
            return posts.update_holder(
                session, holder.id, started_on=started, ended_on=ended, role=role, note=note
            )

        self._save(save)
