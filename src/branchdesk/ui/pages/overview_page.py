"""概览: what the secretary should act on today for the current branch, most urgent first.

The reminders come whole from services.reminders.overview (alarms, then warnings, then the rest);
this page only groups them under 需要注意 / 提醒 / 提示, colours and tags them (the heading says the
level, so colour is never the only sign), and sends a click or Enter on a line to where it is dealt
with: the member on the roster, the 组织生活 page for a missing meeting, 支部信息 for the term. The
main window does the switching (AppEvents.member_requested / page_requested). It re-reads whenever it
is shown (the date may have changed overnight) and, while shown, after any change made elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import branches, groups, reminders
from branchdesk.services.branches import BranchProfile
from branchdesk.services.org_life_check import Level
from branchdesk.services.reminders import Overview, ReminderItem, ReminderKind

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.live_page import LivePage

ITEM_ROLE = Qt.ItemDataRole.UserRole + 10  # the ReminderItem of a line
SECTION_ROLE = Qt.ItemDataRole.UserRole + 11  # the Section of a heading
WEEKDAYS = "一二三四五六日"
MUTED = "#616161"


@dataclass(frozen=True)
class Section:
    """A level's heading and colours: 需要注意 in red, 提醒 in amber, 提示 in grey-blue."""

    level: Level
    title: str
    colour: str
    tint: str  # the tag's background


SECTIONS = (
    Section(Level.ALARM, "需要注意", "#c62828", "#fdecea"),
    Section(Level.WARN, "提醒", "#a15c00", "#fff4e0"),
    Section(Level.INFO, "提示", "#37596b", "#e8eff3"),
)
SECTION_OF = {s.level: s for s in SECTIONS}


@dataclass(frozen=True)
class Target:
    """Where a line leads: a member on the roster, or another page."""

    member_id: int | None
    page: str
    hint: str  # shown at the right of the line
    tooltip: str
    meeting_type: str = ""  # a missing meeting: open a new one of this kind (MeetingType value)
    group_id: int = 0  # ... for this party group (0: none)


def target_of(item: ReminderItem) -> Target | None:
    """A member's line opens the member; a missing meeting 组织生活; the term 支部信息."""
    if item.member_id is not None:
        tip = f"单击或按回车：在党员花名册中查看{item.member_name}"
        return Target(item.member_id, "roster", "查看党员 →", tip)
    if item.kind is ReminderKind.MISSING and item.meeting_type is not None:
        tip = "单击或按回车：在“组织生活”登记这次会议（按上次的同类会议预先填好）"
        return Target(None, "meetings", "登记会议 →", tip, str(item.meeting_type), item.group_id or 0)
    if item.kind in (ReminderKind.MISSING, ReminderKind.INACTIVE):
        return Target(None, "meetings", "登记会议 →", "单击或按回车：到“组织生活”登记会议")
    if item.kind is ReminderKind.TERM:
        return Target(None, "branch", "支部信息 →", "单击或按回车：到“支部信息”查看或填写任期")
    if item.kind is ReminderKind.POST:
        return Target(None, "posts", "设岗定责 →", "单击或按回车：到“设岗定责”查看岗位、排班和值班记录")
    return None


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


class ReminderDelegate(QStyledItemDelegate):
    """Draws headings and reminder lines itself: a level stripe, a tag, the wrapped sentence and
    where a click leads. qt-material recolours item text; painting here keeps the level colours."""

    PAD, STRIPE, TAG_W, HINT_W, GAP = 8, 4, 92, 96, 12

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def _text_rect(self, rect: QRect) -> QRect:
        left = rect.left() + self.STRIPE + self.GAP + self.TAG_W + self.GAP
        right = rect.right() - self.HINT_W - self.GAP
        return QRect(left, rect.top() + self.PAD, max(right - left, 80), rect.height() - 2 * self.PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(self._view.viewport().width() - 4, 320)
        section = index.data(SECTION_ROLE)
        if isinstance(section, Section):
            heading = QFontMetrics(_bold(option.font, 2)).height()
            return QSize(width, heading + (6 if index.row() == 0 else 18) + 6)
        text_rect = self._text_rect(QRect(0, 0, width, 10_000))
        flags = int(Qt.TextFlag.TextWordWrap.value)
        height = QFontMetrics(option.font).boundingRect(text_rect, flags, str(index.data())).height()
        return QSize(width, max(height, QFontMetrics(option.font).height()) + 2 * self.PAD)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        rect = QRect(option.rect)
        section = index.data(SECTION_ROLE)
        if isinstance(section, Section):
            font = _bold(option.font, 2)
            painter.setFont(font)
            painter.setPen(QColor(section.colour))
            text_rect = rect.adjusted(2, rect.height() - QFontMetrics(font).height() - 6, 0, -4)
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft.value), str(index.data()))
            painter.setPen(QColor(section.colour).lighter(170))
            painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
            painter.restore()
            return
        item = index.data(ITEM_ROLE)
        if not isinstance(item, ReminderItem):
            painter.restore()
            return
        style = SECTION_OF[item.level]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected:
            painter.fillRect(rect, QColor("#f9d9d6" if self._view.hasFocus() else "#fbe9e7"))
        elif hovered:
            painter.fillRect(rect, QColor("#f5f5f5"))
        painter.fillRect(
            QRect(rect.left(), rect.top() + 2, self.STRIPE, rect.height() - 4), QColor(style.colour)
        )

        tag_font = _resized(option.font, -1)
        tag_height = QFontMetrics(tag_font).height() + 6
        tag = QRect(rect.left() + self.STRIPE + self.GAP, rect.top() + self.PAD, self.TAG_W, tag_height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(style.tint))
        painter.drawRoundedRect(tag, 4, 4)
        painter.setFont(tag_font)
        painter.setPen(QColor(style.colour))
        painter.drawText(tag, int(Qt.AlignmentFlag.AlignCenter.value), item.kind_label)

        painter.setFont(option.font)
        painter.setPen(QColor("#212121"))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            self._text_rect(rect), int(align.value) | int(Qt.TextFlag.TextWordWrap.value), item.text
        )

        target = target_of(item)
        if target is not None:
            hint = QRect(rect.right() - self.HINT_W, rect.top(), self.HINT_W - 4, rect.height())
            painter.setPen(QColor("#c62828" if selected or hovered else "#8a8a8a"))
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(hint, int(right.value), target.hint)
        painter.restore()


def _resized(font: QFont, larger: int) -> QFont:
    """The font `larger` pixels (or points) bigger; the theme sets pixel sizes, Qt's default points."""
    sized = QFont(font)
    if font.pixelSize() > 0:
        sized.setPixelSize(max(font.pixelSize() + larger, 9))
    elif font.pointSizeF() > 0:
        sized.setPointSizeF(max(font.pointSizeF() + larger, 7.0))
    return sized


def _bold(font: QFont, larger: int = 0) -> QFont:
    bold = _resized(font, larger)
    bold.setBold(True)
    return bold


class OverviewPage(LivePage):
    """The branch at a glance and today's reminders; a line opens what it is about."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today: Callable[[], dt.date] = dt.date.today  # tests set a fixed day
        self.overview: Overview | None = None
        self.setObjectName("overviewPage")
        self._build_ui()
        self._connect_signals()

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        header = QFrame(self)
        header.setObjectName("overviewHeader")
        header.setStyleSheet(
            "QFrame#overviewHeader { background: #ffffff; border: 1px solid #e0e0e0; border-radius: 6px; }"
        )
        self.branch_label = _label("overviewBranch", "font-size: 20px; font-weight: bold; color: #212121;")
        self.facts_label = _label("overviewFacts", "font-size: 15px; color: #333333;")
        self.date_label = _label("overviewDate", f"font-size: 15px; color: {MUTED};")
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.summary_label = _label("overviewSummary", "font-size: 15px;")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        grid = QGridLayout(header)
        grid.setContentsMargins(16, 10, 16, 10)
        grid.setHorizontalSpacing(24)
        grid.addWidget(self.branch_label, 0, 0)
        grid.addWidget(self.date_label, 0, 1)
        grid.addWidget(self.facts_label, 1, 0)
        grid.addWidget(self.summary_label, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 1)

        self.list = QListWidget(self)
        self.list.setObjectName("overviewList")
        self.list.setAccessibleName("提醒事项")
        self.list.setStyleSheet(
            "QListView#overviewList { background: #ffffff; padding: 4px 8px; border: 1px solid #e0e0e0;"
            " border-radius: 6px; }"
        )
        self.list.setItemDelegate(ReminderDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.empty_label = _label("overviewEmpty", f"font-size: 15px; color: {MUTED}; padding: 24px;")
        self.empty_label.setText("目前没有需要提醒的事项。")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        self.hint_label = _label("overviewHint", f"color: {MUTED};")
        self.hint_label.setText(
            "单击一行或选中后按回车：查看该党员、到“组织生活”登记会议、到“设岗定责”处理岗位，或到“支部信息”填写任期。"
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)
        layout.addWidget(header)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.hint_label)

        lines_only = Qt.ShortcutContext.WidgetShortcut
        self.open_shortcuts = [
            QShortcut(QKeySequence(key), self.list, context=lines_only)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ]

    def _connect_signals(self) -> None:
        self.list.itemClicked.connect(self._on_list_item_clicked)
        for shortcut in self.open_shortcuts:
            shortcut.activated.connect(self._on_open_shortcut_activated)
        self.watch_data(self._ctx.events)

    # --- data --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Header and reminders for the current branch and today."""
        branch_id, today = self._ctx.branch_id, self.today()

        def load(session: Any) -> tuple[BranchProfile, int, int, Overview]:
            summary = next((b for b in branches.list_branches(session) if b.id == branch_id), None)
            return (
                branches.get_profile(session, branch_id),
                summary.member_count if summary else 0,
                len(groups.list_groups(session, branch_id)),
                reminders.overview(session, branch_id, today),
            )

        profile, members, group_count, overview = operations.read(self._ctx, load)
        self.overview = overview
        self.branch_label.setText(profile.name)
        facts = [f"在册党员 {members} 人", f"党小组 {group_count} 个"]
        if profile.secretary_name:
            facts.insert(0, f"书记 {profile.secretary_name}")
        self.facts_label.setText("　·　".join(facts))
        self.date_label.setText(f"今天是 {date_text(today)}")
        self.summary_label.setText(self._summary_html(overview))
        self._fill(overview)

    def _summary_html(self, overview: Overview) -> str:
        parts = [
            f'<span style="color:{s.colour}; font-weight:bold;">{s.title} {overview.count(s.level)} 项</span>'
            for s in SECTIONS
            if overview.count(s.level)
        ]
        return "　　".join(parts) if parts else f'<span style="color:{MUTED};">今天没有提醒</span>'

    def _fill(self, overview: Overview) -> None:
        current = self.selected_item()
        self.list.clear()
        for section in SECTIONS:
            items = [i for i in overview.items if i.level is section.level]
            if not items:
                continue
            heading = QListWidgetItem(f"{section.title}（{len(items)} 项）")
            heading.setData(SECTION_ROLE, section)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(heading)
            for item in items:
                line = QListWidgetItem(item.text)
                line.setData(ITEM_ROLE, item)
                target = target_of(item)
                line.setToolTip(f"{item.text}\n\n{target.tooltip}" if target else item.text)
                self.list.addItem(line)
                if item == current:
                    self.list.setCurrentItem(line)
        self.list.setVisible(bool(overview.items))
        self.empty_label.setVisible(not overview.items)

    # --- lines -------------------------------------------------------------------------------------

    def lines(self) -> list[ReminderItem]:
        """The reminder lines in the order shown (headings left out)."""
        found = (self.list.item(row).data(ITEM_ROLE) for row in range(self.list.count()))
        return [item for item in found if isinstance(item, ReminderItem)]

    def headings(self) -> list[str]:
        found = (self.list.item(row) for row in range(self.list.count()))
        return [item.text() for item in found if isinstance(item.data(SECTION_ROLE), Section)]

    def selected_item(self) -> ReminderItem | None:
        current = self.list.currentItem()
        data = current.data(ITEM_ROLE) if current is not None else None
        return data if isinstance(data, ReminderItem) else None

    def open_item(self, item: ReminderItem) -> None:
        """Ask the main window for the place a line is about."""
        target = target_of(item)
        if target is None:
            return
        if target.member_id is not None:
            self._ctx.events.member_requested.emit(target.member_id)
        elif target.meeting_type:
            self._ctx.events.new_meeting_requested.emit(target.meeting_type, target.group_id)
        else:
            self._ctx.events.page_requested.emit(target.page)

    def _on_list_item_clicked(self, line: QListWidgetItem) -> None:
        data = line.data(ITEM_ROLE)
        if isinstance(data, ReminderItem):
            self.open_item(data)

    def _on_open_shortcut_activated(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_item(item)


def _label(name: str, style: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(style)
    return label
