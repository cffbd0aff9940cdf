"""Test rosters built the way secretaries' files really look, and the bad files people send.

Every workbook is generated here (nothing binary is committed): merged title rows, two-row headers,
the roster on a second sheet, headers with line breaks, a 党小组 merged down its members, dates in
every form, an ID column Excel turned into numbers, and signature lines under the table.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from tests.factories import make_id

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def person(i: int, *, birth: dt.date | None = None, male: bool | None = None) -> dict[str, object]:
    """A valid member row: name, gender, ID agreeing with birth date, joined after 18, full a year on."""
    birth = birth or dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 27)
    male = (i % 2 == 0) if male is None else male
    surnames = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    joined = dt.date(birth.year + 25, 7, 1)
    return {
        "序号": i + 1,
        "姓名": surnames[i % 20] + given[(i * 7) % 20] + ("" if i < 20 else given[(i * 3) % 20]),
        "性别": "男" if male else "女",
        "民族": "汉族",
        "身份证号码": make_id(birth, male=male, seq=10 + i % 80),
        "出生日期": birth,
        "入党时间": joined,
        "转正时间": dt.date(joined.year + 1, 7, 1),
        "科室": "心内科" if i % 2 else "呼吸内科",
        "职称": "主治医师",
        "手机号码": f"138{10000000 + i:08d}",
        "党小组": "第一党小组" if i % 3 else "第二党小组",
    }


def write_rows(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title_rows: Sequence[str] = (),
    footer_rows: Sequence[str] = (),
    sheet_title: str = "花名册",
    extra_first_sheet: bool = False,
    text_columns: Sequence[str] = ("身份证号码",),
) -> Path:
    """A workbook with optional merged title rows above the header and signature rows below."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    if extra_first_sheet:
        ws.title = "填表说明"
        ws["A1"] = "请按要求填写，身份证号请设置为文本格式。"
        ws = wb.create_sheet(sheet_title)
    else:
        ws.title = sheet_title
    width = len(headers)
    for title in title_rows:
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
        for column, header in enumerate(headers, start=1):
            if header in text_columns:
                ws.cell(ws.max_row, column).number_format = "@"
    ws.append([])
    for footer in footer_rows:
        ws.append([footer])
    wb.save(path)
    return path


def simple_roster(path: Path, count: int = 5, *, headers: Sequence[str] | None = None) -> Path:
    people = [person(i) for i in range(count)]
    headers = list(headers or people[0].keys())
    return write_rows(path, headers, [[p.get(h) for h in headers] for p in people])


def merged_title_roster(path: Path, count: int = 6) -> Path:
    people = [person(i) for i in range(count)]
    headers = list(people[0].keys())
    return write_rows(
        path,
        headers,
        [[p.get(h) for h in headers] for p in people],
        title_rows=("内科第七党支部党员花名册", "填报单位：内科第七党支部    填报日期：2026年11月"),
        footer_rows=("填表人：张三", "审核人：李四", "日期：2026年11月20日"),
    )


def two_row_header_roster(path: Path, count: int = 4) -> Path:
    """基本信息 / 党籍信息 merged over their columns; 序号 and 姓名 merged down both header rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["党员信息采集表"])
    ws.merge_cells("A1:H1")
    ws.append(["序号", "姓名", "基本信息", None, None, "党籍信息", None, "党小组"])
    ws.append(
        [None, None, "性别", "出生\n年月", "公民身份\n号码", "加入党组织日期", "转为正式党员日期", None]
    )
    for rng in ("A2:A3", "B2:B3", "C2:E2", "F2:G2", "H2:H3"):
        ws.merge_cells(rng)
    for i in range(count):
        p = person(i)
        ws.append(
            [
                i + 1,
                p["姓名"],
                p["性别"],
                p["出生日期"],
                p["身份证号码"],
                p["入党时间"],
                p["转正时间"],
                p["党小组"],
            ]
        )
    wb.save(path)
    return path


def group_merged_down_roster(path: Path) -> Path:
    """A 党小组 cell merged down over the members of the group, as printed rosters do."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["党小组", "姓名", "性别", "身份证号"])
    for i in range(5):
        p = person(i)
        ws.append(
            [
                "第一党小组" if i == 0 else ("第二党小组" if i == 3 else None),
                p["姓名"],
                p["性别"],
                p["身份证号码"],
            ]
        )
    ws.merge_cells("A2:A4")
    ws.merge_cells("A5:A6")
    wb.save(path)
    return path


def column_letter(headers: Sequence[str], header: str) -> str:
    return get_column_letter(list(headers).index(header) + 1)


def legacy_xls(path: Path) -> Path:
    path.write_bytes(OLE_MAGIC + b"\x00" * 4096)
    return path


def encrypted_xlsx(path: Path) -> Path:
    path.write_bytes(OLE_MAGIC + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    return path


def csv_file(path: Path) -> Path:
    path.write_text("姓名,性别,身份证号\n张三,男,110105194912310021\n", encoding="utf-8")
    return path


def zip_bomb(path: Path, inflated_mb: int = 300) -> Path:
    """A workbook-shaped zip whose sheet inflates to hundreds of MB from a few hundred KB."""
    chunk = b"<row>" + b" " * (1024 * 1024 - 5)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(inflated_mb):
                member.write(chunk)
    return path
