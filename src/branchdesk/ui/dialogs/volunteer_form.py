"""The fields of one volunteer event (volunteer_rules.VolunteerEventInput) on two tab pages: 基本信息
and 服务记录 (what the 志愿服务记录 rules ask besides the people: training, honours, evaluation).

Choices come from the managed lists; an archived kind or partner unit the event already has stays
choosable under its name, marked 已停用; a new event's kind is chosen each time (（请选择服务类别）).
The linked theme day is chosen among the branch's theme days of the month and nearby (the dialog
refills them when the date changes); when there is none the form says so under the choice.
Enter in a line of 基本信息 moves on to the next field: it never saves a half-filled event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.services.volunteer_links import ThemeDayChoice
from branchdesk.services.volunteer_lists import KindRow, PartnerRow
from branchdesk.services.volunteer_rules import (
    LINK_DAYS,
    ParticipantInput,
    VolunteerEventInput,
    hours_text,
    minutes_between,
)

from branchdesk.ui.dialogs.meeting_form import TIME_HINT, format_time, parse_time
from branchdesk.ui.tablemodels.volunteer import WEEKDAYS
from branchdesk.ui.widgets.date_field import DateField, checked_date

NOTE_STYLE = "color: #616161;"
HINT_STYLE = "color: #b45309;"


class VolunteerForm(QObject):
    """Edits a VolunteerEventInput except its participants; `basic_page` and `record_page` go in tabs."""

    length_changed = Signal(int)  # minutes, 0 while the times do not read
    date_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}  # ValidationError.field -> its widget
        self._build_basic()
        self._build_record()
        self._connect_signals()

    def _named(self, widget: QWidget, name: str, field: str = "", limit: int = 0) -> QWidget:
        widget.setObjectName(name)
        if field:
            self.fields[field] = widget
        if limit and isinstance(widget, QLineEdit):
            widget.setMaxLength(limit)
        return widget

    def _build_basic(self) -> None:
        self.basic_page = QWidget()
        self.title_edit = self._named(QLineEdit(), "volunteerTitle", "活动名称", 200)
        self.title_edit.setPlaceholderText("如 “健康进社区”义诊、高血压防治科普讲座")
        self.kind_combo = self._named(QComboBox(), "volunteerKind", "服务类别")
        self.date_field = self._named(DateField(), "volunteerDate", "日期")
        self.date_field.setPlaceholderText("如 2026-03-07")
        self.date_field.setFixedWidth(150)
        self.start_edit = self._named(QLineEdit(), "volunteerStart", "开始时间", 8)
        self.end_edit = self._named(QLineEdit(), "volunteerEnd", "结束时间", 8)
        for edit in (self.start_edit, self.end_edit):
            edit.setPlaceholderText("如 08:30")
            edit.setFixedWidth(90)
            edit.setToolTip("可输入 8:30、0830 或 8点30")
        self.weekday_label = self._named(QLabel(), "volunteerWeekday")
        self.length_label = self._named(QLabel(), "volunteerLength")
        self.length_label.setStyleSheet(NOTE_STYLE)
        when = QHBoxLayout()
        when.addWidget(self.date_field)
        when.addWidget(self.weekday_label)
        when.addSpacing(12)
        when.addWidget(QLabel("时间："))
        when.addWidget(self.start_edit)
        when.addWidget(QLabel(" 至 "))
        when.addWidget(self.end_edit)
        when.addSpacing(8)
        when.addWidget(self.length_label)
        when.addStretch(1)
        self.place_edit = self._named(QLineEdit(), "volunteerPlace", "地点", 100)
        self.place_edit.setPlaceholderText("如 幸福社区党群服务中心")
        self.partner_combo = self._named(QComboBox(), "volunteerPartner", "共建单位")
        self.partner_combo.setMinimumWidth(260)
        self.partner_add = self._named(QPushButton("新增单位…"), "volunteerPartnerAdd")
        partner = QHBoxLayout()
        partner.addWidget(self.partner_combo, 1)
        partner.addWidget(self.partner_add)
        self.partner_hint = self._named(QLabel(), "volunteerPartnerHint")
        self.partner_hint.setStyleSheet(HINT_STYLE)
        self.partner_hint.setWordWrap(True)
        self.partner_hint.hide()
        self.people_spin = self._named(QSpinBox(), "volunteerPeople", "惠及群众人次")
        self.people_spin.setRange(0, 1_000_000)
        self.people_spin.setSuffix(" 人次")
        self.people_spin.setFixedWidth(140)
        self.meeting_combo = self._named(QComboBox(), "volunteerMeeting", "关联主题党日")
        self.meeting_combo.setToolTip(
            f"本支部当月及前后{LINK_DAYS}天内的主题党日（近的在前）：活动作为主题党日开展时选择"
        )
        self.meeting_hint = self._named(QLabel(), "volunteerMeetingHint")
        self.meeting_hint.setStyleSheet(NOTE_STYLE)
        self.meeting_hint.setWordWrap(True)
        self.meeting_hint.hide()
        form = QFormLayout(self.basic_page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(10)
        form.addRow("活动名称：", self.title_edit)
        form.addRow("服务类别：", self.kind_combo)
        form.addRow("日期：", when)
        form.addRow("地点：", self.place_edit)
        form.addRow("共建单位：", partner)
        form.addRow("", self.partner_hint)
        form.addRow("惠及群众：", self.people_spin)
        form.addRow("主题党日：", self.meeting_combo)
        form.addRow("", self.meeting_hint)
        self.basic_form = form

    def _build_record(self) -> None:
        self.record_page = QWidget()
        layout = QVBoxLayout(self.record_page)
        self.record_edits: dict[str, QPlainTextEdit] = {}
        for attr, label, hint, stretch in (
            ("training", "培训情况", "活动前的培训：内容、时长、授课人；没有可留空", 1),
            ("honours", "表彰奖励", "本次服务获得的表扬、感谢信、荣誉", 1),
            ("evaluation", "服务评价", "服务对象或共建单位的评价、满意度", 1),
            ("notes", "活动情况", "服务内容和成效，如 测血压 80 人次、发放资料 200 份；照片存放位置", 2),
        ):
            edit = QPlainTextEdit()
            self._named(edit, f"volunteer_{attr}", label)
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)
            caption = QLabel(f"{label}：")
            caption.setBuddy(edit)
            layout.addWidget(caption)
            layout.addWidget(edit, stretch)
            self.record_edits[attr] = edit

    def _connect_signals(self) -> None:
        for edit in (self.start_edit, self.end_edit):
            edit.textChanged.connect(self._on_time_text_changed)
            edit.editingFinished.connect(self._on_time_editing_finished)
        self.date_field.editingFinished.connect(self.date_changed)
        self.date_field.dateChanged.connect(self._on_date_field_date_changed)
        for edit in self.line_edits():
            edit.installEventFilter(self)

    def line_edits(self) -> tuple[QWidget, ...]:
        """The fields of 基本信息 in order but the last (主题党日): Enter in one moves to the next."""
        return (
            self.title_edit,
            self.kind_combo,
            self.date_field,
            self.start_edit,
            self.end_edit,
            self.place_edit,
            self.partner_combo,
            self.people_spin,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in a field of 基本信息 moves on (as Tab), never to the dialog's 保存: the people are on
        another tab and a new event is not done when its name is typed. Ctrl+Enter still saves."""
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QWidget)
        ):
            fields = self.line_edits()
            position = fields.index(watched) if watched in fields else len(fields)
            following = fields[position + 1] if position < len(fields) - 1 else self.meeting_combo
            following.setFocus(Qt.FocusReason.TabFocusReason)
            if isinstance(following, QLineEdit):
                following.selectAll()
            return True
        return super().eventFilter(watched, event)

    def _on_date_field_date_changed(self, day: dt.date | None) -> None:
        self.weekday_label.setText(f"周{WEEKDAYS[day.weekday()]}" if day is not None else "")

    # --- choices ---------------------------------------------------------------------------------------

    def set_kinds(self, kinds: Sequence[KindRow], current: int | None) -> None:
        self.kind_combo.clear()
        self.kind_combo.addItem("（请选择服务类别）", None)
        for kind in kinds:
            if not kind.archived or kind.id == current:
                self.kind_combo.addItem(kind.name + ("（已停用）" if kind.archived else ""), kind.id)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(current)))

    def set_partners(self, partners: Sequence[PartnerRow], current: int | None) -> None:
        self.partner_combo.clear()
        self.partner_combo.addItem("（无）", None)
        for partner in partners:
            if not partner.archived or partner.id == current:
                self.partner_combo.addItem(
                    partner.name + ("（已停用）" if partner.archived else ""), partner.id
                )
        self.partner_combo.setCurrentIndex(max(0, self.partner_combo.findData(current)))

    def set_theme_days(
        self, choices: Sequence[ThemeDayChoice], current: int | None, current_label: str, none_text: str = ""
    ) -> None:
        """Theme days near the date; a linked one not among them (voided, or the date moved) is kept.
        With none to offer, `none_text` says why under the choice (not a bare （不关联）)."""
        self.meeting_hint.setText(none_text)
        self.meeting_hint.setVisible(bool(none_text) and not choices and current is None)
        self.meeting_combo.clear()
        self.meeting_combo.addItem("（不关联）", None)
        for choice in choices:
            self.meeting_combo.addItem(choice.label, choice.id)
        if current is not None and self.meeting_combo.findData(current) < 0:
            self.meeting_combo.addItem(current_label or "已关联的主题党日", current)
        self.meeting_combo.setCurrentIndex(max(0, self.meeting_combo.findData(current)))

    # --- behaviour -------------------------------------------------------------------------------------

    def length(self) -> int:
        """The event's length in minutes as typed so far; 0 while the times do not read."""
        try:
            start, end = parse_time(self.start_edit.text()), parse_time(self.end_edit.text())
        except ValueError:
            return 0
        return max(minutes_between(start, end), 0) if start and end else 0

    def _on_time_text_changed(self, _text: str) -> None:
        minutes = self.length()
        self.length_label.setText(f"共 {hours_text(minutes)}" if minutes else "")
        self.length_changed.emit(minutes)

    def _on_time_editing_finished(self) -> None:
        """Show what was understood: 0830 becomes 08:30 once the user moves on."""
        for edit in (self.start_edit, self.end_edit):
            try:
                value = parse_time(edit.text())
            except ValueError:
                continue
            edit.setText(format_time(value))

    # --- in and out ------------------------------------------------------------------------------------

    def fill(self, data: VolunteerEventInput) -> None:
        self.title_edit.setText(data.title)
        self.date_field.setDate(data.held_on)
        self._on_date_field_date_changed(data.held_on)
        self.start_edit.setText(format_time(data.starts_at))
        self.end_edit.setText(format_time(data.ends_at))
        self.place_edit.setText(data.place)
        self.people_spin.setValue(data.people_served)
        for attr, edit in self.record_edits.items():
            edit.setPlainText(getattr(data, attr))
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(data.kind_id)))
        self.partner_combo.setCurrentIndex(max(0, self.partner_combo.findData(data.partner_unit_id)))

    def day(self) -> dt.date | None:
        """The date as typed, or None while it does not read."""
        return self.date_field.date() if self.date_field.is_valid() else None

    def _time(self, edit: QLineEdit, label: str) -> dt.time | None:
        try:
            return parse_time(edit.text())
        except ValueError:
            raise ValidationError(TIME_HINT, field=label) from None

    def event_input(self, participants: tuple[ParticipantInput, ...]) -> VolunteerEventInput:
        """What the form says; a date or time that cannot be read is a ValidationError naming it."""
        return VolunteerEventInput(
            title=self.title_edit.text(),
            kind_id=self.kind_combo.currentData(),
            held_on=checked_date(self.date_field, "日期", required=True),
            starts_at=self._time(self.start_edit, "开始时间"),
            ends_at=self._time(self.end_edit, "结束时间"),
            place=self.place_edit.text(),
            partner_unit_id=self.partner_combo.currentData(),
            people_served=self.people_spin.value(),
            meeting_id=self.meeting_combo.currentData(),
            participants=participants,
            **{attr: edit.toPlainText() for attr, edit in self.record_edits.items()},
        )
