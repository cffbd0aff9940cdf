"""The 会议记录 as a Word file in the house style inspectors recognise (python-docx, no Qt).

A4 portrait, margins 2.54 cm top/bottom and 3.17 cm left/right; title centred in 方正小标宋简体 22 pt;
body in 仿宋_GB2312 16 pt (三号) at an exact 28 pt line with a two-character (32 pt) first-line
indent; headings 主要内容/表决情况/决议 in 黑体 16 pt; "— 1 —" page numbers (a PAGE field) in the
footer; the signature lines last. Secretaries today copy last month's file to keep this format.

Fonts. Word picks a run's font by script: Chinese characters use `w:eastAsia`, Latin letters and
digits `w:ascii`/`w:hAnsi`. python-docx's `font.name` sets only the latter, so every run, the Normal
style and the document defaults get `w:eastAsia` written explicitly (no theme fonts, which would
resolve to 等线/宋体 on a secretary's PC). We write the names inspectors expect, 方正小标宋简体 and
仿宋_GB2312, in `w:eastAsia`, and name the fallbacks in the font table (`w:altName`): 黑体 for the
title and 仿宋 for the body, which Word uses when the first name is not installed (仿宋_GB2312 came
with older Office; recent Windows has only 仿宋). Digits and Latin letters are Times New Roman, the
usual convention in official documents and present on every Windows PC. The hint `eastAsia` makes
ambiguous characters such as the dash in 14:30—16:00 and "— 1 —" take the Chinese font's full width.
"""

from __future__ import annotations

import os
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from branchdesk.errors import BranchDeskError
from branchdesk.services.meeting_record import MeetingRecord

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "黑体"
BODY_FONT = "仿宋_GB2312"
BODY_FALLBACK = "仿宋"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_TOP_BOTTOM_CM = 2.54
MARGIN_LEFT_RIGHT_CM = 3.17
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28)  # exact line pitch of the body (house style: 28-31 pt)
TITLE_LINE = Pt(36)  # a 22 pt title clips at 28 pt exact
FIRST_LINE_INDENT = Pt(32)  # two characters of 16 pt
NO_SPACE = Pt(0)
SIGNATURE_BLANK = "_" * 16  # room for a handwritten name; underscores survive every reader
SIGNATURE_INDENT = Pt(16 * 9)  # signature lines start right of the middle

# font table entries: name, the fallback Word tries next, family; charset 86 = GB2312
_FONT_TABLE = (
    (TITLE_FONT, TITLE_FALLBACK, "script"),
    (BODY_FONT, BODY_FALLBACK, "modern"),
    (BODY_FALLBACK, "FangSong", "modern"),
    (HEADING_FONT, "SimHei", "modern"),
    (PAGE_NUMBER_FONT, "SimSun", "auto"),
)


def write_meeting_docx(record: MeetingRecord, path: Path) -> Path:
    """Write `record` to `path` (.docx) atomically: a reader never sees a half-written file."""
    path = Path(path)
    document = build_document(record)
    # A plain temporary name, not mkstemp: mkstemp's file is private (0600) and the rename would
    # keep that, so colleagues on a shared ward PC could not open the saved record.
    tmp = path.with_name(f".~{path.name}.{os.getpid()}.tmp")
    try:
        document.save(str(tmp))
        os.replace(tmp, path)
    except PermissionError as exc:
        raise BranchDeskError(
            f"无法保存“{path.name}”：文件可能正在 Word 或 WPS 中打开，请关闭后再试。",
            context=f"replace {path}: {exc}",
        ) from exc
    except OSError as exc:
        raise BranchDeskError(f"无法保存“{path.name}”：{exc.strerror or exc}", context=str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def build_document(record: MeetingRecord) -> DocumentObject:
    """The record as an in-memory python-docx Document, styled as described above."""
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)
    _set_up_font_table(document)
    core = document.core_properties
    core.title, core.author, core.last_modified_by = record.title, record.recorder, record.recorder
    core.comments = core.subject = core.keywords = ""
    core.language = "zh-CN"

    title = document.add_paragraph()
    _format(title, align=WD_ALIGN_PARAGRAPH.CENTER, line=TITLE_LINE, after=LINE)
    _add_run(title, record.title, TITLE_FONT, TITLE_SIZE)

    for line in record.header:
        paragraph = document.add_paragraph()
        _format(paragraph)
        _add_run(paragraph, line.text, BODY_FONT, BODY_SIZE)

    last: Paragraph | None = None
    for section in record.sections:
        heading = document.add_paragraph()
        _format(heading, keep_with_next=True)
        _add_run(heading, section.heading, HEADING_FONT, BODY_SIZE)
        for text in section.paragraphs:
            last = document.add_paragraph()
            _format(last, indent=FIRST_LINE_INDENT)
            _add_run(last, text, BODY_FONT, BODY_SIZE)
    if last is not None:  # the signatures never stand alone on the last page
        last.paragraph_format.keep_with_next = True
        last.paragraph_format.keep_together = True

    for number, label in enumerate(record.signatures):
        signature = document.add_paragraph()
        more = number < len(record.signatures) - 1
        _format(signature, before=LINE if number == 0 else NO_SPACE, keep_with_next=more)
        signature.paragraph_format.left_indent = SIGNATURE_INDENT
        _add_run(signature, f"{label}：{SIGNATURE_BLANK}", BODY_FONT, BODY_SIZE)
    return document


def _set_up_page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin = section.bottom_margin = Cm(MARGIN_TOP_BOTTOM_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_LEFT_RIGHT_CM)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(1.4)
    footer = section.footer.paragraphs[0]
    _format(footer, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    _add_run(footer, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _add_field(footer, "PAGE", "1")
    _add_run(footer, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _set_up_styles(document: DocumentObject) -> None:
    """Normal carries the body style too, so text a secretary adds in Word keeps the house style."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if isinstance(r_pr, CT_RPr):
            _set_fonts(r_pr, BODY_FONT, LATIN_FONT)
            _set_language(r_pr)
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.size = BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT, LATIN_FONT)
    _set_language(normal.element.get_or_add_rPr())
    body = normal.paragraph_format
    body.line_spacing_rule, body.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    body.first_line_indent, body.space_before, body.space_after = FIRST_LINE_INDENT, Pt(0), Pt(0)
    footer = document.styles["Footer"]
    assert isinstance(footer, ParagraphStyle)
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _set_up_font_table(document: DocumentObject) -> None:
    """Name each Chinese font's fallback (w:altName) so Word substitutes 黑体/仿宋, not 宋体."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    for name, alt, family in _FONT_TABLE:
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                table.remove(old)
        font = OxmlElement("w:font", {qn("w:name"): name})
        for tag, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", family)):
            font.append(OxmlElement(tag, {qn("w:val"): value}))
        font.append(OxmlElement("w:pitch", {qn("w:val"): "variable"}))
        table.append(font)
    part._blob = serialize_part_xml(table)


def _format(
    paragraph: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    line: Length | None = LINE,
    indent: Length = NO_SPACE,
    before: Length = NO_SPACE,
    after: Length = NO_SPACE,
    keep_with_next: bool = False,
) -> None:
    """Direct formatting on every paragraph: the house style must not depend on the reader's styles."""
    fmt = paragraph.paragraph_format
    if align is not None:
        fmt.alignment = align
    if line is not None:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    fmt.first_line_indent, fmt.space_before, fmt.space_after = indent, before, after
    fmt.keep_with_next = keep_with_next or None


def _add_run(paragraph: Paragraph, text: str, east_asia: str, size: Length) -> Run:
    run = paragraph.add_run(text)
    run.font.size = size
    _set_fonts(run._r.get_or_add_rPr(), east_asia, LATIN_FONT)
    return run


def _add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (PAGE) as Word writes it: begin, instruction, separate, cached result, end."""
    parts: list[tuple[str, dict[str, str], str]] = [
        ("w:fldChar", {qn("w:fldCharType"): "begin"}, ""),
        ("w:instrText", {qn("xml:space"): "preserve"}, f" {instruction} "),
        ("w:fldChar", {qn("w:fldCharType"): "separate"}, ""),
        ("w:t", {}, shown),
        ("w:fldChar", {qn("w:fldCharType"): "end"}, ""),
    ]
    for tag, attributes, text in parts:
        run = _add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        element = OxmlElement(tag, attributes)
        if text:
            element.text = text
        run._r.append(element)


def _set_fonts(r_pr: CT_RPr, east_asia: str, latin: str) -> None:
    """Explicit font names for every script, theme fonts removed, ambiguous characters as Chinese."""
    fonts = r_pr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attribute, value in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:eastAsia", east_asia),
        ("w:cs", latin),
        ("w:hint", "eastAsia"),
    ):
        fonts.set(qn(attribute), value)


def _set_language(r_pr: CT_RPr) -> None:
    """Chinese as the East-Asian language: Word then proofs and breaks lines as Chinese."""
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
