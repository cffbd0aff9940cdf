"""Who served at an event, and for how long: members picked from the roll of that day by name or pinyin
initials (zs → 张三, Enter adds), outside volunteers by name and unit, hours edited in the table.

Everyone serves the event's whole length unless their 时长 cell says otherwise (travel excluded);
clearing the cell puts them back on the whole length. Nothing is stored here: the dialog saves the
list with the event, and the service checks it (the roll of that day, each member once, hours).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.services import pinyin_search
from branchdesk.services.roll import RollEntry
from branchdesk.services.volunteer import ParticipantRow
from branchdesk.services.volunteer_rules import ParticipantInput, hours_text

from branchdesk.ui.tablemodels.base import ForegroundDelegate
from branchdesk.ui.tablemodels.volunteer import HOURS_COLUMN, ParticipantTableModel

HINT_STYLE = "color: #616161;"
SUMMARY_STYLE = "font-weight: bold; color: #212121;"
ROLL_STYLE = "QListWidget#participantRoll::item { padding: 3px 6px; }"  # the theme's 36 px rows: 6 names
HOURS_NOTE = (
    "未单独填写时长的按活动时长（全程，不含路途）计。"
    "双击“时长”或选中后直接输入修改，如 2.5、2小时30分；清空即恢复全程。Del 移除选中的人。"
)


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setObjectName(name)
    return widget


class ParticipantsEditor(QWidget):
    """The participant list of one event form; `changed` after every addition, removal or edit."""

    changed = Signal()
    refused = Signal(object)  # a ValidationError for the dialog's red line (a cell, a duplicate name)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._roll: list[RollEntry] = []
        self._keys: dict[int, str] = {}
        self.setObjectName("volunteerParticipants")
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("participantSearch")
        self.search_edit.setPlaceholderText("姓名或拼音首字母，如 zs")
        self.search_edit.setClearButtonEnabled(True)
        self.roll_list = QListWidget()
        self.roll_list.setObjectName("participantRoll")
        self.roll_list.setToolTip("当天在册的本支部党员：回车或双击添加")
        self.roll_list.setStyleSheet(ROLL_STYLE)
        self.add_all_button = QPushButton("全部添加")
        self.add_all_button.setObjectName("participantAddAll")
        self.roll_note = QLabel()
        self.roll_note.setStyleSheet(HINT_STYLE)
        members_box = QGroupBox("添加党员（当天在册）")
        members = QVBoxLayout(members_box)
        members.addWidget(self.search_edit)
        members.addWidget(self.roll_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.roll_note, 1)
        row.addWidget(self.add_all_button)
        members.addLayout(row)

        self.outside_name = QLineEdit()
        self.outside_name.setObjectName("outsideName")
        self.outside_name.setPlaceholderText("姓名")
        self.outside_name.setMaxLength(50)
        self.outside_unit = QLineEdit()
        self.outside_unit.setObjectName("outsideUnit")
        self.outside_unit.setPlaceholderText("单位或身份，如 实习护士、社区网格员")
        self.outside_unit.setMaxLength(100)
        self.outside_button = QPushButton("添加")
        self.outside_button.setObjectName("outsideAdd")
        outside_box = QGroupBox("添加非党员志愿者")
        outside = QGridLayout(outside_box)
        outside.addWidget(self.outside_name, 0, 0)
        outside.addWidget(self.outside_button, 0, 1)
        outside.addWidget(self.outside_unit, 1, 0, 1, 2)
        outside.setColumnStretch(0, 1)

        left = QVBoxLayout()
        left.addWidget(members_box, 1)
        left.addWidget(outside_box)

        self.model = ParticipantTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("participantTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ForegroundDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in enumerate((80, 96, 120, 96, 90, 56)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.summary = _named(QLabel(), "participantSummary")
        self.summary.setStyleSheet(SUMMARY_STYLE)
        self.remove_button = QPushButton("移除(Del)")
        self.remove_button.setObjectName("participantRemove")
        self.message = _named(QLabel(), "participantMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(HINT_STYLE)
        self.message.setText(HOURS_NOTE)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.remove_button)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.table, 1)
        right.addWidget(self.message)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 0)
        layout.addLayout(right, 1)
        members_box.setFixedWidth(260)
        outside_box.setFixedWidth(260)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        for edit in (self.search_edit, self.outside_name, self.outside_unit):
            edit.installEventFilter(self)  # Enter answers the line, never the dialog's 保存
        self.roll_list.itemActivated.connect(self._on_roll_list_item_activated)
        self.add_all_button.clicked.connect(self._on_add_all_button_clicked)
        self.outside_button.clicked.connect(self._on_outside_button_clicked)
        self.remove_button.clicked.connect(self.remove_current)
        self.model.edited.connect(self._on_model_edited)
        self.model.refused.connect(self.refused)
        self.table.installEventFilter(self)
        self.roll_list.installEventFilter(self)

    # --- data in and out --------------------------------------------------------------------------------

    def set_roll(self, entries: Sequence[RollEntry], day_text: str = "") -> None:
        """The members on the roll of the event's day, offered for adding (those added are left out)."""
        self._roll = list(entries)
        self._keys = {e.member_id: pinyin_search.search_key(e.name) for e in self._roll}
        self.roll_note.setText(f"{day_text}在册 {len(self._roll)} 人" if day_text else "")
        self.roll_note.setToolTip(self.roll_note.text())
        self._fill_roll_list()

    def set_length(self, minutes: int) -> None:
        self.model.set_length(minutes)
        self._show_summary()

    def set_rows(self, rows: Sequence[ParticipantRow]) -> None:
        self.model.set_rows(list(rows))
        self._fill_roll_list()
        self._show_summary()

    def inputs(self) -> tuple[ParticipantInput, ...]:
        return tuple(p.to_input() for p in self.model.rows())

    def _member_ids(self) -> set[int]:
        return {p.member_id for p in self.model.rows() if p.member_id is not None}

    # --- the roll list ----------------------------------------------------------------------------------

    def _fill_roll_list(self) -> None:
        query, taken = self.search_edit.text(), self._member_ids()
        current = self.roll_list.currentItem()
        current_id = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.roll_list.clear()
        for entry in self._roll:
            if entry.member_id in taken or not pinyin_search.matches(self._keys[entry.member_id], query):
                continue
            item = QListWidgetItem(f"{entry.name}　{entry.department}".strip())
            item.setData(Qt.ItemDataRole.UserRole, entry.member_id)
            self.roll_list.addItem(item)
            if entry.member_id == current_id:
                self.roll_list.setCurrentItem(item)
        if self.roll_list.currentRow() < 0 and self.roll_list.count():
            self.roll_list.setCurrentRow(0)
        self.add_all_button.setEnabled(self.roll_list.count() > 0)

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._fill_roll_list()

    def _on_search_edit_return_pressed(self) -> None:
        """Enter adds the highlighted member and clears the search for the next name."""
        item = self.roll_list.currentItem()
        if item is not None:
            self.add_member(int(item.data(Qt.ItemDataRole.UserRole)))
            self.search_edit.clear()

    def _on_roll_list_item_activated(self, item: QListWidgetItem) -> None:
        self.add_member(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_add_all_button_clicked(self) -> None:
        for row in range(self.roll_list.count()):
            member_id = int(self.roll_list.item(row).data(Qt.ItemDataRole.UserRole))
            self._append_member(member_id)
        self.search_edit.clear()
        self._after_change()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↑/↓ in the search move through the list, Enter adds (search, list, outside fields) or edits
        (table); Delete in the table removes. Enter here never reaches the dialog's 保存."""
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if watched is self.search_edit:
                    self._on_search_edit_return_pressed()
                    return True
                if watched in (self.outside_name, self.outside_unit):
                    self._on_outside_button_clicked()
                    return True
                # A list or table passes Enter on to the dialog (its 保存) after acting: keep it here.
                if watched is self.roll_list:
                    item = self.roll_list.currentItem()
                    if item is not None:
                        self.add_member(int(item.data(Qt.ItemDataRole.UserRole)))
                    return True
                if watched is self.table and self.table.state() != QAbstractItemView.State.EditingState:
                    self._edit_current()
                    return True
            if watched is self.search_edit and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                row = min(max(self.roll_list.currentRow() + step, 0), self.roll_list.count() - 1)
                self.roll_list.setCurrentRow(row)
                return True
            if (
                watched is self.table
                and event.key() == Qt.Key.Key_Delete
                and self.table.state() != QAbstractItemView.State.EditingState
            ):
                self.remove_current()
                return True
        return super().eventFilter(watched, event)

    # --- adding and removing ----------------------------------------------------------------------------

    def _append_member(self, member_id: int) -> int:
        entry = next((e for e in self._roll if e.member_id == member_id), None)
        if entry is None or member_id in self._member_ids():
            return -1
        return self.model.append(
            ParticipantRow(0, member_id, entry.name, entry.department, 0, None, "", "", "")
        )

    def add_member(self, member_id: int) -> None:
        row = self._append_member(member_id)
        if row >= 0:
            self.message.setStyleSheet(HINT_STYLE)
            self.message.setText(f"已添加 {self.model.row_at(row).name}")
            self.table.scrollToBottom()
        self._after_change()

    def add_outside(self, name: str, unit: str) -> bool:
        """An outside volunteer by name; the same name twice is refused unless both units tell the
        two people apart."""
        name, unit = " ".join(name.split()), " ".join(unit.split())
        if not name:
            self._refuse("请填写非党员志愿者的姓名。")
            self.outside_name.setFocus()
            return False
        for number, p in enumerate(self.model.rows(), start=1):
            if p.member_id is None and p.name == name and (p.unit == unit or not p.unit or not unit):
                known = f"（{p.unit}）" if p.unit else ""
                self._refuse(
                    f"{name}{known}已在名单中（第 {number} 行），不要重复添加；"
                    "如是同名的另一人，请填写单位或身份以区分。",
                    number,
                )
                self.outside_name.setFocus()
                self.outside_name.selectAll()
                return False
        self.model.append(ParticipantRow(0, None, name, unit, 0, None, "", "", ""))
        self.message.setStyleSheet(HINT_STYLE)
        self.message.setText(f"已添加非党员志愿者 {name}")
        self.table.scrollToBottom()
        self._after_change()
        return True

    def _on_outside_button_clicked(self) -> None:
        if self.add_outside(self.outside_name.text(), self.outside_unit.text()):
            self.outside_name.clear()
            self.outside_unit.clear()
            self.outside_name.setFocus()

    def _edit_current(self) -> None:
        """Enter on a participant edits the cell (the 时长 one unless another editable cell is current)."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        if not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            index = index.siblingAtColumn(HOURS_COLUMN)
            self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            name = self.model.row_at(index.row()).name
            self.model.remove(index.row())
            self.message.setText(f"已移除 {name}")
            self._after_change()

    def _after_change(self) -> None:
        self._fill_roll_list()
        self._show_summary()

    def _on_model_edited(self) -> None:
        """Every addition, removal or accepted cell: the summary, and the dialog clears a stale refusal."""
        self._show_summary()
        self.changed.emit()

    def _refuse(self, text: str, row: int | None = None) -> None:
        self.refused.emit(ValidationError(text, field="参加人员", row=row))

    def select_row(self, row: int) -> None:
        """Put the cursor on a participant (a refusal's row), on the 时长 cell."""
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, HOURS_COLUMN))
            self.table.setFocus()

    def _show_summary(self) -> None:
        rows = self.model.rows()
        members = sum(1 for p in rows if p.is_member)
        total = sum(p.minutes for p in rows)
        self.summary.setText(
            f"党员 {members} 人、非党员 {len(rows) - members} 人，合计 {hours_text(total)}"
            f"（活动时长 {hours_text(self.model.length)}）"
        )
