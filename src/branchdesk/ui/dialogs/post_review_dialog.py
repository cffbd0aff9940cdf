"""Record a review (评议) of a post or of one holder: date, period, who assessed, grade and a note.

The grade is chosen with Alt+1 to Alt+4 (优秀 良好 一般 差) as well as the mouse; 一般 and 差 need a note,
which the service asks for by name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.models import ReviewAssessor, ReviewGrade
from branchdesk.services import post_reviews
from branchdesk.services.post_labels import ASSESSOR_LABELS, GRADE_LABELS
from branchdesk.services.post_reviews import ReviewInput, ReviewRow
from branchdesk.services.posts import HolderRow, PostRow

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.posts_form_dialog import PostsFormDialog
from branchdesk.ui.widgets.date_field import DateField, checked_date


class ReviewDialog(PostsFormDialog):
    """`saved` is the review recorded."""

    def __init__(
        self, ctx: AppContext, post: PostRow, holders: list[HolderRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self._post = post
        self.saved: ReviewRow | None = None
        self.setObjectName("reviewDialog")
        self.setWindowTitle(f"添加评议 — {post.name}")
        today = dt.date.today()
        self.date_field = DateField()
        self.date_field.setObjectName("reviewDate")
        self.date_field.setDate(today)
        self.period_edit = QLineEdit(post_reviews.period_for(today))
        self.period_edit.setObjectName("reviewPeriod")
        self.period_edit.setMaxLength(post_reviews.PERIOD_LIMIT)
        self.subject_combo = QComboBox()
        self.subject_combo.setObjectName("reviewSubject")
        self.subject_combo.addItem("岗位整体", None)
        seen: set[int] = set()
        for h in holders:
            if h.member_id not in seen and not h.voided:  # a wrong member's holding held nothing
                seen.add(h.member_id)
                self.subject_combo.addItem(h.name, h.member_id)
        self.assessor_combo = QComboBox()
        self.assessor_combo.setObjectName("reviewAssessor")
        for assessor, label in ASSESSOR_LABELS.items():
            self.assessor_combo.addItem(label, assessor)
        self.assessor_combo.setCurrentIndex(self.assessor_combo.findData(ReviewAssessor.BRANCH))
        self.grade_group = QButtonGroup(self)
        grades = QHBoxLayout()
        for number, (grade, label) in enumerate(GRADE_LABELS.items(), start=1):
            button = QRadioButton(f"&{number} {label}")
            button.setObjectName(f"reviewGrade_{grade.value}")
            self.grade_group.addButton(button, number)
            grades.addWidget(button)
        self.grade_group.button(1).setChecked(True)
        self.grade_widget = QWidget()
        self.grade_widget.setLayout(grades)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("reviewNote")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText("评议意见：成绩、不足和整改要求（评为一般、差时必填）")
        self.fields = {
            "评议日期": self.date_field,
            "评议期间": self.period_edit,
            "评议对象": self.subject_combo,
            "评议方": self.assessor_combo,
            "评议意见": self.note_edit,
        }
        form = QFormLayout()
        form.addRow("评议日期(&D)：", self.date_field)
        form.addRow("评议期间(&P)：", self.period_edit)
        form.addRow("评议对象(&O)：", self.subject_combo)
        form.addRow("评议方(&A)：", self.assessor_combo)
        form.addRow("等级：", self.grade_widget)
        form.addRow("评议意见(&N)：", self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.save_button = self._add_buttons(layout, "保存(&S)", "reviewError", "reviewSave")
        self.resize(520, 420)
        self.assessor_combo.setFocus()

    def grade(self) -> ReviewGrade:
        return list(GRADE_LABELS)[self.grade_group.checkedId() - 1]

    def accept(self) -> None:
        self._clear_errors()
        try:
            reviewed_on = checked_date(self.date_field, "评议日期", required=True)
        except ValidationError as exc:
            self.show_error(exc)
            return
        data = ReviewInput(
            reviewed_on=reviewed_on,
            grade=self.grade(),
            assessor=ReviewAssessor(self.assessor_combo.currentData()),
            period=self.period_edit.text(),
            member_id=self.subject_combo.currentData(),
            note=self.note_edit.toPlainText(),
        )
        post_id = self._post.id

        def save(session: Any) -> ReviewRow:
            return post_reviews.add_review(session, post_id, data)

        self._save(save)
