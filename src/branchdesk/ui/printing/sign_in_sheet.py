"""Draw a sign-in sheet (签到表) with QPainter onto any paged device: QPdfWriter or QPrinter.

One drawing path for the PDF, the preview and the printer, from the plain `SignInSheet` the service
builds. A4 portrait in millimetres: the title and header block on page 1, a short running head on
later pages, the table header on every page, rows tall enough to sign in, blank 列席 rows to the end
of the last page, and "第 N 页 共 M 页" at the foot. Text shrinks to fit its cell (a long department
name never runs into the next column) and is drawn with the bundled font, so a PC without Chinese
fonts prints the same sheet and the PDF keeps searchable names.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QPagedPaintDevice,
    QPainter,
)

from branchdesk.services.sign_in_sheet import GUEST_NOTE, SheetField, SheetRow, SignInSheet

from branchdesk.ui.printing.drawing import FOOTER_MM, Geometry, Painter, pdf_writer
from branchdesk.ui.printing.fonts import print_family

TITLE_MM = 14.0  # page 1: the title line
FIELD_LINE_MM = 9.0  # page 1: each line of the header block
RUNNING_HEAD_MM = 9.0  # later pages: the title again, small
GAP_MM = 4.0  # between the header block (or running head) and the table
HEADER_ROW_MM = 10.0
ROW_MM = 9.0  # enough height to sign in
# (heading, share of the table width): 签到 is the wide column, for handwriting.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 0.08),
    ("姓名", 0.17),
    ("", 0.20),  # 党小组 or 科室, per sheet
    ("签到", 0.37),
    ("备注", 0.18),
)
TITLE_PT, TEXT_PT, TABLE_PT, SMALL_PT = 18.0, 11.0, 11.0, 9.0
HEADER_FILL = QColor("#ececec")


def paginate(rows: int, first: int, others: int, min_blank: int) -> list[int]:
    """Rows per page (table rows, not counting the header row) for `rows` filled rows.

    At least `min_blank` blank rows follow the filled ones, and the last page is filled to the
    bottom: paper that is printed anyway might as well hold more 列席 lines.
    """
    needed = rows + min_blank
    if needed <= first:
        return [first]
    return [first] + [others] * math.ceil((needed - first) / others)


def _capacity(g: Geometry, head_mm: float) -> int:
    """How many table rows fit below a head of `head_mm` on one page."""
    room = g.bottom - g.top - g.mm(head_mm + GAP_MM + HEADER_ROW_MM)
    return max(1, int(room // g.mm(ROW_MM)))


def _field_lines(fields: tuple[SheetField, ...]) -> list[list[SheetField]]:
    """时间 and 地点 share a line, 主题 has its own, the people (主持人, 记录人 ...) share the next."""
    by_label = {f.label: f for f in fields}
    first = [by_label[label] for label in ("时间", "地点") if label in by_label]
    second = [by_label[label] for label in ("主题",) if label in by_label]
    rest = [f for f in fields if f.label not in {"时间", "地点", "主题"}]
    return [line for line in (first, second, rest) if line]


def _draw_field(d: Painter, x: float, y: float, width: float, field: SheetField) -> None:
    """ "标签：" then the value over a line; an unknown value leaves the line empty to write on."""
    g = d.g
    height = g.mm(FIELD_LINE_MM)
    label = f"{field.label}："
    _font, metrics = d.font(TEXT_PT)
    label_width = metrics.horizontalAdvance(label)
    d.text(QRectF(x, y, label_width + g.mm(1), height), label, TEXT_PT)
    line_left, line_right = x + label_width, x + width - g.mm(4)
    baseline = y + height - g.mm(1.5)
    d.rule(line_left, baseline, line_right, baseline)
    d.text(QRectF(line_left + g.mm(1), y, line_right - line_left - g.mm(2), height), field.value, TEXT_PT)


def _draw_figures(d: Painter, x: float, y: float, sheet: SignInSheet) -> None:
    """应到 __ 人  实到 __ 人  请假 __ 人: the computed figure over each line, or a blank line."""
    g = d.g
    height = g.mm(FIELD_LINE_MM)
    _font, metrics = d.font(TEXT_PT)
    for label, value in (("应到", sheet.due), ("实到", sheet.present), ("请假", sheet.leave)):
        label_width = metrics.horizontalAdvance(label) + g.mm(1.5)
        d.text(QRectF(x, y, label_width, height), label, TEXT_PT)
        x += label_width
        blank = g.mm(18)
        baseline = y + height - g.mm(1.5)
        d.rule(x, baseline, x + blank, baseline)
        if value is not None:
            d.text(QRectF(x, y, blank, height), str(value), TEXT_PT, align=Qt.AlignmentFlag.AlignHCenter)
        x += blank + g.mm(1.5)
        d.text(QRectF(x, y, metrics.horizontalAdvance("人") + g.mm(1), height), "人", TEXT_PT)
        x += g.mm(14)


def _draw_first_head(d: Painter, sheet: SignInSheet) -> float:
    """Title and header block; returns the y where the table starts."""
    g = d.g
    title_rect = QRectF(g.left, g.top, g.width, g.mm(TITLE_MM))
    d.text(title_rect, sheet.title, TITLE_PT, align=Qt.AlignmentFlag.AlignHCenter, bold=True)
    y = g.top + g.mm(TITLE_MM + 2)
    for line in _field_lines(sheet.fields):
        width = g.width / len(line)
        for i, field in enumerate(line):
            _draw_field(d, g.left + i * width, y, width, field)
        y += g.mm(FIELD_LINE_MM)
    _draw_figures(d, g.left, y, sheet)
    return y + g.mm(FIELD_LINE_MM + GAP_MM)


def _head_mm(sheet: SignInSheet) -> float:
    """Height of page 1's title and header block, as `_draw_first_head` draws it."""
    return TITLE_MM + 2 + FIELD_LINE_MM * (len(_field_lines(sheet.fields)) + 1)


def _draw_running_head(d: Painter, sheet: SignInSheet) -> float:
    g = d.g
    rect = QRectF(g.left, g.top, g.width, g.mm(RUNNING_HEAD_MM))
    d.text(rect, f"{sheet.title}（续）", TEXT_PT, align=Qt.AlignmentFlag.AlignHCenter)
    return g.top + g.mm(RUNNING_HEAD_MM + GAP_MM)


def _column_edges(d: Painter) -> list[float]:
    edges = [d.g.left]
    for _heading, share in COLUMNS:
        edges.append(edges[-1] + d.g.width * share)
    edges[-1] = d.g.left + d.g.width  # no rounding gap at the right border
    return edges


def _draw_table(d: Painter, y: float, rows: list[SheetRow | None], unit_heading: str) -> None:
    """Header row, then `rows` (None: a blank 列席 row), ruled, outer border heavier."""
    g = d.g
    edges = _column_edges(d)
    header_height, row_height = g.mm(HEADER_ROW_MM), g.mm(ROW_MM)
    d.p.fillRect(QRectF(g.left, y, g.width, header_height), HEADER_FILL)
    for (heading, _share), left, right in zip(COLUMNS, edges, edges[1:], strict=False):
        rect = QRectF(left, y, right - left, header_height)
        d.text(rect, heading or unit_heading, TABLE_PT, align=Qt.AlignmentFlag.AlignHCenter, bold=True)
    pad = g.mm(1.5)
    top = y + header_height
    for index, row in enumerate(rows):
        cell_top = top + index * row_height
        cells = (row.number, row.name, row.unit, "", row.note) if row else ("", "", "", "", GUEST_NOTE)
        for col, (text, left, right) in enumerate(zip(cells, edges, edges[1:], strict=False)):
            centred = col == 0 or (col == 4 and text == GUEST_NOTE)
            align = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
            rect = QRectF(left + pad, cell_top, right - left - 2 * pad, row_height)
            d.text(rect, text, TABLE_PT, align=align, wrap=col in {1, 2, 4})  # a 列席 name may be long
    bottom = top + len(rows) * row_height
    right = g.left + g.width
    for i in range(len(rows) + 1):
        d.rule(g.left, top + i * row_height, right, top + i * row_height)
    for x in edges[1:-1]:
        d.rule(x, y, x, bottom)
    for x1, y1, x2, y2 in ((g.left, y, right, y), (right, y, right, bottom), (right, bottom, g.left, bottom)):
        d.rule(x1, y1, x2, y2, width_mm=0.5)
    d.rule(g.left, bottom, g.left, y, width_mm=0.5)


def _draw_footer(d: Painter, page: int, pages: int) -> None:
    g = d.g
    rect = QRectF(g.left, g.bottom + g.mm(2), g.width, g.mm(FOOTER_MM - 2))
    d.text(rect, f"第 {page} 页 共 {pages} 页", SMALL_PT, align=Qt.AlignmentFlag.AlignHCenter)


def render_sign_in_sheet(sheet: SignInSheet, device: QPagedPaintDevice) -> int:
    """Paint every page of `sheet` on `device` (page set up by the caller); returns the page count."""
    geometry = Geometry.of(device)
    counts = paginate(
        len(sheet.rows),
        _capacity(geometry, _head_mm(sheet)),
        _capacity(geometry, RUNNING_HEAD_MM),
        sheet.blank_guest_rows,
    )
    filled: list[SheetRow | None] = [*sheet.rows]
    filled += [None] * (sum(counts) - len(filled))
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the paint device could not be opened (printer or file not writable)")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        d = Painter(painter, geometry, print_family())
        start = 0
        for page, count in enumerate(counts, start=1):
            if page > 1:
                device.newPage()
            y = _draw_first_head(d, sheet) if page == 1 else _draw_running_head(d, sheet)
            _draw_table(d, y, filled[start : start + count], sheet.unit_heading)
            _draw_footer(d, page, len(counts))
            d.flush_rules()
            start += count
    finally:
        painter.end()
    return len(counts)


def write_pdf(sheet: SignInSheet, path: Path, *, resolution: int = 600) -> int:
    """Write `sheet` as a PDF file (needs a QGuiApplication, not a window); returns the page count."""
    writer = pdf_writer(path, sheet.title, resolution=resolution)
    return render_sign_in_sheet(sheet, writer)
