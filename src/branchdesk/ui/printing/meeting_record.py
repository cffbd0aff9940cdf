"""The 会议记录 printed from the app: print preview, the system print dialog, or a PDF.

Draws the same `MeetingRecord` lines as the Word file (services/meeting_record lays them out once),
in the same house style: A4, margins 2.54/3.17 cm, title 22 pt, body 16 pt at an exact 28 pt line
with a two-character indent, headings, "— 1 —" page numbers, signature lines last.

Fonts: where the PC has the house fonts (方正小标宋简体 or 黑体 for the title, 仿宋_GB2312 or 仿宋 for
the body, 黑体 for headings) the print matches the Word file; otherwise, and for any character they
lack, Qt falls back to the bundled "BranchDesk Noto Sans SC" (ui/printing/fonts), so a PC with no
Chinese font still prints and the PDF keeps searchable text.

The text is laid out with QTextDocument in points (font pixel sizes and every length are points,
with design metrics, so nothing depends on the screen's DPI) and drawn page by page with QPainter
scaled to the device; drawing the pages ourselves is what puts the page number in the footer and
keeps a heading or the signatures from standing alone at the top of a page.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from branchdesk.errors import BranchDeskError
from branchdesk.services.meeting_record import MeetingRecord

from branchdesk.ui.printing.fonts import print_family
from branchdesk.ui.printing.preview import PRINT_DIALOG_QSS, tidy_toolbar

TITLE_FAMILIES = ("方正小标宋简体", "黑体", "SimHei")
BODY_FAMILIES = ("仿宋_GB2312", "仿宋", "FangSong")
HEADING_FAMILIES = ("黑体", "SimHei")
PAGE_NUMBER_FAMILIES = ("宋体", "SimSun")
MARGIN_TOP_BOTTOM_MM = 25.4
MARGIN_LEFT_RIGHT_MM = 31.7
PAGE_NUMBER_GAP_MM = 7.0  # 公文: the page number's line sits 7 mm below the text block
TITLE_PT, BODY_PT, PAGE_NUMBER_PT = 22, 16, 14
LINE_PT, TITLE_LINE_PT = 28.0, 36.0
INDENT_PT = 2 * BODY_PT
SIGNATURE_INDENT_PT = 9 * BODY_PT
SIGNATURE_BLANK = "_" * 16
WIDTH_TOLERANCE_PT = 1.0
_POINTS_PER_INCH = 72.0
_MM_PER_INCH = 25.4
_PT_PER_MM = _POINTS_PER_INCH / _MM_PER_INCH


def house_font(families: tuple[str, ...], point_size: int) -> QFont:
    """The first installed of `families`, then the bundled print font for anything missing.

    The size is set in pixels because the layout's unit is the point (see the module docstring).
    """
    font = QFont()
    font.setFamilies([*families, print_family()])
    font.setPixelSize(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setStyleStrategy(QFont.StyleStrategy.PreferOutline)
    return font


def render_record(record: MeetingRecord, device: QPagedPaintDevice) -> int:
    """Draw `record` on A4 pages of `device` (a QPrinter or QPdfWriter); returns the page count."""
    a4 = QPageSize(QPageSize.PageSizeId.A4)
    device.setPageLayout(QPageLayout(a4, QPageLayout.Orientation.Portrait, QMarginsF()))
    page = a4.sizePoints()
    body = QRectF(
        MARGIN_LEFT_RIGHT_MM * _PT_PER_MM,
        MARGIN_TOP_BOTTOM_MM * _PT_PER_MM,
        page.width() - 2 * MARGIN_LEFT_RIGHT_MM * _PT_PER_MM,
        page.height() - 2 * MARGIN_TOP_BOTTOM_MM * _PT_PER_MM,
    )
    document = build_document(record, body.size())
    painter = QPainter()
    if not painter.begin(device):
        raise BranchDeskError("无法开始打印：打印机或文件不可用。", context="QPainter.begin failed")
    try:
        scale = device.logicalDpiY() / _POINTS_PER_INCH
        painter.scale(scale, scale)
        footer_font = house_font(PAGE_NUMBER_FAMILIES, PAGE_NUMBER_PT)
        number_box = QRectF(body.left(), body.bottom() + PAGE_NUMBER_GAP_MM * _PT_PER_MM, body.width(), 30)
        pages = document.pageCount()
        for index in range(pages):
            if index:
                device.newPage()
            _draw_page(painter, document, body, index)
            painter.setFont(footer_font)
            centred = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(number_box, centred, f"— {index + 1} —")
    finally:
        painter.end()
    return pages


def build_document(record: MeetingRecord, body: QSizeF) -> QTextDocument:
    """The record laid out in pages of `body` size; every unit is the point."""
    document = QTextDocument()
    document.setUseDesignMetrics(True)
    document.setDocumentMargin(0)
    # Word fits 26 full-width characters (416 pt) in the 415.6 pt measure of these margins by
    # squeezing the final punctuation; Qt would wrap "。" alone, so allow the 0.4 pt.
    document.setPageSize(QSizeF(body.width() + WIDTH_TOLERANCE_PT, body.height()))
    document.setDefaultFont(house_font(BODY_FAMILIES, BODY_PT))
    cursor = QTextCursor(document)
    keep: list[int] = []  # block numbers that must stay on a page with the block after them

    def add(
        text: str,
        families: tuple[str, ...],
        size: int,
        block: QTextBlockFormat,
        *,
        first: bool = False,
        bold: bool = False,
    ) -> int:
        char = QTextCharFormat()
        font = house_font(families, size)
        font.setBold(bold)
        char.setFont(font)
        if first:
            cursor.setBlockFormat(block)
            cursor.setBlockCharFormat(char)
        else:
            cursor.insertBlock(block, char)
        cursor.insertText(text, char)
        return cursor.block().blockNumber()

    title = _block(TITLE_LINE_PT, after=LINE_PT)
    title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    add(record.title, TITLE_FAMILIES, TITLE_PT, title, first=True)
    for line in record.header:
        add(line.text, BODY_FAMILIES, BODY_PT, _block(LINE_PT))
    # 黑体 sets headings apart from 仿宋; with only the bundled font, bold has to do it
    bold_headings = not any(QFontDatabase.hasFamily(family) for family in HEADING_FAMILIES)
    last = 0
    for section in record.sections:
        keep.append(add(section.heading, HEADING_FAMILIES, BODY_PT, _block(LINE_PT), bold=bold_headings))
        for text in section.paragraphs:
            last = add(text, BODY_FAMILIES, BODY_PT, _block(LINE_PT, indent=INDENT_PT))
    keep.append(last)  # the signatures never stand alone on the last page
    for number, label in enumerate(record.signatures):
        signature = _block(LINE_PT, before=LINE_PT if number == 0 else 0.0)
        signature.setLeftMargin(SIGNATURE_INDENT_PT)
        signed = add(f"{label}：{SIGNATURE_BLANK}", BODY_FAMILIES, BODY_PT, signature)
        if number < len(record.signatures) - 1:
            keep.append(signed)
    _keep_with_next(document, sorted(keep), body.height())
    return document


def write_record_pdf(record: MeetingRecord, path: Path) -> Path:
    """The printed record as a PDF, written atomically (temp file, then rename)."""
    path = Path(path)
    # A plain temporary name, not mkstemp: mkstemp's file is private (0600) and the rename would
    # keep that, so colleagues on a shared ward PC could not open the saved record.
    tmp = path.with_name(f".~{path.name}.{os.getpid()}.tmp")
    try:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(record.title)
        writer.setCreator("支部工作台")
        writer.setResolution(600)
        render_record(record, writer)
        del writer  # closes the file
        os.replace(tmp, path)
    except PermissionError as exc:
        raise BranchDeskError(
            f"无法保存“{path.name}”：文件可能正在其他程序中打开，请关闭后再试。", context=str(exc)
        ) from exc
    except OSError as exc:
        raise BranchDeskError(f"无法保存“{path.name}”：{exc.strerror or exc}", context=str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def new_printer() -> QPrinter:
    """A high-resolution A4 printer whose coordinates start at the paper's corner (house margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF())
    )
    return printer


def preview_dialog(record: MeetingRecord, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """A print preview of the record (its print button prints it); the caller shows it."""
    printer = new_printer()
    printer.setDocName(record.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("meetingRecordPreview")
    dialog.setWindowTitle(f"打印预览 — {record.title}")
    dialog.paintRequested.connect(lambda target: render_record(record, target))
    tidy_toolbar(dialog)  # the theme would squeeze its buttons into thin dashes
    dialog.resize(1000, 700)
    dialog._printer = printer  # type: ignore[attr-defined]  # the dialog does not own it
    return dialog


def show_preview(record: MeetingRecord, parent: QWidget | None = None) -> None:
    """Open the print preview, modal, and wait for the user to print or close it."""
    preview_dialog(record, parent).exec()


def print_record(record: MeetingRecord, parent: QWidget | None = None) -> bool:
    """Ask for a printer with the system dialog and print; False when the user cancelled."""
    printer = new_printer()
    printer.setDocName(record.title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印会议记录")
    dialog.setStyleSheet(PRINT_DIALOG_QSS)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    render_record(record, printer)
    return True


def _block(
    line_pt: float, *, indent: float = 0.0, before: float = 0.0, after: float = 0.0
) -> QTextBlockFormat:
    block = QTextBlockFormat()
    block.setLineHeight(line_pt, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    block.setTextIndent(indent)
    block.setTopMargin(before)
    block.setBottomMargin(after)
    return block


def _keep_with_next(document: QTextDocument, keep: list[int], page_height: float) -> None:
    """Move a block to the next page when the block after it would start that page without it.

    QTextDocument has no keep-with-next: this is Word's rule from the .docx, applied after layout
    to headings, the last body paragraph and the first signature line, one fix at a time. Pages are
    judged by the blocks' lines: a block's top margin may sit on the page before its text.
    """

    def pages(number: int) -> tuple[int, int]:
        block = document.findBlockByNumber(number)
        layout = block.layout()
        top = layout.position().y()
        if layout.lineCount() == 0:  # not laid out: judge by the block's position
            return int(top // page_height), int(top // page_height)
        first, last = layout.lineAt(0), layout.lineAt(layout.lineCount() - 1)
        return int((top + first.y()) // page_height), int((top + last.y() + last.height() - 1) // page_height)

    def starts_page(number: int) -> bool:
        return number == 0 or pages(number)[0] > pages(number - 1)[1]

    kept = set(keep)
    for _ in range(len(keep) + 1):
        document.pageCount()  # lays the whole document out again: positions after a change are stale
        broken = next((n for n in keep if pages(n + 1)[0] > pages(n)[1] and not starts_page(n)), None)
        if broken is None:
            return
        first = broken  # a heading kept with the last paragraph kept with the signatures moves as one
        while first - 1 in kept and not starts_page(first):
            first -= 1
        block = document.findBlockByNumber(first if not starts_page(first) else broken)
        fmt = block.blockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(block).setBlockFormat(fmt)


def _draw_page(painter: QPainter, document: QTextDocument, body: QRectF, index: int) -> None:
    painter.save()
    painter.translate(QPointF(body.left(), body.top() - index * body.height()))
    clip = QRectF(0, index * body.height(), document.pageSize().width(), body.height())
    painter.setClipRect(clip)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = clip
    document.documentLayout().draw(painter, context)
    painter.restore()
