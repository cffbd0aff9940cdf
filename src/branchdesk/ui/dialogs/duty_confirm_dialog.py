"""Confirm one turn of the on-duty log: 已到岗, 换班 (with whom), 缺岗, or take the confirmation
back; people helped and a note. Alt+1 to Alt+4 choose the outcome.

Only a served or swapped turn at a volunteer post counts as volunteer service (the volunteer page
reads the turns); the dialog says so, so the secretary knows why the people-helped figure matters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.models import DutyOutcome
from branchdesk.services import duty_rota
from branchdesk.services.duty_rota import TurnRow
from branchdesk.services.post_labels import weekday_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.post_fields import MemberCombo
from branchdesk.ui.dialogs.posts_form_dialog import PostsFormDialog

OUTCOMES = (
    (DutyOutcome.SERVED, "已到岗"),
    (DutyOutcome.SWAPPED, "换班（他人顶班）"),
    (DutyOutcome.MISSED, "缺岗"),
    (DutyOutcome.PLANNED, "撤销确认"),
)
NOT_GIVEN = -1


class ConfirmTurnDialog(PostsFormDialog):
    """`saved` is the turn as stored after confirming."""

    def __init__(
        self,
        ctx: AppContext,
        turn: TurnRow,
        members: list[tuple[int, str]],
        *,
        volunteer: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self._turn = turn
        self.saved: TurnRow | None = None
        self.setObjectName("confirmTurnDialog")
        self.setWindowTitle(f"确认值班 — {turn.member_name} {turn.on_date:%Y-%m-%d}")
        what = QLabel(
            f"{turn.on_date:%Y-%m-%d}（{weekday_text(turn.on_date.weekday())}）{turn.slot}　"
            f"{turn.post_name}　值班党员：{turn.member_name}"
        )
        what.setWordWrap(True)
        self.outcome_group = QButtonGroup(self)
        outcomes = QHBoxLayout()
        for number, (outcome, label) in enumerate(OUTCOMES, start=1):
            button = QRadioButton(f"&{number} {label}")
            button.setObjectName(f"turnOutcome_{outcome.value}")
            self.outcome_group.addButton(button, number)
            outcomes.addWidget(button)
        self.outcome_widget = QWidget()
        self.outcome_widget.setLayout(outcomes)
        others = [(m, n) for m, n in members if m != turn.member_id]
        self.swap_combo = MemberCombo(others, blank="")
        self.swap_combo.setObjectName("turnSwappedWith")
        self.people_spin = QSpinBox()
        self.people_spin.setObjectName("turnPeople")
        self.people_spin.setRange(NOT_GIVEN, duty_rota.MAX_PEOPLE)
        self.people_spin.setSpecialValueText("未填")
        self.people_spin.setSuffix(" 人次")
        self.note_edit = QLineEdit(turn.note)
        self.note_edit.setObjectName("turnNote")
        self.note_edit.setMaxLength(duty_rota.NOTE_LIMIT)
        self.fields = {
            "值班结果": self.outcome_widget,
            "顶班党员": self.swap_combo,
            "服务人次": self.people_spin,
            "备注": self.note_edit,
        }
        form = QFormLayout()
        form.addRow(what)
        form.addRow("值班结果：", self.outcome_widget)
        form.addRow("顶班党员(&W)：", self.swap_combo)
        form.addRow("服务群众(&P)：", self.people_spin)
        form.addRow("备注(&N)：", self.note_edit)
        if volunteer:
            hint = QLabel("志愿服务岗的到岗（含换班顶班）班次计入志愿服务时长。")
            hint.setStyleSheet("color: #616161;")
            form.addRow(hint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.save_button = self._add_buttons(layout, "确定(&O)", "turnError", "turnSave")
        self.setMinimumWidth(560)
        current = next(i for i, (o, _l) in enumerate(OUTCOMES, start=1) if o is turn.outcome)
        self.outcome_group.button(1 if turn.outcome is DutyOutcome.PLANNED else current).setChecked(True)
        self.swap_combo.set_member(turn.swapped_with_id)
        self.people_spin.setValue(NOT_GIVEN if turn.people_helped is None else turn.people_helped)
        self.outcome_group.idToggled.connect(self._on_outcome_group_id_toggled)
        self._on_outcome_group_id_toggled()
        self.people_spin.setFocus()
        self.people_spin.selectAll()

    def outcome(self) -> DutyOutcome:
        return OUTCOMES[self.outcome_group.checkedId() - 1][0]

    def _on_outcome_group_id_toggled(self, *_args: object) -> None:
        outcome = self.outcome()
        self.swap_combo.setEnabled(outcome is DutyOutcome.SWAPPED)
        self.people_spin.setEnabled(outcome in (DutyOutcome.SERVED, DutyOutcome.SWAPPED))
        if outcome is DutyOutcome.SWAPPED and self.isVisible():
            self.swap_combo.setFocus()

    def accept(self) -> None:
        self._clear_errors()
        outcome = self.outcome()
        swapped = self.swap_combo.member_id() if outcome is DutyOutcome.SWAPPED else None
        if outcome is DutyOutcome.SWAPPED and swapped is None and self.swap_combo.currentText().strip():
            self.show_error(ValidationError("请从名单中选择顶班党员（可输入姓名查找）。", field="顶班党员"))
            return
        people = None if self.people_spin.value() == NOT_GIVEN else self.people_spin.value()
        note, turn_id, today = self.note_edit.text(), self._turn.id, dt.date.today()

        def save(session: Any) -> TurnRow:
            return duty_rota.confirm_turn(
                session,
                turn_id,
                outcome,
                swapped_with_id=swapped,
                people_helped=people,
                note=note,
                today=today,
            )

        self._save(save)
