"""Verified, rotated backups of the database file, so no mistake or broken disk costs a year of records.

Every backup is copied with SQLite's online backup API (consistent even while the app holds the file
open in WAL mode), written to a temp file, checked with `integrity_check`, fsynced and only then
renamed into place. Anything not named like a finished backup is never listed, rotated or restored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

from branchdesk import db, schema
from branchdesk.errors import BackupError

BACKUP_PREFIX = "branchdesk-"
BACKUP_SUFFIX = ".sqlite3"
TEMP_PREFIX = ".tmp-"
REASONS = ("start", "close", "import", "migration", "restore", "manual")
CORRUPT_REASON = "corrupt"  # a damaged database set aside raw: evidence, never listed or restored
STALE_TEMP_AGE = timedelta(hours=1)

_NAME_RE = re.compile(r"^branchdesk-(\d{8})-(\d{6})-([a-z]+)(?:-(\d+))?\.sqlite3$")
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupInfo:
    """One finished backup file; the time and reason come from its name, so copies keep them."""

    path: Path
    created_at: datetime  # local time, seconds resolution
    reason: str
    size: int


@dataclass(frozen=True)
class RotationPolicy:
    """Grandfather-father-son retention: the latest few, then one per day, week and month.

    A period counts only when it holds a backup (as restic's `forget` does), so a PC left unused
    for a month keeps its older history instead of seeing its calendar windows run empty.
    """

    keep_last: int = 10
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    @property
    def capacity(self) -> int:
        """The most backups this policy can keep (fewer when rules pick the same file)."""
        return self.keep_last + self.daily + self.weekly + self.monthly

    def kept(self, backups: Sequence[BackupInfo], *, now: datetime) -> set[Path]:
        """The paths this policy keeps out of `backups` (pure: touches no file).

        Backups stamped after `now` mean the PC's clock was wrong at some time; they cannot be
        placed in the schedule, so they are kept and left out of the counting.
        """
        ordered = sorted(backups, key=_sort_key, reverse=True)  # stable: same-second ties keep list order
        if len(ordered) <= self.keep_last:  # implied by keep_last below; stated so no edit can lose it
            return {b.path for b in ordered}
        keep = {b.path for b in ordered if b.created_at > now}
        past = [b for b in ordered if b.created_at <= now]
        keep.update(b.path for b in past[: self.keep_last])
        periods: tuple[tuple[int, Callable[[datetime], Hashable]], ...] = (
            (self.daily, lambda t: t.date()),
            (self.weekly, lambda t: t.isocalendar()[:2]),
            (self.monthly, lambda t: (t.year, t.month)),
        )
        for limit, period_of in periods:
            seen: set[Hashable] = set()
            for backup in past:  # newest first: the first backup met in a period is its newest
                period = period_of(backup.created_at)
                if period in seen:
                    continue
                if len(seen) >= limit:
                    break
                seen.add(period)
                keep.add(backup.path)
        return keep


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did, for the message the user reads afterwards."""

    restored_from: BackupInfo
    safety_backup: Path | None  # the database as it was before the restore (None: there was none)
    lost_since: datetime  # changes made after this moment are no longer in the database
    summary: str
    safety_is_raw_copy: bool = False  # the current file could not be backed up: copied aside byte for byte


def backup_file_name(created_at: datetime, reason: str, seq: int = 1) -> str:
    """`branchdesk-20261125-153000-start.sqlite3`; a second one in the same second gets `-2`."""
    suffix = f"-{seq}" if seq > 1 else ""
    return f"{BACKUP_PREFIX}{created_at:{_STAMP_FORMAT}}-{reason}{suffix}{BACKUP_SUFFIX}"


def format_backup_time(moment: datetime) -> str:
    """`2026年11月24日 18:02`, as the user reads it."""
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def backup_info(path: Path) -> BackupInfo:
    """Describe a backup file; a file not named by us (picked by hand) is dated by its mtime."""
    parsed = _parse_name(path.name)
    stat = path.stat()
    if parsed is None:
        modified = datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0)
        return BackupInfo(path, modified, "manual", stat.st_size)
    created_at, reason, _seq = parsed
    return BackupInfo(path, created_at, reason, stat.st_size)


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Finished backups, newest first; temp files and set-aside corrupt files are left out.

    Names hold the time to the second only. Backups of the same second come in one stable order, not
    the folder's: the higher sequence suffix first (`-2` was made after the plain name), then the file
    written last, then the name, so every screen lists them alike and rotation counts them alike.
    """
    if not backup_dir.is_dir():
        return []
    found: list[tuple[tuple[datetime, int, int, str], BackupInfo]] = []
    for entry in backup_dir.iterdir():
        parsed = _parse_name(entry.name)
        if parsed is None or parsed[1] not in REASONS or not entry.is_file():
            continue
        created_at, reason, seq = parsed
        stat = entry.stat()
        order = (created_at, seq, stat.st_mtime_ns, entry.name)
        found.append((order, BackupInfo(entry, created_at, reason, stat.st_size)))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [info for _order, info in found]


def verify_backup(path: Path) -> list[str]:
    """Problems that make `path` unfit to restore (damage, or not a BranchDesk database); [] if sound."""
    problems = db.integrity_problems(path)
    if problems:
        return problems
    try:
        revision = _revision_of(path)
    except sqlite3.Error as exc:
        return [f"no alembic_version table, not a BranchDesk database ({exc})"]
    if revision is None:
        return ["alembic_version is empty: no schema revision recorded"]
    return []


def make_backup(db_path: Path, backup_dir: Path, *, reason: str, now: datetime | None = None) -> BackupInfo:
    """Copy the database to a new verified backup; raise BackupError and leave nothing behind if it fails."""
    _check_reason(reason)
    stamp = (now or datetime.now()).replace(microsecond=0)
    tmp = _verified_copy(db_path, backup_dir)
    try:
        return _publish(tmp, backup_dir, stamp, reason)
    except BaseException:
        _remove_with_side_files(tmp)
        raise


def backup_if_changed(
    db_path: Path, backup_dir: Path, *, reason: str, now: datetime | None = None
) -> BackupInfo | None:
    """Back up unless the database's content equals the newest backup's; None when skipped.

    The comparison is a sha256 of the fresh, verified copy against the newest backup file. The
    backup API copies pages exactly and the copy is written the same way each time, so an unchanged
    database gives identical bytes. Identical bytes imply identical content, so a real change is
    never skipped; the reverse mistake (bytes differ, content equal) only costs one extra backup.
    The copy is needed anyway to verify, so the check costs one extra read of the newest file.
    """
    _check_reason(reason)
    stamp = (now or datetime.now()).replace(microsecond=0)
    backups = list_backups(backup_dir)
    tmp = _verified_copy(db_path, backup_dir)
    try:
        if backups and _sha256(tmp) == _sha256(backups[0].path):
            _remove_with_side_files(tmp)
            return None
        return _publish(tmp, backup_dir, stamp, reason)
    except BaseException:
        _remove_with_side_files(tmp)
        raise


def rotate_backups(
    backup_dir: Path, *, now: datetime | None = None, policy: RotationPolicy = RotationPolicy()
) -> list[Path]:
    """Delete the backups `policy` does not keep (and temp files a crash left); returns what went.

    Whatever the policy says, the newest backup that verifies is kept, and nothing is deleted
    while there are no more backups than `policy.keep_last`.
    """
    moment = now or datetime.now()
    deleted = _remove_stale_temp_files(backup_dir)
    backups = list_backups(backup_dir)
    keep = policy.kept(backups, now=moment)
    for backup in backups:
        if not verify_backup(backup.path):
            keep.add(backup.path)
            break
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            deleted.append(backup.path)
    if deleted:
        _fsync_dir(backup_dir)
    return deleted


def restore_backup(
    backup: Path, db_path: Path, backup_dir: Path, *, now: datetime | None = None
) -> RestoreResult:
    """Replace the database with `backup`, after saving the current file; the engine must be disposed.

    Order: verify the backup (refuse if unsound, touching nothing), save the current database as a
    "restore" backup (or, if it is too damaged to back up, a raw copy named `...-corrupt`), then swap
    the file in atomically. Stale `-wal`/`-shm` files go first: SQLite would replay them onto the new
    file and damage it.
    """
    stamp = (now or datetime.now()).replace(microsecond=0)
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise BackupError(
            "不能用当前数据库文件本身作为备份来恢复。", context=f"restore from {db_path} itself"
        )
    problems = verify_backup(backup)
    if problems:
        raise BackupError(
            f"备份校验失败，无法恢复：所选文件（{backup.name}）已损坏，或不是支部工作台的数据库。"
            "当前数据库没有任何改动。",
            context=f"restore refused, {backup}: {problems}",
        )
    revision = _revision_of(backup)
    if revision is None or not schema.is_known_revision(revision):
        raise BackupError(
            f"所选备份（{backup.name}）由更新版本的支部工作台创建，请先升级支部工作台再恢复。当前数据库没有任何改动。",
            context=f"restore refused, {backup}: unknown revision {revision}",
        )
    restored_from = backup_info(backup)

    safety: Path | None = None
    raw = False
    if db_path.exists():
        try:
            safety = make_backup(db_path, backup_dir, reason="restore", now=stamp).path
        except BackupError:
            safety = _set_aside_raw(db_path, backup_dir, stamp)
            raw = True

    _replace_database(backup, db_path)

    when = format_backup_time(restored_from.created_at)
    if safety is None:
        summary = f"已恢复到 {when} 的备份。"
    elif raw:
        summary = (
            f"已恢复到 {when} 的备份；此后所做的修改已不在当前数据库中。"
            f"原数据库文件已损坏，已原样另存为 {safety.name}（位于 {safety.parent}）。"
        )
    else:
        summary = (
            f"已恢复到 {when} 的备份；此后所做的修改已不在当前数据库中"
            f"（已另存为安全备份 {safety.name}，位于 {safety.parent}）。"
        )
    return RestoreResult(restored_from, safety, restored_from.created_at, summary, raw)


# --- internals -------------------------------------------------------------------------------------


def _parse_name(name: str) -> tuple[datetime, str, int] | None:
    match = _NAME_RE.match(name)
    if match is None:
        return None
    try:
        created_at = datetime.strptime(f"{match[1]}-{match[2]}", _STAMP_FORMAT)
    except ValueError:
        return None
    return created_at, match[3], int(match[4] or 1)


def _sort_key(info: BackupInfo) -> tuple[datetime, int]:
    parsed = _parse_name(info.path.name)
    return info.created_at, parsed[2] if parsed else 0


def _check_reason(reason: str) -> None:
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}; expected one of {REASONS}")


def _read_only_uri(path: Path) -> str:
    # as_uri() percent-encodes, so Chinese names and '#', '?', '%' in a path stay one path.
    return f"{path.resolve().as_uri()}?mode=ro"


def _revision_of(path: Path) -> str | None:
    conn = sqlite3.connect(_read_only_uri(path), uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


def _copy_with_backup_api(source_path: Path, target_path: Path) -> None:
    """A consistent copy (WAL included) written as one self-contained journal_mode=DELETE file."""
    source = sqlite3.connect(_read_only_uri(source_path), uri=True)
    try:
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)  # pages=-1: one step, one read transaction, a consistent snapshot
            mode = target.execute("PRAGMA journal_mode=DELETE").fetchone()
            if mode is None or str(mode[0]).lower() != "delete":
                raise sqlite3.OperationalError(f"could not set journal_mode=DELETE, got {mode}")
        finally:
            target.close()
    finally:
        source.close()


def _verified_copy(source: Path, folder: Path, *, prefix: str = TEMP_PREFIX) -> Path:
    """A verified, fsynced copy of `source` in a temp file inside `folder`; on failure nothing is left."""
    if not source.is_file():
        raise BackupError(f"找不到数据库文件：{source}", context=f"copy: {source} missing")
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=BACKUP_SUFFIX, dir=folder)
    os.close(handle)
    tmp = Path(name)
    try:
        _copy_with_backup_api(source, tmp)
        problems = db.integrity_problems(tmp)
        if problems:
            raise BackupError(
                "备份校验失败：复制出的文件没有通过完整性检查，已丢弃。数据库文件可能已损坏，请从较早的备份恢复。",
                context=f"copy of {source} failed integrity_check: {problems}",
            )
        _fsync_file(tmp)
    except BaseException as exc:
        _remove_with_side_files(tmp)
        if isinstance(exc, sqlite3.Error):
            raise BackupError(
                f"无法读取数据库文件 {source.name}，文件可能已损坏。", context=f"copy of {source}: {exc!r}"
            ) from exc
        if isinstance(exc, OSError):
            raise BackupError(
                f"无法写入文件夹 {folder}（磁盘已满或没有权限？）。", context=f"copy of {source}: {exc!r}"
            ) from exc
        raise
    return tmp


def _free_name(backup_dir: Path, stamp: datetime, reason: str) -> Path:
    for seq in count(1):
        candidate = backup_dir / backup_file_name(stamp, reason, seq)
        if not candidate.exists():
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _publish(tmp: Path, backup_dir: Path, stamp: datetime, reason: str) -> BackupInfo:
    final = _free_name(backup_dir, stamp, reason)
    os.replace(tmp, final)
    _fsync_dir(backup_dir)
    return BackupInfo(final, stamp, reason, final.stat().st_size)


def _set_aside_raw(db_path: Path, backup_dir: Path, stamp: datetime) -> Path:
    """Copy a damaged database (with its WAL) aside byte for byte, so a specialist can still try."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    final = _free_name(backup_dir, stamp, CORRUPT_REASON)
    try:
        for side in ("", "-wal", "-journal"):  # the file and the journals that may hold its data
            source = Path(f"{db_path}{side}")
            if source.exists():
                _durable_copy(source, Path(f"{final}{side}"))
    except OSError as exc:
        _remove_with_side_files(final)
        raise BackupError(
            "无法保存当前数据库的副本，未进行恢复（磁盘已满或没有权限？）。当前数据库没有任何改动。",
            context=f"setting aside {db_path} failed: {exc!r}",
        ) from exc
    return final


def _durable_copy(source: Path, target: Path) -> None:
    tmp = target.with_name(f"{TEMP_PREFIX}{target.name}")
    try:
        with source.open("rb") as src, tmp.open("wb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _replace_database(backup: Path, db_path: Path) -> None:
    """Copy `backup` beside `db_path`, verify and fsync it, then swap it in with one rename."""
    tmp = _verified_copy(backup, db_path.parent, prefix=f".{db_path.name}.restore-")
    try:
        for side in _SIDE_FILES:  # before the swap: a stale WAL replayed onto the new file corrupts it
            Path(f"{db_path}{side}").unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except OSError as exc:
        _remove_with_side_files(tmp)
        raise BackupError(
            f"恢复失败：无法替换数据库文件 {db_path}（文件被其他程序占用或没有权限？）。"
            "恢复前的数据库（如有）已另存为安全备份。",
            context=f"restore of {backup} onto {db_path}: {exc!r}",
        ) from exc
    _fsync_dir(db_path.parent)


def _remove_stale_temp_files(backup_dir: Path) -> list[Path]:
    """Temp files older than an hour are leftovers of a crash mid-backup: full copies, never finished."""
    if not backup_dir.is_dir():
        return []
    cutoff = time.time() - STALE_TEMP_AGE.total_seconds()
    removed: list[Path] = []
    for entry in backup_dir.iterdir():
        if entry.name.startswith(TEMP_PREFIX) and entry.is_file() and entry.stat().st_mtime < cutoff:
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def _remove_with_side_files(path: Path) -> None:
    for side in ("", *_SIDE_FILES):
        Path(f"{path}{side}").unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open a folder and needs no such step."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
