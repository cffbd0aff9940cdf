"""`branchdesk sign-in-sheet`: a meeting's 签到表 as a PDF, without opening a window.

Kept beside cli.py so the entry module stays small. Qt is imported only inside the command, and
only QtGui: the PDF needs a QGuiApplication for fonts but never a display, so on Linux without
DISPLAY/WAYLAND_DISPLAY the offscreen platform is chosen before Qt starts (a server, SSH, cron).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from branchdesk.paths import DataPaths

Say = Callable[..., None]
EXIT_OK, EXIT_PROBLEMS = 0, 1


def add_sign_in_sheet(sub: Any, add_data_options: Callable[..., None], handler: Callable[..., int]) -> None:
    parser = sub.add_parser("sign-in-sheet", help="把会议签到表导出为 PDF（不打开窗口）", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示本帮助后退出")
    parser.add_argument("--meeting", metavar="编号", type=int, required=True, help="会议编号")
    parser.add_argument("-o", "--output", metavar="文件", required=True, help="导出的 .pdf 文件")
    parser.add_argument(
        "--blank",
        action="store_true",
        help="空白签到表：按会议当天的名单列出党员，应到/实到/请假留空（会前打印用）",
    )
    add_data_options(parser, on_subcommand=True)
    parser.set_defaults(handler=handler)


def use_offscreen_without_display() -> None:
    """Let Qt start with no display: offscreen on X11/Wayland systems that have none.

    Windows and macOS always have their platform plugin; an explicit QT_QPA_PLATFORM is kept.
    """
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _read_sheet(paths: DataPaths, meeting_id: int, *, blank: bool) -> Any:
    from branchdesk.services import sign_in_sheet, storage

    return storage.read_once(
        paths, lambda session: sign_in_sheet.sign_in_sheet(session, meeting_id, blank=blank)
    )


def run_sign_in_sheet(args: argparse.Namespace, paths: DataPaths, say: Say) -> int:
    """Write the sheet of meeting --meeting to --output; exit 1 with a Chinese message on failure."""
    from branchdesk.errors import BranchDeskError, NotFoundError

    if not paths.database.exists():
        say(f"数据文件夹中没有数据库：{paths.database}", error=True)
        return EXIT_PROBLEMS
    output = Path(args.output)
    if output.suffix.lower() != ".pdf":
        output = output.with_suffix(".pdf")
    try:
        sheet = _read_sheet(paths, args.meeting, blank=args.blank)
    except NotFoundError:
        say(f"没有编号为 {args.meeting} 的会议记录，请检查会议编号。", error=True)
        return EXIT_PROBLEMS
    except BranchDeskError as exc:
        say(exc.user_message, error=True)
        return EXIT_PROBLEMS
    try:
        pages = _write(sheet, output)
    except OSError:
        say(
            f"无法写入文件：{output}。请确认文件夹可以写入，并关闭正在打开这个文件的程序（如 PDF 阅读器）。",
            error=True,
        )
        return EXIT_PROBLEMS
    say(f"已导出签到表（{len(sheet.member_rows)} 名党员，共 {pages} 页）到 {output}")
    return EXIT_OK


def _write(sheet: Any, output: Path) -> int:
    """Render with a QGuiApplication (fonts need one), never a window."""
    use_offscreen_without_display()
    from PySide6.QtGui import QGuiApplication

    from branchdesk.ui.printing.sign_in_sheet import write_pdf

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] if sys.argv else "branchdesk"])
    output.parent.mkdir(parents=True, exist_ok=True)
    pages = write_pdf(sheet, output)
    app.processEvents()  # the application must outlive the drawing; this also keeps `app` referenced
    return pages
