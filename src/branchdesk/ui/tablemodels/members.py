"""The roster's columns, declared once, and a model that masks personal data unless one member is
revealed; its reminder colours reach the screen through base.ForegroundDelegate.

Masking comes from MemberRow (the service decides which characters hide); the model only decides
whether the single member the user asked to see is shown in full.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from branchdesk.services.roster import MemberRow

from branchdesk.ui.tablemodels.base import CENTER, Column, RowTableModel, fmt_date

DUE_SOON_DAYS = 30
DUE_SOON_COLOUR = QColor("#b45309")  # amber: 转正 due within 30 days
OVERDUE_COLOUR = QColor("#c62828")  # red: the probation year is over
LEFT_COLOUR = QColor("#757575")  # grey: no longer on the roll


def post_and_title(row: MemberRow) -> str:
    """职务/职称 in one column: both when both are known."""
    return " / ".join(part for part in (row.position, row.title) if part)


def full_member_text(row: MemberRow) -> str:
    """The 转正 date, or for a probationary member the day it falls due."""
    if row.full_member_on:
        return fmt_date(row.full_member_on)
    if row.probation_due:
        return f"应于{fmt_date(row.probation_due)}转正"
    return ""


def probation_days_left(row: MemberRow, today: dt.date) -> int | None:
    """Days until 转正 is due (negative when overdue); None for full members."""
    if row.full_member_on or row.probation_due is None:
        return None
    return (row.probation_due - today).days


def probation_tooltip(row: MemberRow, today: dt.date) -> str:
    days = probation_days_left(row, today)
    if days is None:
        return ""
    if days < 0:
        return f"预备期已满 {-days} 天，请尽快召开支部党员大会讨论转正（或延长预备期）。"
    if days <= DUE_SOON_DAYS:
        return f"还有 {days} 天预备期满，请提前准备转正材料。"
    return f"预备期满日期：{fmt_date(row.probation_due)}"


def status_text(row: MemberRow) -> str:
    if row.on_roll or row.status_since is None:
        return row.status_label
    return f"{row.status_label}（{fmt_date(row.status_since)}）"


class MemberTableModel(RowTableModel[MemberRow]):
    """Members of one branch; ID and phone masked except for the one member revealed on request."""

    ID_COLUMN = 10
    PHONE_COLUMN = 11
    FULL_MEMBER_COLUMN = 8

    def __init__(self, parent: Any = None, *, today: dt.date | None = None) -> None:
        self.today = today or dt.date.today()
        self._revealed_id: int | None = None
        super().__init__(self._columns_for(), parent)

    def _is_revealed(self, row: MemberRow) -> bool:
        return self._revealed_id is not None and row.id == self._revealed_id

    def _columns_for(self) -> list[Column[MemberRow]]:
        def id_text(r: MemberRow) -> str:
            return r.id_number if self._is_revealed(r) else r.id_masked

        def phone_text(r: MemberRow) -> str:
            return r.phone if self._is_revealed(r) else r.phone_masked

        return [
            Column[MemberRow]("序号", lambda r: str(r.roll_order), lambda r: r.roll_order, CENTER),
            Column[MemberRow]("姓名", lambda r: r.name),
            Column[MemberRow]("性别", lambda r: r.gender, align=CENTER),
            Column[MemberRow]("党小组", lambda r: r.group_name),
            Column[MemberRow]("科室", lambda r: r.department),
            Column[MemberRow]("职务/职称", post_and_title),
            Column[MemberRow]("党员类别", lambda r: r.category_label, align=CENTER),
            Column[MemberRow]("入党时间", lambda r: fmt_date(r.joined_on), lambda r: r.joined_on, CENTER),
            Column[MemberRow](
                "转正时间",
                full_member_text,
                lambda r: r.full_member_on or r.probation_due,
                CENTER,
                tooltip=lambda r: probation_tooltip(r, self.today),
            ),
            Column[MemberRow](
                "党龄",
                lambda r: "" if r.party_age is None else str(r.party_age),
                lambda r: r.party_age,
                CENTER,
            ),
            Column[MemberRow]("身份证号", id_text, lambda r: r.id_masked, CENTER),
            Column[MemberRow]("手机号", phone_text, lambda r: r.phone_masked, CENTER),
            Column[MemberRow]("状态", status_text, lambda r: (not r.on_roll, r.status_label), CENTER),
        ]

    @property
    def revealed_id(self) -> int | None:
        return self._revealed_id

    def set_revealed(self, member_id: int | None) -> None:
        """Show one member's full ID and phone (None hides them again); only their two cells change."""
        if member_id == self._revealed_id:
            return
        self._revealed_id = member_id
        if self.rowCount():
            top = self.index(0, self.ID_COLUMN)
            bottom = self.index(self.rowCount() - 1, self.PHONE_COLUMN)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole), int(Qt.ItemDataRole.FontRole)}

    def value(self, row: MemberRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.FontRole:
            if self._probation_brush(row, column) is None:
                return None
            font = QFont()
            font.setBold(True)
            return font
        return super().value(row, column, role)

    def _foreground(self, row: MemberRow, column: int) -> QBrush | None:
        if not row.on_roll:
            return QBrush(LEFT_COLOUR)
        return self._probation_brush(row, column)

    def _probation_brush(self, row: MemberRow, column: int) -> QBrush | None:
        """Amber when 转正 falls due within 30 days, red once overdue; only in the 转正时间 column."""
        if column != self.FULL_MEMBER_COLUMN or not row.on_roll:
            return None
        days = probation_days_left(row, self.today)
        if days is None or days > DUE_SOON_DAYS:
            return None
        return QBrush(OVERDUE_COLOUR if days < 0 else DUE_SOON_COLOUR)
