"""The selected post in four tabs: 岗位信息 (with duties and commitment), 在岗党员, 评议, 排班与值班记录.

Every change goes through a dialog that emits posts_changed; the page then reloads the list and
hands the re-read post back here, so what the tabs show is always what is stored. A holding typed for
the wrong member, or a review entered by mistake, is voided with a reason (作废 button, Delete or the
context menu on its row) and stays listed, greyed, with "（已作废：原因）".
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import post_reviews, posts
from branchdesk.services.post_reviews import ReviewRow
from branchdesk.services.posts import HolderRow, PostRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.post_holder_dialog import HolderDialog
from branchdesk.ui.dialogs.post_review_dialog import ReviewDialog
from branchdesk.ui.dialogs.post_void_dialog import VoidDialog
from branchdesk.ui.pages.posts_duty import DutyPanel
from branchdesk.ui.pages.posts_tables import table
from branchdesk.ui.tablemodels.base import fmt_date
from branchdesk.ui.tablemodels.posts import HolderTableModel, ReviewTableModel
from branchdesk.ui.widgets.row_selection import selected_row

INFO_TAB, HOLDERS_TAB, REVIEWS_TAB, DUTY_TAB = 0, 1, 2, 3
ACCENT = "#b71c1c"  # the theme's red, for the two headings only
# The theme draws every QTextEdit in red with a heavy red frame, as it does an input in error; the post's
# text is read, not typed, so it is set in the normal text colour on white with a light frame.
INFO_QSS = (
    "QTextBrowser#postInfo { color: #212121; background-color: #ffffff; border: 1px solid #e0e0e0;"
    " border-radius: 4px; padding: 4px 10px; }"
)


def info_html(row: PostRow) -> str:
    """The post as a page of text: facts, then its numbered duties and its commitment."""
    e = html.escape
    period = f"{fmt_date(row.started_on)} 至 {fmt_date(row.ended_on) if row.ended_on else '今'}"
    facts = [
        ("类别", row.kind_label),
        ("地点/科室", row.place or "—"),
        ("设岗期间", period),
        ("状态", row.status_label),
    ]
    if row.volunteer_kind_name:
        facts.append(("志愿服务类别", f"{row.volunteer_kind_name}（到岗班次计入志愿服务时长）"))
    facts.append(("在岗党员", row.holder_names or "（无）"))
    if row.voided:
        facts.append(("作废", f"{fmt_date(row.voided_on)} {row.void_reason}"))
    if row.notes:
        facts.append(("备注", row.notes))
    lines = "".join(
        f"<tr><td style='color:#616161;padding-right:12px'>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in facts
    )
    duties = "".join(f"<li>{e(d)}</li>" for d in row.duty_lines) or "<p>（未填写）</p>"
    commitment = (
        "".join(f"<p>{e(p)}</p>" for p in row.commitment.splitlines() if p.strip()) or "<p>（未填写）</p>"
    )
    return (
        f"<h3>{e(row.name)}</h3><table>{lines}</table>"
        f"<h4 style='color:{ACCENT}'>岗位职责</h4><ol>{duties}</ol>"
        f"<h4 style='color:{ACCENT}'>服务承诺</h4>{commitment}"
    )


class PostDetails(QTabWidget):
    """Tabs for one post; `open_dialog` is the page's way to open a dialog window-modally."""

    def __init__(
        self, ctx: AppContext, open_dialog: Callable[[QDialog], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._open = open_dialog
        self.post: PostRow | None = None
        self.setObjectName("postDetails")
        self.info = QTextBrowser()
        self.info.setObjectName("postInfo")
        self.info.setStyleSheet(INFO_QSS)
        self.addTab(self.info, "岗位信息(&1)")

        self.holder_model = HolderTableModel(self)
        self.holders_table = table(self.holder_model, "postHoldersTable", self)
        self.add_holder_button = QPushButton("添加在岗党员(&A)")
        self.add_holder_button.setObjectName("postAddHolder")
        self.edit_holder_button = QPushButton("修改(&E)")
        self.edit_holder_button.setObjectName("postEditHolder")
        self.end_holder_button = QPushButton("离岗(&L)")
        self.end_holder_button.setObjectName("postEndHolder")
        self.void_holder_button = QPushButton("作废(&X)")
        self.void_holder_button.setObjectName("postVoidHolder")
        self.void_holder_button.setToolTip("作废录错的任岗记录（如录错党员）：不再统计，记录仍保留（Delete）")
        self.addTab(self._pane(self.holders_table, self.add_holder_button, self.edit_holder_button,
                               self.end_holder_button, self.void_holder_button), "在岗党员(&2)")  # fmt: skip

        self.review_model = ReviewTableModel(self)
        self.reviews_table = table(self.review_model, "postReviewsTable", self)
        self.add_review_button = QPushButton("添加评议(&R)")
        self.add_review_button.setObjectName("postAddReview")
        self.void_review_button = QPushButton("作废评议(&X)")
        self.void_review_button.setObjectName("postVoidReview")
        self.void_review_button.setToolTip("撤回录错的评议：不再作为最近评议，记录仍保留（Delete）")
        self.addTab(
            self._pane(self.reviews_table, self.add_review_button, self.void_review_button), "评议(&3)"
        )

        self.duty = DutyPanel(ctx, open_dialog, self)
        self.addTab(self.duty, "排班与值班记录(&4)")

        self.add_holder_button.clicked.connect(self._on_add_holder_button_clicked)
        self.edit_holder_button.clicked.connect(lambda: self._edit_holder(ending=False))
        self.end_holder_button.clicked.connect(lambda: self._edit_holder(ending=True))
        self.holders_table.doubleClicked.connect(lambda _i: self._edit_holder(ending=False))
        self.add_review_button.clicked.connect(self._on_add_review_button_clicked)
        self.void_holder_button.clicked.connect(self._on_void_holder_button_clicked)
        self.void_review_button.clicked.connect(self._on_void_review_button_clicked)
        self.holder_actions = [
            self._row_action(self.holders_table, "修改任岗…", lambda: self._edit_holder(ending=False)),
            self._row_action(self.holders_table, "离岗…", lambda: self._edit_holder(ending=True)),
            self._row_action(self.holders_table, "作废…", self._on_void_holder_button_clicked, "Delete"),
        ]
        self.review_action = self._row_action(
            self.reviews_table, "作废评议…", self._on_void_review_button_clicked, "Delete"
        )
        for view in (self.holders_table, self.reviews_table):
            view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.show_post(None)

    @staticmethod
    def _row_action(view: QTableView, text: str, slot: Callable[[], None], key: str = "") -> QAction:
        """An entry of the row's context menu (right click or the menu key), with its key on the table."""
        action = QAction(text, view)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        view.addAction(action)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return action

    @staticmethod
    def _pane(view: QTableView, *buttons: QPushButton) -> QWidget:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.addLayout(row)
        layout.addWidget(view, 1)
        return pane

    def show_post(self, row: PostRow | None) -> None:
        """Show `row` (re-read by the page) in every tab; None empties them."""
        self.post = row
        if row is None:
            self.info.setHtml("<p style='color:#616161'>左侧选择一个岗位，或按 Ctrl+N 新建岗位。</p>")
            self.holder_model.set_rows([])
            self.review_model.set_rows([])
        else:
            post_id = row.id
            holders, reviews = operations.read(
                self._ctx, lambda s: (posts.holders(s, post_id), post_reviews.list_reviews(s, post_id))
            )
            self.info.setHtml(info_html(row))
            self.holder_model.today = dt.date.today()
            self.holder_model.set_rows(holders)
            self.review_model.set_rows(reviews)
        self._update_buttons()
        self.duty.show_post(row)

    def _update_buttons(self) -> None:
        """Adding needs an open post; changing a row needs one selected that is not voided."""
        open_post = self.post is not None and not self.post.voided
        self.add_holder_button.setEnabled(open_post)
        self.add_review_button.setEnabled(open_post)
        holder, review = selected_row(self.holders_table), selected_row(self.reviews_table)
        holder_open = open_post and isinstance(holder, HolderRow) and not holder.voided
        review_open = open_post and isinstance(review, ReviewRow) and not review.voided
        for widget in (self.edit_holder_button, self.end_holder_button, self.void_holder_button):
            widget.setEnabled(holder_open)
        for action in self.holder_actions:
            action.setEnabled(holder_open)
        self.void_review_button.setEnabled(review_open)
        self.review_action.setEnabled(review_open)

    def _members(self) -> list[tuple[int, str]]:
        branch_id, today = self._ctx.branch_id, dt.date.today()
        return operations.read(self._ctx, lambda s: posts.roll_members(s, branch_id, today))

    def _on_add_holder_button_clicked(self) -> None:
        if self.post is not None:
            self._open(HolderDialog(self._ctx, self.post, self._members(), parent=self))

    def _edit_holder(self, *, ending: bool) -> None:
        holder = selected_row(self.holders_table)
        if (
            self.post is not None
            and not self.post.voided
            and isinstance(holder, HolderRow)
            and not holder.voided
        ):
            self._open(HolderDialog(self._ctx, self.post, [], holder, ending=ending, parent=self))

    def _on_void_holder_button_clicked(self) -> None:
        holder = selected_row(self.holders_table)
        if self.post is None or self.post.voided or not isinstance(holder, HolderRow) or holder.voided:
            return
        period = f"{fmt_date(holder.started_on)} 至 {fmt_date(holder.ended_on) if holder.ended_on else '今'}"
        question = (
            f"要作废{holder.name}在“{self.post.name}”的任岗记录（{period}）吗？\n\n"
            "作废用于录错的记录（如录错党员）：作废后该党员不算在岗，不上岗位牌，记录仍保留并注明原因。"
            "正常离开岗位请用“离岗”。"
        )
        holder_id, today = holder.id, dt.date.today()

        def void(session: Any, reason: str) -> HolderRow:
            return posts.void_holder(session, holder_id, on=today, reason=reason)

        self._open(VoidDialog(self._ctx, f"作废任岗记录 — {holder.name}", question, void, parent=self))

    def _on_void_review_button_clicked(self) -> None:
        review = selected_row(self.reviews_table)
        if self.post is None or self.post.voided or not isinstance(review, ReviewRow) or review.voided:
            return
        question = (
            f"要作废{fmt_date(review.reviewed_on)}对“{review.subject}”的评议（{review.summary}）吗？\n\n"
            "作废后它不再作为岗位的最近评议，记录仍保留并注明原因。"
        )
        review_id, today = review.id, dt.date.today()

        def void(session: Any, reason: str) -> ReviewRow:
            return post_reviews.void_review(session, review_id, on=today, reason=reason)

        self._open(
            VoidDialog(self._ctx, "作废评议", question, void, hint="如：评错岗位、重复录入", parent=self)
        )

    def _on_add_review_button_clicked(self) -> None:
        if self.post is not None:
            self._open(ReviewDialog(self._ctx, self.post, list(self.holder_model.rows()), parent=self))
