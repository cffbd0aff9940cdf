"""`branchdesk import-roster` and `export-roster`: the roster for the party office and for scripts.

Kept beside cli.py so the entry module stays small; nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from branchdesk.paths import DataPaths

Say = Callable[..., None]
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_import(sub: Any, add_data_options: Callable[..., None], handler: Callable[..., int]) -> None:
    parser = sub.add_parser("import-roster", help="从 Excel 花名册（.xlsx）导入党员", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示本帮助后退出")
    parser.add_argument("file", metavar="文件", help="花名册 .xlsx 文件")
    parser.add_argument("--branch", metavar="支部名称", help="导入到哪个支部（数据库里没有时会新建）")
    parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入任何数据")
    parser.add_argument(
        "--on-duplicate",
        choices=("update", "skip"),
        default="update",
        help="已有的党员：更新(update)或跳过(skip)",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果（供脚本使用）")
    add_data_options(parser, on_subcommand=True)
    parser.set_defaults(handler=handler)


def add_export(sub: Any, add_data_options: Callable[..., None], handler: Callable[..., int]) -> None:
    parser = sub.add_parser("export-roster", help="把党员花名册导出为 .xlsx", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示本帮助后退出")
    parser.add_argument("-o", "--output", metavar="文件", required=True, help="导出的 .xlsx 文件")
    parser.add_argument("--branch", metavar="支部名称", help="导出哪个支部（只有一个支部时可省略）")
    parser.add_argument("--full", action="store_true", help="身份证号、手机号显示完整（默认隐去部分数字）")
    add_data_options(parser, on_subcommand=True)
    parser.set_defaults(handler=handler)


def _result(
    *, ok: bool, members: int = 0, problems: Any = (), warnings: Any = (), rejected: Any = None
) -> dict[str, Any]:
    return {
        "ok": ok,
        "members": members,
        "problems": [p.as_dict() for p in problems],
        "warnings": [w.as_dict() for w in warnings],
        "rejected": rejected,
    }


def _print_result(result: dict[str, Any], *, as_json: bool, say: Say, dry_run: bool) -> None:
    if as_json:
        say(json.dumps(result, ensure_ascii=False))
        return
    if result["rejected"]:
        say(result["rejected"]["message"], error=True)
        return
    for kind, items in (("问题", result["problems"]), ("提示", result["warnings"])):
        for item in items:
            say(f"第 {item['row']} 行【{item['field']}】{kind}：{item['message']}", error=kind == "问题")
    if result["problems"]:
        say(f"有 {len(result['problems'])} 个问题，未导入任何数据。请修改花名册后重试。", error=True)
    elif dry_run:
        say(f"检查通过：可以导入 {result['members']} 名党员（--dry-run，未写入）。")
    else:
        say(f"已导入 {result['members']} 名党员。")


def run_import(args: argparse.Namespace, paths: DataPaths, say: Say) -> int:
    """Check, back up, then import in one transaction; the database is untouched unless all is well."""
    from branchdesk.errors import BranchDeskError
    from branchdesk.services.xlsx_guard import WorkbookRejected

    source = Path(args.file)
    try:
        if args.dry_run and not paths.database.exists():
            with tempfile.TemporaryDirectory() as scratch:  # a dry run creates nothing
                result = _import_into(DataPaths(Path(scratch)), source, args)
        else:
            result = _import_into(paths, source, args)
    except WorkbookRejected as exc:
        result = _result(ok=False, rejected={"reason": exc.reason, "message": exc.user_message})
    except _UsageError as exc:
        say(str(exc), error=True)
        return EXIT_USAGE
    except BranchDeskError as exc:
        result = _result(ok=False, rejected=None)
        result["problems"] = [
            {"row": exc.row or 0, "field": exc.field or "", "kind": "bad_value", "message": exc.user_message}
        ]
    _print_result(result, as_json=args.json, say=say, dry_run=args.dry_run)
    return EXIT_OK if result["ok"] else EXIT_PROBLEMS


class _UsageError(Exception):
    """The arguments do not say enough (e.g. several branches and no --branch)."""


def _target_branch(session: Any, name: str | None, *, create: bool) -> int:
    from branchdesk.services import branches

    if name:
        if create:
            return branches.ensure_branch(session, name)
        match = [b.id for b in branches.list_branches(session) if b.name == name.strip()]
        if not match:
            raise _UsageError(f"数据库中没有名为“{name}”的支部。")
        return match[0]
    found = branches.list_branches(session)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise _UsageError("数据库中还没有支部，请用 --branch 指定支部名称。")
    raise _UsageError("数据库中有多个支部，请用 --branch 指定：" + "、".join(b.name for b in found))


def _import_into(paths: DataPaths, source: Path, args: argparse.Namespace) -> dict[str, Any]:
    from branchdesk.db import Database
    from branchdesk.services import roster_import_run, storage, xlsx_guard
    from branchdesk.services.roster_sheet import read_table

    workbook = xlsx_guard.load_workbook(source)  # refused files never touch the database
    table = read_table(workbook)
    existed = paths.database.exists()
    opened = storage.open_database(paths)
    db = Database(paths.database, opened.engine)
    try:
        run = roster_import_run.import_table(
            db,
            table,
            lambda session: _target_branch(session, args.branch, create=True),
            backup_dir=paths.backups if existed else None,  # a database just created holds nothing
            choices=roster_import_run.ImportChoices(on_duplicate=args.on_duplicate),
            dry_run=args.dry_run,
        )
    finally:
        db.dispose()
    preview = run.preview
    return _result(
        ok=preview.importable, members=preview.members, problems=preview.problems, warnings=preview.warnings
    )


def run_export(args: argparse.Namespace, paths: DataPaths, say: Say) -> int:
    """Write the roster workbook; masked unless --full."""
    from branchdesk.errors import BranchDeskError
    from branchdesk.exports.xlsx_sheet import save_report
    from branchdesk.services import roster_report, storage

    if not paths.database.exists():
        say(f"数据文件夹中没有数据库：{paths.database}", error=True)
        return EXIT_PROBLEMS
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        output = output.with_suffix(".xlsx")
    try:
        report = storage.read_once(
            paths,
            lambda session: roster_report.roster_report(
                session, _target_branch(session, args.branch, create=False), full=args.full
            ),
        )
        save_report(report, output)
    except _UsageError as exc:
        say(str(exc), error=True)
        return EXIT_USAGE
    except (BranchDeskError, OSError) as exc:
        say(getattr(exc, "user_message", None) or f"无法写入文件：{exc}", error=True)
        return EXIT_PROBLEMS
    say(
        f"已导出 {len(report.rows)} 名党员到 {output}"
        + ("" if args.full else "（身份证号、手机号已隐去部分数字）")
    )
    return EXIT_OK
