"""The 志愿服务 page's tables, columns declared once: events, an event's participants (editable hours,
分工, 评价), figures by month, kind and member, a member's history, partner units and kinds.

Hours are shown as hours with one decimal ("3.5"); a participant serving the whole event says so
(全程) so an override stands out in words, not only in colour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from branchdesk.errors import ValidationError
from branchdesk.services.volunteer import EventRow, ParticipantRow
from branchdesk.services.volunteer_figures import HistoryRow, KindFigure, MemberFigure, MonthFigure
from branchdesk.services.volunteer_lists import KindRow, PartnerRow
from branchdesk.services.volunteer_rules import EVALUATIONS, HOURS_HINT, hours_text, parse_hours

from branchdesk.ui.tablemodels.base import CENTER, RIGHT, Column, RowTableModel, fmt_date

GREY = QColor("#9e9e9e")
OVERRIDE_COLOUR = QColor("#1565c0")
Index = QModelIndex | QPersistentModelIndex


WEEKDAYS = "一二三四五六日"


def h(minutes: int) -> str:
    return hours_text(minutes, unit=False)


def date_with_weekday(day: dt.date) -> str:
    """2026-03-14 周六: a Saturday clinic is recognised by its weekday."""
    return f"{day:%Y-%m-%d} 周{WEEKDAYS[day.weekday()]}"


def _event_kind(r: EventRow) -> str:
    return f"{r.kind_name}（已作废）" if r.voided else r.kind_name


def _event_tip(r: EventRow) -> str:
    if r.voided:
        return f"已于{fmt_date(r.voided_on)}作废" + (f"：{r.void_reason}" if r.void_reason else "")
    when = f"{fmt_date(r.held_on)} {r.starts_at:%H:%M}—{r.ends_at:%H:%M}（{hours_text(r.minutes)}）"
    return when + (f"\n作为主题党日：{r.meeting_label}" if r.meeting_label else "")


EVENT_COLUMNS: list[Column[EventRow]] = [
    Column[EventRow](
        "日期", lambda r: date_with_weekday(r.held_on), lambda r: (r.held_on, r.starts_at, r.id), CENTER
    ),
    Column[EventRow]("类别", _event_kind, tooltip=_event_tip),
    Column[EventRow]("活动名称", lambda r: r.title, tooltip=_event_tip),
    Column[EventRow]("地点", lambda r: r.place),
    Column[EventRow]("共建单位", lambda r: r.partner_name),
    Column[EventRow]("党员", lambda r: str(r.members), lambda r: r.members, RIGHT),
    Column[EventRow]("非党员", lambda r: str(r.outside), lambda r: r.outside, RIGHT),
    Column[EventRow]("总时长(小时)", lambda r: h(r.total_minutes), lambda r: r.total_minutes, RIGHT),
    Column[EventRow]("惠及人次", lambda r: str(r.people_served), lambda r: r.people_served, RIGHT),
    Column[EventRow]("主题党日", lambda r: r.meeting_short, align=CENTER, tooltip=_event_tip),
]
EVENT_TITLE_COLUMN = 2


class EventTableModel(RowTableModel[EventRow]):
    """A branch's events; voided ones grey (and 已作废 in their 类别)."""

    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(EVENT_COLUMNS, parent)

    def value(self, row: EventRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(GREY) if row.voided else None
        return super().value(row, column, role)


# --- participants (editable) -------------------------------------------------------------------------

HOURS_COLUMN, ROLE_COLUMN, EVALUATION_COLUMN, NOTE_COLUMN = 3, 4, 5, 6


def _hours_cell(p: ParticipantRow) -> str:
    return h(p.minutes) if p.override is not None else f"{h(p.minutes)}（全程）"


PARTICIPANT_COLUMNS: list[Column[ParticipantRow]] = [
    Column[ParticipantRow]("姓名", lambda p: p.name),
    Column[ParticipantRow]("身份", lambda p: "党员" if p.is_member else "非党员志愿者", align=CENTER),
    Column[ParticipantRow]("科室/单位", lambda p: p.unit),
    Column[ParticipantRow](
        "时长(小时)",
        _hours_cell,
        lambda p: p.minutes,
        CENTER,  # "4.0（全程）" and an edited "3.5" line up in one place
        tooltip=lambda p: (
            "按活动时长计（不含路途）；双击或按 F2 修改" if p.override is None else "已单独填写的时长"
        ),
    ),
    Column[ParticipantRow]("分工", lambda p: p.role),
    Column[ParticipantRow]("评价", lambda p: p.evaluation, tooltip=lambda _p: "、".join(EVALUATIONS)),
    Column[ParticipantRow]("备注", lambda p: p.note, tooltip=lambda p: p.note),
]


class ParticipantTableModel(RowTableModel[ParticipantRow]):
    """An event's participants as the form edits them; hours typed as text ("2.5", "2小时30分")."""

    ROLES = RowTableModel.ROLES | {
        int(Qt.ItemDataRole.ForegroundRole),
        int(Qt.ItemDataRole.EditRole),
        int(Qt.ItemDataRole.FontRole),
    }
    refused = Signal(object)  # a ValidationError: why a typed value was not taken, naming the person
    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(PARTICIPANT_COLUMNS, parent)
        self.length = 0  # the event's length in minutes: the default of every participant
        self._bold = QFont()
        self._bold.setBold(True)

    def set_length(self, minutes: int) -> None:
        """A new event length: everyone without an override follows it."""
        self.length = max(minutes, 0)
        self.beginResetModel()
        self._rows = [p if p.override is not None else replace(p, minutes=self.length) for p in self._rows]
        self.endResetModel()

    def append(self, row: ParticipantRow) -> int:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(replace(row, minutes=row.override if row.override is not None else self.length))
        self.endInsertRows()
        self.edited.emit()
        return position

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.edited.emit()

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() in (HOURS_COLUMN, ROLE_COLUMN, EVALUATION_COLUMN, NOTE_COLUMN):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def value(self, row: ParticipantRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.EditRole:
            if column == HOURS_COLUMN:
                return h(row.override) if row.override is not None else ""
            return {ROLE_COLUMN: row.role, EVALUATION_COLUMN: row.evaluation, NOTE_COLUMN: row.note}.get(
                column
            )
        if column == HOURS_COLUMN and row.override is not None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERRIDE_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return super().value(row, column, role)

    def _hours_problem(self, person: ParticipantRow, text: str) -> str:
        """Why `text` cannot be this person's hours ("" when it can): checked as the cell is left,
        not only at 保存."""
        try:
            minutes = parse_hours(text)
        except ValueError:
            return f"{person.name}的{HOURS_HINT}"
        if minutes is not None and minutes <= 0:
            return f"{person.name}的服务时长应大于 0；全程参加请清空该格。"
        if minutes is not None and 0 < self.length < minutes:
            return (
                f"{person.name}的服务时长（{hours_text(minutes)}）超过活动时长（{hours_text(self.length)}）；"
                "时长按实际服务计算，不含路途。"
            )
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column, text = index.row(), index.column(), str(value or "")
        current = self._rows[row]
        if column == HOURS_COLUMN:
            problem = self._hours_problem(current, text)
            if problem:
                self.refused.emit(ValidationError(problem, field="服务时长", row=row + 1))
                return False
            minutes = parse_hours(text)
            changed = replace(
                current, override=minutes, minutes=minutes if minutes is not None else self.length
            )
        elif column == ROLE_COLUMN:
            changed = replace(current, role=text.strip()[:30])
        elif column == EVALUATION_COLUMN:
            changed = replace(current, evaluation=text.strip()[:20])
        elif column == NOTE_COLUMN:
            changed = replace(current, note=text.strip())
        else:
            return False
        self._rows[row] = changed
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        self.edited.emit()
        return True


# --- figures ---------------------------------------------------------------------------------------

MONTH_COLUMNS: list[Column[MonthFigure]] = [
    Column[MonthFigure]("月份", lambda m: f"{m.month}月" if m.month else "合计", lambda m: m.month, CENTER),
    Column[MonthFigure]("活动次数", lambda m: str(m.events), lambda m: m.events, RIGHT),
    Column[MonthFigure]("参加人次", lambda m: str(m.participants), lambda m: m.participants, RIGHT),
    Column[MonthFigure]("时长(小时)", lambda m: h(m.minutes), lambda m: m.minutes, RIGHT),
    Column[MonthFigure]("惠及人次", lambda m: str(m.people_served), lambda m: m.people_served, RIGHT),
    Column[MonthFigure]("其中值班(班次)", lambda m: str(m.duty_turns), lambda m: m.duty_turns, RIGHT),
]
KIND_COLUMNS: list[Column[KindFigure]] = [
    Column[KindFigure]("服务类别", lambda k: k.name),
    Column[KindFigure]("活动次数", lambda k: str(k.events), lambda k: k.events, RIGHT),
    Column[KindFigure]("参加人次", lambda k: str(k.participants), lambda k: k.participants, RIGHT),
    Column[KindFigure]("时长(小时)", lambda k: h(k.minutes), lambda k: k.minutes, RIGHT),
    Column[KindFigure]("惠及人次", lambda k: str(k.people_served), lambda k: k.people_served, RIGHT),
    Column[KindFigure]("其中值班(班次)", lambda k: str(k.duty_turns), lambda k: k.duty_turns, RIGHT),
]
MEMBER_COLUMNS: list[Column[MemberFigure]] = [
    Column[MemberFigure]("姓名", lambda m: m.name),
    Column[MemberFigure]("活动(次)", lambda m: str(m.events), lambda m: m.events, RIGHT),
    Column[MemberFigure]("值班(班次)", lambda m: str(m.duty_turns), lambda m: m.duty_turns, RIGHT),
    Column[MemberFigure](
        "合计(小时)",
        lambda m: h(m.minutes),
        lambda m: m.minutes,
        RIGHT,
        tooltip=lambda m: f"活动 {hours_text(m.event_minutes)}，值班 {hours_text(m.duty_minutes)}",
    ),
]
HISTORY_COLUMNS: list[Column[HistoryRow]] = [
    Column[HistoryRow]("日期", lambda r: fmt_date(r.held_on), lambda r: (r.held_on, r.starts_at), CENTER),
    Column[HistoryRow]("时间", lambda r: f"{r.starts_at:%H:%M}—{r.ends_at:%H:%M}", align=CENTER),
    Column[HistoryRow]("来源", lambda r: "活动" if r.event_id is not None else "值班", align=CENTER),
    Column[HistoryRow]("活动/岗位", lambda r: r.what, tooltip=lambda r: r.what),
    Column[HistoryRow]("类别", lambda r: r.kind_name),
    Column[HistoryRow]("分工", lambda r: r.role),
    Column[HistoryRow]("时长(小时)", lambda r: h(r.minutes), lambda r: r.minutes, RIGHT),
]

# --- managed lists ---------------------------------------------------------------------------------


def _archived(flag: bool) -> str:
    return "已停用" if flag else "使用中"


PARTNER_COLUMNS: list[Column[PartnerRow]] = [
    Column[PartnerRow]("单位名称", lambda p: p.name, tooltip=lambda p: p.notes),
    Column[PartnerRow]("类型", lambda p: p.kind, align=CENTER),
    Column[PartnerRow]("联系人", lambda p: p.contact),
    Column[PartnerRow]("联系电话", lambda p: p.phone_masked),
    Column[PartnerRow]("活动次数", lambda p: str(p.used), lambda p: p.used, RIGHT),
    Column[PartnerRow]("状态", lambda p: _archived(p.archived), align=CENTER),
]
KIND_LIST_COLUMNS: list[Column[KindRow]] = [
    Column[KindRow]("服务类别", lambda k: k.name),
    Column[KindRow]("使用次数", lambda k: str(k.used), lambda k: k.used, RIGHT),
    Column[KindRow]("状态", lambda k: _archived(k.archived), align=CENTER),
]
