"""Finding the roster inside a workbook as people really make them.

The header row may sit under merged title rows, span two rows (a merged group cell over its
columns), use the official database's names or a hospital's own, and have spaces or line breaks
inside. Merged cells are filled (a 党小组 spanning its members), blank rows and the signature lines
under the table (填表人, 审核人, 日期) are skipped. The result is plain data: no openpyxl objects.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from branchdesk.services.xlsx_guard import WorkbookRejected

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MAX_COLUMNS = 80
HEADER_SCAN_ROWS = 30
MAX_MERGED_CELLS = 500_000

# Field keys and the words users see for them (column mapping, problem lists, exports).
FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "id_number": "身份证号",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "native_place": "籍贯",
    "education": "学历",
    "degree": "学位",
    "staff_category": "人员类别",
    "branch": "所在党支部",
    "group": "党小组",
    "phone": "手机号",
    "joined_on": "入党时间",
    "full_member_on": "转正时间",
    "category": "党员类别",
    "department": "科室",
    "title": "职称",
    "position": "职务",
    "party_post": "党内职务",
    "lost_contact": "是否失联党员",
    "floating": "是否流动党员",
    "extended_probation": "延长预备期时间",
    "notes": "备注",
}

# Header texts (spaces, line breaks and bracketed notes removed) recognised for each field.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "党员姓名", "名字"),
    "gender": ("性别",),
    "id_number": ("公民身份号码", "身份证号码", "身份证号", "身份证", "证件号码", "公民身份证号码"),
    "ethnicity": ("民族",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "native_place": ("籍贯",),
    "education": ("学历", "最高学历", "文化程度", "全日制学历"),
    "degree": ("学位", "最高学位"),
    "staff_category": ("人员类别", "人员类型"),
    "branch": ("所在党支部", "党支部", "所在支部", "支部名称", "所在党组织"),
    "group": ("党小组", "所在党小组", "党小组名称"),
    "phone": ("手机号码", "手机号", "联系电话", "联系方式", "手机", "电话", "联系电话手机"),
    "joined_on": ("入党日期", "入党时间", "加入党组织日期", "入党年月"),
    "full_member_on": ("转正日期", "转正时间", "转为正式党员日期", "转正年月"),
    "category": ("党籍状态", "党员类别", "党员类型", "党员身份"),
    "department": ("工作岗位", "科室", "所在科室", "所在单位", "部门", "所在部门", "工作单位", "单位"),
    "title": ("从事专业技术职务", "职称", "专业技术职务", "技术职称"),
    "position": ("行政职务", "职务"),
    "party_post": ("党内职务",),
    "lost_contact": ("是否失联党员",),
    "floating": ("是否流动党员",),
    "extended_probation": ("延长预备期时间",),
    "notes": ("备注",),
}
IGNORED_HEADERS = ("序号", "编号", "党龄", "年龄", "签字", "签名")
_ALIAS_TO_FIELD = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}
_BRACKETS = re.compile(r"[（(【\[].*?[)）】\]]")
SIGNATURE_STARTS = (
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "负责人",
    "联系人",
    "填表日期",
    "填报日期",
    "日期",
    "单位盖章",
    "盖章",
    "支部书记签字",
    "书记签字",
    "签字",
    "合计",
    "总计",
    "说明",
    "注：",
    "注:",
)


def normalise_header(text: object) -> str:
    """'出生\\n年月（yyyy.mm）' -> '出生年月': width folded, spaces, breaks, brackets and * removed."""
    if text is None:
        return ""
    cleaned = unicodedata.normalize("NFKC", str(text))
    cleaned = _BRACKETS.sub("", cleaned)
    return re.sub(r"[\s*:：]", "", cleaned)


def field_for_header(text: object) -> str | None:
    return _ALIAS_TO_FIELD.get(normalise_header(text))


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's value as stored (dates stay dates, numbers numbers) and how Excel formats it."""

    value: Any
    number_format: str = "General"
    formula: bool = False

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        if isinstance(self.value, dt.datetime):
            return self.value.date().isoformat()
        return str(self.value).strip()


EMPTY = Cell(None)


@dataclass(frozen=True)
class SheetTable:
    """The roster found in a workbook: where its header is, the guessed mapping, the data rows."""

    sheet_name: str
    header_rows: tuple[int, ...]  # Excel row numbers of the header
    headers: tuple[str, ...]  # per column, the header text as the user sees it
    mapping: tuple[str | None, ...]  # per column, the guessed field (None: not imported)
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (Excel row number, cells) of the data
    skipped_rows: tuple[int, ...]  # signature and note rows left out

    @property
    def data_row_count(self) -> int:
        return len(self.rows)


Progress = Callable[[str, int, int], None]


def _grid(sheet: Worksheet) -> list[list[Cell]]:
    """Every cell up to the last non-empty row, merged ranges filled with their top-left value."""
    rows: list[list[Cell]] = []
    for raw in sheet.iter_rows(max_col=min(sheet.max_column, MAX_COLUMNS)):
        cells = [
            EMPTY
            if c.value is None
            else Cell(c.value, getattr(c, "number_format", "General") or "General", c.data_type == "f")
            for c in raw
        ]
        rows.append(cells)
    while rows and all(c.blank for c in rows[-1]):
        rows.pop()
    filled = 0
    for merged in sheet.merged_cells.ranges:
        top = merged.min_row - 1
        left = merged.min_col - 1
        if top >= len(rows) or left >= MAX_COLUMNS:
            continue
        value = rows[top][left] if left < len(rows[top]) else EMPTY
        for r in range(top, min(merged.max_row, len(rows))):
            for c in range(left, min(merged.max_col, MAX_COLUMNS)):
                filled += 1
                if filled > MAX_MERGED_CELLS:
                    raise WorkbookRejected("too_large", "工作表中的合并单元格异常多，已拒绝读取。")
                row = rows[r]
                if c >= len(row):
                    row.extend([EMPTY] * (c + 1 - len(row)))
                row[c] = value
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([EMPTY] * (width - len(row)))
    return rows


def _row_fields(row: list[Cell]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(row):
        field = field_for_header(cell.value) if isinstance(cell.value, str) else None
        if field:
            found[index] = field
    return found


def _name_cell_state(row: list[Cell], name_col: int) -> str:
    """'header' when the name column repeats the header word (a cell merged down), 'blank', or 'data'."""
    cell = row[name_col] if name_col < len(row) else EMPTY
    if cell.blank:
        return "blank"
    return "header" if field_for_header(cell.value) == "name" else "data"


def _find_header(grid: list[list[Cell]]) -> tuple[list[int], dict[int, str]] | None:
    best: tuple[int, int] | None = None  # (distinct fields, row index)
    for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        fields = _row_fields(row)
        if "name" not in fields.values():
            continue
        score = len(set(fields.values()))
        if best is None or score > best[0]:
            best = (score, index)
    if best is None:
        return None
    base = best[1]
    mapping = _row_fields(grid[base])
    name_col = next(c for c, f in mapping.items() if f == "name")
    header_rows = [base]
    for neighbour in (base + 1, base - 1):
        if not 0 <= neighbour < len(grid):
            continue
        state = _name_cell_state(grid[neighbour], name_col)
        extra = {c: f for c, f in _row_fields(grid[neighbour]).items() if c not in mapping}
        if state == "header" or (state == "blank" and extra):
            header_rows.append(neighbour)
            for column, field in extra.items():
                if field not in mapping.values():
                    mapping[column] = field
    # A field named by two columns (手机号码 and 联系电话) keeps the first; the user can change it.
    seen: set[str] = set()
    for column in sorted(mapping):
        if mapping[column] in seen:
            del mapping[column]
        else:
            seen.add(mapping[column])
    return sorted(header_rows), mapping


def _is_signature(row: list[Cell]) -> bool:
    first = next((c for c in row if not c.blank), None)
    if first is None or not isinstance(first.value, str):
        return False
    text = normalise_header(first.value)
    return any(text.startswith(normalise_header(word)) for word in SIGNATURE_STARTS)


def _header_text(grid: list[list[Cell]], header_rows: list[int], column: int) -> str:
    parts: list[str] = []
    for r in header_rows:
        text = " ".join(grid[r][column].text().split()) if column < len(grid[r]) else ""
        if text and text not in parts:
            parts.append(text)
    return " / ".join(parts)


def read_table(
    workbook: Workbook, *, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
) -> SheetTable:
    """The roster of the workbook: on whichever sheet holds the best header (most known columns)."""
    candidates: list[tuple[int, int, str, list[list[Cell]], list[int], dict[int, str]]] = []
    any_content = False
    for order, sheet in enumerate(workbook.worksheets):
        if cancelled and cancelled():
            raise InterruptedError
        if progress:
            progress(f"正在读取工作表“{sheet.title}”", order, len(workbook.worksheets))
        grid = _grid(sheet)
        any_content = any_content or any(not c.blank for row in grid for c in row)
        found = _find_header(grid)
        if found:
            header_rows, mapping = found
            candidates.append((len(set(mapping.values())), -order, sheet.title, grid, header_rows, mapping))
    if not candidates:
        if not any_content:
            raise WorkbookRejected("empty", "工作簿是空的，没有找到任何内容。")
        raise WorkbookRejected(
            "no_name_column",
            "没有找到“姓名”列。请确认花名册有一行表头，其中一列的标题是“姓名”。",
        )
    _, _, title, grid, header_rows, mapping = max(candidates, key=lambda c: (c[0], c[1]))
    width = len(grid[0]) if grid else 0
    data: list[tuple[int, tuple[Cell, ...]]] = []
    skipped: list[int] = []
    for index in range(header_rows[-1] + 1, len(grid)):
        row = grid[index]
        if all(c.blank for c in row):
            continue
        if _is_signature(row):
            skipped.append(index + 1)
            continue
        data.append((index + 1, tuple(row)))
    return SheetTable(
        sheet_name=title,
        header_rows=tuple(r + 1 for r in header_rows),
        headers=tuple(_header_text(grid, header_rows, c) for c in range(width)),
        mapping=tuple(mapping.get(c) for c in range(width)),
        rows=tuple(data),
        skipped_rows=tuple(skipped),
    )
