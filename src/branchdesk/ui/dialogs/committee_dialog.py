"""Branch committee posts: give a member on the roll a post (书记, 组织委员 ...) or end one on a date.

The dialogs only collect input; the branch page saves through the branches service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.models import CommitteeRole
from branchdesk.services.labels import ROLE_LABELS
from branchdesk.services.roster import MemberRow

from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.group_dialog import member_choice
from branchdesk.ui.widgets.date_field import DateField, checked_date


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(dialog)
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName("okButton")
    ok.setDefault(True)
    box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class CommitteePostDialog(QDialog):
    """Pick a member on the roll, a post and the date it starts.

    With `saver` set, OK saves first and the dialog stays open (input kept) when saving is refused.
    """

    def __init__(
        self, members: Sequence[MemberRow], parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.saver: Callable[[CommitteePostDialog], Any | None] | None = None
        self.saved: Any | None = None
        self.setObjectName("committeePostDialog")
        self.setWindowTitle("添加支部委员")
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.member_combo = QComboBox()
        self.member_combo.setObjectName("memberCombo")
        for member in members:
            self.member_combo.addItem(member_choice(member), member.id)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("roleCombo")
        for role, label in ROLE_LABELS.items():
            self.role_combo.addItem(label, role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(CommitteeRole.ORGANISATION.value))
        self.since_edit = DateField()
        self.since_edit.setObjectName("sinceEdit")
        self.since_edit.setDate(today or dt.date.today())
        for text, widget in (
            ("党员(&M)：", self.member_combo),
            ("职务(&P)：", self.role_combo),
            ("任职日期(&D)：", self.since_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        hint = QLabel("书记、副书记等职务只能有一人担任：新任职后，原任者自动卸任。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(_buttons(self, "确定"))
        self.member_combo.setFocus()

    def accept(self) -> None:
        try:
            checked_date(self.since_edit, "任职日期")
        except ValidationError as exc:
            messages.show_error(self, exc)
            self.since_edit.setFocus()
            return
        if self.saver is not None:
            self.saved = self.saver(self)
            if self.saved is None:
                return
        super().accept()

    @property
    def member_id(self) -> int | None:
        value = self.member_combo.currentData()
        return int(value) if value is not None else None

    @property
    def role(self) -> CommitteeRole:
        return CommitteeRole(self.role_combo.currentData())

    @property
    def started_on(self) -> dt.date | None:
        return self.since_edit.date()


class EndPostDialog(QDialog):
    """The date a post ends; the record stays so past committees can still be listed."""

    def __init__(self, who: str, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("endPostDialog")
        self.setWindowTitle("卸任")
        self.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        intro = QLabel(f"{who} 卸任。任职记录会保留，以便查看历届支委会。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.end_edit = DateField()
        self.end_edit.setObjectName("endEdit")
        self.end_edit.setDate(today or dt.date.today())
        label = QLabel("卸任日期(&D)：")
        label.setBuddy(self.end_edit)
        form.addRow(label, self.end_edit)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "确定"))
        self.end_edit.setFocus()
        self.end_edit.selectAll()

    def accept(self) -> None:
        try:
            checked_date(self.end_edit, "卸任日期", required=True)
        except ValidationError as exc:
            messages.show_error(self, exc)
            self.end_edit.setFocus()
            return
        super().accept()

    @property
    def ended_on(self) -> dt.date:
        return self.end_edit.date() or dt.date.today()
