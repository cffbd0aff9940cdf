"""First run: three short pages (院党委, 支部, 书记) and one transaction that writes them all.

The service validates everything; when it names a field, the wizard goes back to the page that holds
it and says why there, so a secretary never has to guess which page the problem is on.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from branchdesk.db import Database
from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.paths import DataPaths
from branchdesk.services import branches, roster
from branchdesk.services.labels import BRANCH_KINDS, GENDERS

from branchdesk.ui.dialogs import messages
from branchdesk.ui.widgets.date_field import DateField, checked_date
from branchdesk.ui.widgets.field_errors import error_label, show_field_error

log = logging.getLogger(__name__)

TERM_YEARS = 3
COMMITTEE_PAGE, BRANCH_PAGE, SECRETARY_PAGE = 0, 1, 2
# Which page holds each field a ValidationError may name; anything else is about the secretary.
FIELD_PAGES: dict[str, int] = {
    "医院党委名称": COMMITTEE_PAGE,
    "支部名称": BRANCH_PAGE,
    "所在科室": BRANCH_PAGE,
    "支部类型": BRANCH_PAGE,
    "成立日期": BRANCH_PAGE,
    "本届任期开始": BRANCH_PAGE,
    "任期": BRANCH_PAGE,
}


def due_text(start: dt.date | None, years: int = TERM_YEARS) -> str:
    """`换届时间：2027年3月1日（任期3年）` once the term start is known."""
    if start is None:
        return "填写本届任期开始日期后，自动算出换届时间。"
    due = roster.add_years(start, years)
    return f"换届时间：{due.year}年{due.month}月{due.day}日（任期{years}年）"


class _Page(QWizardPage):
    """A wizard page with a form and a red line for the service's message about one of its fields."""

    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(10)
        layout.addLayout(self.form)
        self.error_label = error_label("errorLabel")
        layout.addSpacing(8)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.fields: dict[str, QWidget] = {}

    def add_field(self, label: str, widget: QWidget, *, mnemonic: str = "", note: str = "") -> None:
        """A labelled row; `label` is the field name the service uses, so errors find the widget."""
        text = f"{label}({'&' + mnemonic})：" if mnemonic else f"{label}："
        caption = QLabel(text)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        if note:
            hint = QLabel(note)
            hint.setStyleSheet("color: #616161;")
            self.form.addRow("", hint)
        self.fields[label] = widget

    def show_error(self, error: BranchDeskError) -> None:
        show_field_error(self.error_label, self.fields, error, outline=False)

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()


class FirstRunWizard(QWizard):
    """Collects the committee, the branch and its secretary; `branch_id` is set once saved."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today
        self.branch_id: int | None = None
        self.setObjectName("firstRunWizard")
        self.setWindowTitle("支部工作台 · 初始设置")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, "上一步(&B)")
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步(&N)")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成(&F)")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.setMinimumSize(640, 520)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.committee_page = _Page(
            "第 1 步（共 3 步）：医院党委",
            "欢迎使用支部工作台。共三步：医院党委、支部、支部书记，约需两分钟；以后都可以在“支部信息”中修改。",
        )
        self.committee_edit = QLineEdit()
        self.committee_edit.setObjectName("committeeEdit")
        self.committee_edit.setPlaceholderText("中共某某医院委员会")
        self.committee_page.add_field(
            "医院党委名称", self.committee_edit, mnemonic="C", note="填写上级党委的全称，报表抬头会用到。"
        )

        self.branch_page = _Page("第 2 步（共 3 步）：支部", "本支部的名称、所在科室和本届支委会的任期。")
        self.branch_name_edit = QLineEdit()
        self.branch_name_edit.setObjectName("branchNameEdit")
        self.branch_name_edit.setPlaceholderText("如：内科第七党支部")
        self.departments_edit = QLineEdit()
        self.departments_edit.setObjectName("departmentsEdit")
        self.departments_edit.setPlaceholderText("如：心血管内科、内分泌科")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.addItems(list(BRANCH_KINDS))
        self.founded_edit = DateField()
        self.founded_edit.setObjectName("foundedEdit")
        self.founded_edit.setPlaceholderText("可不填，如 2015-07-01")
        self.term_edit = DateField()
        self.term_edit.setObjectName("termEdit")
        self.term_edit.setPlaceholderText("上次换届选举的日期，如 2024-03-01")
        self.due_label = QLabel(due_text(None))
        self.due_label.setObjectName("dueLabel")
        page = self.branch_page
        page.add_field("支部名称", self.branch_name_edit, mnemonic="A")
        page.add_field("所在科室", self.departments_edit, mnemonic="D")
        page.add_field("支部类型", self.kind_combo, mnemonic="K")
        page.add_field("成立日期", self.founded_edit, mnemonic="O")
        page.add_field("本届任期开始", self.term_edit, mnemonic="T")
        page.form.addRow("", self.due_label)

        self.secretary_page = _Page(
            "第 3 步（共 3 步）：支部书记",
            "书记是花名册上的第一名党员。身份证号和手机号可以以后再填。",
        )
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.gender_combo = QComboBox()
        self.gender_combo.setObjectName("genderCombo")
        self.gender_combo.addItems(list(GENDERS))
        self.gender_combo.setPlaceholderText("请选择（填了身份证号可不选）")
        self.gender_combo.setCurrentIndex(-1)
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("idEdit")
        self.id_edit.setPlaceholderText("18位，可不填")
        self.id_edit.setMaxLength(20)
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("phoneEdit")
        self.phone_edit.setPlaceholderText("11位手机号，可不填")
        self.phone_edit.setMaxLength(20)
        self.joined_edit = DateField()
        self.joined_edit.setObjectName("joinedEdit")
        self.department_edit = QLineEdit()
        self.department_edit.setObjectName("departmentEdit")
        self.department_edit.setPlaceholderText("如：心血管内科")
        self.position_edit = QLineEdit()
        self.position_edit.setObjectName("positionEdit")
        self.position_edit.setPlaceholderText("如：科主任、护士长")
        page = self.secretary_page
        page.add_field("姓名", self.name_edit, mnemonic="M")
        page.add_field("性别", self.gender_combo, mnemonic="G")
        page.add_field("身份证号", self.id_edit, mnemonic="I")
        page.add_field(
            "手机号", self.phone_edit, mnemonic="P", note="身份证号和手机号只保存在本机，列表中只显示后四位。"
        )
        page.add_field("入党时间", self.joined_edit, mnemonic="J")
        page.add_field("科室", self.department_edit, mnemonic="E")
        page.add_field("职务", self.position_edit, mnemonic="W")

        self.setPage(COMMITTEE_PAGE, self.committee_page)
        self.setPage(BRANCH_PAGE, self.branch_page)
        self.setPage(SECRETARY_PAGE, self.secretary_page)

    def _connect_signals(self) -> None:
        self.term_edit.dateChanged.connect(self._on_term_edit_date_changed)
        self.currentIdChanged.connect(self._on_self_current_id_changed)

    def _on_term_edit_date_changed(self, value: dt.date | None) -> None:
        self.due_label.setText(due_text(value))

    def _on_self_current_id_changed(self, page_id: int) -> None:
        """Offer the branch's department as the secretary's, the usual case, without overwriting."""
        if page_id == SECRETARY_PAGE and not self.department_edit.text().strip():
            first = self.departments_edit.text().replace("，", "、").replace(",", "、").split("、")[0]
            self.department_edit.setText(first.strip())

    # --- saving ------------------------------------------------------------------------------------

    def _inputs(self) -> tuple[str, branches.BranchProfileInput, roster.MemberInput]:
        """What was typed; a date that is not a date is reported like any other field error."""
        branch = branches.BranchProfileInput(
            name=self.branch_name_edit.text(),
            departments=self.departments_edit.text(),
            kind=self.kind_combo.currentText(),
            founded_on=checked_date(self.founded_edit, "成立日期"),
            term_started_on=checked_date(self.term_edit, "本届任期开始"),
            term_years=TERM_YEARS,
        )
        secretary = roster.MemberInput(
            name=self.name_edit.text(),
            gender=self.gender_combo.currentText(),
            id_number=self.id_edit.text(),
            phone=self.phone_edit.text(),
            joined_on=checked_date(self.joined_edit, "入党时间"),
            department=self.department_edit.text(),
            position=self.position_edit.text(),
        )
        return self.committee_edit.text(), branch, secretary

    def validateCurrentPage(self) -> bool:  # Qt override
        """On 完成: save everything in one transaction, or go to the page with the problem."""
        if self.currentId() != SECRETARY_PAGE:
            return super().validateCurrentPage()
        for page in (self.committee_page, self.branch_page, self.secretary_page):
            page.clear_error()
        try:
            committee, branch, secretary = self._inputs()
            with self._db.transaction() as session:
                profile = branches.setup_first_branch(
                    session, committee=committee, branch=branch, secretary=secretary, today=self._today
                )
        except ValidationError as exc:
            log.info("first-run set-up refused (field=%s)", exc.field)
            self._show_on_page(exc)
            return False
        except BranchDeskError as exc:
            log.info("first-run set-up refused: %s", exc)
            messages.show_error(self, exc)
            return False
        except Exception:
            log.exception("unexpected error in first-run set-up")
            messages.show_unexpected(self, str(DataPaths(self._db.path.parent).log_file))
            return False
        self.branch_id = profile.id
        log.info("first-run set-up saved branch %s", profile.id)
        return True

    def _show_on_page(self, error: ValidationError) -> None:
        target = FIELD_PAGES.get(error.field or "", SECRETARY_PAGE)
        while self.currentId() > target:
            self.back()
        page = self.page(target)
        if isinstance(page, _Page):
            page.show_error(error)


def run_first_run_wizard(db: Database, parent: QWidget | None = None) -> int | None:
    """Show the wizard on an empty database; the new branch's id, or None when cancelled."""
    wizard = FirstRunWizard(db, parent)
    if wizard.exec() == QWizard.DialogCode.Accepted:
        return wizard.branch_id
    return None
