"""The first-run wizard: typed in page by page, saved in one transaction, errors shown where they belong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWizard

from branchdesk.db import Database
from branchdesk.models import CommitteeRole
from branchdesk.paths import DataPaths
from branchdesk.services import branches, roster
from tests.factories import make_id
from tests.qt_helpers import type_text

from branchdesk.ui.wizard import (
    BRANCH_PAGE,
    COMMITTEE_PAGE,
    SECRETARY_PAGE,
    FirstRunWizard,
    run_first_run_wizard,
)


@pytest.fixture
def db(data_paths: DataPaths) -> Iterator[Database]:
    database = Database(data_paths.database)
    yield database
    database.dispose()


def _next(qtbot: QtBot, wizard: QWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _finish(qtbot: QtBot, wizard: QWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)


def _fill(
    qtbot: QtBot, wizard: FirstRunWizard, *, branch_name: str = "内科第七党支部", id_number: str = ""
) -> None:
    """Type every page the way a secretary would, ending on the secretary page."""
    assert wizard.currentId() == COMMITTEE_PAGE
    type_text(qtbot, wizard.committee_edit, "中共南宁市第二人民医院委员会")
    _next(qtbot, wizard)
    assert wizard.currentId() == BRANCH_PAGE
    type_text(qtbot, wizard.branch_name_edit, branch_name)
    type_text(qtbot, wizard.departments_edit, "心血管内科、内分泌科")
    type_text(qtbot, wizard.founded_edit, "2015-07-01")
    type_text(qtbot, wizard.term_edit, "2024-03-01")
    _next(qtbot, wizard)
    assert wizard.currentId() == SECRETARY_PAGE
    type_text(qtbot, wizard.name_edit, "张丽")
    wizard.gender_combo.setFocus()
    qtbot.keyClick(wizard.gender_combo, Qt.Key.Key_Down)
    qtbot.keyClick(wizard.gender_combo, Qt.Key.Key_Down)
    type_text(qtbot, wizard.id_edit, id_number)
    type_text(qtbot, wizard.phone_edit, "13800138000")
    type_text(qtbot, wizard.joined_edit, "2001-07-01")
    type_text(qtbot, wizard.position_edit, "护士长")


def test_wizard_creates_committee_branch_and_secretary_from_keyboard(qtbot: QtBot, db: Database) -> None:
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(qtbot, wizard, id_number=make_id(dt.date(1978, 4, 2), male=False))
    assert wizard.gender_combo.currentText() == "女"
    assert wizard.department_edit.text() == "心血管内科"  # offered from the branch's departments
    _finish(qtbot, wizard)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert isinstance(wizard.branch_id, int)
    with db.transaction() as session:
        profile = branches.get_profile(session, wizard.branch_id)
        members = roster.list_members(session, wizard.branch_id)
    assert profile.committee_name == "中共南宁市第二人民医院委员会"
    assert profile.name == "内科第七党支部"
    assert profile.departments == "心血管内科、内分泌科"
    assert profile.term_due is not None and profile.term_due.isoformat() == "2027-03-01"
    assert profile.secretary_name == "张丽"
    assert [p.role for p in profile.committee] == [CommitteeRole.SECRETARY]
    assert [(m.name, m.gender, m.position, m.phone) for m in members] == [
        ("张丽", "女", "护士长", "13800138000")
    ]


def test_wizard_shows_the_term_due_date_as_the_start_is_typed(qtbot: QtBot, db: Database) -> None:
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    _next(qtbot, wizard)
    assert "自动算出换届时间" in wizard.due_label.text()
    type_text(qtbot, wizard.term_edit, "2024-03-01")
    assert wizard.due_label.text() == "换届时间：2027年3月1日（任期3年）"


def test_wizard_with_invalid_id_names_the_field_and_writes_nothing(qtbot: QtBot, db: Database) -> None:
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(qtbot, wizard, id_number="110105197505041234")  # wrong check digit
    _finish(qtbot, wizard)

    assert wizard.isVisible()
    assert wizard.currentId() == SECRETARY_PAGE
    assert wizard.secretary_page.error_label.isVisibleTo(wizard)
    assert "身份证号" in wizard.secretary_page.error_label.text()
    assert wizard.focusWidget() is wizard.id_edit
    assert wizard.branch_id is None
    with db.transaction() as session:
        assert not branches.has_branch(session)
        assert branches.committee_name(session) == ""


def test_wizard_goes_back_to_the_page_holding_the_field(qtbot: QtBot, db: Database) -> None:
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(qtbot, wizard, branch_name="   ")
    _finish(qtbot, wizard)

    assert wizard.currentId() == BRANCH_PAGE
    assert "支部名称" in wizard.branch_page.error_label.text()
    assert not wizard.secretary_page.error_label.isVisibleTo(wizard)
    # fixed on its page, 完成 then saves everything
    wizard.branch_name_edit.clear()
    type_text(qtbot, wizard.branch_name_edit, "外科第一党支部")
    _next(qtbot, wizard)
    _finish(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    with db.transaction() as session:
        assert branches.get_profile(session, wizard.branch_id or 0).name == "外科第一党支部"


def test_bad_date_text_is_reported_as_that_field(qtbot: QtBot, db: Database) -> None:
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(qtbot, wizard)
    wizard.joined_edit.clear()
    type_text(qtbot, wizard.joined_edit, "去年七月")
    _finish(qtbot, wizard)
    assert wizard.currentId() == SECRETARY_PAGE
    assert "入党时间" in wizard.secretary_page.error_label.text()
    with db.transaction() as session:
        assert not branches.has_branch(session)


def test_run_first_run_wizard_returns_the_new_branch_id(qtbot: QtBot, db: Database) -> None:
    def drive() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, FirstRunWizard)
        _fill(qtbot, wizard)
        _finish(qtbot, wizard)

    QTimer.singleShot(0, drive)
    branch_id = run_first_run_wizard(db)
    assert isinstance(branch_id, int)
    with db.transaction() as session:
        assert [b.id for b in branches.list_branches(session)] == [branch_id]


def test_run_first_run_wizard_returns_none_when_cancelled(qtbot: QtBot, db: Database) -> None:
    def cancel() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, FirstRunWizard)
        type_text(qtbot, wizard.committee_edit, "中共某某医院委员会")
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, cancel)
    assert run_first_run_wizard(db) is None
    with db.transaction() as session:
        assert not branches.has_branch(session)
