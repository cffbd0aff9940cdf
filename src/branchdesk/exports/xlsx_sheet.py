"""Writing a TableReport as an A4 sheet the committee can print as it is.

Title, branch and period above the table, a bold header repeated on every printed page, fit to
width, page numbers, and the 填报人 / 支部书记签字 / 日期 line under it. Every value is written as text,
so nothing a user typed (=, +, -, @) ever becomes a formula. Shared by every export sheet so the
layout the party office merges does not drift.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from branchdesk.exports.tables import TableReport

FONT_NAME = "宋体"
_FORMULA_STARTS = ("=", "+", "-", "@")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def set_text(sheet: Worksheet, row: int, column: int, value: str, **style: object) -> None:
    """Write `value` as a text cell, never a formula; a leading = + - @ is kept literally."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)


def write_table_sheet(sheet: Worksheet, report: TableReport, *, landscape: bool = True) -> None:
    """Lay out one report on `sheet` with its print settings."""
    width = len(report.columns)
    last = get_column_letter(width)
    set_text(
        sheet, 1, 1, f"{report.branch_name}{report.title}", font=Font(name=FONT_NAME, size=16, bold=True)
    )
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    info = f"党组织：{report.branch_name}　　{report.period}"
    if report.masked:
        info += "　　（身份证号、手机号已隐去部分数字）"
    set_text(sheet, 2, 1, info, font=Font(name=FONT_NAME, size=10))
    sheet.merge_cells(f"A2:{last}2")
    header_row = 3
    for column, spec in enumerate(report.columns, start=1):
        set_text(
            sheet,
            header_row,
            column,
            spec.title,
            font=Font(name=FONT_NAME, size=10, bold=True),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=_BORDER,
        )
        sheet.column_dimensions[get_column_letter(column)].width = spec.width
    body_font = Font(name=FONT_NAME, size=10)
    body_align = Alignment(vertical="center", wrap_text=True)
    for offset, values in enumerate(report.rows, start=1):
        for column, value in enumerate(values, start=1):
            set_text(
                sheet,
                header_row + offset,
                column,
                value,
                font=body_font,
                alignment=body_align,
                border=_BORDER,
            )
    sign_row = header_row + len(report.rows) + 2
    set_text(
        sheet,
        sign_row,
        1,
        "填报人：____________　　支部书记签字：____________　　日期：______年____月____日",
        font=Font(name=FONT_NAME, size=10),
    )
    sheet.merge_cells(f"A{sign_row}:{last}{sign_row}")
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_area = f"A1:{last}{sign_row}"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    properties = sheet.sheet_properties.pageSetUpPr
    if properties is not None:
        properties.fitToPage = True
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    # The header and footer need their own band: with 0.6" margins and Excel's 0.5" header offset the
    # page number was cut in half when printed (seen through LibreOffice).
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.9
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    if sheet.oddHeader is not None and sheet.oddFooter is not None:
        sheet.oddHeader.center.text = f"{report.branch_name} {report.title}"
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def save_report(report: TableReport, path: Path, *, sheet_title: str | None = None) -> Path:
    """One report as a one-sheet workbook at `path` (written to a temp file, then renamed)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title or report.title
    write_table_sheet(sheet, report)
    temp = path.with_name(f".{path.name}.tmp")
    workbook.save(temp)
    temp.replace(path)
    return path
