"""关于: the version and where the data lives, in text the user can select and paste to support."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk import APP_NAME, APP_TITLE, __version__
from branchdesk.paths import DataPaths

from branchdesk.ui.theme import bundled_fonts_dir

LICENCE_NAMES = ("OFL", "LICENSE", "LICENCE", "COPYING")


def font_licence(folder: Path | None) -> tuple[str, str] | None:
    """(file name, text) of the bundled font's licence, or None when no font is shipped."""
    if folder is None:
        return None
    for file in sorted(folder.iterdir()):
        if file.is_file() and file.name.upper().startswith(LICENCE_NAMES):
            return file.name, file.read_text(encoding="utf-8", errors="replace")
    return None


class AboutDialog(QDialog):
    def __init__(self, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"关于{APP_TITLE}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{APP_TITLE}</h2><p>党支部书记的离线工作台（{APP_NAME}）</p>", self)
        layout.addWidget(title)

        form = QFormLayout()
        self.version_label = self._selectable(__version__, "versionLabel")
        self.folder_label = self._selectable(str(self.paths.root), "dataFolderLabel")
        self.database_label = self._selectable(str(self.paths.database), "databaseLabel")
        self.backups_label = self._selectable(str(self.paths.backups), "backupsLabel")
        self.log_label = self._selectable(str(self.paths.log_file), "logLabel")
        form.addRow("版本：", self.version_label)
        form.addRow("数据文件夹：", self.folder_label)
        form.addRow("数据库文件：", self.database_label)
        form.addRow("备份文件夹：", self.backups_label)
        form.addRow("日志文件：", self.log_label)
        layout.addLayout(form)
        if self.paths.demo:
            layout.addWidget(QLabel("当前使用的是演示数据，与正式数据分开保存。", self))

        self.licence_text: QPlainTextEdit | None = None
        licence = font_licence(bundled_fonts_dir())
        if licence is not None:
            name, text = licence
            layout.addWidget(QLabel(f"随程序附带的字体按以下许可证发布（{name}）：", self))
            self.licence_text = QPlainTextEdit(text, self)
            self.licence_text.setObjectName("fontLicenceText")
            self.licence_text.setReadOnly(True)
            self.licence_text.setMinimumHeight(160)
            layout.addWidget(self.licence_text)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        layout.addWidget(self.buttons)

    def _selectable(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        return label

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
