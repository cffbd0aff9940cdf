"""The columns of the posts list, a post's holders and its reviews, declared once.

A voided or withdrawn post is greyed and says so in its 状态 column (never colour alone); a holder
who has left the post is greyed with the date they left; a voided holding or review is greyed and its
last column starts "（已作废：原因）".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from branchdesk.services.post_labels import PostStatus
from branchdesk.services.post_reviews import ReviewRow
from branchdesk.services.posts import HolderRow, PostRow

from branchdesk.ui.tablemodels.base import CENTER, Column, RowTableModel, fmt_date

GREY = QColor("#9e9e9e")
NOT_STARTED = QColor("#1565c0")


def _status_tooltip(row: PostRow) -> str:
    if row.voided:
        return f"已于{fmt_date(row.voided_on)}作废" + (f"：{row.void_reason}" if row.void_reason else "")
    if row.ended_on:
        return f"{fmt_date(row.started_on)} 至 {fmt_date(row.ended_on)}"
    return f"{fmt_date(row.started_on)} 设岗"


POST_COLUMNS: list[Column[PostRow]] = [
    Column[PostRow]("类别", lambda r: r.kind_short, lambda r: (list(type(r.kind)).index(r.kind), r.id)),
    Column[PostRow](
        "岗位名称", lambda r: r.name, tooltip=lambda r: f"{r.name}（{r.place}）" if r.place else r.name
    ),
    Column[PostRow](  # names only, so three fit the column; the tip gives each one's role
        "在岗党员",
        lambda r: "、".join(h.name for h in r.holders) or "（无）",
        tooltip=lambda r: "\n".join(h.label for h in r.holders),
    ),
    Column[PostRow]("状态", lambda r: r.status_label, align=CENTER, tooltip=_status_tooltip),
    Column[PostRow](
        "最近评议",
        lambda r: f"{r.latest_review.grade_label} {r.latest_review.period}" if r.latest_review else "",
        tooltip=lambda r: (
            "：".join(p for p in (r.latest_review.summary, r.latest_review.note) if p)
            if r.latest_review
            else ""
        ),
    ),
]
POST_NAME_COLUMN = 1


class PostTableModel(RowTableModel[PostRow]):
    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(POST_COLUMNS, parent)

    def value(self, row: PostRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status in (PostStatus.VOIDED, PostStatus.CLOSED):
                return QBrush(GREY)
            return QBrush(NOT_STARTED) if row.status is PostStatus.NOT_STARTED else None
        return super().value(row, column, role)


def _until(row: HolderRow) -> str:
    if row.voided:
        return "已作废"
    return fmt_date(row.ended_on) if row.ended_on else "至今"


def voided_note(row: HolderRow | ReviewRow) -> str:
    """The note, after "（已作废：原因）" when the row was voided (greyed too, never colour alone)."""
    return f"（已作废：{row.void_reason}）{row.note}" if row.voided else row.note


def _voided_tip(row: HolderRow | ReviewRow) -> str:
    if not row.voided:
        return row.note
    return f"已于{fmt_date(row.voided_on)}作废：{row.void_reason}" + (f"\n{row.note}" if row.note else "")


HOLDER_COLUMNS: list[Column[HolderRow]] = [
    Column[HolderRow]("党员", lambda r: r.name),
    Column[HolderRow]("科室", lambda r: r.department),
    Column[HolderRow]("岗内职务", lambda r: r.role),
    Column[HolderRow]("上岗日期", lambda r: fmt_date(r.started_on), lambda r: r.started_on, CENTER),
    Column[HolderRow]("离岗日期", _until, lambda r: r.ended_on or dt.date.max, CENTER),
    Column[HolderRow]("备注", voided_note, tooltip=_voided_tip),
]


class HolderTableModel(RowTableModel[HolderRow]):
    """Every holding of a post; those not running on `today` (voided ones included) are grey."""

    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(HOLDER_COLUMNS, parent)
        self.today = dt.date.today()

    def value(self, row: HolderRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if row.holds_on(self.today) else QBrush(GREY)
        return super().value(row, column, role)


REVIEW_COLUMNS: list[Column[ReviewRow]] = [
    Column[ReviewRow]("评议日期", lambda r: fmt_date(r.reviewed_on), lambda r: (r.reviewed_on, r.id), CENTER),
    Column[ReviewRow]("评议期间", lambda r: r.period),
    Column[ReviewRow]("评议对象", lambda r: r.subject),
    Column[ReviewRow]("评议方", lambda r: r.assessor_label),
    Column[ReviewRow]("等级", lambda r: r.grade_label, lambda r: list(type(r.grade)).index(r.grade), CENTER),
    Column[ReviewRow]("评议意见", voided_note, tooltip=_voided_tip),
]


class ReviewTableModel(RowTableModel[ReviewRow]):
    """A post's reviews, newest first; withdrawn ones grey."""

    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(REVIEW_COLUMNS, parent)

    def value(self, row: ReviewRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(GREY) if row.voided else None
        return super().value(row, column, role)
