"""Add or edit one member: every field of roster.MemberInput in two columns that fit 1366x768.

The service validates; the dialog stays open on a refusal, says why in red under the form and puts
the cursor in the field named, so a secretary copying a paper form never loses what she typed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.models import MemberCategory
from branchdesk.services import groups, idcard, roster
from branchdesk.services.labels import (
    CATEGORY_LABELS,
    EDUCATION_LEVELS,
    ETHNICITIES,
    GENDERS,
    STAFF_CATEGORIES,
)

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.widgets.date_field import DateField, checked_date, format_date
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error
from branchdesk.ui.widgets.form_fields import choice_combo, set_text, text_of

DEGREES = ("", "博士", "硕士", "学士")
HINT_STYLE = "color: #1b5e20;"
WARN_STYLE = "color: #b45309;"


class MemberDialog(QDialog):
    """新增党员 (member_id None) or 编辑 an existing member; `saved` holds the row written."""

    def __init__(self, ctx: AppContext, member_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._today = dt.date.today()
        self.saved: roster.MemberRow | None = None
        self.fields: dict[str, QWidget] = {}
        self._member, self._departments, self._groups = operations.read(ctx, self._load(member_id))
        self._revealed = self._member is None
        self.setObjectName("memberDialog")
        self._build_ui()
        self._connect_signals()
        self._fill()

    def _load(self, member_id: int | None) -> Callable[[Any], tuple[Any, list[str], list[Any]]]:
        def query(session: Any) -> tuple[Any, list[str], list[Any]]:
            member = roster.get_member(session, member_id) if member_id is not None else None
            return (
                member,
                roster.departments(session, self._ctx.branch_id),
                groups.list_groups(session, self._ctx.branch_id),
            )

        return query

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        editing = self._member is not None
        self.setWindowTitle(f"编辑党员信息 — {self._member.name}" if self._member else "新增党员")
        self.name_edit = self._named(QLineEdit(), "memberName", "姓名")
        self.gender_combo = self._named(choice_combo(("", *GENDERS)), "memberGender", "性别")
        self.ethnicity_combo = self._named(
            choice_combo(ETHNICITIES, editable=True), "memberEthnicity", "民族"
        )
        self.birth_field = self._named(DateField(), "memberBirthDate", "出生日期")
        self.native_edit = self._named(QLineEdit(), "memberNativePlace", "籍贯", "如 广西南宁")
        education = choice_combo(("", *EDUCATION_LEVELS), editable=True)
        self.education_combo = self._named(education, "memberEducation", "学历")
        self.degree_combo = self._named(choice_combo(DEGREES, editable=True), "memberDegree", "学位")
        self.id_edit = self._named(QLineEdit(), "memberIdNumber", "身份证号")
        self.phone_edit = self._named(QLineEdit(), "memberPhone", "手机号")
        departments = choice_combo(self._departments, editable=True)
        self.department_combo = self._named(departments, "memberDepartment", "科室")
        self.position_edit = self._named(QLineEdit(), "memberPosition", "职务", "如 科主任、护士长")
        self.title_edit = self._named(QLineEdit(), "memberTitle", "职称", "如 主治医师、主管护师")
        staff = choice_combo(STAFF_CATEGORIES, editable=True)
        self.staff_combo = self._named(staff, "memberStaffCategory", "人员类别")
        self.category_combo = self._named(QComboBox(), "memberCategory", "党员类别")
        for category in MemberCategory:
            self.category_combo.addItem(CATEGORY_LABELS[category], category)
        self.joined_field = self._named(DateField(), "memberJoinedOn", "入党时间")
        self.full_field = self._named(DateField(), "memberFullMemberOn", "转正时间")
        self.group_combo = self._named(QComboBox(), "memberGroup", "党小组")
        # New members only: from when they count on this branch's meeting rolls (history keeps it).
        self.roll_start_field = self._named(DateField(), "memberRollStart", "在本支部起始日期")
        self.roll_start_field.setPlaceholderText("留空按入党时间")
        self.roll_start_field.setToolTip(
            "在本支部党员名册上的起始日期，如转入本支部的日期。留空则按入党时间，"
            "这样补录今年的会议时，该党员会出现在当时的应到名单中。"
        )
        self.notes_edit = self._named(QPlainTextEdit(), "memberNotes", "备注")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.id_hint = self._named(QLabel(), "memberIdHint")
        self.probation_hint = self._named(QLabel(), "memberProbationHint")
        self.party_age_hint = self._named(QLabel(), "memberPartyAgeHint")
        self.id_hint.setWordWrap(True)
        self.id_hint.hide()
        self.probation_hint.hide()
        self.error_label = error_label("memberError")
        # MemberInput attributes that are plain text, each with its widget, for filling and reading back.
        self._text_fields: dict[str, QWidget] = {
            "name": self.name_edit,
            "gender": self.gender_combo,
            "ethnicity": self.ethnicity_combo,
            "native_place": self.native_edit,
            "education": self.education_combo,
            "degree": self.degree_combo,
            "department": self.department_combo,
            "position": self.position_edit,
            "title": self.title_edit,
            "staff_category": self.staff_combo,
            "notes": self.notes_edit,
        }
        self._date_fields = {
            "birth_date": self.birth_field,
            "joined_on": self.joined_field,
            "full_member_on": self.full_field,
        }
        # Two independent column grids, so a hint row shown in one column never opens a gap in the other.
        self._label_width = self.fontMetrics().horizontalAdvance("人员类别：") + 8
        left_grid, right_grid = QGridLayout(), QGridLayout()
        left = ["姓名", "性别", "民族", "出生日期", "籍贯", "学历", "学位", "身份证号", None, "手机号"]
        right = ["科室", "职务", "职称", "人员类别", "党员类别", "入党时间", None, "转正时间", "党小组"]
        if self._member is None:
            right.append("在册起始")  # shown as 在册起始, named 在本支部起始日期 in messages
        for row, name in enumerate(left):
            if name is None:
                left_grid.addWidget(self.id_hint, row, 1)
                continue
            self._add_pair(left_grid, row, name, self.fields[name])
        for row, name in enumerate(right):
            if name is None:
                right_grid.addWidget(self.probation_hint, row, 1)
                continue
            field = self.roll_start_field if name == "在册起始" else self.fields[name]
            widget: QWidget = field
            if name in ("入党时间", "转正时间", "在册起始"):
                hint = self.party_age_hint if name == "转正时间" else QLabel()
                widget = self._with_hint(field, hint)
            self._add_pair(right_grid, row, name, widget, buddy=field)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        for column_grid in (left_grid, right_grid):
            column_grid.setHorizontalSpacing(10)
            column_grid.setVerticalSpacing(8)
            column_grid.setColumnStretch(1, 1)
            column_grid.setRowStretch(len(left), 1)  # rows packed at the top of the shorter column
            columns.addLayout(column_grid, 1)
        notes = QGridLayout()
        notes.setHorizontalSpacing(10)
        self._add_pair(notes, 0, "备注", self.notes_edit)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("memberSave")
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("memberCancel")
        self.reveal_button = QPushButton("显示完整信息(&I)")
        self.reveal_button.setObjectName("memberReveal")
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.setToolTip("显示完整的身份证号和手机号以便核对或修改（Ctrl+Shift+I）")
        self.reveal_button.setVisible(editing and self._has_secret())
        self.reveal_shortcut = QShortcut(QKeySequence("Ctrl+Shift+I"), self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reveal_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(notes)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)
        self.setMinimumWidth(820)
        by_label = {**self.fields, "在册起始": self.roll_start_field}
        order = [by_label[n] for n in left + right if n] + [self.notes_edit, self.save_button, cancel]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _named(self, widget: Any, name: str, field: str = "", placeholder: str = "") -> Any:
        """Give a widget its objectName; a form field is also registered under its Chinese label,
        the name ValidationError.field uses."""
        widget.setObjectName(name)
        if isinstance(widget, QLineEdit):
            widget.setMaxLength(50)
            widget.setPlaceholderText(placeholder)
        if field:
            self.fields[field] = widget
        return widget

    def _add_pair(
        self, grid: QGridLayout, row: int, text: str, widget: QWidget, buddy: QWidget | None = None
    ) -> None:
        label = QLabel(f"{text}：")
        vertical = (
            Qt.AlignmentFlag.AlignTop if isinstance(widget, QPlainTextEdit) else Qt.AlignmentFlag.AlignVCenter
        )
        label.setAlignment(Qt.AlignmentFlag.AlignRight | vertical)
        label.setMinimumWidth(self._label_width)
        label.setBuddy(buddy or widget)
        grid.addWidget(label, row, 0)
        grid.addWidget(widget, row, 1)

    def _with_hint(self, field: QWidget, hint: QLabel) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        field.setFixedWidth(140)
        row.addWidget(field)
        row.addWidget(hint, 1)
        return box

    def _has_secret(self) -> bool:
        return bool(self._member and (self._member.id_number or self._member.phone))

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reveal_button.clicked.connect(self._on_reveal_button_clicked)
        self.reveal_shortcut.activated.connect(self._on_reveal_button_clicked)
        self.id_edit.textEdited.connect(self._on_id_edit_text_edited)
        self.category_combo.currentIndexChanged.connect(self._update_hints)
        self.joined_field.dateChanged.connect(self._update_hints)
        self.full_field.dateChanged.connect(self._update_hints)

    def _fill(self) -> None:
        """Start from the stored member (or sensible blanks); ID and phone masked until revealed."""
        self.group_combo.addItem("（未分组）", None)
        for group in self._groups:
            self.group_combo.addItem(group.name, group.id)
        data = self._member.to_input() if self._member else roster.MemberInput(name="")
        if self._member and data.group_id is not None and self.group_combo.findData(data.group_id) < 0:
            self.group_combo.addItem(f"{self._member.group_name}（已撤销）", data.group_id)
        for attr, widget in self._text_fields.items():
            set_text(widget, getattr(data, attr))
        for attr, field in self._date_fields.items():
            field.setDate(getattr(data, attr))
        self.category_combo.setCurrentIndex(self.category_combo.findData(data.category))
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(data.group_id)))
        if self._member:
            self._show_secret(self.id_edit, self._member.id_number, self._member.id_masked)
            self._show_secret(self.phone_edit, self._member.phone, self._member.phone_masked)
        self._update_hints()

    def _show_secret(self, edit: QLineEdit, value: str, masked: str) -> None:
        """A stored value stays hidden and read-only until revealed; an empty one is simply editable."""
        edit.setText(masked)
        edit.setReadOnly(bool(value))
        if value:
            edit.setToolTip("已隐藏。点击“显示完整信息”后可查看和修改。")
            self._set_base_style(edit, f"#{edit.objectName()} {{ background: #f0f0f0; color: #616161; }}")

    def _set_base_style(self, widget: QWidget, style: str) -> None:
        widget.setProperty("baseStyle", style)
        widget.setStyleSheet(style)

    # --- live hints --------------------------------------------------------------------------------

    def _on_id_edit_text_edited(self, text: str) -> None:
        """A valid ID number fills an empty birth date and gender, the two fields people mistype most."""
        number = idcard.normalize_id(text)
        if len(number) < 15:
            self._set_hint(self.id_hint, f"已输入 {len(number)} 位，应为18位。" if number else "", WARN_STYLE)
            return
        problem = idcard.id_problem(number)
        if problem:
            self._set_hint(self.id_hint, problem.message, WARN_STYLE)
            return
        birth = idcard.birth_date_from_id(number)
        gender = idcard.gender_from_id(number) or ""
        if self.birth_field.is_empty():
            self.birth_field.setDate(birth)
        if not self.gender_combo.currentText():
            self.gender_combo.setCurrentText(gender)
        self._set_hint(self.id_hint, f"身份证号有效：{format_date(birth)} 出生，{gender}", HINT_STYLE)

    def _update_hints(self, *_changed: object) -> None:
        """预备期满 from 入党时间 for a probationary member, 党龄 from 转正时间."""
        probationary = self.category() is MemberCategory.PROBATIONARY
        due = roster.probation_due(self.joined_field.date()) if probationary else None
        if due:
            overdue = "（已到期，请讨论转正）" if due <= self._today else ""
            self._set_hint(
                self.probation_hint, f"预备期满（应转正）：{format_date(due)}{overdue}", WARN_STYLE
            )
        elif probationary:
            self._set_hint(self.probation_hint, "预备党员请填写入党时间", WARN_STYLE)
        else:
            self._set_hint(self.probation_hint, "", HINT_STYLE)
        age = roster.party_age(self.full_field.date(), self._today)
        self._set_hint(self.party_age_hint, f"党龄：{age} 年" if age is not None else "", HINT_STYLE)

    def _set_hint(self, label: QLabel, text: str, style: str) -> None:
        label.setText(text)
        label.setStyleSheet(style)
        if label in (self.id_hint, self.probation_hint):
            label.setVisible(bool(text))  # a hint row takes no space while it has nothing to say

    # --- reveal and save ---------------------------------------------------------------------------

    def _on_reveal_button_clicked(self) -> None:
        """Full ID and phone for this member only, after the user confirms nobody is looking on."""
        if self._member is None or self._revealed or not self._has_secret():
            return
        if not messages.confirm(
            self,
            "显示完整信息",
            f"将显示“{self._member.name}”的完整身份证号和手机号。\n请确认屏幕周围没有无关人员。",
            ok_text="显示",
        ):
            return
        self._revealed = True
        for edit, value in ((self.id_edit, self._member.id_number), (self.phone_edit, self._member.phone)):
            edit.setText(value)
            edit.setReadOnly(False)
            edit.setToolTip("")
            self._set_base_style(edit, "")
        self.reveal_button.setEnabled(False)

    def _secret_values(self) -> tuple[str, str]:
        """What to save for ID and phone: the typed text, or the stored value while it is still masked."""
        id_number = self.id_edit.text()
        phone = self.phone_edit.text()
        if self._member and not self._revealed:
            id_number = self._member.id_number if self.id_edit.isReadOnly() else id_number
            phone = self._member.phone if self.phone_edit.isReadOnly() else phone
        return id_number, phone

    def category(self) -> MemberCategory:
        """Qt hands enum data back as plain str; turn it back into the enum the service compares with."""
        return MemberCategory(self.category_combo.currentData())

    def member_input(self) -> roster.MemberInput:
        id_number, phone = self._secret_values()
        values: dict[str, Any] = {attr: text_of(widget) for attr, widget in self._text_fields.items()}
        values.update({attr: field.date() for attr, field in self._date_fields.items()})
        return roster.MemberInput(
            **values,
            id_number=id_number,
            phone=phone,
            category=self.category(),
            group_id=self.group_combo.currentData(),
        )

    def accept(self) -> None:
        """Save through the service; on a refusal stay open with the reason and the field focused."""
        self._clear_error()
        try:
            for field, name in (
                (self.birth_field, "出生日期"),
                (self.joined_field, "入党时间"),
                (self.full_field, "转正时间"),
                (self.roll_start_field, "在本支部起始日期"),
            ):
                checked_date(field, name)
        except ValidationError as exc:
            self.show_error(exc)
            return
        data = self.member_input()
        member = self._member

        def save(session: Any) -> roster.MemberRow:
            if member is None:
                today = dt.date.today()
                start = self.roll_start_field.date() or roster.default_roll_start(data, today)
                return roster.add_member(session, self._ctx.branch_id, data, today=today, on_roll_from=start)
            return roster.update_member(session, member.id, data)

        row = operations.run_keeping_open(self, self._ctx, save, self.show_error)
        if row is None:
            return
        self.saved = row
        self._ctx.events.members_changed.emit()
        super().accept()

    def show_error(self, error: BranchDeskError) -> None:
        """The refusal in red under the form, and the named field highlighted and focused."""
        show_field_error(self.error_label, self.fields, error)

    def _clear_error(self) -> None:
        clear_field_errors(self.error_label, self.fields)
