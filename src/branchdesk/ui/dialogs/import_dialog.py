"""导入花名册: the Excel file a secretary already has, checked row by row before anything is written.

Four steps in one dialog: choose the file (read off the GUI thread, refusals explained in the page),
check which column is which, preview (problems by Excel row, rows left out on purpose, update or
skip existing members), then import: a backup first, the write in one transaction, a summary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError
from branchdesk.services import roster_import, roster_import_run, xlsx_guard
from branchdesk.services.roster_import import RosterPreview
from branchdesk.services.roster_import_run import ImportChoices, ImportRun
from branchdesk.services.roster_sheet import SheetTable, read_table

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.import_pages import (
    OK_STYLE,
    FileStep,
    MappingStep,
    row_list,
    user_documents_folder,
)
from branchdesk.ui.dialogs.import_preview_page import PreviewStep
from branchdesk.ui.dialogs.restore_dialog import moment_text
from branchdesk.ui.tablemodels.import_preview import IssueLine, issue_lines
from branchdesk.ui.workers import Report, run_task

log = logging.getLogger(__name__)

FILE_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"
FILE_STEP, MAPPING_STEP, PREVIEW_STEP, DONE_STEP = range(4)
STEP_TITLES = ("选择文件", "核对各列", "预览并导入", "完成")


class ImportDialog(QDialog):
    """The roster import; `run` holds what was written once 导入 succeeded."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.synchronous = synchronous  # tests run the reading and the import inline
        self.source: Path | None = None
        self.folder: Path | None = None
        self.table: SheetTable | None = None
        self.preview: RosterPreview | None = None
        self.run: ImportRun | None = None
        self.excluded: dict[int, list[IssueLine]] = {}  # Excel row -> its issues when it was left out
        self.setObjectName("importDialog")
        self._build_ui()
        self._connect_signals()
        self._go(FILE_STEP)

    def _build_ui(self) -> None:
        self.setWindowTitle("导入花名册")
        self.steps_label = QLabel()
        self.steps_label.setObjectName("importSteps")
        self.file_step = FileStep()
        self.mapping_step = MappingStep()
        self.preview_step = PreviewStep()
        self.done_label = QLabel()
        self.done_label.setObjectName("importDone")
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet("font-size: 15px;")
        done = QWidget()
        done_layout = QVBoxLayout(done)
        done_layout.addWidget(self.done_label)
        done_layout.addStretch(1)
        self.stack = QStackedWidget()
        for step in (self.file_step, self.mapping_step, self.preview_step, done):
            self.stack.addWidget(step)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        self.back_button = QPushButton("上一步(&B)")
        self.back_button.setObjectName("importBack")
        self.next_button = QPushButton("下一步(&N)")
        self.next_button.setObjectName("importNext")
        self.import_button = QPushButton("导入(&I)")
        self.import_button.setObjectName("importRun")
        self.finish_button = QPushButton("完成")
        self.finish_button.setObjectName("importFinish")
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setObjectName("importCancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (
            self.back_button,
            self.next_button,
            self.import_button,
            self.finish_button,
            self.cancel_button,
        ):
            button.setAutoDefault(False)
            button.setMinimumWidth(96)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(line)
        layout.addLayout(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(1120, screen.width() - 40), min(690, screen.height() - 40))

    def _connect_signals(self) -> None:
        self.file_step.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.mapping_step.mapping_changed.connect(self._on_mapping_step_mapping_changed)
        self.preview_step.on_duplicate_changed.connect(self._on_preview_step_on_duplicate_changed)
        self.preview_step.issue_model.exclusion_toggled.connect(self._on_issue_model_exclusion_toggled)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.finish_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)

    # --- navigation --------------------------------------------------------------------------------

    def step(self) -> int:
        return self.stack.currentIndex()

    def _go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        parts = []
        for number, title in enumerate(STEP_TITLES):
            text = f"{number + 1}. {title}"
            if number == step:
                text = f'<span style="color:#c62828; font-weight:bold;">{text}</span>'
            else:
                text = f'<span style="color:#757575;">{text}</span>'
            parts.append(text)
        self.steps_label.setText("　›　".join(parts))
        self._update_buttons()
        focus = {
            FILE_STEP: self.file_step.choose_button,
            MAPPING_STEP: self.mapping_step.first_combo(),
            PREVIEW_STEP: self.preview_step.issue_view
            if self.preview_step.issue_model.rowCount()
            else self.preview_step.row_view,
            DONE_STEP: self.finish_button,
        }[step]
        if focus is not None:
            focus.setFocus()

    def _update_buttons(self) -> None:
        """Only the buttons of the current step; Enter presses the step's main one."""
        step = self.step()
        done = step == DONE_STEP
        self.back_button.setVisible(not done)
        self.back_button.setEnabled(step in (MAPPING_STEP, PREVIEW_STEP))
        self.next_button.setVisible(step in (FILE_STEP, MAPPING_STEP))
        self.next_button.setEnabled(
            (step == FILE_STEP and self.table is not None)
            or (step == MAPPING_STEP and self.mapping_step.name_mapped)
        )
        self.import_button.setVisible(step == PREVIEW_STEP)
        preview = self.preview
        self.import_button.setEnabled(
            step == PREVIEW_STEP and preview is not None and preview.importable and preview.members > 0
        )
        self.finish_button.setVisible(done)
        self.cancel_button.setVisible(not done)
        default = {
            FILE_STEP: self.next_button if self.table is not None else self.file_step.choose_button,
            MAPPING_STEP: self.next_button,
            PREVIEW_STEP: self.import_button,
            DONE_STEP: self.finish_button,
        }[step]
        for button in (
            self.file_step.choose_button,
            self.next_button,
            self.import_button,
            self.finish_button,
        ):
            button.setDefault(button is default and button.isEnabled())

    def _on_back_button_clicked(self) -> None:
        if self.step() in (MAPPING_STEP, PREVIEW_STEP):
            self._go(self.step() - 1)

    def _on_next_button_clicked(self) -> None:
        if self.step() == FILE_STEP and self.table is not None:
            self._go(MAPPING_STEP)
        elif self.step() == MAPPING_STEP and self.mapping_step.name_mapped and self.refresh_preview():
            self._go(PREVIEW_STEP)

    # --- step 1: the file --------------------------------------------------------------------------

    def _on_choose_button_clicked(self) -> None:
        start = str(self.folder or user_documents_folder())
        name, _ = QFileDialog.getOpenFileName(self, "选择花名册文件", start, FILE_FILTER)
        if name:
            self.folder = Path(name).parent  # the next try starts beside this file
            self.load_file(Path(name))

    def load_file(self, path: Path) -> bool:
        """Read `path` off the GUI thread; on success go on to the columns, else say why here."""

        def work(report: Report, cancelled: Callable[[], bool]) -> SheetTable:
            report("正在打开工作簿", 0, 0)
            return read_table(xlsx_guard.load_workbook(path), progress=report, cancelled=cancelled)

        result = run_task(self, "正在读取花名册", work, synchronous=self.synchronous)
        if result.cancelled:
            self.file_step.show_status("已取消读取，可以重新选择文件。")
            return False
        if isinstance(result.error, BranchDeskError):
            log.info("roster file refused (%s)", getattr(result.error, "reason", "error"))
            self.source = self.table = self.preview = None  # 下一步 must not go on with an older file
            self.file_step.show_refusal(path, result.error.user_message)
            self._update_buttons()
            self.file_step.choose_button.setFocus()
            return False
        if result.error is not None or result.value is None:
            messages.show_unexpected(self, str(self._ctx.paths.log_file))
            return False
        self.source = path
        self.table = result.value
        self.preview = None
        self.excluded = {}
        self.file_step.show_loaded(path, self.table)
        self.mapping_step.set_table(self.table)
        self._go(MAPPING_STEP)
        return True

    # --- steps 2 and 3: columns and preview --------------------------------------------------------

    def choices(self) -> ImportChoices:
        return ImportChoices(
            mapping=self.mapping_step.mapping(),
            on_duplicate="update" if self.preview_step.on_duplicate == "update" else "skip",
            exclude_rows=tuple(sorted(self.excluded)),
        )

    def _on_mapping_step_mapping_changed(self) -> None:
        self.preview = None
        self._update_buttons()

    def _on_preview_step_on_duplicate_changed(self) -> None:
        if self.step() == PREVIEW_STEP:
            self.refresh_preview()

    def _on_issue_model_exclusion_toggled(self, row: int, excluded: bool) -> None:
        """Remember the row's issues (to keep showing them), then re-run the preview once the view
        has finished with the click that got us here."""
        if excluded:
            self.excluded[row] = self.preview_step.issue_model.lines_of_row(row)
        else:
            self.excluded.pop(row, None)
        QTimer.singleShot(0, self, self.refresh_preview)

    def refresh_preview(self) -> bool:
        """Run the preview with the current choices; rows left out keep showing their issues."""
        table = self.table
        if table is None:
            return False
        choices = self.choices()
        branch_id = self._ctx.branch_id

        def check(session: Any) -> tuple[RosterPreview, RosterPreview | None]:
            def preview(exclude: tuple[int, ...]) -> RosterPreview:
                return roster_import.preview_import(
                    session,
                    table,
                    branch_id=branch_id,
                    mapping=choices.mapping,
                    on_duplicate=choices.on_duplicate,
                    exclude_rows=exclude,
                )

            return preview(choices.exclude_rows), preview(()) if choices.exclude_rows else None

        try:
            self.preview, everything = operations.read(self._ctx, check)
        except BranchDeskError as exc:
            messages.show_error(self, exc)
            return False
        if everything is not None:  # the left-out rows' issues under the current mapping
            for row in self.excluded:
                lines = [IssueLine(p, True) for p in everything.problems if p.row == row]
                lines += [IssueLine(w, False) for w in everything.warnings if w.row == row]
                if lines:
                    self.excluded[row] = lines
        self.preview_step.show_preview(self.preview, issue_lines(self.preview, self.excluded))
        self._update_buttons()
        return True

    # --- step 4: the import ------------------------------------------------------------------------

    def _on_import_button_clicked(self) -> None:
        self.import_now()

    def import_now(self) -> bool:
        """Back up, then check and write in one transaction; a refusal writes nothing and says why."""
        table, preview = self.table, self.preview
        if table is None or preview is None or not preview.importable:
            return False
        choices = self.choices()
        ctx = self._ctx

        def work(report: Report, cancelled: Callable[[], bool]) -> ImportRun:
            return roster_import_run.import_table(
                ctx.db,
                table,
                ctx.branch_id,
                backup_dir=ctx.paths.backups,
                choices=choices,
                cancelled=cancelled,
                progress=report,
            )

        result = run_task(self, "正在导入花名册", work, synchronous=self.synchronous)
        run = result.value
        if run is not None and run.summary is not None:  # written, even if 取消 came too late
            self._finish(run)
            return True
        if run is not None:  # the database changed since the preview and a row now has a problem
            self.refresh_preview()
            messages.inform(self, "未导入", "重新检查时发现了新的问题，未导入任何数据。请查看问题列表。")
        elif result.cancelled:
            messages.inform(self, "已取消", "已取消导入，未导入任何数据。")
        elif isinstance(result.error, BranchDeskError):
            messages.show_error(self, result.error, title="导入失败，未导入任何数据")
        else:
            messages.show_unexpected(self, str(ctx.paths.log_file))
        return False

    def _finish(self, run: ImportRun) -> None:
        assert run.summary is not None
        self.run = run
        summary = run.summary
        self._ctx.events.members_changed.emit()
        self._ctx.events.groups_changed.emit()
        lines = [
            f'<p style="{OK_STYLE} font-size: 18px;">已导入：新增 {summary.added} 人，'
            f"更新 {summary.updated} 人。</p>"
        ]
        if summary.unchanged:
            lines.append(f"<p>另有 {summary.unchanged} 人的信息与文件一致，未作改动。</p>")
        if summary.skipped:
            lines.append(f"<p>跳过已在花名册中的党员 {summary.skipped} 人。</p>")
        if summary.groups_created:
            lines.append(f"<p>新建党小组：{'、'.join(summary.groups_created)}。</p>")
        if run.preview.excluded_rows:
            lines.append(f"<p>按您的选择未导入 Excel {row_list(run.preview.excluded_rows)}。</p>")
        if run.preview.other_branch_rows:
            lines.append(f"<p>属于其他支部的 {len(run.preview.other_branch_rows)} 行未导入。</p>")
        if run.backup is not None:
            lines.append(
                f"<p>导入前已自动备份数据（{moment_text(run.backup.created_at)}，“导入前”备份）。"
                "如需撤销本次导入，可在“数据与备份”中恢复这份备份。</p>"
            )
        lines.append("<p>点击“完成”回到党员花名册。</p>")
        self.done_label.setText("".join(lines))
        self._go(DONE_STEP)
