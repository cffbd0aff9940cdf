"""The sign-in sheet (签到表): its data from a meeting, the PDF read back with poppler, the preview,
printing through the system dialog, and the `branchdesk sign-in-sheet` command without a display."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog

from branchdesk import cli
from branchdesk.errors import ValidationError
from branchdesk.models import AttendanceStatus, MeetingType
from branchdesk.paths import DataPaths
from branchdesk.services import groups, meetings, roster
from branchdesk.services.sign_in_sheet import GUEST_NOTE, MIN_GUEST_ROWS, planned_sheet, sign_in_sheet
from tests.factories import TODAY, setup_branch

from branchdesk.ui.printing.preview import print_sign_in_sheet, sign_in_sheet_preview
from branchdesk.ui.printing.sign_in_sheet import paginate, write_pdf

D = dt.date
JOINED = D(2026, 1, 5)
# 150 distinct two-character names (no name inside another), 马丽 among them: 马 U+9A6C is the
# character Qt would write as the radical ⻢ U+2EE2 if the font still mapped the radicals.
SURNAMES = "马王李刘陈杨黄赵吴周徐孙朱胡郭"
GIVEN = "丽伟芳敏静强磊军洋勇"
NAMES = [s + g for s in SURNAMES for g in GIVEN]
MEMBERS = NAMES[:149]  # with the secretary 张三: 150
COMMAND = (sys.executable, "-m", "branchdesk", "sign-in-sheet")
POPPLER = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    POPPLER is None, reason="pdftotext (poppler-utils) is not installed: the PDF cannot be read back"
)


def _join(
    session: Session, branch: int, name: str, *, group_id: int | None = None, dept: str = "心内科"
) -> int:
    data = roster.MemberInput(name=name, department=dept, group_id=group_id)
    return roster.add_member(session, branch, data, today=JOINED).id


def _meeting(session: Session, branch: int, **changes: Any) -> meetings.MeetingRow:
    fields: dict[str, Any] = {
        "type": MeetingType.THEME_DAY,
        "held_on": TODAY,
        "starts_at": dt.time(14, 30),
        "ends_at": dt.time(16, 0),
        "place": "门诊楼七楼会议室",
        "theme": "学习贯彻全会精神",
        "host": "张三",
        "recorder": "赵六",
        **changes,
    }
    return meetings.create_meeting(session, branch, meetings.MeetingInput(**fields), today=TODAY)


def _pdf_text(path: Path) -> str:
    result = subprocess.run(
        [str(POPPLER), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return result.stdout


# --- the data ------------------------------------------------------------------------------------


def test_sheet_of_a_meeting_lists_its_roll_in_order_with_figures_and_leave_notes(session: Session) -> None:
    branch = setup_branch(session)
    first = groups.add_group(session, branch, "第一党小组").id
    ids = [_join(session, branch, name, group_id=first) for name in ("李四", "王五", "赵六")]
    meeting = _meeting(session, branch, guests=("市第一中学 刘老师",))
    meetings.mark(session, meeting.id, ids[1], AttendanceStatus.LEAVE, reason="外出进修")

    sheet = sign_in_sheet(session, meeting.id)

    assert sheet.title == "内科第七党支部 主题党日签到表"
    assert [(r.number, r.name) for r in sheet.member_rows] == [
        ("1", "张三"),
        ("2", "李四"),
        ("3", "王五"),
        ("4", "赵六"),
    ]
    assert sheet.unit_heading == "党小组"
    assert [r.unit for r in sheet.member_rows] == ["", "第一党小组", "第一党小组", "第一党小组"]
    assert sheet.member_rows[2].note == "请假：外出进修"
    assert (sheet.due, sheet.present, sheet.leave) == (4, 3, 1)
    assert (
        sheet.rows[-1].guest
        and sheet.rows[-1].name == "市第一中学 刘老师"
        and sheet.rows[-1].note == GUEST_NOTE
    )
    values = {f.label: f.value for f in sheet.fields}
    assert values == {
        "时间": "2026年11月25日（星期三） 14:30—16:00",
        "地点": "门诊楼七楼会议室",
        "主题": "学习贯彻全会精神",
        "主持人": "张三",
        "记录人": "赵六",
    }


def test_a_branch_without_groups_shows_departments(session: Session) -> None:
    branch = setup_branch(session)
    _join(session, branch, "李四", dept="呼吸内科")
    sheet = sign_in_sheet(session, _meeting(session, branch).id)
    assert sheet.unit_heading == "科室"
    assert [r.unit for r in sheet.member_rows] == ["心内科", "呼吸内科"]


def test_group_meeting_sheet_lists_only_that_group(session: Session) -> None:
    branch = setup_branch(session)
    first = groups.add_group(session, branch, "第一党小组").id
    second = groups.add_group(session, branch, "第二党小组").id
    _join(session, branch, "李四", group_id=first)
    _join(session, branch, "王五", group_id=second)
    _join(session, branch, "赵六", group_id=first, dept="呼吸内科")
    meeting = _meeting(session, branch, type=MeetingType.GROUP_MEETING, group_id=first)

    sheet = sign_in_sheet(session, meeting.id)

    assert [r.name for r in sheet.member_rows] == ["李四", "赵六"]
    assert sheet.title == "内科第七党支部第一党小组 党小组会签到表"
    assert sheet.unit_heading == "科室"  # every member shares the group: their department says more
    assert [r.unit for r in sheet.member_rows] == ["心内科", "呼吸内科"]


def test_blank_sheet_for_a_planned_meeting_has_empty_figures_and_the_roll_of_its_date(
    session: Session,
) -> None:
    branch = setup_branch(session)
    _join(session, branch, "李四")
    planned = _meeting(session, branch, held_on=D(2026, 12, 10), planned=True, theme="", recorder="")
    roster.add_member(session, branch, roster.MemberInput(name="王五"), today=D(2026, 11, 30))

    sheet = sign_in_sheet(session, planned.id)

    assert (sheet.due, sheet.present, sheet.leave) == (None, None, None)
    assert [r.name for r in sheet.member_rows] == ["张三", "李四", "王五"]  # joined after it was planned
    assert all(r.note == "" for r in sheet.rows)
    assert {f.label: f.value for f in sheet.fields}["记录人"] == ""


def test_blank_flag_on_a_held_meeting_leaves_figures_and_marks_out(session: Session) -> None:
    branch = setup_branch(session)
    member = _join(session, branch, "李四")
    meeting = _meeting(session, branch)
    meetings.mark(session, meeting.id, member, AttendanceStatus.ABSENT)
    assert sign_in_sheet(session, meeting.id).member_rows[1].note == "缺席"

    sheet = sign_in_sheet(session, meeting.id, blank=True)
    assert (sheet.due, sheet.present, sheet.leave) == (None, None, None)
    assert [r.note for r in sheet.member_rows] == ["", ""]


def test_planned_sheet_without_a_record_takes_the_roll_of_that_meeting_type(session: Session) -> None:
    branch = setup_branch(session)
    _join(session, branch, "李四")
    sheet = planned_sheet(session, branch, MeetingType.THEME_DAY, D(2026, 12, 1))
    assert sheet.title == "内科第七党支部 主题党日签到表"
    assert [r.name for r in sheet.member_rows] == ["张三", "李四"] and sheet.due is None
    assert [f.value for f in sheet.fields] == ["2026年12月1日（星期二）", "", "", "", ""]

    committee = planned_sheet(session, branch, MeetingType.COMMITTEE_MEETING, D(2026, 12, 1))
    assert committee.title == "内科第七党支部 支部委员会会议签到表"
    assert [r.name for r in committee.member_rows] == ["张三"]  # only those holding a committee post


def test_a_voided_meeting_has_no_sheet(session: Session) -> None:
    branch = setup_branch(session)
    meeting = _meeting(session, branch)
    meetings.void_meeting(session, meeting.id, on=TODAY, reason="重复录入")
    with pytest.raises(ValidationError) as caught:
        sign_in_sheet(session, meeting.id)
    assert caught.value.field == "会议"


def test_pagination_keeps_blank_guest_rows_and_fills_the_last_page() -> None:
    assert paginate(3, 20, 26, MIN_GUEST_ROWS) == [20]
    assert paginate(16, 20, 26, MIN_GUEST_ROWS) == [20, 26]  # 16 + 5 blank rows do not fit on one page
    pages = paginate(150, 20, 26, MIN_GUEST_ROWS)
    assert sum(pages) - 150 >= MIN_GUEST_ROWS and sum(pages) - 150 < MIN_GUEST_ROWS + 26


# --- the PDF -------------------------------------------------------------------------------------


@pytest.fixture
def big_meeting(session: Session) -> int:
    """内科第七党支部 with 150 members (its secretary and 149 more) in three groups, and one guest."""
    branch = setup_branch(session)
    group_ids = [groups.add_group(session, branch, f"第{n}党小组").id for n in "一二三"]
    for i, name in enumerate(MEMBERS):
        _join(session, branch, name, group_id=group_ids[i % 3])
    return _meeting(session, branch, guests=("市第一中学 刘老师",)).id


@needs_poppler
def test_pdf_of_150_members_has_each_name_once_over_pages_with_headers(
    session: Session, big_meeting: int, tmp_path: Path, qapp: Any
) -> None:
    sheet = sign_in_sheet(session, big_meeting)
    path = tmp_path / "签到表.pdf"
    pages = write_pdf(sheet, path)

    text = _pdf_text(path)
    page_texts = [p for p in text.split("\f") if p.strip()]
    assert pages >= 2 and len(page_texts) == pages
    for name in MEMBERS:
        assert text.count(name) == 1, name
    assert text.count("张三") == 2  # on the roll, and as 主持人 in the header
    for number, page in enumerate(page_texts, start=1):
        for heading in ("序号", "姓名", "党小组", "签到", "备注"):
            assert heading in page, f"page {number} lacks {heading}"
        assert f"第{number}页共{pages}页" in "".join(page.split())  # poppler may drop the thin spaces
    assert "内科第七党支部 主题党日签到表" in page_texts[0]
    assert "应到" in page_texts[0] and "150" in page_texts[0]
    assert "马丽" in text and "\u2ee2" not in text  # 马 U+9A6C, never the radical ⻢ U+2EE2
    assert "市第一中学 刘老师" in text
    assert page_texts[-1].count(GUEST_NOTE) >= MIN_GUEST_ROWS


@needs_poppler
def test_the_blank_pdf_prints_lines_instead_of_figures(session: Session, tmp_path: Path, qapp: Any) -> None:
    branch = setup_branch(session)
    _join(session, branch, "马丽")
    planned = _meeting(session, branch, held_on=D(2026, 12, 10), planned=True)
    path = tmp_path / "blank.pdf"
    assert write_pdf(sign_in_sheet(session, planned.id), path) == 1
    figures_line = next(line for line in _pdf_text(path).splitlines() if "应到" in line)
    assert "实到" in figures_line and "请假" in figures_line
    assert not any(ch.isdigit() for ch in figures_line)


# --- preview and printing ------------------------------------------------------------------------


def test_preview_shows_every_page_with_a_chinese_title(
    session: Session, big_meeting: int, qtbot: Any
) -> None:
    sheet = sign_in_sheet(session, big_meeting)
    dialog = sign_in_sheet_preview(sheet)
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() >= 2)
    assert dialog.windowTitle() == "打印预览 - 内科第七党支部 主题党日签到表"


@needs_poppler
def test_printing_through_the_system_dialog_prints_the_sheet(
    session: Session, big_meeting: int, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = sign_in_sheet(session, big_meeting)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    titles: list[str] = []

    def accept(dialog: QPrintDialog) -> int:
        titles.append(dialog.windowTitle())
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    assert print_sign_in_sheet(sheet, printer=printer) is True
    assert titles == ["打印 - 内科第七党支部 主题党日签到表"]
    assert _pdf_text(target).count("马丽") == 1

    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected.value)
    other = QPrinter(QPrinter.PrinterMode.HighResolution)
    other.setOutputFileName(str(tmp_path / "cancelled.pdf"))
    assert print_sign_in_sheet(sheet, printer=other) is False
    assert not (tmp_path / "cancelled.pdf").exists()


# --- the command ---------------------------------------------------------------------------------


def _seed_meeting(data_paths: DataPaths, session_factory: Any) -> int:
    from branchdesk.db import transaction

    with transaction(session_factory) as session:
        branch = setup_branch(session)
        for name in NAMES[:12]:
            _join(session, branch, name)
        return _meeting(session, branch).id


def test_command_writes_the_pdf_without_a_display(
    data_paths: DataPaths, session_factory: Any, engine: Any, tmp_path: Path
) -> None:
    meeting_id = _seed_meeting(data_paths, session_factory)
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    output = tmp_path / "out" / "签到表"
    result = subprocess.run(
        [*COMMAND, "--meeting", str(meeting_id), "-o", str(output), "--data-dir", str(data_paths.root)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    written = output.with_suffix(".pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert "已导出签到表（13 名党员，共 1 页）" in result.stdout
    if POPPLER:
        assert "马丽" in _pdf_text(written)


def test_command_with_an_unknown_meeting_exits_1_in_chinese(
    data_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "x.pdf"
    code = cli.main(
        ["sign-in-sheet", "--meeting", "999", "-o", str(output), "--data-dir", str(data_paths.root)]
    )
    assert code == 1
    assert "没有编号为 999 的会议记录" in capsys.readouterr().err
    assert not output.exists()


def test_command_without_a_database_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(
        ["sign-in-sheet", "--meeting", "1", "-o", str(tmp_path / "x.pdf"), "--data-dir", str(tmp_path)]
    )
    assert code == 1
    assert "没有数据库" in capsys.readouterr().err
