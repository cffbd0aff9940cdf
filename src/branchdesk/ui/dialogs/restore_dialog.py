"""Restoring a backup: the list, the plain warning about what is lost, and the restore itself.

Shared by the 数据与备份 page and by start-up when the database is damaged (then nothing is open),
so both say the same words and run the same steps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError
from branchdesk.paths import DataPaths
from branchdesk.services import backup, storage
from branchdesk.services.backup import BackupInfo, RestoreResult

from branchdesk.ui.dialogs import messages
from branchdesk.ui.tablemodels.base import RIGHT, Column
from branchdesk.ui.widgets.rows_table import RowsTable

log = logging.getLogger(__name__)

REASON_LABELS: dict[str, str] = {
    "start": "启动",
    "close": "关闭",
    "import": "导入前",
    "migration": "升级前",
    "restore": "恢复前",
    "manual": "手动",
}


def reason_label(reason: str) -> str:
    return REASON_LABELS.get(reason, reason)


def moment_text(moment: datetime, *, now: datetime | None = None) -> str:
    """`11月24日 18:02` within the current year, with the year otherwise: short but unambiguous."""
    current = now or datetime.now()
    day = f"{moment.month}月{moment.day}日 {moment:%H:%M}"
    return day if moment.year == current.year else f"{moment.year}年{day}"


def listed_moment_text(moment: datetime, *, now: datetime | None = None) -> str:
    """The list adds 今天/昨天, which is how people remember when they made a mistake."""
    current = now or datetime.now()
    ago = (current.date() - moment.date()).days
    relative = {0: "（今天）", 1: "（昨天）"}.get(ago, "")
    return moment_text(moment, now=current) + relative


def size_text(size: int) -> str:
    """File sizes as secretaries read them: KB below a megabyte, MB with one decimal above."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def restore_warning(info: BackupInfo, *, now: datetime | None = None) -> str:
    """Says plainly which period is lost before the user agrees."""
    return (
        f"将恢复到 {moment_text(info.created_at, now=now)} 的状态，此后的修改将不在当前数据库中；"
        "恢复前会先自动备份当前数据。\n\n确定要恢复吗？"
    )


BACKUP_COLUMNS: list[Column[BackupInfo]] = [
    Column("备份时间", lambda b: listed_moment_text(b.created_at), lambda b: b.created_at),
    Column("备份原因", lambda b: reason_label(b.reason)),
    Column("大小", lambda b: size_text(b.size), lambda b: b.size, RIGHT),
]


class BackupTable(RowsTable):
    """The backups in the service's order (newest first, same-second ties in one stable order).

    Not sortable: backups made in the same minute would shuffle, and newest-first is what matters.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(BACKUP_COLUMNS, parent=parent)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 240)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.rows_model.set_rows(backups)

    def selected_backup(self) -> BackupInfo | None:
        row = self.selected()
        return row if isinstance(row, BackupInfo) else None


def pick_backup_file(parent: QWidget | None, start_dir: Path) -> BackupInfo | None:
    """A backup kept elsewhere (a USB stick, another PC): chosen by hand, dated by the file."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "选择备份文件", str(start_dir), "支部工作台数据库 (*.sqlite3 *.db);;所有文件 (*)"
    )
    return backup.backup_info(Path(name)) if name else None


def perform_restore(
    parent: QWidget | None,
    paths: DataPaths,
    info: BackupInfo,
    *,
    release: Callable[[], None] | None = None,
) -> RestoreResult | None:
    """Confirm, release the open database (if any), restore; None when cancelled or refused.

    `release` closes every connection first: the file is swapped underneath and SQLite must not
    keep writing to the old one.
    """
    if not messages.confirm(parent, "恢复备份", restore_warning(info), ok_text="恢复"):
        return None
    try:
        if release is not None:
            release()
        return storage.restore(paths, info.path)
    except BranchDeskError as exc:
        log.warning("restore refused: %s", exc)
        messages.show_error(parent, exc, title="无法恢复")
    except Exception:
        log.exception("unexpected error while restoring %s", info.path.name)
        messages.show_unexpected(parent, str(paths.log_file))
    return None


class RestoreDialog(QDialog):
    """Choose a backup and restore it; works with no database open (start-up after damage)."""

    def __init__(self, paths: DataPaths, parent: QWidget | None = None, *, reason: str = "") -> None:
        super().__init__(parent)
        self._paths = paths
        self.result_summary = ""
        self.setObjectName("restoreDialog")
        self.setWindowTitle("从备份恢复")
        self.resize(640, 440)
        self._build_ui(reason)
        self._connect_signals()
        self.refresh()

    def _build_ui(self, reason: str) -> None:
        layout = QVBoxLayout(self)
        self.intro_label = QLabel(
            (reason + "\n\n" if reason else "")
            + "请选择一个备份，点击“恢复”。列表中最上面的是最近的备份。恢复前会先自动备份当前数据。"
        )
        self.intro_label.setObjectName("introLabel")
        self.intro_label.setWordWrap(True)
        layout.addWidget(self.intro_label)
        self.table = BackupTable(self)
        self.table.setObjectName("backupTable")
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(
            "备份文件夹中没有找到备份。如有保存在其他位置的备份，请点击“选择备份文件…”。"
        )
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        buttons = QHBoxLayout()
        self.file_button = QPushButton("选择备份文件(&F)…")
        self.file_button.setObjectName("fileButton")
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        self.button_box = QDialogButtonBox(self)
        self.restore_button = self.button_box.addButton("恢复(&R)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.cancel_button = self.button_box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelButton")
        buttons.addWidget(self.button_box)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.table.doubleClicked.connect(self._on_restore_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    def refresh(self) -> None:
        backups = backup.list_backups(self._paths.backups)
        self.table.set_backups(backups)
        self.empty_label.setVisible(not backups)
        if backups:
            self.table.select_row(0)
        self._on_table_selection_changed()

    def _on_table_selection_changed(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.table.selected_backup() is not None)
        self.restore_button.setDefault(True)

    def _on_restore_button_clicked(self, *_args: object) -> None:
        info = self.table.selected_backup()
        if info is not None:
            self._restore(info)

    def _on_file_button_clicked(self) -> None:
        info = pick_backup_file(self, self._paths.backups)
        if info is not None:
            self._restore(info)

    def _restore(self, info: BackupInfo) -> None:
        result = perform_restore(self, self._paths, info)
        if result is not None:
            self.result_summary = result.summary
            self.accept()
        else:
            self.refresh()
