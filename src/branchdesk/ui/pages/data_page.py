"""数据与备份: where the data lives, backups on demand, a health check and a restore in three clicks.

Restoring swaps the database file underneath the open app, so the page closes every connection
first and tells every other page to reload afterwards (`database_replaced`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError
from branchdesk.services import backup, storage
from branchdesk.services.backup import BackupInfo

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.restore_dialog import (
    BackupTable,
    moment_text,
    perform_restore,
    pick_backup_file,
    size_text,
)

log = logging.getLogger(__name__)

OK_STYLE = "color: #1b5e20; font-weight: bold;"
BAD_STYLE = "color: #b71c1c; font-weight: bold;"


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setWordWrap(True)
    return label


class DataPage(QWidget):
    """The data folder, backups and restore; every action also reachable by keyboard mnemonics."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("dataPage")
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)

        where = QGroupBox("数据保存位置")
        form = QFormLayout(where)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.folder_label = _selectable(QLabel())
        self.folder_label.setObjectName("folderLabel")
        self.database_label = _selectable(QLabel())
        self.database_label.setObjectName("databaseLabel")
        self.backups_label = _selectable(QLabel())
        self.backups_label.setObjectName("backupsLabel")
        form.addRow("数据文件夹：", self.folder_label)
        form.addRow("数据库文件：", self.database_label)
        form.addRow("备份文件夹：", self.backups_label)
        layout.addWidget(where)

        actions = QHBoxLayout()
        self.backup_button = QPushButton("立即备份(&B)")
        self.backup_button.setObjectName("backupButton")
        self.backup_button.setToolTip("把当前数据库复制一份到备份文件夹，并检查备份是否完好")
        self.check_button = QPushButton("检查数据库(&C)")
        self.check_button.setObjectName("checkButton")
        self.check_button.setToolTip("检查数据库文件是否完好")
        self.open_folder_button = QPushButton("打开备份文件夹(&O)")
        self.open_folder_button.setObjectName("openFolderButton")
        for button in (self.backup_button, self.check_button, self.open_folder_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.status_label = _selectable(QLabel())
        self.status_label.setObjectName("statusLabel")
        self.status_label.setVisible(False)
        layout.addWidget(self.status_label)

        box = QGroupBox("备份记录（最近的在最上面）")
        box_layout = QVBoxLayout(box)
        hint = QLabel(
            "程序每次启动和关闭时会自动备份。误删误改后，可以选中一个备份，点击“恢复所选备份”回到当时的状态。"
        )
        hint.setWordWrap(True)
        box_layout.addWidget(hint)
        self.table = BackupTable(self)
        self.table.setObjectName("backupTable")
        box_layout.addWidget(self.table, 1)
        restore_row = QHBoxLayout()
        self.restore_button = QPushButton("恢复所选备份(&R)…")
        self.restore_button.setObjectName("restoreButton")
        self.restore_file_button = QPushButton("从其他位置的备份文件恢复(&L)…")
        self.restore_file_button.setObjectName("restoreFileButton")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        restore_row.addWidget(self.restore_button)
        restore_row.addWidget(self.restore_file_button)
        restore_row.addStretch(1)
        restore_row.addWidget(self.count_label)
        box_layout.addLayout(restore_row)
        layout.addWidget(box, 1)

    def _connect_signals(self) -> None:
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.restore_file_button.clicked.connect(self._on_restore_file_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(self._on_restore_button_clicked)
        self._ctx.events.database_replaced.connect(self.refresh)

    def refresh(self) -> None:
        paths = self._ctx.paths
        self.folder_label.setText(str(paths.root) + ("（演示数据）" if self._ctx.demo else ""))
        self.database_label.setText(f"{paths.database}（{self._database_size()}）")
        self.backups_label.setText(str(paths.backups))
        backups = backup.list_backups(paths.backups)
        self.table.set_backups(backups)
        self.count_label.setText(f"共 {len(backups)} 个备份，合计 {size_text(sum(b.size for b in backups))}")
        self._on_table_selection_changed()

    def _database_size(self) -> str:
        """The file plus its write-ahead log: together they are what a backup copies."""
        total = 0
        for suffix in ("", "-wal"):
            part = Path(f"{self._ctx.paths.database}{suffix}")
            if part.exists():
                total += part.stat().st_size
        return size_text(total)

    def _show_status(self, text: str, *, ok: bool, details: str = "") -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(OK_STYLE if ok else BAD_STYLE)
        self.status_label.setToolTip(details)
        self.status_label.setVisible(True)

    def _on_table_selection_changed(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.table.selected_backup() is not None)

    def _on_backup_button_clicked(self) -> None:
        try:
            info = backup.make_backup(self._ctx.paths.database, self._ctx.paths.backups, reason="manual")
        except BranchDeskError as exc:
            log.warning("manual backup failed: %s", exc)
            messages.show_error(self, exc, title="备份失败")
            return
        self.refresh()
        self.table.select_row(0)
        self._show_status(
            f"已备份（{moment_text(info.created_at)}，{size_text(info.size)}），备份文件已通过检查。", ok=True
        )

    def _on_check_button_clicked(self) -> None:
        problems = storage.check_database(self._ctx.paths)
        if not problems:
            self._show_status("数据库完好。", ok=True)
            return
        log.warning("database check found problems: %s", problems)
        words = list(dict.fromkeys(storage.problem_text(p) for p in problems))
        self._show_status(
            f"数据库检查发现 {len(problems)} 个问题：{'；'.join(words)}。"
            "请先点击“立即备份”保留现状，再从最近一个完好的备份恢复，并告知信息科。",
            ok=False,
            details="\n".join(problems),
        )

    def _on_open_folder_button_clicked(self) -> None:
        self._ctx.paths.backups.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._ctx.paths.backups)))

    def _on_restore_button_clicked(self, *_args: object) -> None:
        info = self.table.selected_backup()
        if info is not None:
            self._restore(info)

    def _on_restore_file_button_clicked(self) -> None:
        info = pick_backup_file(self, self._ctx.paths.backups)
        if info is not None:
            self._restore(info)

    def _restore(self, info: BackupInfo) -> None:
        result = perform_restore(self, self._ctx.paths, info, release=self._ctx.db.dispose)
        if result is None:
            self.refresh()
            return
        log.info("restored %s", info.path.name)
        self._ctx.events.database_replaced.emit()
        self.refresh()
        self._show_status(result.summary, ok=True)
