"""One turn by hand: add a member to a date and slot (a gap the weekly rota left, an extra day),
or put another member on a turn not yet confirmed (换人). The service refuses a member who is
elsewhere then, naming the date and the other post.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from branchdesk.errors import ValidationError
from branchdesk.services import duty_rota
from branchdesk.services.duty_rota import TurnInput, TurnRow

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.post_fields import MemberCombo, parse_slots, slots_text
from branchdesk.ui.dialogs.posts_form_dialog import PostsFormDialog
from branchdesk.ui.widgets.date_field import DateField, checked_date


class TurnDialog(PostsFormDialog):
    """Add a turn to `post_id` (turn None) or reassign `turn`; `saved` is the stored turn."""

    def __init__(
        self,
        ctx: AppContext,
        post_id: int,
        members: list[tuple[int, str]],
        *,
        turn: TurnRow | None = None,
        day: dt.date | None = None,
        slot: tuple[dt.time, dt.time] = (dt.time(8), dt.time(12)),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self._post_id = post_id
        self._turn = turn
        self.saved: TurnRow | None = None
        self.setObjectName("turnDialog")
        self.setWindowTitle("换人" if turn else "添加班次")
        self.date_field = DateField()
        self.date_field.setObjectName("turnDate")
        self.slot_edit = QLineEdit()
        self.slot_edit.setObjectName("turnSlot")
        self.member_combo = MemberCombo(members)
        self.member_combo.setObjectName("turnMember")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("turnNoteEdit")
        self.fields = {
            "日期": self.date_field,
            "时段": self.slot_edit,
            "党员": self.member_combo,
            "备注": self.note_edit,
        }
        form = QFormLayout()
        form.addRow("日期(&D)：", self.date_field)
        form.addRow("时段(&T)：", self.slot_edit)
        form.addRow("值班党员(&M)：", self.member_combo)
        form.addRow("备注：", self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.save_button = self._add_buttons(layout, "确定(&O)", "turnDialogError", "turnDialogSave")
        self.setMinimumWidth(420)
        if turn is not None:
            self.date_field.setDate(turn.on_date)
            self.slot_edit.setText(slots_text([(turn.starts_at, turn.ends_at)]))
            self.note_edit.setText(turn.note)
            for widget in (self.date_field, self.slot_edit, self.note_edit):
                widget.setEnabled(False)
            self.member_combo.setCurrentIndex(-1)
        else:
            self.date_field.setDate(day or dt.date.today())
            self.slot_edit.setText(slots_text([slot]))
            self.member_combo.setCurrentIndex(-1)
        self.member_combo.setFocus()

    def accept(self) -> None:
        self._clear_errors()
        try:
            member_id = self.member_combo.member_id()
            if member_id is None:
                raise ValidationError("请从名单中选择党员（可输入姓名查找）。", field="党员")
            day = checked_date(self.date_field, "日期", required=True)
            slots = parse_slots(self.slot_edit.text())
            if len(slots) != 1:
                raise ValidationError("一次只填一个时段。", field="时段")
        except ValidationError as exc:
            self.show_error(exc)
            return
        turn, post_id, note = self._turn, self._post_id, self.note_edit.text()

        def save(session: Any) -> TurnRow:
            if turn is not None:
                return duty_rota.reassign_turn(session, turn.id, member_id)
            return duty_rota.plan_turn(session, TurnInput(post_id, member_id, day, *slots[0], note=note))

        self._save(save)
