"""设岗定责: the branch's posts (示范岗, 责任区, 先锋岗, 志愿服务岗, 突击队) with the count of each kind,
and the selected post in tabs beside the list (posts_details).

新建岗位 Ctrl+N, 编辑 Enter, 打印岗位牌 Ctrl+P (A4/A5, preview or PDF), 排班 Ctrl+R (按周排班 on
the duty tab), 打印排班表 (the month shown there). A post is withdrawn (撤岗) on a date or voided
with a reason, never deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branchdesk.models import PostKind
from branchdesk.services import posts
from branchdesk.services.post_labels import STATUS_LABELS, PostStatus
from branchdesk.services.posts import PostRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.post_dialog import PostDialog
from branchdesk.ui.dialogs.post_void_dialog import VoidDialog
from branchdesk.ui.pages.posts_details import DUTY_TAB, PostDetails
from branchdesk.ui.pages.posts_documents import PostDocuments
from branchdesk.ui.pages.posts_tables import table
from branchdesk.ui.tablemodels.base import fmt_date
from branchdesk.ui.tablemodels.posts import POST_NAME_COLUMN, PostTableModel
from branchdesk.ui.widgets.date_field import parse_date
from branchdesk.ui.widgets.row_selection import focus_search, select_first, select_row_by_id, selected_row

OK_STYLE = "color: #1b5e20;"
# The widest text each column should show whole (the 在岗党员 column takes what is left).
LIST_SAMPLES = {0: "志愿服务岗", 1: "急诊绿色通道党员先锋岗", 3: "已作废", 4: "良好 2026年上半年"}
HOLDERS_COLUMN = 2


def _button(text: str, name: str, tooltip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tooltip)
    return button


class PostsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.active_dialog: QDialog | None = None
        self.setObjectName("postsPage")
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.add_button = _button("新建岗位(&N)", "postsAdd", "新建岗位（Ctrl+N）")
        self.edit_button = _button("编辑(&E)", "postsEdit", "编辑选中的岗位（回车或双击）")
        self.close_button = _button("撤岗", "postsClose", "岗位撤销：在岗党员同日离岗，记录保留")
        self.void_button = _button("作废", "postsVoid", "作废录错的岗位：不再统计，记录仍保留")
        self.plaque_button = _button(
            "打印岗位牌(&P)", "postsPlaque", "岗位牌 A4/A5：打印预览、打印或保存为 PDF（Ctrl+P）"
        )
        self.rota_button = _button("排班(&B)", "postsRota", "按周排班（Ctrl+R）")
        self.print_rota_button = _button(
            "打印排班表(&M)", "postsPrintRota", "打印排班与值班记录页所示月份的排班表（Alt+M）"
        )
        self.documents = PostDocuments(self._ctx, self, self.selected_post, lambda: self.details.duty.month)
        self.print_actions = {
            **self.documents.add_plaque_menu(self.plaque_button),
            **self.documents.add_rota_menu(self.print_rota_button),
        }
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.close_button, self.void_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        for button in (self.plaque_button, self.rota_button, self.print_rota_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("postsKind")
        self.kind_combo.setToolTip("按类别筛选；括号里是本支部该类岗位数")
        self.kind_combo.addItem("全部类别", None)
        for kind in PostKind:
            self.kind_combo.addItem("", kind)
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("postsStatus")
        self.status_combo.addItem("全部（不含作废）", None)
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("postsSearch")
        self.search_edit.setPlaceholderText("查找岗位名称、地点或党员")
        self.search_edit.setClearButtonEnabled(True)
        search_label = QLabel("查找(&S)：")
        search_label.setBuddy(self.search_edit)
        self.count_label = QLabel()
        self.count_label.setObjectName("postsCount")
        self.count_label.setStyleSheet("font-weight: bold;")
        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.status_combo)
        filters.addSpacing(8)
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 1)

        self.model = PostTableModel(self)
        self.table = table(self.model, "postsTable", self)
        self.proxy = self.table.model()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = self.table.fontMetrics()
        for column, sample in LIST_SAMPLES.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(HOLDERS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("在岗党员") + 20)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        self.details = PostDetails(self._ctx, self._open, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("postsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setSizes([640, 540])  # the list shows three holders whole; the tabs still fit
        self.status_label = QLabel()
        self.status_label.setObjectName("postsStatusLine")
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status_label)

        page = Qt.ShortcutContext.WindowShortcut
        self.shortcuts = {
            key: QShortcut(QKeySequence(key), self, context=page)
            for key in ("Ctrl+N", "Ctrl+F", "Ctrl+P", "Ctrl+R")
        }
        self.edit_shortcuts = [
            QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ]

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.shortcuts["Ctrl+N"].activated.connect(self._on_add_button_clicked)
        self.shortcuts["Ctrl+F"].activated.connect(self._on_find_shortcut_activated)
        self.shortcuts["Ctrl+P"].activated.connect(self.plaque_button.showMenu)
        self.shortcuts["Ctrl+R"].activated.connect(self._on_rota_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        for shortcut in self.edit_shortcuts:
            shortcut.activated.connect(self._on_edit_button_clicked)
        self.table.doubleClicked.connect(lambda _i: self._on_edit_button_clicked())
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.void_button.clicked.connect(self._on_void_button_clicked)
        self.rota_button.clicked.connect(self._on_rota_button_clicked)
        self.documents.said.connect(self._say)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search_edit.textChanged.connect(lambda _t: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection_changed())
        events = self._ctx.events
        for signal in (events.posts_changed, events.members_changed, events.database_replaced):
            signal.connect(self.refresh)
        events.branch_changed.connect(lambda _b: self.search_edit.clear())

    # --- data --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the posts the filters ask for and the counts per kind; keep the selection."""
        selected = self.selected_post()
        branch_id, today = self._ctx.branch_id, dt.date.today()
        kind_data, status_data = self.kind_combo.currentData(), self.status_combo.currentData()
        kind = PostKind(kind_data) if kind_data else None
        status = PostStatus(status_data) if status_data else None
        search = self.search_edit.text()

        def query(session: Any) -> tuple[list[PostRow], list[posts.KindCount]]:
            rows = posts.list_posts(session, branch_id, kind=kind, status=status, on=today, search=search)
            return rows, posts.kind_counts(session, branch_id, on=today)

        rows, counts = operations.read(self._ctx, query)
        self.kind_combo.blockSignals(True)
        self.kind_combo.setItemText(0, f"全部类别（{sum(c.total for c in counts)}）")
        for index, count in enumerate(counts, start=1):
            self.kind_combo.setItemText(index, f"{count.label}（{count.total}）")
        self.kind_combo.blockSignals(False)
        self.model.set_rows(rows)
        if selected is None or not self.select_post(selected.id):
            self._select_first()
        active = sum(c.active for c in counts)
        self.count_label.setText(
            f"列出 {len(rows)} 个 · 在岗岗位共 {active} 个" if rows else "没有岗位，按 Ctrl+N 新建"
        )

    def _on_find_shortcut_activated(self) -> None:
        focus_search(self.search_edit)

    def selected_post(self) -> PostRow | None:
        return selected_row(self.table, PostRow)

    def select_post(self, post_id: int) -> bool:
        found = select_row_by_id(self.table, post_id, POST_NAME_COLUMN)
        if found:
            self._on_selection_changed()
        return found

    def _select_first(self) -> None:
        select_first(self.table, POST_NAME_COLUMN)
        self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        row = self.selected_post()
        self.details.show_post(row)
        open_post = row is not None and not row.voided
        self.edit_button.setEnabled(open_post)
        self.void_button.setEnabled(open_post)
        self.close_button.setEnabled(open_post and row is not None and row.ended_on is None)
        self.plaque_button.setEnabled(open_post)
        self.rota_button.setEnabled(open_post)
        self.print_rota_button.setEnabled(row is not None)

    # --- actions -----------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        """Window-modal without blocking; the saved post is selected after."""
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        saved = getattr(dialog, "saved", None)
        if isinstance(saved, PostRow) and not self.select_post(saved.id):
            self._say(f"已保存“{saved.name}”（不在当前筛选范围内）")
        dialog.deleteLater()

    def _on_add_button_clicked(self) -> None:
        kind = self.kind_combo.currentData()
        self._open(PostDialog(self._ctx, kind=PostKind(kind) if kind else PostKind.MODEL, parent=self))

    def _on_edit_button_clicked(self) -> None:
        row = self.selected_post()
        if row is not None and not row.voided:
            self._open(PostDialog(self._ctx, row.id, parent=self))

    def _on_rota_button_clicked(self) -> None:
        row = self.selected_post()
        if row is not None and not row.voided:
            self.details.setCurrentIndex(DUTY_TAB)
            self.details.duty.weekly_button.click()

    def _on_close_button_clicked(self) -> None:
        row = self.selected_post()
        if row is None or row.voided:
            return
        today = fmt_date(dt.date.today())
        text, ok = QInputDialog.getText(
            self, "撤岗", f"“{row.name}”的撤岗日期（最后一天；在岗党员同日离岗）：", text=today
        )
        if not ok:
            return
        day = parse_date(text)
        if day is None:
            messages.inform(self, "撤岗", "日期格式不对，例如 2026-12-31。")
            return
        if operations.run_action(self, self._ctx, lambda s: posts.close_post(s, row.id, on=day)):
            self._say(f"“{row.name}”已于 {fmt_date(day)} 撤岗。", ok=True)
            self._ctx.events.posts_changed.emit()

    def _on_void_button_clicked(self) -> None:
        """One dialog asks and takes the required reason, as for a holding or a review."""
        row = self.selected_post()
        if row is None or row.voided:
            return
        question = (
            f"要作废“{row.name}”吗？\n\n作废用于录错的岗位（如重复录入）：作废后不再统计，它的班次不再计入"
            "志愿服务时长，记录仍保留并注明原因，状态选“已作废”可以查看。岗位正常撤销请用“撤岗”。"
        )
        post_id, name, today = row.id, row.name, dt.date.today()

        def void(session: Any, reason: str) -> str:
            posts.void_post(session, post_id, on=today, reason=reason)
            return name

        dialog = VoidDialog(
            self._ctx, f"作废岗位 — {name}", question, void, hint="如：重复录入、录错岗位", parent=self
        )
        dialog.accepted.connect(lambda: self._say(f"已作废“{name}”，记录仍保留（状态选“已作废”可以查看）。"))
        self._open(dialog)

    def _say(self, text: str, ok: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(OK_STYLE if ok else "")
