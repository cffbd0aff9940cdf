"""The exported roster workbook read back: values, masks, text cells only, print settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import openpyxl
from sqlalchemy.orm import Session

from branchdesk.exports.xlsx_sheet import save_report
from branchdesk.models import MemberStatus
from branchdesk.services import roster, roster_report
from tests.factories import TODAY, make_id, setup_branch

BIRTH = dt.date(1980, 2, 3)


def _branch_with_members(session: Session) -> tuple[int, str]:
    branch = setup_branch(session)
    number = make_id(BIRTH, male=False)
    roster.add_member(
        session,
        branch,
        roster.MemberInput(
            name="李芳", id_number=number, phone="13812348000", department="心内科", notes='=HYPERLINK("x")'
        ),
        today=TODAY,
    )
    roster.add_member(session, branch, roster.MemberInput(name="+王伟", department="-科室"), today=TODAY)
    return branch, number


def _rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_export_masks_ids_and_phones_by_default(session: Session, tmp_path: Path) -> None:
    branch, number = _branch_with_members(session)
    path = save_report(roster_report.roster_report(session, branch, today=TODAY), tmp_path / "r.xlsx")
    rows = _rows(path)
    assert rows[0][0] == "内科第七党支部党员花名册"
    header = rows[2]
    assert header[:3] == ["序号", "姓名", "性别"]
    li = next(r for r in rows if r[1] == "李芳")
    assert li[header.index("身份证号")] == "*" * 14 + number[-4:]
    assert li[header.index("手机号")] == "138****8000"
    assert number not in str(rows)


def test_full_export_has_full_values_when_asked(session: Session, tmp_path: Path) -> None:
    branch, number = _branch_with_members(session)
    path = save_report(
        roster_report.roster_report(session, branch, full=True, today=TODAY), tmp_path / "r.xlsx"
    )
    li = next(r for r in _rows(path) if r[1] == "李芳")
    assert number in li and "13812348000" in li


def test_every_cell_is_text_and_nothing_becomes_a_formula(session: Session, tmp_path: Path) -> None:
    branch, _ = _branch_with_members(session)
    path = save_report(roster_report.roster_report(session, branch, today=TODAY), tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells), {
        c.coordinate: c.data_type for c in cells if c.data_type != "s"
    }
    values = {c.value for c in cells}
    assert {'=HYPERLINK("x")', "+王伟", "-科室"} <= values


def test_print_settings_repeat_the_header_on_a4_landscape(session: Session, tmp_path: Path) -> None:
    branch, _ = _branch_with_members(session)
    path = save_report(roster_report.roster_report(session, branch, today=TODAY), tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.page_setup.fitToWidth == 1
    assert "&P" in (sheet.oddFooter.center.text or "")
    margins = sheet.page_margins
    assert (
        margins.top - margins.header >= 0.5 and margins.bottom - margins.footer >= 0.5
    )  # room to print them
    assert any("支部书记签字" in str(c.value) for row in sheet.iter_rows() for c in row)


def test_members_who_left_are_not_on_the_exported_roll(session: Session, tmp_path: Path) -> None:
    branch, _ = _branch_with_members(session)
    wang = next(r for r in roster.list_members(session, branch, today=TODAY) if r.name == "+王伟")
    roster.change_status(session, wang.id, MemberStatus.TRANSFERRED_OUT, on=TODAY, reason="调出", today=TODAY)
    report = roster_report.roster_report(session, branch, today=TODAY)
    assert [r[1] for r in report.rows] == ["张三", "李芳"]
    assert replace(report, rows=()).title == "党员花名册"
