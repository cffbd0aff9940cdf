"""Opening and closing the database so that a damaged, too-new or old file never loses data.

Opening checks before it touches: a file that fails `integrity_check` is never opened (opening would
set WAL mode and might checkpoint into it), a file from a newer BranchDesk is refused, and an older
file is backed up before its schema is upgraded. Start and close each leave a backup when anything
changed (a file just created holds nothing worth one), and rotation keeps the backup folder bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from branchdesk import db, schema
from branchdesk.errors import DatabaseCorruptError, DatabaseTooNewError, NotFoundError
from branchdesk.paths import DataPaths
from branchdesk.services.backup import (
    BackupInfo,
    RestoreResult,
    backup_if_changed,
    format_backup_time,
    list_backups,
    make_backup,
    restore_backup,
    rotate_backups,
)

T = TypeVar("T")

BASE_REVISION = "base"  # Alembic's name for "no revision yet": a valid SQLite file without our schema


@dataclass(frozen=True)
class OpenedDatabase:
    """An engine on a checked, current database, and what opening it had to do."""

    engine: Engine
    created: bool  # a new file was made
    migrated_from: str | None  # the old revision ("base": none) when an upgrade ran
    start_backup: BackupInfo | None  # None: a new file, or the newest backup already held this content


# SQLite's own findings are English; the common ones are said in Chinese, the raw text goes to the log.
_PROBLEM_WORDS = (
    ("missing file", "找不到数据库文件"),
    ("not a SQLite database", "文件不是数据库格式，可能已被其他程序覆盖"),
    ("cannot open", "无法打开数据库文件"),
    ("foreign key", "数据之间的关联不一致"),
    ("check failed", "检查过程中无法读取文件"),
)


def problem_text(problem: str) -> str:
    """A problem from `check_database` in words a secretary can pass on (one wording for CLI and UI)."""
    for prefix, words in _PROBLEM_WORDS:
        if problem.startswith(prefix):
            return words
    return "数据库文件内部结构有损坏"


def check_database(paths: DataPaths) -> list[str]:
    """Integrity problems of the data folder's database file; [] when it is sound."""
    return db.integrity_problems(paths.database)


def open_database(
    paths: DataPaths,
    *,
    create_if_missing: bool = True,
    now: datetime | None = None,
    checked: Sequence[str] | None = None,
    back_up_now: bool = True,
) -> OpenedDatabase:
    """Check, back up, upgrade and open the database of `paths`; the caller owns the engine.

    `checked`: the file's integrity problems, when the caller already ran the check (the window runs
    it in a thread from its first moment); None checks here. `back_up_now=False` leaves the start
    backup and rotation to `take_start_backup`, which the caller must run before anything writes.
    """
    paths.ensure()
    path = paths.database
    created = False
    migrated_from: str | None = None
    if not path.exists():
        if not create_if_missing:
            raise NotFoundError(
                f"找不到数据库文件：{path}。请确认数据文件夹是否正确。",
                context=f"open_database: {path} missing and create_if_missing=False",
            )
        engine = schema.create_database(path)
        created = True
    else:
        problems = list(checked) if checked is not None else db.integrity_problems(path)
        if problems:
            raise DatabaseCorruptError(_corrupt_message(paths), context=f"{path} failed checks: {problems}")
        engine = db.make_engine(path)
        try:
            revision = schema.current_revision(engine)
            if revision is not None and not schema.is_known_revision(revision):
                raise DatabaseTooNewError(
                    "这个数据库文件是由更新版本的支部工作台写入的，当前版本无法安全打开。"
                    "请安装最新版本的支部工作台后再打开。文件没有任何改动。",
                    context=f"{path} is at unknown revision {revision}; head is {schema.HEAD_REVISION}",
                )
            if revision != schema.HEAD_REVISION:
                make_backup(path, paths.backups, reason="migration", now=now)
                schema.upgrade(engine)
                migrated_from = revision or BASE_REVISION
        except BaseException:
            engine.dispose()
            raise
    try:
        # An empty new file is not worth a backup: it would only push real ones out of rotation and
        # stand as the newest backup offered for a restore.
        start_backup = take_start_backup(paths, now=now, created=created) if back_up_now else None
    except BaseException:
        engine.dispose()
        raise
    return OpenedDatabase(engine, created, migrated_from, start_backup)


def take_start_backup(
    paths: DataPaths, *, now: datetime | None = None, created: bool = False
) -> BackupInfo | None:
    """The start backup (when the file changed since the newest backup; never of a file just
    created), then rotation."""
    info = None if created else backup_if_changed(paths.database, paths.backups, reason="start", now=now)
    rotate_backups(paths.backups, now=now)
    return info


def restore(paths: DataPaths, backup_path: Path, *, now: datetime | None = None) -> RestoreResult:
    """Restore a backup over the database, then open it once as at start-up.

    Opening runs the same checks and, for a backup made by an older version, the schema upgrade
    (after a copy), so the restored file is ready for this version before any page reads it.
    The caller has closed every connection to the database first.
    """
    result = restore_backup(backup_path, paths.database, paths.backups, now=now)
    open_database(paths, create_if_missing=False, now=now).engine.dispose()
    return result


def read_once(paths: DataPaths, query: Callable[[Session], T]) -> T:
    """Open an existing database as at start-up, run `query` in one transaction, close it again:
    what each command-line subcommand that reads (sign-in-sheet, export-roster) needs."""
    opened = open_database(paths, create_if_missing=False)
    database = db.Database(paths.database, opened.engine)
    try:
        with database.transaction() as session:
            return query(session)
    finally:
        database.dispose()


def close_database(
    opened_or_engine: OpenedDatabase | Engine, paths: DataPaths, *, now: datetime | None = None
) -> BackupInfo | None:
    """Dispose the engine (its last connection checkpoints the WAL), then back up if changed and rotate."""
    engine = opened_or_engine.engine if isinstance(opened_or_engine, OpenedDatabase) else opened_or_engine
    engine.dispose()
    info = backup_if_changed(paths.database, paths.backups, reason="close", now=now)
    rotate_backups(paths.backups, now=now)
    return info


def _corrupt_message(paths: DataPaths) -> str:
    """Say the file is damaged, untouched, and which backup can bring the records back."""
    head = f"数据库文件已损坏，无法打开：{paths.database}。为保护数据，程序没有打开也没有修改这个文件。"
    backups = list_backups(paths.backups)
    if not backups:
        return head + (
            f"备份文件夹（{paths.backups}）中没有找到备份。请不要删除或覆盖该文件，并联系信息科或技术支持。"
        )
    newest = format_backup_time(backups[0].created_at)
    return head + f"可以从备份恢复：共有 {len(backups)} 个备份，最新的一个备份于 {newest}。"
