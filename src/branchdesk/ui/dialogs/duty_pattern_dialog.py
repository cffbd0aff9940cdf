"""按周排班: a date range (next month by default), weekdays, time slots and the members in turn, a
preview of every turn with the conflicts met and the gaps left, then one save.

The preview is the service's own plan (duty_pattern.weekly_plan): a member busy elsewhere at a slot
is named with the date and the other post, and the next in line takes that slot. Changing anything
after the preview asks for a new one, so what is saved is what was shown.

The members ticked at first are the post's holders and whoever was on its last month of turns
(duty_pattern.last_rota), holders first, then the others in last month's order; a click anywhere on a
name ticks or unticks it. Esc or 取消 after a change or a preview asks before throwing the work away.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.services import duty_rota
from branchdesk.services.duty_pattern import LastRota, RotaPlan, WeeklyPattern, weekly_plan
from branchdesk.services.post_labels import WEEKDAYS
from branchdesk.services.posts import PostRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.post_fields import ok_cancel, parse_slots
from branchdesk.ui.tablemodels.base import RowFilterProxy
from branchdesk.ui.tablemodels.duty import PlanTableModel
from branchdesk.ui.widgets.date_field import DateField, checked_date, parse_date
from branchdesk.ui.widgets.field_errors import clear_field_errors, error_label, show_field_error

DEFAULT_SLOTS = "08:00-12:00，14:30-17:30"
NOTICE_STYLE = "color: #b45309;"


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def next_month(day: dt.date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


class WeeklyRotaDialog(QDialog):
    """`saved` is how many turns were stored (0 when cancelled)."""

    def __init__(
        self,
        ctx: AppContext,
        post: PostRow,
        members: list[tuple[int, str]],
        *,
        month: tuple[int, int] | None = None,
        slots: str = DEFAULT_SLOTS,
        last: LastRota | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._post = post
        self._last = last
        self.plan: RotaPlan | None = None
        self.saved = 0
        self._ticked_by_box: QListWidgetItem | None = None
        self.setObjectName("weeklyRotaDialog")
        self.setWindowTitle(f"按周排班 — {post.name}")
        self._build_ui(members, slots)
        first, last_day = month_range(*(month or next_month(dt.date.today())))
        self.first_field.setDate(first)
        self.last_field.setDate(last_day)
        self._connect_signals()
        self._plan_stale()
        self._baseline = self._inputs()
        self.preview_button.setFocus()

    def _build_ui(self, members: list[tuple[int, str]], slots: str) -> None:
        self.first_field, self.last_field = DateField(), DateField()
        self.first_field.setObjectName("rotaFirst")
        self.last_field.setObjectName("rotaLast")
        dates = QHBoxLayout()
        dates.addWidget(self.first_field)
        dates.addWidget(QLabel("至"))
        dates.addWidget(self.last_field)
        self.weekday_checks = []
        weekdays = QHBoxLayout()
        for index, char in enumerate(WEEKDAYS):
            check = QCheckBox(char)
            check.setObjectName(f"rotaWeekday{index}")
            check.setChecked(index < 5)
            self.weekday_checks.append(check)
            weekdays.addWidget(check)
        weekdays.addStretch(1)
        self.slots_edit = QLineEdit(slots)
        self.slots_edit.setObjectName("rotaSlots")
        self.slots_edit.setToolTip("如 08:00-12:00，14:30-17:30；多个时段用逗号分开")
        self.per_slot_spin = QSpinBox()
        self.per_slot_spin.setObjectName("rotaPerSlot")
        self.per_slot_spin.setRange(1, 10)
        self.skip_edit = QLineEdit()
        self.skip_edit.setObjectName("rotaSkip")
        self.skip_edit.setPlaceholderText("节假日等不排班的日期，如 2027-01-01，可留空")
        self.members_list = QListWidget()
        self.members_list.setObjectName("rotaMembers")
        self.members_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.members_list.setToolTip("单击姓名或按空格键勾选参加轮值的党员；拖动或用上移/下移调整轮值顺序")
        chosen = self._first_chosen(members)
        names = dict(members)
        for member_id in [*chosen, *(m for m, _n in members if m not in chosen)]:
            item = QListWidgetItem(names[member_id])
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = member_id in chosen or not chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.members_list.addItem(item)
        self.members_hint = QLabel(self._members_hint(len(chosen)))
        self.members_hint.setObjectName("rotaMembersHint")
        self.members_hint.setWordWrap(True)
        self.members_hint.setStyleSheet("color: #616161;")
        self.up_button, self.down_button = QPushButton("上移(&U)"), QPushButton("下移(&W)")
        moves = QHBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        moves.addStretch(1)
        self.fields: dict[str, QWidget] = {
            "开始日期": self.first_field,
            "结束日期": self.last_field,
            "星期": self.weekday_checks[0],
            "时段": self.slots_edit,
            "每班人数": self.per_slot_spin,
            "不排班日期": self.skip_edit,
            "值班党员": self.members_list,
            "党员": self.members_list,
        }
        form = QFormLayout()
        dates_label = QLabel("日期(&R)：")
        dates_label.setBuddy(self.first_field)
        form.addRow(dates_label, dates)
        form.addRow("星期：", weekdays)
        form.addRow("时段(&T)：", self.slots_edit)
        form.addRow("每班人数(&N)：", self.per_slot_spin)
        form.addRow("不排班日期：", self.skip_edit)
        members_label = QLabel("值班党员（按轮值顺序）(&M)：")
        members_label.setBuddy(self.members_list)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(members_label)
        left.addWidget(self.members_hint)
        left.addWidget(self.members_list, 1)
        left.addLayout(moves)

        self.preview_button = QPushButton("生成预览(&G)")
        self.preview_button.setObjectName("rotaPreview")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("rotaSummary")
        self.summary_label.setWordWrap(True)
        self.model = PlanTableModel(self)
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("rotaPlanTable")
        self.table.setModel(proxy)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.notices = QPlainTextEdit()
        self.notices.setObjectName("rotaNotices")
        self.notices.setReadOnly(True)
        self.notices.setStyleSheet(NOTICE_STYLE)
        self.notices.setMaximumHeight(110)
        right = QVBoxLayout()
        right.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.summary_label)
        right.addWidget(self.table, 1)
        right.addWidget(self.notices)
        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addLayout(right, 5)
        self.error_label = error_label("rotaError")
        self.buttons, self.save_button = ok_cancel("保存排班(&S)", "rotaSave")
        self.save_button.setDefault(False)
        self.preview_button.setDefault(True)
        self.post_label = QLabel(
            f"岗位：{self._post.name}" + (f"（{self._post.place}）" if self._post.place else "")
        )
        self.post_label.setObjectName("rotaPost")
        self.post_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.post_label)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(1000, 660)

    def _first_chosen(self, members: list[tuple[int, str]]) -> list[int]:
        """Holders, then last month's people in their turn order (only those on the roll)."""
        on_roll = {m for m, _n in members}
        last = self._last.member_ids if self._last else ()
        ids = [h.member_id for h in self._post.holders] + list(last)
        return [m for m in dict.fromkeys(ids) if m in on_roll]

    def _members_hint(self, count: int) -> str:
        holders = bool(self._post.holders)
        if self._last is not None:
            who = "在岗党员和" if holders else ""
            return f"已勾选{who}上次排班（{self._last.year}年{self._last.month}月）轮值的 {count} 人。"
        if holders:
            return f"已勾选在岗党员 {count} 人；本岗位以前没有排过班。"
        return "本岗位没有在岗党员、以前也没有排过班：已全部勾选，请去掉不参加的。"

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        for edit in (self.first_field, self.last_field, self.slots_edit, self.skip_edit):
            edit.textChanged.connect(self._plan_stale)
        for check in self.weekday_checks:
            check.toggled.connect(self._plan_stale)
        self.per_slot_spin.valueChanged.connect(self._plan_stale)
        self.members_list.itemChanged.connect(self._plan_stale)
        self.members_list.model().rowsMoved.connect(self._plan_stale)
        # A click on the name ticks it too; a click on the box itself is Qt's own (not twice).
        self.members_list.itemPressed.connect(lambda _item: self._note_box_tick(None))
        self.members_list.itemChanged.connect(self._note_box_tick)
        self.members_list.itemClicked.connect(self._on_member_clicked)

    def _note_box_tick(self, item: QListWidgetItem | None) -> None:
        self._ticked_by_box = item

    def _on_member_clicked(self, item: QListWidgetItem) -> None:
        if self._ticked_by_box is item:  # the click landed on the box, which Qt already toggled
            self._ticked_by_box = None
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        self._ticked_by_box = None

    def _move(self, step: int) -> None:
        row = self.members_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.members_list.count():
            return
        item = self.members_list.takeItem(row)
        self.members_list.insertItem(target, item)
        self.members_list.setCurrentRow(target)
        self._plan_stale()

    def _plan_stale(self, *_args: object) -> None:
        """Inputs changed: the preview no longer shows what would be saved."""
        self.plan = None
        self.model.set_rows([])
        self.notices.clear()
        self.summary_label.setText("填写后按“生成预览”（Alt+G），确认无误再保存。")
        self.save_button.setEnabled(False)
        self.preview_button.setDefault(True)

    def member_ids(self) -> tuple[int, ...]:
        items = (self.members_list.item(i) for i in range(self.members_list.count()))
        return tuple(
            i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked
        )

    def pattern(self) -> WeeklyPattern:
        skip: list[dt.date] = []
        for part in re.split(r"[,，;；、\s]+", self.skip_edit.text().strip()):
            if part:
                day = parse_date(part)
                if day is None:
                    raise ValidationError(f"看不懂日期“{part}”。", field="不排班日期")
                skip.append(day)
        return WeeklyPattern(
            post_id=self._post.id,
            first_day=checked_date(self.first_field, "开始日期", required=True),
            last_day=checked_date(self.last_field, "结束日期", required=True),
            weekdays=tuple(i for i, c in enumerate(self.weekday_checks) if c.isChecked()),
            slots=parse_slots(self.slots_edit.text()),
            member_ids=self.member_ids(),
            per_slot=self.per_slot_spin.value(),
            skip_days=tuple(skip),
        )

    def _on_preview_button_clicked(self) -> None:
        clear_field_errors(self.error_label, self.fields)
        try:
            pattern = self.pattern()
            plan = operations.read(self._ctx, lambda s: weekly_plan(s, pattern))
        except BranchDeskError as exc:
            self.show_error(exc)
            return
        self.plan = plan
        self.model.set_rows(plan.turns)
        self.notices.setPlainText("\n".join(plan.notices))
        filled = len(plan.turns) - len(plan.gaps)
        parts = [f"共 {filled} 个班次"]
        conflicts = sum(1 for n in plan.notices if "同一时间不能在两处值班" in n)
        if conflicts:
            parts.append(f"{conflicts} 处时间冲突已由下一位党员顶上")
        if plan.gaps:
            parts.append(f"{len(plan.gaps)} 个班次无人可排")
        if plan.already_planned:
            parts.append(f"{plan.already_planned} 个时段已有排班，保持不变")
        self.summary_label.setText("，".join(parts) + "。")
        self.save_button.setEnabled(filled > 0)
        self.save_button.setDefault(filled > 0)
        if filled:
            self.save_button.setFocus()

    def accept(self) -> None:
        plan = self.plan
        if plan is None:
            self._on_preview_button_clicked()
            return
        turns = plan.inputs()
        if plan.gaps and not messages.confirm(
            self,
            "有空缺班次",
            f"有 {len(plan.gaps)} 个班次无人可排，将只保存其余 {len(turns)} 个班次，"
            "空缺可稍后手工补排。继续保存吗？",
            ok_text="保存",
        ):
            return
        saved = operations.run_keeping_open(
            self, self._ctx, lambda s: duty_rota.save_turns(s, turns), self.show_error
        )
        if saved is not None:
            self.saved = saved
            self._ctx.events.posts_changed.emit()
            super().accept()

    def _inputs(self) -> tuple[object, ...]:
        """Everything typed or ticked, to tell whether closing would lose work."""
        items = [self.members_list.item(i) for i in range(self.members_list.count())]
        return (
            self.first_field.text(),
            self.last_field.text(),
            tuple(c.isChecked() for c in self.weekday_checks),
            self.slots_edit.text(),
            self.per_slot_spin.value(),
            self.skip_edit.text(),
            tuple((i.data(Qt.ItemDataRole.UserRole), i.checkState() == Qt.CheckState.Checked) for i in items),
        )

    def reject(self) -> None:
        """Esc or 取消: a changed form or a preview is not thrown away without asking."""
        changed = self.plan is not None or self._inputs() != self._baseline
        text = "排班还没有保存，关闭后所填内容和预览都将丢失。确定不保存就关闭吗？"
        if not messages.keep_editing(self, changed, text, title="放弃排班"):
            super().reject()

    def show_error(self, error: BranchDeskError) -> None:
        show_field_error(self.error_label, self.fields, error)
