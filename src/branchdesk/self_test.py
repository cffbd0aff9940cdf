"""`branchdesk --self-test`: prove that an installed copy works, on a throw-away database, without a window.

For the hospital's IT after installing, and for the installer scripts after building: each thing a
frozen build can get wrong (the Alembic scripts found through importlib.resources, SQLite, a verified
backup, the roster workbook, the sign-in sheet PDF with the bundled font, Qt's Chinese catalogue) is
done once in a temporary folder that is deleted afterwards. The user's data folder is named, never
touched. Qt is imported only for the PDF and the catalogue, on the offscreen platform when Linux has
no display, so the check runs over SSH or in a package's install test.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from branchdesk import APP_NAME, APP_TITLE, __version__
from branchdesk.paths import DataPaths, program_dir, resolve_data_dir

Say = Callable[..., None]
EXIT_OK, EXIT_FAILED = 0, 1
SAMPLE_MEMBERS = (  # name, gender, birth, region of the ID number; made up, like the demo's
    ("自检甲", "女", dt.date(1986, 3, 8), "110105"),
    ("自检乙", "男", dt.date(1979, 10, 1), "310104"),
)


@dataclass(frozen=True)
class CheckResult:
    """One line of the summary: what was tried, whether it worked, what it found."""

    label: str  # "中文 English"
    ok: bool | None  # None: not run because an earlier step failed
    detail: str
    seconds: float


@dataclass
class _State:
    """What the steps hand on to each other inside the temporary folder."""

    work: Path
    paths: DataPaths
    engine: Any = None
    branch_id: int = 0
    meeting_id: int = 0
    created: list[Path] = field(default_factory=list)


def _step_database(state: _State) -> str:
    from branchdesk import schema
    from branchdesk.services import storage

    opened = storage.open_database(state.paths)
    state.engine = opened.engine
    revision = schema.current_revision(opened.engine)
    if not opened.created or revision != schema.HEAD_REVISION:
        raise RuntimeError(f"new database at revision {revision}, expected {schema.HEAD_REVISION}")
    return f"新建数据库并升级到 {revision} / created and migrated to {revision}"


def _sample_id(birth: dt.date, region: str, seq: int, female: bool) -> str:
    from branchdesk.services import idcard

    body = f"{region}{birth:%Y%m%d}{seq:02d}{2 if female else 1}"
    return body + idcard.check_char(body)


def _step_records(state: _State) -> str:
    from branchdesk.db import Database
    from branchdesk.models.meetings import MeetingType
    from branchdesk.services import branches, meetings, roster

    today = dt.date.today()
    database = Database(state.paths.database, state.engine)
    with database.transaction() as session:
        first = branches.setup_first_branch(
            session,
            committee="自检医院党委",
            branch=branches.BranchProfileInput(
                name="自检党支部", departments="自检科", term_started_on=dt.date(2024, 3, 1)
            ),
            secretary=roster.MemberInput(
                name="自检书记",
                gender="男",
                birth_date=dt.date(1975, 5, 4),
                joined_on=dt.date(2000, 7, 1),
                full_member_on=dt.date(2001, 7, 1),
                department="自检科",
            ),
            today=today,
        )
        state.branch_id = first.id
        for seq, (name, gender, birth, region) in enumerate(SAMPLE_MEMBERS, start=21):
            roster.add_member(
                session,
                first.id,
                roster.MemberInput(
                    name=name,
                    gender=gender,
                    id_number=_sample_id(birth, region, seq, gender == "女"),
                    phone="13800138000",
                    joined_on=dt.date(2010, 7, 1),
                    full_member_on=dt.date(2011, 7, 1),
                    department="自检科",
                ),
                today=today,
                on_roll_from=dt.date(2012, 1, 1),
            )
        form = meetings.template_for(session, first.id, MeetingType.THEME_DAY, on=today)
        meeting = meetings.create_meeting(session, first.id, form, today=today)
        state.meeting_id = meeting.id
        members = len(roster.list_members(session, first.id, today=today))
    return f"1 个支部、{members} 名党员、1 次主题党日 / 1 branch, {members} members, 1 meeting"


def _step_backup(state: _State) -> str:
    from branchdesk.services import backup

    info = backup.make_backup(state.paths.database, state.paths.backups, reason="manual")
    problems = backup.verify_backup(info.path)
    if problems:
        raise RuntimeError(f"backup {info.path.name} failed verification: {problems}")
    listed = [b.path for b in backup.list_backups(state.paths.backups)]
    if info.path not in listed:
        raise RuntimeError(f"backup {info.path.name} not listed among {listed}")
    return f"{info.path.name}（{info.size // 1024} KB，完整性检查通过 / verified）"


def _step_roster(state: _State) -> str:
    import openpyxl

    from branchdesk.exports.xlsx_sheet import save_report
    from branchdesk.services import roster_report, storage

    report = storage.read_once(
        state.paths, lambda session: roster_report.roster_report(session, state.branch_id)
    )
    target = save_report(report, state.work / "花名册-自检.xlsx")
    workbook = openpyxl.load_workbook(target, read_only=True)
    try:
        text = "\n".join(
            str(value) for row in workbook.active.iter_rows(values_only=True) for value in row if value
        )
    finally:
        workbook.close()
    missing = [name for name, *_ in SAMPLE_MEMBERS if name not in text]
    if missing or "13800138000" in text or "138****8000" not in text:
        raise RuntimeError(f"roster workbook wrong: missing {missing}, phone masked={'138****8000' in text}")
    return f"{len(report.rows)} 行，手机号已隐去 / {len(report.rows)} rows, phones masked"


def _offscreen_without_display() -> None:
    from branchdesk.cli_meetings import use_offscreen_without_display

    use_offscreen_without_display()


def _step_sign_in_pdf(state: _State) -> str:
    _offscreen_without_display()
    from PySide6.QtGui import QGuiApplication

    from branchdesk.services import sign_in_sheet, storage

    from branchdesk.ui.printing.fonts import PRINT_FAMILY, print_family
    from branchdesk.ui.printing.sign_in_sheet import write_pdf

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] if sys.argv else APP_NAME])
    sheet = storage.read_once(
        state.paths, lambda session: sign_in_sheet.sign_in_sheet(session, state.meeting_id)
    )
    target = state.work / "签到表-自检.pdf"
    pages = write_pdf(sheet, target)
    app.processEvents()
    family = print_family()
    if family != PRINT_FAMILY:
        raise RuntimeError(f"bundled print font not loaded (drawn with {family!r})")
    head = target.read_bytes()[:5]
    if pages < 1 or head != b"%PDF-":
        raise RuntimeError(f"sign-in sheet PDF not written ({pages} pages, starts {head!r})")
    return f"{pages} 页，{target.stat().st_size // 1024} KB，字体 {family} / font bundled"


def _step_translations(_state: _State) -> str:
    _offscreen_without_display()
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    if not translator.load("qtbase_zh_CN", folder):
        raise RuntimeError(f"qtbase_zh_CN.qm not found in {folder}")
    cancel = translator.translate("QPlatformTheme", "Cancel")
    if cancel != "取消":
        raise RuntimeError(f"qtbase_zh_CN.qm gives {cancel!r} for Cancel")
    return f"qtbase_zh_CN.qm：Cancel → {cancel}"


def _step_close(state: _State) -> str:
    from branchdesk import db
    from branchdesk.services import storage

    engine, state.engine = state.engine, None
    info = storage.close_database(engine, state.paths)
    problems = db.integrity_problems(state.paths.database)
    if problems:
        raise RuntimeError(f"database damaged after closing: {problems}")
    saved = info.path.name if info is not None else "无变化 / unchanged"
    return f"关闭时备份 / backup on close: {saved}"


STEPS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("数据库与迁移 database", _step_database),
    ("示例记录 records", _step_records),
    ("备份 backup", _step_backup),
    ("花名册 roster .xlsx", _step_roster),
    ("签到表 sign-in sheet .pdf", _step_sign_in_pdf),
    ("中文界面 Qt zh_CN", _step_translations),
    ("关闭数据库 close", _step_close),
)


def run_checks(work: Path) -> list[CheckResult]:
    """Run every step in `work` (an empty folder); after a failure the rest are reported as not run."""
    state = _State(work=work, paths=DataPaths(work / "data"))
    results: list[CheckResult] = []
    failed = False
    try:
        for label, step in STEPS:
            if failed:
                results.append(CheckResult(label, None, "未运行 / not run", 0.0))
                continue
            started = time.perf_counter()
            try:
                detail = step(state)
                ok = True
            except Exception as exc:  # the summary names any failure; nothing else would see it
                detail, ok, failed = f"{type(exc).__name__}: {exc}", False, True
            results.append(CheckResult(label, ok, detail, time.perf_counter() - started))
    finally:
        if state.engine is not None:
            state.engine.dispose()
    return results


def summary_lines(results: list[CheckResult], seconds: float) -> list[str]:
    marks = {True: "通过 OK  ", False: "失败 FAIL", None: "未运行 --"}
    lines = [f"[{marks[r.ok]}] {r.label}：{r.detail}（{r.seconds:.2f} s）" for r in results]
    passed = sum(1 for r in results if r.ok)
    if passed == len(results):
        lines.append(f"自检通过 Self-test passed：{passed}/{len(results)}，用时 {seconds:.1f} 秒")
    else:
        lines.append(f"自检失败 Self-test FAILED：{passed}/{len(results)} 通过，用时 {seconds:.1f} 秒")
    return lines


def main(say: Say) -> int:
    """The `--self-test` command: header, one line per step, a verdict; exit 0 only when all passed."""
    started = time.perf_counter()
    say(f"{APP_TITLE} {APP_NAME} {__version__} 自检 self-test")
    say(f"程序文件夹 program: {program_dir()}")
    say(f"数据文件夹 data folder (未改动 untouched): {resolve_data_dir()}")
    with tempfile.TemporaryDirectory(prefix="branchdesk-self-test-", ignore_cleanup_errors=True) as scratch:
        results = run_checks(Path(scratch))
    lines = summary_lines(results, time.perf_counter() - started)
    all_ok = all(r.ok for r in results)
    for line in lines:
        say(line, error=not all_ok and line is lines[-1])
    return EXIT_OK if all_ok else EXIT_FAILED
