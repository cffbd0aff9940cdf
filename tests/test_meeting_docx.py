"""The 会议记录 .docx read back with python-docx: page, fonts, sizes, spacing, header block, footer."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from sqlalchemy.orm import Session

from branchdesk.errors import BranchDeskError
from branchdesk.exports import meeting_docx
from branchdesk.exports.meeting_docx import write_meeting_docx
from branchdesk.models import AttendanceStatus
from branchdesk.services.meeting_record import MeetingRecord
from tests.test_meeting_record import record_of, theme_day

MARKS = {"王五": (AttendanceStatus.LEAVE, "外出学习"), "钱七": (AttendanceStatus.ABSENT, "")}


@pytest.fixture
def record(session: Session) -> MeetingRecord:
    return record_of(session, theme_day(), MARKS)


@pytest.fixture
def written(record: MeetingRecord, tmp_path: Path) -> DocumentObject:
    path = write_meeting_docx(record, tmp_path / "记录.docx")
    return Document(str(path))


def east_asia(run_element: object) -> str | None:
    fonts = run_element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")  # type: ignore[attr-defined]
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def texts(document: DocumentObject) -> list[str]:
    return [p.text for p in document.paragraphs]


def paragraph(document: DocumentObject, text: str) -> Paragraph:
    return next(p for p in document.paragraphs if p.text == text)


def test_page_is_a4_portrait_with_house_margins(written: DocumentObject) -> None:
    section = written.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width.cm == pytest.approx(21.0, abs=0.01)
    assert section.page_height.cm == pytest.approx(29.7, abs=0.01)
    for margin, expected in (
        (section.top_margin, 2.54),
        (section.bottom_margin, 2.54),
        (section.left_margin, 3.17),
        (section.right_margin, 3.17),
    ):
        assert margin is not None
        assert margin.cm == pytest.approx(expected, abs=0.01)


def test_title_is_centred_22_pt_in_fangzheng_xiaobiaosong(
    written: DocumentObject, record: MeetingRecord
) -> None:
    title = written.paragraphs[0]
    assert title.text == record.title == "内科第七党支部主题党日活动记录"
    assert title.alignment is not None and title.alignment == 1  # centre
    assert [run.font.size for run in title.runs] == [Pt(22)]
    assert [east_asia(run._r) for run in title.runs] == ["方正小标宋简体"]


def test_header_block_lines_come_in_house_order(written: DocumentObject) -> None:
    lines = texts(written)
    wanted = [
        "会议名称：内科第七党支部2026年11月主题党日",
        "时间：2026年11月25日 14:30—16:00",
        "地点：门诊楼六楼会议室",
        "主持人：张三",
        "记录人：李四",
        "应到：7 人　实到：5 人　请假：1 人　缺席：1 人",
        "缺席人员及原因：王五（请假：外出学习）、钱七（缺席）",
        "主要内容",
        "决议",
    ]
    positions = [lines.index(line) for line in wanted]
    assert positions == sorted(positions)
    assert lines[lines.index("决议") + 1] == "无"


def test_body_is_16_pt_fangsong_gb2312_at_exact_28_pt_with_two_character_indent(
    written: DocumentObject,
) -> None:
    body = paragraph(written, "二、重温入党誓词。")
    fmt = body.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(28)
    assert fmt.first_line_indent == Pt(32)
    assert [(run.font.size, east_asia(run._r)) for run in body.runs] == [(Pt(16), "仿宋_GB2312")]
    for p in written.paragraphs[1:]:
        assert p.paragraph_format.line_spacing == Pt(28), p.text
        assert all(run.font.size == Pt(16) for run in p.runs), p.text


def test_headings_are_heiti_16_pt(written: DocumentObject) -> None:
    for heading in ("主要内容", "决议"):
        runs = paragraph(written, heading).runs
        assert [(run.font.size, east_asia(run._r)) for run in runs] == [(Pt(16), "黑体")]


def test_no_text_run_is_left_without_an_east_asian_font(written: DocumentObject) -> None:
    footer = written.sections[0].footer
    runs = [r for p in (*written.paragraphs, *footer.paragraphs) for r in p._p.iter(qn("w:r"))]
    assert len(runs) > 20
    assert [r for r in runs if not east_asia(r)] == []
    normal = written.styles["Normal"].element
    assert east_asia(normal) == "仿宋_GB2312"
    defaults = written.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    assert east_asia(defaults) == "仿宋_GB2312"
    assert "Theme" not in str(parse_xml(written.styles.element.xml).xpath("string(//w:rFonts/@*)"))


def test_font_table_names_heiti_and_fangsong_as_fallbacks(written: DocumentObject) -> None:
    table = parse_xml(written.part.part_related_by(RT.FONT_TABLE).blob)
    alt = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in table.findall(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert alt["方正小标宋简体"] == "黑体"
    assert alt["仿宋_GB2312"] == "仿宋"


def test_footer_holds_a_centred_page_field_between_dashes(written: DocumentObject) -> None:
    footer = written.sections[0].footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert footer.text.replace(" ", "") == "—1—"
    assert footer.alignment == 1


def test_signature_lines_close_the_record(written: DocumentObject) -> None:
    assert [t.split("：")[0] for t in texts(written)[-2:]] == ["主持人签字", "记录人签字"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    record: MeetingRecord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "记录.docx"
    target.write_bytes(b"old")

    def broken_save(self: DocumentObject, path: str) -> None:
        Path(path).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(DocumentObject, "save", broken_save)
    with pytest.raises(BranchDeskError) as failed:
        write_meeting_docx(record, target)
    assert "无法保存“记录.docx”" in failed.value.user_message
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in folder.iterdir()) == ["记录.docx"]


def test_a_file_open_in_word_is_reported_in_chinese(
    record: MeetingRecord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(meeting_docx.os, "replace", locked)
    with pytest.raises(BranchDeskError) as failed:
        write_meeting_docx(record, folder / "记录.docx")
    assert "Word 或 WPS" in failed.value.user_message
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice and poppler"
)
def test_libreoffice_converts_it_to_an_a4_pdf_with_every_line(record: MeetingRecord, tmp_path: Path) -> None:
    source = write_meeting_docx(record, tmp_path / "record.docx")
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: never blocked by another soffice
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "record.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "595.3" in info and "841.89" in info  # A4 in points
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    for line in (record.title, *(line.text for line in record.header), "主持人签字", "记录人签字"):
        assert "".join(line.split()) in flat, line


def test_the_saved_record_is_readable_by_others_on_the_pc(record: MeetingRecord, tmp_path: Path) -> None:
    """Not mkstemp's private 0600: the file gets the user's normal permissions."""
    import os
    import stat

    path = write_meeting_docx(record, tmp_path / "record.docx")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
