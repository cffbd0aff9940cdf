"""The `branchdesk` command: no arguments starts the window; subcommands work without a display.

Nothing here imports Qt at module level, so `branchdesk check` runs on a server or over SSH.
Each subcommand is one `_add_<name>` function that declares its arguments and one `_cmd_<name>`
function that runs it; a later subcommand (import-roster, export-roster, sign-in-sheet) adds one
pair and one line in `SUBCOMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence

from branchdesk import APP_NAME, APP_TITLE, __version__
from branchdesk.paths import DataPaths, resolve_data_dir

Handler = Callable[[argparse.Namespace], int]


def version_text() -> str:
    return f"{APP_TITLE} {APP_NAME} {__version__}"


def _say(text: str, *, error: bool = False) -> None:
    """Print for a console; a windowed build has no stdout, and a GBK console lacks some characters."""
    stream = sys.stderr if error else sys.stdout
    if stream is None:
        return
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, errors="replace").decode(encoding) + "\n")
    stream.flush()


def _add_data_options(parser: argparse.ArgumentParser, *, on_subcommand: bool) -> None:
    """--data-dir and --demo, accepted before or after the subcommand's name.

    On a subcommand the defaults are SUPPRESS, so `branchdesk --demo check` keeps the --demo
    given before the name instead of having the subparser's default overwrite it.
    """
    default_dir: object = argparse.SUPPRESS if on_subcommand else None
    default_demo: object = argparse.SUPPRESS if on_subcommand else False
    parser.add_argument(
        "--data-dir",
        metavar="文件夹",
        default=default_dir,
        help="数据文件夹（默认：程序旁有 portable.txt 时用程序旁的 data 文件夹，否则用当前用户的数据文件夹）",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=default_demo,
        help="使用演示数据（与正式数据分开保存）",
    )


def data_paths(args: argparse.Namespace) -> DataPaths:
    """The data folder the arguments name; nothing is created here."""
    return DataPaths(resolve_data_dir(args.data_dir), demo=bool(args.demo))


# --- subcommands -----------------------------------------------------------------------------------


def _add_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("check", help="检查数据库文件是否完好（不修改任何数据）", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示本帮助后退出")
    _add_data_options(parser, on_subcommand=True)
    parser.set_defaults(handler=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    """Run the integrity check on the data folder's database; exit 0 when sound, 1 otherwise."""
    from branchdesk.services import storage  # the ORM and Alembic load only when a command needs them

    paths = data_paths(args)
    problems = storage.check_database(paths)
    if not problems:
        _say(f"数据库完好：{paths.database}")
        return 0
    _say(f"数据库有问题：{paths.database}", error=True)
    for problem in problems:
        _say(f"  - {explain_problem(problem)}", error=True)
    _say("请不要删除或覆盖这个文件。可以在程序的“文件 → 恢复备份…”中从备份恢复。", error=True)
    return 1


def explain_problem(problem: str) -> str:
    from branchdesk.services.storage import problem_text

    return f"{problem_text(problem)}（{problem}）"


def _add_import_roster(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from branchdesk import cli_roster

    cli_roster.add_import(sub, _add_data_options, _cmd_import_roster)


def _cmd_import_roster(args: argparse.Namespace) -> int:
    from branchdesk import cli_roster

    return cli_roster.run_import(args, data_paths(args), _say)


def _add_export_roster(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from branchdesk import cli_roster

    cli_roster.add_export(sub, _add_data_options, _cmd_export_roster)


def _cmd_export_roster(args: argparse.Namespace) -> int:
    from branchdesk import cli_roster

    return cli_roster.run_export(args, data_paths(args), _say)


def _add_sign_in_sheet(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from branchdesk import cli_meetings

    cli_meetings.add_sign_in_sheet(sub, _add_data_options, _cmd_sign_in_sheet)


def _cmd_sign_in_sheet(args: argparse.Namespace) -> int:
    from branchdesk import cli_meetings

    return cli_meetings.run_sign_in_sheet(args, data_paths(args), _say)


def _cmd_gui(args: argparse.Namespace) -> int:
    from branchdesk.ui.app import run_gui  # Qt loads only when the window is wanted

    return run_gui(args)


SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _add_check,
    _add_import_roster,
    _add_export_roster,
    _add_sign_in_sheet,
)


def _wants_subcommands(argv: Sequence[str]) -> bool:
    """Whether the arguments may name a subcommand (or ask for help that lists them).

    A plain start (no arguments, or only options such as --demo) skips declaring the subcommands, which
    imports their modules: ~20 ms of the start-up before the window, measured by the benchmark.
    """
    return any(not arg.startswith("-") or arg in ("-h", "--help") for arg in argv)


def build_parser(*, subcommands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="branchdesk",
        description=f"{APP_TITLE}：党支部书记的离线工作台。不带子命令时打开程序窗口。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助后退出")
    _add_data_options(parser, on_subcommand=False)
    parser.add_argument(
        "--reset-demo",
        action="store_true",
        help="删除并重新生成演示数据后打开（隐含 --demo，正式数据不受影响）",
    )
    parser.add_argument("--version", action="store_true", help="显示版本号后退出")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="在临时文件夹里自检（数据库、备份、导出、签到表 PDF），不改动任何数据，不打开窗口",
    )
    if subcommands:
        sub = parser.add_subparsers(title="子命令", metavar="子命令")
        for add in SUBCOMMANDS:
            add(sub)
    parser.set_defaults(handler=_cmd_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run what they ask for; returns the process exit code."""
    started = time.perf_counter()
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(subcommands=_wants_subcommands(arguments)).parse_args(arguments)
    if args.version:
        _say(version_text())
        return 0
    if args.self_test:
        from branchdesk import self_test

        return self_test.main(_say)
    if args.reset_demo:
        args.demo = True
    args.started_at = started  # lets the window log how long it took to appear
    handler: Handler = args.handler
    return handler(args)
