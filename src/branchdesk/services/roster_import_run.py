"""One roster import run: a backup, then the check and the write in one transaction.

Shared by `branchdesk import-roster` and the import dialog so both take the same steps in the same
order. The backup is made before the transaction opens, so a failed import leaves the database as
it was and a copy from just before. The preview is run again inside the transaction: what is
written matches the database at that moment, not when the user looked at the preview, and a problem
found then writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk.db import Database
from branchdesk.services import backup, roster_import
from branchdesk.services.backup import BackupInfo
from branchdesk.services.roster_import import ImportSummary, OnDuplicate, RosterPreview
from branchdesk.services.roster_sheet import SheetTable

Progress = Callable[[str, int, int], None]
BranchChoice = int | Callable[[Session], int]  # a branch id, or how to find (or make) it


@dataclass(frozen=True)
class ImportChoices:
    """What the user decided about the file: the column mapping, duplicates, rows left out."""

    mapping: tuple[str | None, ...] | None = None  # None: the mapping guessed from the headers
    on_duplicate: OnDuplicate = "update"
    exclude_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class ImportRun:
    """The preview checked inside the transaction, what was written, and the backup made first."""

    preview: RosterPreview
    summary: ImportSummary | None  # None: nothing written (problems found, or a dry run)
    backup: BackupInfo | None


class _Rollback(Exception):
    """Leave the transaction without writing (a dry run, or problems found)."""


def backup_before_import(db_path: Path, backup_dir: Path) -> BackupInfo | None:
    """A verified "import" backup of an existing database; None when there is no file to copy yet."""
    if not db_path.exists():
        return None
    return backup.make_backup(db_path, backup_dir, reason="import")


def import_table(
    db: Database,
    table: SheetTable,
    branch: BranchChoice,
    *,
    backup_dir: Path | None,
    choices: ImportChoices = ImportChoices(),
    dry_run: bool = False,
    today: dt.date | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress: Progress | None = None,
) -> ImportRun:
    """Back up (unless `backup_dir` is None or this is a dry run), then preview and apply at once.

    Raises BackupError when the backup fails (nothing is written then), InterruptedError when
    `cancelled()` turns true before the write starts, and the services' ValidationError when a row
    cannot be written; in every case the transaction is rolled back as a whole.
    """
    made = None
    if backup_dir is not None and not dry_run:
        # A file with problems writes nothing: check it first, so no pointless "import" backup
        # pushes a useful one out of rotation.
        first = import_table(
            db,
            table,
            branch,
            backup_dir=None,
            choices=choices,
            dry_run=True,
            today=today,
            cancelled=cancelled,
        )
        if not first.preview.importable:
            return first
        if progress:
            progress("正在备份数据", 0, 0)
        made = backup_before_import(db.path, backup_dir)
    if cancelled and cancelled():
        raise InterruptedError
    outcome: ImportRun | None = None
    try:
        with db.transaction() as session:
            branch_id = branch if isinstance(branch, int) else branch(session)
            preview = roster_import.preview_import(
                session,
                table,
                branch_id=branch_id,
                mapping=choices.mapping,
                on_duplicate=choices.on_duplicate,
                exclude_rows=choices.exclude_rows,
                today=today,
                cancelled=cancelled,
                progress=progress,
            )
            outcome = ImportRun(preview, None, made)
            if dry_run or not preview.importable:
                raise _Rollback
            if progress:
                progress("正在写入党员信息", 0, 0)
            summary = roster_import.apply_import(
                session, preview, branch_id=branch_id, mapping=choices.mapping or table.mapping, today=today
            )
            outcome = ImportRun(preview, summary, made)
    except _Rollback:
        pass
    assert outcome is not None
    return outcome
