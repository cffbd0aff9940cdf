"""排班与值班记录: a post's turns month by month, the month's figures, and the actions on turns.

按周排班 builds a month at once (next month by default); a single turn is added or given to another
member by hand; each turn is then confirmed in the log (Enter): 已到岗, 换班 with whom, 缺岗, and
the people helped. Several turns can be marked 已到岗 together. A turn that will not happen is voided
with a reason. Served turns of a volunteer post feed the volunteer figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.models import DutyOutcome, PostKind
from branchdesk.services import duty_pattern, duty_rota, posts
from branchdesk.services.duty_rota import TurnRow
from branchdesk.services.posts import PostRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.duty_confirm_dialog import ConfirmTurnDialog
from branchdesk.ui.dialogs.duty_pattern_dialog import DEFAULT_SLOTS, WeeklyRotaDialog, month_range, next_month
from branchdesk.ui.dialogs.duty_turn_dialog import TurnDialog
from branchdesk.ui.dialogs.post_fields import slots_text
from branchdesk.ui.pages.posts_tables import table
from branchdesk.ui.tablemodels.base import ROW_ROLE
from branchdesk.ui.tablemodels.duty import TurnTableModel
from branchdesk.ui.widgets.row_selection import selected_row


def _shift(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


class DutyPanel(QWidget):
    """The duty tab of the post details; `month` is the (year, month) shown."""

    def __init__(
        self, ctx: AppContext, open_dialog: Callable[[QDialog], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._open = open_dialog
        self.post: PostRow | None = None
        today = dt.date.today()
        self.month = (today.year, today.month)
        self.setObjectName("dutyPanel")
        self.prev_button = QPushButton("‹ 上月")
        self.prev_button.setObjectName("dutyPrevMonth")
        self.month_label = QLabel()
        self.month_label.setObjectName("dutyMonth")
        self.month_label.setStyleSheet("font-weight: bold;")
        self.next_button = QPushButton("下月 ›")
        self.next_button.setObjectName("dutyNextMonth")
        self.weekly_button = QPushButton("按周排班(&W)")
        self.weekly_button.setObjectName("dutyWeekly")
        self.weekly_button.setToolTip("按星期几和时段，把党员轮流排进一段日期（默认下个月）")
        self.add_button = QPushButton("添加班次(&T)")
        self.add_button.setObjectName("dutyAddTurn")
        self.reassign_button = QPushButton("换人(&H)")
        self.reassign_button.setObjectName("dutyReassign")
        self.confirm_button = QPushButton("确认值班(&C)")
        self.confirm_button.setObjectName("dutyConfirm")
        self.confirm_button.setToolTip("记录到岗、换班或缺岗及服务人次（回车或双击）")
        self.served_button = QPushButton("选中的均已到岗(&Y)")
        self.served_button.setObjectName("dutyAllServed")
        self.void_button = QPushButton("作废班次(&V)")
        self.void_button.setObjectName("dutyVoid")
        top = QHBoxLayout()
        for widget in (self.prev_button, self.month_label, self.next_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.weekly_button)
        top.addWidget(self.add_button)
        actions = QHBoxLayout()
        for button in (self.confirm_button, self.served_button, self.reassign_button, self.void_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.model = TurnTableModel(self)
        self.table = table(self.model, "dutyTable", self)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.figures_label = QLabel()
        self.figures_label.setObjectName("dutyFigures")
        self.figures_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.figures_label)
        self.confirm_shortcuts = [
            QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ]
        for shortcut in self.confirm_shortcuts:
            shortcut.activated.connect(self._on_confirm_button_clicked)
        self.prev_button.clicked.connect(lambda: self.set_month(*_shift(*self.month, -1)))
        self.next_button.clicked.connect(lambda: self.set_month(*_shift(*self.month, 1)))
        self.weekly_button.clicked.connect(self._on_weekly_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.reassign_button.clicked.connect(self._on_reassign_button_clicked)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.table.doubleClicked.connect(lambda _i: self._on_confirm_button_clicked())
        self.served_button.clicked.connect(self._on_served_button_clicked)
        self.void_button.clicked.connect(self._on_void_button_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

    # --- data --------------------------------------------------------------------------------------

    def show_post(self, row: PostRow | None) -> None:
        self.post = row
        self.reload()

    def set_month(self, year: int, month: int) -> None:
        self.month = (year, month)
        self.reload()

    def reload(self) -> None:
        year, month = self.month
        self.month_label.setText(f"{year}年{month}月")
        row = self.post
        if row is None:
            self.model.set_rows([])
            self.figures_label.setText("")
        else:
            first, last = month_range(year, month)
            post_id = row.id
            turns = operations.read(self._ctx, lambda s: duty_rota.list_turns(s, post_id, first, last))
            self.model.today = dt.date.today()
            self.model.set_rows(turns)
            self.figures_label.setText(self._figures_text(turns))
        self._update_buttons()

    def _figures_text(self, turns: list[TurnRow]) -> str:
        if not turns:
            return "本月还没有排班。按“按周排班”（Alt+W）一次排好一个月。"
        f = duty_rota.figures(turns)
        volunteer = self.post is not None and self.post.kind is PostKind.VOLUNTEER
        if f.unconfirmed == f.turns:
            hours = sum(t.minutes for t in turns) / 60
            return f"本月已排 {f.turns} 个班次，共 {hours:.1f} 小时；值班后在此确认到岗情况（回车）。"
        text = (
            f"本月 {f.turns} 个班次：已到岗 {f.served}，换班 {f.swapped}，缺岗 {f.missed}，"
            f"待确认 {f.unconfirmed}；"
            f"服务群众 {f.people_helped} 人次，值班 {f.hours_text}"
        )
        if volunteer:
            text += "（计入志愿服务时长）"
        return text + "。"

    def selected_turns(self) -> list[TurnRow]:
        rows = self.table.selectionModel().selectedRows()
        found = [index.data(ROW_ROLE) for index in rows]
        return [r for r in found if isinstance(r, TurnRow)]

    def current_turn(self) -> TurnRow | None:
        return selected_row(self.table, TurnRow)

    def _update_buttons(self) -> None:
        open_post = self.post is not None and not self.post.voided
        for button in (self.weekly_button, self.add_button):
            button.setEnabled(open_post)
        chosen = self.selected_turns()
        one = self.current_turn()
        self.confirm_button.setEnabled(open_post and one is not None)
        self.reassign_button.setEnabled(open_post and one is not None and one.outcome is DutyOutcome.PLANNED)
        self.served_button.setEnabled(open_post and any(t.outcome is DutyOutcome.PLANNED for t in chosen))
        self.void_button.setEnabled(open_post and bool(chosen))

    def _members(self, day: dt.date | None = None) -> list[tuple[int, str]]:
        branch_id, when = self._ctx.branch_id, day or dt.date.today()
        return operations.read(self._ctx, lambda s: posts.roll_members(s, branch_id, when))

    # --- actions -----------------------------------------------------------------------------------

    def _on_weekly_button_clicked(self) -> None:
        if self.post is None or self.post.voided:
            return
        today = dt.date.today()
        shown_later = self.month > (today.year, today.month)
        month = self.month if shown_later else next_month(today)
        used = sorted({(t.starts_at, t.ends_at) for t in self.model.rows()})
        slots = slots_text(used) if used else DEFAULT_SLOTS
        post_id, first = self.post.id, dt.date(*month, 1)
        last = operations.read(self._ctx, lambda s: duty_pattern.last_rota(s, post_id, first))
        dialog = WeeklyRotaDialog(
            self._ctx, self.post, self._members(), month=month, slots=slots, last=last, parent=self
        )
        dialog.accepted.connect(lambda: self._show_saved_month(dialog))
        self._open(dialog)

    def _show_saved_month(self, dialog: WeeklyRotaDialog) -> None:
        """After 按周排班, the month the new rota starts in."""
        first = dialog.first_field.date()
        if first is not None:
            self.set_month(first.year, first.month)

    def _on_add_button_clicked(self) -> None:
        if self.post is None:
            return
        today = dt.date.today()
        first, last = month_range(*self.month)
        day = today if first <= today <= last else first
        used = sorted({(t.starts_at, t.ends_at) for t in self.model.rows()})
        slot = used[0] if used else (dt.time(8), dt.time(12))
        self._open(TurnDialog(self._ctx, self.post.id, self._members(day), day=day, slot=slot, parent=self))

    def _on_reassign_button_clicked(self) -> None:
        turn = self.current_turn()
        if self.post is not None and turn is not None and turn.outcome is DutyOutcome.PLANNED:
            members = [m for m in self._members(turn.on_date) if m[0] != turn.member_id]
            self._open(TurnDialog(self._ctx, self.post.id, members, turn=turn, parent=self))

    def _on_confirm_button_clicked(self) -> None:
        turn = self.current_turn()
        if self.post is None or self.post.voided or turn is None:
            return
        volunteer = self.post.kind is PostKind.VOLUNTEER
        members = self._members(turn.on_date)
        self._open(ConfirmTurnDialog(self._ctx, turn, members, volunteer=volunteer, parent=self))

    def _on_served_button_clicked(self) -> None:
        ids = [t.id for t in self.selected_turns() if t.outcome is DutyOutcome.PLANNED]
        today = dt.date.today()
        if not ids:
            return
        if operations.run_action(self, self._ctx, lambda s: duty_rota.confirm_served(s, ids, today=today)):
            self._ctx.events.posts_changed.emit()

    def _on_void_button_clicked(self) -> None:
        chosen = self.selected_turns()
        if not chosen or not messages.confirm(
            self,
            "作废班次",
            f"要作废选中的 {len(chosen)} 个班次吗？\n\n作废后不再计入值班统计和志愿服务时长，记录仍保留。",
            ok_text="作废",
        ):
            return
        reason, ok = QInputDialog.getText(self, "作废原因", "作废原因（必填，如：门诊停诊、排错）：")
        if not ok:
            return
        ids, today = [t.id for t in chosen], dt.date.today()

        def void(session: Any) -> bool:
            for turn_id in ids:
                duty_rota.void_turn(session, turn_id, on=today, reason=reason)
            return True

        if operations.run_action(self, self._ctx, void):
            self._ctx.events.posts_changed.emit()
