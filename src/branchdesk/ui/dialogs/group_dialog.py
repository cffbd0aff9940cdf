"""Add or edit a party group (党小组): its name and, optionally, a leader among members on the roll.

The dialog only collects input; the page saves it through the groups service in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.roster import MemberRow

NO_LEADER = "（暂不指定）"


def member_choice(member: MemberRow) -> str:
    """How a member appears in a pick list: the name, with the department to tell namesakes apart."""
    return f"{member.name}（{member.department}）" if member.department else member.name


class GroupDialog(QDialog):
    """Name a group and choose its leader; Enter saves, Esc cancels."""

    def __init__(
        self,
        members: Sequence[MemberRow],
        parent: QWidget | None = None,
        *,
        name: str = "",
        leader_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.saver: Callable[[GroupDialog], Any | None] | None = None
        self.saved: Any | None = None
        self.setObjectName("groupDialog")
        self.setWindowTitle("编辑党小组" if name else "新增党小组")
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setPlaceholderText("如：第一党小组、护理党小组")
        self.name_edit.setMaxLength(50)
        self.leader_combo = QComboBox()
        self.leader_combo.setObjectName("leaderCombo")
        self.leader_combo.addItem(NO_LEADER, None)
        for member in members:
            self.leader_combo.addItem(member_choice(member), member.id)
        if leader_id is not None:
            found = self.leader_combo.findData(leader_id)
            self.leader_combo.setCurrentIndex(max(found, 0))
        name_label = QLabel("党小组名称(&N)：")
        name_label.setBuddy(self.name_edit)
        leader_label = QLabel("组长(&L)：")
        leader_label.setBuddy(self.leader_combo)
        form.addRow(name_label, self.name_edit)
        form.addRow(leader_label, self.leader_combo)
        layout.addLayout(form)
        hint = QLabel("组长须为本支部在册党员；组员在党员花名册中调整。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_edit.setFocus()

    def accept(self) -> None:
        """Save through `saver` first; the dialog stays open with the typing kept if it is refused."""
        if self.saver is not None:
            self.saved = self.saver(self)
            if self.saved is None:
                self.name_edit.setFocus()
                return
        super().accept()

    @property
    def group_name(self) -> str:
        return self.name_edit.text()

    @property
    def leader_id(self) -> int | None:
        value = self.leader_combo.currentData()
        return int(value) if value is not None else None
