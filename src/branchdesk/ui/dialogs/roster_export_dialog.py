"""导出花名册: the roster as a workbook the party office can print as it is.

ID numbers and phones are masked unless the user ticks 包含完整身份证号和手机号 and confirms: a file
leaves the app by USB stick or chat, and a masked one can go anywhere. The dialog says where the
file went and opens that folder, because "where did it save?" is the question secretaries ask.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.exports.tables import TableReport
from branchdesk.services import branches, roster, roster_report

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.import_pages import NOTE_STYLE, OK_STYLE, user_documents_folder
from branchdesk.ui.workers import Report, run_task

log = logging.getLogger(__name__)

FILE_FILTER = "Excel 工作簿 (*.xlsx)"
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]')
FULL_WARNING = (
    "导出的文件将包含全体党员的完整身份证号和手机号。\n\n"
    "这些属于个人信息：请只在确有需要时导出，不要通过微信、QQ 等随意传送，用完及时删除。\n\n"
    "确定要包含完整信息吗？"
)


def default_file_name(branch_name: str, today: dt.date) -> str:
    """内科第七党支部党员花名册_20261125.xlsx (characters Windows refuses in names become _)."""
    return _NOT_IN_FILE_NAMES.sub("_", f"{branch_name}党员花名册_{today:%Y%m%d}") + ".xlsx"


class RosterExportDialog(QDialog):
    """Where to save and whether to include full values; `saved_path` once a file was written."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        synchronous: bool = False,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.synchronous = synchronous  # tests write the file inline
        self._today = today or dt.date.today()
        self.saved_path: Path | None = None
        branch_id = ctx.branch_id
        self._branch_name, self._count = operations.read(
            ctx,
            lambda s: (branches.get_profile(s, branch_id).name, len(roster.list_members(s, branch_id))),
        )
        self.setObjectName("rosterExportDialog")
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setWindowTitle("导出党员花名册")
        intro = QLabel(
            f"将导出“{self._branch_name}”的 {self._count} 名在册党员（按花名册顺序），"
            "生成可直接用 A4 纸横向打印的 Excel 工作簿，每页都有表头和页码。"
        )
        intro.setWordWrap(True)
        default = user_documents_folder() / default_file_name(self._branch_name, self._today)
        self.path_edit = QLineEdit(str(default))
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setMinimumWidth(420)
        self.browse_button = QPushButton("更改位置(&B)…")
        self.browse_button.setObjectName("exportBrowse")
        self.browse_button.setAutoDefault(False)
        caption = QLabel("保存到(&S)：")
        caption.setBuddy(self.path_edit)
        path_row = QHBoxLayout()
        path_row.addWidget(caption)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.full_check = QCheckBox("包含完整身份证号和手机号(&F)")
        self.full_check.setObjectName("exportFull")
        note = QLabel(
            "不勾选时，身份证号只显示后4位，手机号隐去中间4位，适合交给院党委汇总或打印。"
            "完整号码属于个人信息，勾选时会再次确认。"
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)

        self.result_label = QLabel()
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("打开所在文件夹(&O)")
        self.open_button.setObjectName("exportOpenFolder")
        self.open_button.setAutoDefault(False)
        self.result_frame = QFrame()
        self.result_frame.setObjectName("exportResultFrame")
        self.result_frame.setStyleSheet(
            "#exportResultFrame { background: #edf7ed; border: 1px solid #a5d6a7; border-radius: 4px; }"
        )
        result_layout = QVBoxLayout(self.result_frame)
        result_layout.addWidget(self.result_label)
        result_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        self.result_frame.hide()

        self.export_button = QPushButton("导出(&E)")
        self.export_button.setObjectName("exportRun")
        self.export_button.setDefault(True)
        self.close_button = QPushButton("取消")
        self.close_button.setObjectName("exportClose")
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.export_button, self.close_button):
            button.setMinimumWidth(96)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(path_row)
        layout.addWidget(self.full_check)
        layout.addWidget(note)
        layout.addWidget(self.result_frame)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(720, self.sizeHint().height())
        self.export_button.setFocus()

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.full_check.toggled.connect(self._on_full_check_toggled)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.close_button.clicked.connect(self.reject)

    def target(self) -> Path:
        """The path typed or chosen, always ending in .xlsx."""
        path = Path(self.path_edit.text().strip()).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def _on_browse_button_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "导出花名册", str(self.target()), FILE_FILTER)
        if name:
            self.path_edit.setText(name)

    def _on_full_check_toggled(self, checked: bool) -> None:
        """Full values only after a confirmation; saying no leaves the box unticked."""
        if checked and not messages.confirm(self, "导出完整信息", FULL_WARNING, ok_text="包含完整信息"):
            self.full_check.blockSignals(True)
            self.full_check.setChecked(False)
            self.full_check.blockSignals(False)

    def _on_export_button_clicked(self) -> None:
        self.export_now()

    def export_now(self) -> bool:
        """Write the workbook (off the GUI thread); say where, or why not."""
        path = self.target()
        if not self.path_edit.text().strip() or not path.parent.is_dir():
            messages.show_error(
                self, ValidationError("请选择一个已存在的文件夹来保存花名册。", field="保存位置")
            )
            self.path_edit.setFocus()
            return False
        if path.exists() and not messages.confirm(
            self, "替换文件", f"“{path.name}”已经存在，要替换它吗？", ok_text="替换"
        ):
            return False
        full = self.full_check.isChecked()
        branch_id, today = self._ctx.branch_id, self._today
        try:
            report = operations.read(
                self._ctx, lambda s: roster_report.roster_report(s, branch_id, full=full, today=today)
            )
        except BranchDeskError as exc:
            messages.show_error(self, exc)
            return False
        result = run_task(self, "正在导出花名册", self._writer(report, path), synchronous=self.synchronous)
        if result.cancelled:
            return False
        if isinstance(result.error, OSError):
            messages.show_error(
                self,
                BranchDeskError(
                    f"无法保存到“{path}”。如果这个文件正在 Excel 或 WPS 中打开，请先关闭它；"
                    "也可以点击“更改位置”换一个文件夹。",
                    field="保存位置",
                    context=repr(result.error),
                ),
                title="导出失败",
            )
            return False
        if result.error is not None:
            messages.show_unexpected(self, str(self._ctx.paths.log_file))
            return False
        self.saved_path = path
        privacy = "包含完整身份证号和手机号，请妥善保管" if full else "身份证号、手机号已隐去部分数字"
        self.result_label.setText(
            f'<span style="{OK_STYLE}">已导出 {len(report.rows)} 名党员（{privacy}）。</span>'
            f"<br>保存在：{escape(str(path))}"
        )
        self.result_frame.show()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self.close_button.setText("关闭")
        self.open_button.setFocus()
        return True

    @staticmethod
    def _writer(report: TableReport, path: Path) -> Callable[[Report, Callable[[], bool]], Path]:
        def work(_report: Report, _cancelled: Callable[[], bool]) -> Path:
            from branchdesk.exports.xlsx_sheet import save_report  # openpyxl only when first needed

            return save_report(report, path)

        return work

    def _on_open_button_clicked(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path.parent)))
