"""Opening a workbook someone sent us without trusting it.

A roster arrives by USB stick or chat from anywhere. Before openpyxl parses a byte we check what the
file is (an old .xls, an encrypted workbook and a CSV all get their own advice), its size, and the
zip inside it: entry count, the sizes it claims and the bytes it really inflates to (a zip bomb stops
at the cap, in well under a second), and the number of rows the sheets really hold rather than what
their stated dimension says. XML is parsed through defusedxml, which must be installed.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from branchdesk.errors import BranchDeskError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Caps far above any branch roster (150 members) and below what hurts a ward PC."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_entries: int = 2000
    max_uncompressed_bytes: int = 100 * 1024 * 1024
    max_rows: int = 20000


class WorkbookRejected(BranchDeskError):
    """The file cannot be read as a roster; `reason` is one of the REASONS, for scripts."""

    REASONS = ("not_xlsx", "legacy_xls", "encrypted", "empty", "no_name_column", "too_large")

    def __init__(self, reason: str, user_message: str, *, context: str = "") -> None:
        assert reason in self.REASONS, reason
        super().__init__(user_message, field="文件", context=context or reason)
        self.reason = reason


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def check_file(path: Path, limits: Limits = Limits()) -> None:
    """Raise WorkbookRejected unless `path` is a plain .xlsx within every limit."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise WorkbookRejected("not_xlsx", f"无法读取文件：{path.name}。", context=str(exc)) from exc
    if size == 0:
        raise WorkbookRejected("empty", "文件是空的（0字节），请确认选择了正确的花名册文件。")
    if size > limits.max_file_bytes:
        mb, cap = size // (1024 * 1024), limits.max_file_bytes // (1024 * 1024)
        raise WorkbookRejected(
            "too_large",
            f"文件太大（{mb} MB），超过了 {cap} MB 的上限。支部花名册通常不到 1 MB，请确认选择了正确的文件。",
        )
    if head.startswith(OLE_MAGIC):
        with path.open("rb") as handle:
            body = handle.read(min(size, 4 * 1024 * 1024))
        if ENCRYPTED_MARKER in body:
            raise WorkbookRejected(
                "encrypted",
                "这个工作簿设置了打开密码，无法读取。请在 Excel 中打开它，"
                "在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中删除密码并保存后再导入。",
            )
        raise WorkbookRejected(
            "legacy_xls",
            "这是旧版 Excel 97-2003 工作簿（.xls），无法直接导入。请在 Excel 或 WPS 中打开它，"
            "选择“文件 → 另存为”，保存类型选“Excel 工作簿（*.xlsx）”，再导入新保存的文件。",
        )
    if not head.startswith(ZIP_MAGIC):
        if _looks_like_text(head):
            raise WorkbookRejected(
                "not_xlsx",
                "这是文本文件（如 CSV），不是 Excel 工作簿。请在 Excel 或 WPS 中打开它，"
                "另存为“Excel 工作簿（*.xlsx）”后再导入。",
            )
        raise WorkbookRejected("not_xlsx", "这不是 Excel 工作簿（.xlsx）文件，无法导入。")
    _check_zip(path, limits)


def _check_zip(path: Path, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookRejected(
            "not_xlsx", "文件已损坏或不是 Excel 工作簿（.xlsx）。", context=str(exc)
        ) from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise WorkbookRejected("not_xlsx", "这个压缩文件不是 Excel 工作簿（.xlsx），无法导入。")
        too_large = WorkbookRejected(
            "too_large", "工作簿解压后的内容异常巨大，可能已损坏或是恶意文件，已拒绝读取。"
        )
        if len(infos) > limits.max_entries:
            raise too_large
        if sum(info.file_size for info in infos) > limits.max_uncompressed_bytes:
            raise too_large
        inflated = 0
        rows = 0
        for info in infos:
            is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            tail = b""
            try:
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        inflated += len(chunk)
                        if inflated > limits.max_uncompressed_bytes:
                            raise too_large
                        if is_sheet:
                            rows += len(_ROW_TAG.findall(tail + chunk))
                            tail = chunk[-16:]
                            rows -= len(_ROW_TAG.findall(tail))  # counted again with the next chunk
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise WorkbookRejected(
                    "not_xlsx", "工作簿文件已损坏，无法读取。", context=f"{info.filename}: {exc}"
                ) from exc
            if is_sheet:
                rows += len(_ROW_TAG.findall(tail))
            if rows > limits.max_rows:
                raise WorkbookRejected(
                    "too_large",
                    f"工作表超过 {limits.max_rows} 行，远多于一个支部的党员人数，请确认选择了正确的文件。",
                )


def load_workbook(path: Path, limits: Limits = Limits()) -> Workbook:
    """Check `path`, then parse it with openpyxl through defusedxml; formulas are kept, not evaluated."""
    check_file(path, limits)
    import openpyxl
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise BranchDeskError(
            "缺少安全组件 defusedxml，为防止恶意文件，已停止读取工作簿。请重新安装支部工作台。",
            context="defusedxml not importable by openpyxl",
        )
    try:
        return openpyxl.load_workbook(path, read_only=False, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise WorkbookRejected(
            "not_xlsx", "工作簿内容已损坏，无法读取。可以在 Excel 中打开后另存一份再试。", context=repr(exc)
        ) from exc
