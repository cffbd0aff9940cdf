"""支部信息: the branch profile and brand edited in place, the committee and the party groups.

The profile form keeps unsaved edits while tables refresh underneath it (a member added elsewhere
must not wipe what the secretary is typing); only a switch of branch or a restore reloads the form.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.services import branches, roster
from branchdesk.services.branches import BranchProfile
from branchdesk.services.labels import BRANCH_KINDS

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.operations import read, run_action
from branchdesk.ui.pages.branch_org import CommitteeBox, GroupsBox
from branchdesk.ui.widgets.date_field import DateField, checked_date

log = logging.getLogger(__name__)
R = TypeVar("R")

DUE_SOON_DAYS = 90
LOGO_PREVIEW = 96
DUE_STYLES = {
    "ok": "",
    "soon": "color: #e65100; font-weight: bold;",
    "overdue": "color: #b71c1c; font-weight: bold;",
}


def due_status(due: dt.date | None, today: dt.date) -> tuple[str, str]:
    """The 换届 line and how urgent it is: ok, soon (within 90 days) or overdue."""
    if due is None:
        return "填写本届任期开始日期后自动计算", "ok"
    text = f"{due.year}年{due.month}月{due.day}日"
    days = (due - today).days
    if days < 0:
        return f"{text}（已超期 {-days} 天，请及时换届）", "overdue"
    if days <= DUE_SOON_DAYS:
        return f"{text}（还有 {days} 天，请准备换届）", "soon"
    return text, "ok"


class BranchPage(QWidget):
    """The branch's profile and brand (保存, Ctrl+S), its committee and its party groups."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loaded_branch: int | None = None
        self._loading = False
        self._dirty = False
        self._pending_logo: tuple[bytes | None, str] | None = None  # None: logo unchanged
        self.setObjectName("branchPage")
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(self._build_save_row())  # outside the scroll area: 保存 is always in sight
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        body = QWidget()
        scroll.setWidget(body)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(16, 4, 16, 12)
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(self._build_profile_box())
        left.addWidget(self._build_brand_box())
        left.addStretch(1)
        right = QVBoxLayout()
        self.committee_box = CommitteeBox(self._ctx)
        self.groups_box = GroupsBox(self._ctx)
        right.addWidget(self.committee_box, 1)
        right.addWidget(self.groups_box, 1)
        # the widgets tests and keyboard users reach, named on the page as well
        self.posts_table = self.committee_box.table
        self.add_post_button = self.committee_box.add_button
        self.end_post_button = self.committee_box.end_button
        self.groups_table = self.groups_box.table
        self.add_group_button = self.groups_box.add_button
        self.edit_group_button = self.groups_box.edit_button
        self.archive_group_button = self.groups_box.archive_button
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _row(self, form: QFormLayout, text: str, widget: QWidget, name: str) -> None:
        widget.setObjectName(name)
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)

    def _pair(
        self, form: QFormLayout, first: tuple[str, QWidget, str], second: tuple[str, QWidget, str]
    ) -> None:
        """Two short fields on one row, so the page fits a 1366x768 screen without scrolling."""
        row = QHBoxLayout()
        for index, (text, widget, name) in enumerate((first, second)):
            widget.setObjectName(name)
            label = QLabel(text)
            label.setBuddy(widget)
            if index == 0:
                caption = label
            else:
                row.addSpacing(12)
                row.addWidget(label)
            row.addWidget(widget, 1)
        form.addRow(caption, row)

    def _build_profile_box(self) -> QGroupBox:
        box = QGroupBox("基本信息")
        form = self._form(box)
        self.name_edit = QLineEdit()
        self.departments_edit = QLineEdit()
        self.departments_edit.setPlaceholderText("如：心血管内科、内分泌科")
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(list(BRANCH_KINDS))
        self.founded_edit = DateField()
        self.term_edit = DateField()
        self.term_years_spin = QSpinBox()
        self.term_years_spin.setRange(1, 5)
        self.term_years_spin.setSuffix(" 年")
        self.due_label = QLabel()
        self.due_label.setObjectName("dueLabel")
        self._row(form, "支部名称(&N)：", self.name_edit, "nameEdit")
        self._row(form, "所在科室(&D)：", self.departments_edit, "departmentsEdit")
        self._pair(
            form,
            ("支部类型(&K)：", self.kind_combo, "kindCombo"),
            ("成立日期(&O)：", self.founded_edit, "foundedEdit"),
        )
        self._pair(
            form,
            ("本届任期开始(&T)：", self.term_edit, "termEdit"),
            ("任期年限(&Y)：", self.term_years_spin, "termYearsSpin"),
        )
        form.addRow("换届时间：", self.due_label)
        return box

    def _build_brand_box(self) -> QGroupBox:
        box = QGroupBox("支部品牌（一支部一品牌）")
        row = QHBoxLayout(box)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        row.addLayout(form, 1)
        self.brand_name_edit = QLineEdit()
        self.brand_name_edit.setPlaceholderText("如：“心”连心 党旗红")
        self.slogan_edit = QLineEdit()
        self.slogan_edit.setPlaceholderText("一句话的服务承诺或口号")
        self.meaning_edit = QPlainTextEdit()
        self.meaning_edit.setPlaceholderText("品牌的由来和含义，几句话即可")
        self.meaning_edit.setTabChangesFocus(True)
        self.meaning_edit.setFixedHeight(LOGO_PREVIEW)
        self._row(form, "品牌名称(&P)：", self.brand_name_edit, "brandNameEdit")
        self._row(form, "宣传语(&L)：", self.slogan_edit, "sloganEdit")
        self._row(form, "品牌内涵(&M)：", self.meaning_edit, "meaningEdit")
        logo = QVBoxLayout()
        caption = QLabel("品牌标志")
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_label = QLabel()
        self.logo_label.setObjectName("logoLabel")
        self.logo_label.setFixedSize(LOGO_PREVIEW, LOGO_PREVIEW)
        self.logo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_label.setStyleSheet("border: 1px dashed #9e9e9e; color: #757575;")
        self.logo_button = QPushButton("选择图片(&I)…")
        self.logo_button.setObjectName("logoButton")
        self.logo_button.setToolTip("PNG 或 JPG 图片，不超过 2MB")
        self.clear_logo_button = QPushButton("清除(&W)")
        self.clear_logo_button.setObjectName("clearLogoButton")
        self.clear_logo_button.setToolTip("清除品牌标志")
        logo.addWidget(caption)
        logo.addWidget(self.logo_label, 0, Qt.AlignmentFlag.AlignHCenter)
        logo.addWidget(self.logo_button)
        logo.addWidget(self.clear_logo_button)
        logo.addStretch(1)
        row.addLayout(logo)
        return box

    def _build_save_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(16, 10, 16, 4)
        hint = QLabel("修改基本信息或品牌后，请点击“保存”（Ctrl+S）。")
        hint.setStyleSheet("color: #616161;")
        row.addWidget(hint)
        row.addSpacing(16)
        self.save_status_label = QLabel()
        self.save_status_label.setObjectName("saveStatusLabel")
        self.save_status_label.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.save_button = QPushButton("保存(&S)")
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip("保存基本信息和品牌（Ctrl+S）")
        self.save_button.setMinimumWidth(120)
        row.addWidget(self.save_status_label, 1)
        row.addWidget(self.save_button)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return row

    def _connect_signals(self) -> None:
        for edit in (self.name_edit, self.departments_edit, self.brand_name_edit, self.slogan_edit):
            edit.textChanged.connect(self._on_field_edited)
        self.founded_edit.textChanged.connect(self._on_field_edited)
        self.term_edit.textChanged.connect(self._on_field_edited)
        self.meaning_edit.textChanged.connect(self._on_field_edited)
        self.kind_combo.currentIndexChanged.connect(self._on_field_edited)
        self.term_years_spin.valueChanged.connect(self._on_field_edited)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)
        self.logo_button.clicked.connect(self._on_logo_button_clicked)
        self.clear_logo_button.clicked.connect(self._on_clear_logo_button_clicked)
        events = self._ctx.events
        events.branch_changed.connect(self._on_events_branch_changed)
        events.database_replaced.connect(self._on_events_database_replaced)
        events.members_changed.connect(self._reload_tables)
        events.groups_changed.connect(self._reload_tables)

    # --- loading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload tables; reload the form too unless it holds unsaved edits for the same branch."""
        if self._loaded_branch != self._ctx.branch_id or not self._dirty:
            self._load_form(read(self._ctx, lambda s: branches.get_profile(s, self._ctx.branch_id)))
        self._reload_tables()

    def _on_events_branch_changed(self, _branch_id: int) -> None:
        self.refresh()

    def _on_events_database_replaced(self) -> None:
        self._dirty = False
        self.refresh()

    def _load_form(self, profile: BranchProfile) -> None:
        self._loading = True
        try:
            self.name_edit.setText(profile.name)
            self.departments_edit.setText(profile.departments)
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findText(profile.kind), 0))
            self.founded_edit.setDate(profile.founded_on)
            self.term_edit.setDate(profile.term_started_on)
            self.term_years_spin.setValue(profile.term_years)
            self.brand_name_edit.setText(profile.brand_name)
            self.slogan_edit.setText(profile.brand_slogan)
            self.meaning_edit.setPlainText(profile.brand_meaning)
            data = read(self._ctx, lambda s: branches.logo(s, profile.id)) if profile.has_logo else None
            self._show_logo(data)
        finally:
            self._loading = False
        self._loaded_branch = profile.id
        self._dirty = False
        self._pending_logo = None
        self.save_status_label.clear()
        self._update_due()

    def _reload_tables(self) -> None:
        self.committee_box.reload()
        self.groups_box.reload()

    def _show_logo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_label.setPixmap(
                pixmap.scaled(
                    LOGO_PREVIEW - 4,
                    LOGO_PREVIEW - 4,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText("未设置")
        self.clear_logo_button.setEnabled(bool(data))

    def _update_due(self) -> None:
        start = self.term_edit.date()
        due = roster.add_years(start, self.term_years_spin.value()) if start else None
        text, level = due_status(due, dt.date.today())
        self.due_label.setText(text)
        self.due_label.setStyleSheet(DUE_STYLES[level])

    # --- profile and brand -------------------------------------------------------------------------

    def _on_field_edited(self, *_args: object) -> None:
        self._update_due()
        if not self._loading:
            self._dirty = True
            self.save_status_label.setText("有未保存的修改")

    def _on_logo_button_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择品牌标志图片", "", "图片 (*.png *.jpg *.jpeg)")
        if not name:
            return
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError:
            messages.show_error(self, BranchDeskError("无法读取该图片文件。", field="品牌标志"))
            return
        if QPixmap().loadFromData(data) is False:
            messages.show_error(self, BranchDeskError("该文件不是可识别的图片。", field="品牌标志"))
            return
        self._pending_logo = (data, path.suffix.lstrip(".").lower())
        self._show_logo(data)
        self._on_field_edited()

    def _on_clear_logo_button_clicked(self) -> None:
        self._pending_logo = (None, "")
        self._show_logo(None)
        self._on_field_edited()

    def _profile_input(self) -> branches.BranchProfileInput:
        return branches.BranchProfileInput(
            name=self.name_edit.text(),
            departments=self.departments_edit.text(),
            kind=self.kind_combo.currentText(),
            founded_on=checked_date(self.founded_edit, "成立日期"),
            term_started_on=checked_date(self.term_edit, "本届任期开始"),
            term_years=self.term_years_spin.value(),
            brand_name=self.brand_name_edit.text(),
            brand_slogan=self.slogan_edit.text(),
            brand_meaning=self.meaning_edit.toPlainText(),
        )

    def _on_save_button_clicked(self) -> None:
        try:
            data = self._profile_input()
        except ValidationError as exc:
            messages.show_error(self, exc)
            return
        branch_id, logo = self._ctx.branch_id, self._pending_logo

        def save(session: Any) -> BranchProfile:
            profile = branches.update_profile(session, branch_id, data)
            if logo is not None:
                branches.set_logo(session, branch_id, logo[0], logo[1])
            return profile

        if run_action(self, self._ctx, save) is None:
            return
        self._dirty = False
        self._ctx.events.branch_changed.emit(branch_id)
        self.refresh()
        self.save_status_label.setText("已保存")

    # --- committee and groups ----------------------------------------------------------------------
