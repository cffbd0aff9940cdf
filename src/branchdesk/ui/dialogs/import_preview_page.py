"""Step 3 of the roster import: what the import would do, every problem by Excel row, the rows.

Problems and warnings share one table sorted by row; ticking 排除此行 (or Space, or the button)
leaves a row out on purpose, and the dialog re-runs the preview. The table of rows to import shows
ID numbers masked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.roster_import import RosterPreview

from branchdesk.ui.dialogs.import_pages import NOTE_STYLE, OK_STYLE, note_label, row_list
from branchdesk.ui.tablemodels.base import ForegroundDelegate
from branchdesk.ui.tablemodels.import_preview import (
    PREVIEW_COLUMNS,
    IssueLine,
    IssueTableModel,
    PreviewRowModel,
)
from branchdesk.ui.widgets.field_errors import ERROR_STYLE

MAX_ISSUE_LINES = 5
STRETCHED_ROW_COLUMN = [column.title for column in PREVIEW_COLUMNS].index("科室")


class PreviewStep(QWidget):
    """Step 3: what the import would do, every problem and warning by row, the rows to import."""

    on_duplicate_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreviewStep")
        self.update_radio = QRadioButton("更新已有党员的信息(&U)")
        self.update_radio.setObjectName("importUpdate")
        self.update_radio.setChecked(True)
        self.skip_radio = QRadioButton("跳过已有党员(&K)")
        self.skip_radio.setObjectName("importSkip")
        self.duplicate_group = QButtonGroup(self)
        self.duplicate_group.addButton(self.update_radio)
        self.duplicate_group.addButton(self.skip_radio)
        duplicates = QHBoxLayout()
        duplicates.addWidget(QLabel("已在花名册中的党员："))
        duplicates.addWidget(self.update_radio)
        duplicates.addWidget(self.skip_radio)
        duplicates.addStretch(1)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.status_label = QLabel()
        self.status_label.setObjectName("importStatus")
        self.status_label.setWordWrap(True)

        self.issue_model = IssueTableModel(self)
        self.issue_view = self._table("importIssues", self.issue_model)
        self.issue_view.setWordWrap(True)
        self.issue_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.issue_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # a steady width
        self.issue_view.horizontalHeader().setStyleSheet("QHeaderView::section { text-transform: none; }")
        self.space_shortcut = QShortcut(
            QKeySequence(Qt.Key.Key_Space), self.issue_view, context=Qt.ShortcutContext.WidgetShortcut
        )
        self.exclude_button = QPushButton("排除此行(&X)")
        self.exclude_button.setObjectName("importExclude")
        self.exclude_button.setToolTip("不导入选中的这一行（空格键也可以勾选或取消）")
        self.issue_box = QGroupBox("问题和提示")
        issue_layout = QVBoxLayout(self.issue_box)
        issue_layout.addWidget(self.issue_view, 1)
        issue_buttons = QHBoxLayout()
        issue_buttons.addWidget(
            note_label("勾选“排除此行”的行不会导入；“问题”必须改正或排除，“提示”不影响导入。"), 1
        )
        issue_buttons.addWidget(self.exclude_button)
        issue_layout.addLayout(issue_buttons)

        self.row_model = PreviewRowModel(self)
        self.row_view = self._table("importRows", self.row_model)
        rows_header = self.row_view.horizontalHeader()
        rows_header.setStretchLastSection(False)  # 科室 takes the spare width, 操作 stays by the rest
        rows_header.setSectionResizeMode(STRETCHED_ROW_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.row_box = QGroupBox("将导入的党员")
        QVBoxLayout(self.row_box).addWidget(self.row_view)

        layout = QVBoxLayout(self)
        layout.addLayout(duplicates)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.issue_box)
        layout.addWidget(self.row_box, 1)
        self.update_radio.toggled.connect(self._on_update_radio_toggled)
        self.issue_view.selectionModel().currentRowChanged.connect(self._on_issue_view_current_row_changed)
        self.exclude_button.clicked.connect(self._on_exclude_button_clicked)
        self.space_shortcut.activated.connect(self._on_exclude_button_clicked)

    def _table(self, name: str, model: IssueTableModel | PreviewRowModel) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setItemDelegate(ForegroundDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view

    @property
    def on_duplicate(self) -> str:
        return "update" if self.update_radio.isChecked() else "skip"

    def show_preview(self, preview: RosterPreview, lines: list[IssueLine]) -> None:
        """The summary, the status line and both tables; the current issue row is kept."""
        current = self.current_issue_row()
        add, update, skip = (preview.count(action) for action in ("add", "update", "skip"))
        counts = f"将新增 {add} 人，更新 {update} 人，跳过 {skip} 人"
        if preview.new_groups:
            counts += "；新建党小组：" + "、".join(preview.new_groups)
        if preview.excluded_rows:
            counts += f"；已排除{row_list(preview.excluded_rows)}"
        self.summary_label.setText(counts + "。")
        problem_rows = sorted({p.row for p in preview.problems})
        if problem_rows:
            self.status_label.setStyleSheet(ERROR_STYLE)
            self.status_label.setText(
                f"还有 {len(preview.problems)} 个问题（{row_list(problem_rows)}），暂时不能导入。"
                "请在 Excel 中改正后回到第 1 步重新选择文件，或勾选“排除此行”不导入这些行。"
            )
        elif preview.members == 0:
            self.status_label.setStyleSheet(NOTE_STYLE)
            self.status_label.setText("没有需要新增或更新的党员。")
        else:
            self.status_label.setStyleSheet(OK_STYLE)
            self.status_label.setText("没有问题，可以导入。请核对下面的名单，然后点击“导入”。")
        self.issue_model.set_rows(lines)
        self._fit_issue_view()
        warnings = sum(1 for line in lines if not line.blocking and not line.excluded)
        title = f"问题和提示（问题 {len(preview.problems)} 个，提示 {warnings} 个"
        if preview.excluded_rows:
            title += f"，已排除 {len(preview.excluded_rows)} 行"
        self.issue_box.setTitle(title + "）" if lines else "问题和提示（没有发现问题）")
        self.row_model.set_rows(preview.rows)
        self.row_box.setTitle(f"将导入的党员（{len(preview.rows)} 行）")
        self.select_issue_row(current)

    def _fit_issue_view(self) -> None:
        """Room for the first few lines, each wrapped onto two, so the rows to import keep the rest.

        A fixed estimate, not the rows' measured heights: measuring while the messages re-wrap
        makes the scroll bar come and go and the layout never settle.
        """
        view = self.issue_view
        shown = min(max(self.issue_model.rowCount(), 1), MAX_ISSUE_LINES)
        line = 2 * view.fontMetrics().lineSpacing() + 10
        view.setFixedHeight(
            view.horizontalHeader().sizeHint().height() + shown * line + 2 * view.frameWidth()
        )

    def current_issue_row(self) -> int | None:
        index = self.issue_view.currentIndex()
        return self.issue_model.row_at(index.row()).row if index.isValid() else None

    def select_issue_row(self, row_number: int | None) -> None:
        """Back on the same Excel row after the table was refilled (or on the first line)."""
        rows = self.issue_model.rows()
        if not rows:
            self._update_exclude_button()
            return
        position = next((i for i, line in enumerate(rows) if line.row == row_number), 0)
        self.issue_view.selectRow(position)
        self.issue_view.setCurrentIndex(self.issue_model.index(position, 0))
        self._update_exclude_button()

    def toggle_current_row(self) -> None:
        """Space or 排除此行: flip the current Excel row's exclusion (the model tells the dialog)."""
        index = self.issue_view.currentIndex()
        if not index.isValid():
            return
        line = self.issue_model.row_at(index.row())
        target = Qt.CheckState.Unchecked if line.excluded else Qt.CheckState.Checked
        self.issue_model.setData(index.siblingAtColumn(0), target.value, Qt.ItemDataRole.CheckStateRole)

    def _update_exclude_button(self) -> None:
        index = self.issue_view.currentIndex()
        line = self.issue_model.row_at(index.row()) if index.isValid() else None
        self.exclude_button.setEnabled(line is not None)
        self.exclude_button.setText("恢复此行(&X)" if line is not None and line.excluded else "排除此行(&X)")

    def _on_update_radio_toggled(self, _checked: bool) -> None:
        self.on_duplicate_changed.emit()

    def _on_issue_view_current_row_changed(self, *_args: object) -> None:
        self._update_exclude_button()

    def _on_exclude_button_clicked(self) -> None:
        self.toggle_current_row()
