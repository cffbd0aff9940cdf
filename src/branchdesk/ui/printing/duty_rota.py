"""Draw a month's duty rota (排班表) on A4 portrait pages, for the PDF, the preview and the printer.

The title, the hospital's committee and the branch on page 1, a table 日期 | 星期 | one column per
time slot | 签到/备注 with its header on every page, rows tall enough for two lines of names (a month
of weekdays fits one page), then who leads the post, the desk's rules and the 制表日期, and
"第 N 页 共 M 页" at the foot. Drawn with the page measures and text helpers of printing.drawing and
the bundled font, as the sign-in sheet is, so both printouts look alike.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPagedPaintDevice, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from branchdesk.services.duty_sheet import RotaLine, RotaSheet

from branchdesk.ui.printing.drawing import Geometry, Painter, pdf_writer
from branchdesk.ui.printing.fonts import print_family
from branchdesk.ui.printing.preview import preview_dialog, print_with_dialog

TITLE_MM, SUBTITLE_MM, GAP_MM, HEADER_ROW_MM, ROW_MM, RULE_LINE_MM = 13.0, 8.0, 3.0, 10.0, 8.5, 6.5
TITLE_PT, TEXT_PT, TABLE_PT, SMALL_PT = 18.0, 11.0, 11.0, 9.0
HEADER_FILL = QColor("#ececec")
DATE_SHARE, WEEKDAY_SHARE, NOTE_SHARE = 0.14, 0.10, 0.16  # the slots share the rest


def _tail_mm(sheet: RotaSheet) -> float:
    """Room under the table on the last page: who leads the post (制表日期 on its line) and the rules."""
    return GAP_MM + RULE_LINE_MM * (len(sheet.rules) + (1 if sheet.leaders else 0))


def paginate(rows: int, first: int, others: int) -> list[int]:
    """Rows per page; at least one page, even for an empty month."""
    if rows <= first:
        return [max(rows, 0)]
    rest = rows - first
    pages = math.ceil(rest / others)
    return [first] + [others] * (pages - 1) + [rest - others * (pages - 1)]


def _capacity(g: Geometry, head_mm: float, tail_mm: float) -> int:
    room = g.bottom - g.top - g.mm(head_mm + GAP_MM + HEADER_ROW_MM + tail_mm)
    return max(1, int(room // g.mm(ROW_MM)))


def _edges(g: Geometry, slots: int) -> list[float]:
    shares = [DATE_SHARE, WEEKDAY_SHARE] + [
        (1 - DATE_SHARE - WEEKDAY_SHARE - NOTE_SHARE) / max(slots, 1)
    ] * slots
    edges = [g.left]
    for share in [*shares, NOTE_SHARE]:
        edges.append(edges[-1] + g.width * share)
    edges[-1] = g.left + g.width
    return edges


def _draw_table(d: Painter, y: float, sheet: RotaSheet, lines: list[RotaLine]) -> float:
    g = d.g
    edges = _edges(g, len(sheet.slots))
    headings = ["日期", "星期", *sheet.slots, "签到/备注"]
    header_h, row_h, pad = g.mm(HEADER_ROW_MM), g.mm(ROW_MM), g.mm(1.5)
    d.p.fillRect(QRectF(g.left, y, g.width, header_h), HEADER_FILL)
    centre = Qt.AlignmentFlag.AlignHCenter
    for heading, left, right in zip(headings, edges, edges[1:], strict=False):
        d.text(
            QRectF(left + pad, y, right - left - 2 * pad, header_h),
            heading,
            TABLE_PT,
            align=centre,
            bold=True,
        )
    top = y + header_h
    for index, line in enumerate(lines):
        cell_top = top + index * row_h
        cells = [line.day, line.weekday, *line.cells, ""]
        for text, left, right in zip(cells, edges, edges[1:], strict=False):
            d.text(
                QRectF(left + pad, cell_top, right - left - 2 * pad, row_h),
                text,
                TABLE_PT,
                align=centre,
                wrap=True,
            )
    bottom = top + len(lines) * row_h
    right = g.left + g.width
    for i in range(len(lines) + 1):
        d.rule(g.left, top + i * row_h, right, top + i * row_h)
    for x in edges[1:-1]:
        d.rule(x, y, x, bottom)
    for x1, y1, x2, y2 in ((g.left, y, right, y), (right, y, right, bottom), (right, bottom, g.left, bottom)):
        d.rule(x1, y1, x2, y2, width_mm=0.5)
    d.rule(g.left, bottom, g.left, y, width_mm=0.5)
    return bottom


def _draw_tail(d: Painter, y: float, sheet: RotaSheet) -> None:
    """负责人 on the left with the 制表日期 on its right, then the rules."""
    g = d.g
    y += g.mm(GAP_MM)
    line_h = g.mm(RULE_LINE_MM)
    if sheet.made_on:
        date_w = g.width * 0.3
        d.text(QRectF(g.left + g.width - date_w, y, date_w, line_h), sheet.made_on, TEXT_PT,
               align=Qt.AlignmentFlag.AlignRight)  # fmt: skip
    for n, text in enumerate(
        ([sheet.leaders] if sheet.leaders else []) + [f"{n}. {r}" for n, r in enumerate(sheet.rules, 1)]
    ):
        width = g.width * 0.7 if n == 0 and sheet.made_on else g.width
        d.text(QRectF(g.left, y, width, line_h), text, TEXT_PT, wrap=True)
        y += line_h


def render_rota(sheet: RotaSheet, device: QPagedPaintDevice) -> int:
    """Paint every page of the rota on `device` (A4 portrait set up by the caller); returns the page count."""
    g = Geometry.of(device)
    head, running = TITLE_MM + SUBTITLE_MM, SUBTITLE_MM
    counts = paginate(len(sheet.lines), _capacity(g, head, _tail_mm(sheet)), _capacity(g, running, 0))
    if len(counts) > 1 and counts[-1] > _capacity(g, running, _tail_mm(sheet)):
        counts.append(0)  # the rules go on a page of their own rather than over the foot
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the paint device could not be opened (printer or file not writable)")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        d = Painter(painter, g, print_family())
        start = 0
        for page, count in enumerate(counts, start=1):
            if page > 1:
                device.newPage()
            centre = Qt.AlignmentFlag.AlignHCenter
            y = g.top
            if page == 1:
                d.text(
                    QRectF(g.left, y, g.width, g.mm(TITLE_MM)), sheet.title, TITLE_PT, align=centre, bold=True
                )
                y += g.mm(TITLE_MM)
            subtitle = sheet.subtitle if page == 1 else f"{sheet.title}（续）"
            d.text(QRectF(g.left, y, g.width, g.mm(SUBTITLE_MM)), subtitle, TEXT_PT, align=centre)
            y += g.mm(SUBTITLE_MM + GAP_MM)
            if count:
                y = _draw_table(d, y, sheet, list(sheet.lines[start : start + count]))
            if page == len(counts):
                _draw_tail(d, y, sheet)
            footer = QRectF(g.left, g.bottom + g.mm(2), g.width, g.mm(8))
            d.text(footer, f"第 {page} 页 共 {len(counts)} 页", SMALL_PT, align=centre)
            d.flush_rules()
            start += count
    finally:
        painter.end()
    return len(counts)


def write_pdf(sheet: RotaSheet, path: Path, *, resolution: int = 600) -> int:
    """Write the rota as a PDF (needs a QGuiApplication, not a window); returns the page count."""
    writer = pdf_writer(path, sheet.title, resolution=resolution)
    return render_rota(sheet, writer)


def rota_preview(sheet: RotaSheet, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """The print preview, not yet shown (tests show it; the app calls exec())."""
    return preview_dialog(lambda printer: render_rota(sheet, printer), title=sheet.title, parent=parent)


def show_preview(sheet: RotaSheet, parent: QWidget | None = None) -> None:
    rota_preview(sheet, parent).exec()


def print_rota(sheet: RotaSheet, parent: QWidget | None = None, *, printer: QPrinter | None = None) -> bool:
    """Print through the system dialog; False when cancelled."""
    return print_with_dialog(
        lambda device: render_rota(sheet, device), title=sheet.title, parent=parent, printer=printer
    )
