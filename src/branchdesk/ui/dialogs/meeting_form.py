"""The fields of one meeting record (meetings.MeetingInput) on two tab pages: 基本信息 and 会议内容.

Only the rows a meeting type uses are shown: 党小组 for a 党小组会, 主讲人 for a 党课, the theme-day
parts (and 共建单位 once 党建共建 is ticked) for a 主题党日, the 表决 box for a 支部党员大会. Hidden
rows are left out of the input, so a type changed in the form never carries another type's data
to the service. The vote verdict is the service's own check_vote, shown live in green or red.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.models import MeetingType
from branchdesk.services import meetings
from branchdesk.services.labels import MEETING_TYPE_LABELS
from branchdesk.services.meetings import THEME_DAY_PARTS, MeetingInput

from branchdesk.ui.widgets.date_field import DateField, checked_date
from branchdesk.ui.widgets.form_fields import choice_combo, set_text
from branchdesk.ui.widgets.name_completer import attach_pinyin_completer

W = TypeVar("W", bound=QWidget)
CO_BUILDING = "co_building"
VOTE_OK_STYLE = "color: #1b5e20; font-weight: bold;"
VOTE_BAD_STYLE = "color: #c62828; font-weight: bold;"
NOTE_STYLE = "color: #616161;"
TIME_HINT = "时间格式不对。可输入 14:30、1430 或 14点30。"
_TIME_TEXT = re.compile(r"^(\d{1,2})(?:[:.点时](\d{1,2})?分?)?$")


def parse_time(text: str) -> dt.time | None:
    """14:30, 14：30, 1430, 930, 14点30, 14点 or empty (None); ValueError for anything else."""
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not text:
        return None
    if text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    found = _TIME_TEXT.match(text)
    if found is None:
        raise ValueError(text)
    return dt.time(int(found.group(1)), int(found.group(2) or 0))  # ValueError when out of range


def format_time(value: dt.time | None) -> str:
    return f"{value:%H:%M}" if value else ""


class MeetingForm(QObject):
    """Edits a MeetingInput; its `basic_page` and `content_page` are placed in the dialog's tabs."""

    def __init__(
        self,
        members: Sequence[tuple[int, str]],
        group_choices: Sequence[tuple[int, str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._members = list(members)
        self.fields: dict[str, QWidget] = {}  # ValidationError.field -> its widget
        self._build_basic(group_choices)
        self._build_content()
        self._connect_signals()
        self._update_rows()

    # --- building ----------------------------------------------------------------------------------

    def _named(self, widget: W, name: str, field: str = "", max_length: int = 0) -> W:
        widget.setObjectName(name)
        if isinstance(widget, QLineEdit) and max_length:
            widget.setMaxLength(max_length)
        if field:
            self.fields[field] = widget
        return widget

    def _names_combo(self, name: str, field: str) -> QComboBox:
        """An editable pick list of the branch's members: choose a name, or type anyone's."""
        combo = self._named(choice_combo(["", *(n for _i, n in self._members)], editable=True), name, field)
        line = combo.lineEdit()
        if line is not None:
            line.setMaxLength(50)
        combo.setMinimumWidth(150)
        attach_pinyin_completer(combo, [n for _i, n in self._members])
        return combo

    def _build_basic(self, group_choices: Sequence[tuple[int, str]]) -> None:
        self.basic_page = QWidget()
        self.type_combo = self._named(QComboBox(), "meetingType", "会议类型")
        for meeting_type, label in MEETING_TYPE_LABELS.items():
            self.type_combo.addItem(label, meeting_type)
        self.date_field = self._named(DateField(), "meetingDate", "日期")
        self.date_field.setPlaceholderText("如 2026-11-25")
        self.date_field.setFixedWidth(150)
        self.start_edit = self._named(QLineEdit(), "meetingStart", "开始时间", 8)
        self.end_edit = self._named(QLineEdit(), "meetingEnd", "结束时间", 8)
        for edit in (self.start_edit, self.end_edit):
            edit.setPlaceholderText("如 14:30")
            edit.setFixedWidth(90)
            edit.setToolTip("可输入 14:30、1430 或 14点30，可留空")
        when = QHBoxLayout()
        when.addWidget(self.date_field)
        when.addSpacing(12)
        when.addWidget(QLabel("时间："))
        when.addWidget(self.start_edit)
        when.addWidget(QLabel(" 至 "))
        when.addWidget(self.end_edit)
        when.addStretch(1)
        self.group_combo = self._named(QComboBox(), "meetingGroup", "党小组")
        self.group_combo.addItem("（请选择党小组）", None)
        for group_id, group_name in group_choices:
            self.group_combo.addItem(group_name, group_id)
        self.theme_edit = self._named(QLineEdit(), "meetingTheme", "主题", 200)
        self.theme_edit.setPlaceholderText("如 学习贯彻党的二十届四中全会精神")
        self.place_edit = self._named(QLineEdit(), "meetingPlace", "地点", 100)
        self.place_edit.setPlaceholderText("如 科室示教室")
        self.host_combo = self._names_combo("meetingHost", "主持人")
        self.recorder_combo = self._names_combo("meetingRecorder", "记录人")
        people = QHBoxLayout()
        people.addWidget(self.host_combo, 1)
        people.addSpacing(12)
        recorder_label = QLabel("记录人：")
        recorder_label.setBuddy(self.recorder_combo)
        people.addWidget(recorder_label)
        people.addWidget(self.recorder_combo, 1)
        self.speaker_combo = self._names_combo("meetingSpeaker", "主讲人")
        for number, (member_id, _name) in enumerate(self._members, start=1):
            self.speaker_combo.setItemData(number, member_id)
        self.speaker_combo.setToolTip("从本支部党员中选择，或直接填写主讲人姓名（如上级领导、专家）")
        self.part_checks: dict[str, QCheckBox] = {}
        parts_box = self._named(QWidget(), "meetingParts", "活动内容")
        parts = QGridLayout(parts_box)
        parts.setContentsMargins(0, 0, 0, 0)
        for number, (code, label) in enumerate(THEME_DAY_PARTS.items()):
            check = self._named(QCheckBox(label), f"meetingPart_{code}")
            self.part_checks[code] = check
            parts.addWidget(check, number // 4, number % 4)
        self.partner_edit = self._named(QLineEdit(), "meetingPartner", "共建单位", 100)
        self.partner_edit.setPlaceholderText("如 某某社区党委、某某小学党支部")
        self.linked_label = self._named(QLabel(), "meetingLinkedEvents")
        self.linked_label.setWordWrap(True)
        self.linked_label.setStyleSheet(NOTE_STYLE)
        self.linked_label.setToolTip("作为本次主题党日开展的志愿服务活动；在列表中点“志愿服务”关联或取消关联")
        self.planned_check = self._named(QCheckBox("计划中（尚未召开）"), "meetingPlanned")
        self.planned_check.setToolTip("计划召开的会议：可先打印空白签到表，召开后取消勾选再填写记录")
        self.vote_box = self._build_vote_box()

        self.basic_form = QFormLayout(self.basic_page)
        self.basic_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.basic_form.setVerticalSpacing(10)
        self.basic_form.addRow("会议类型：", self.type_combo)
        self.basic_form.addRow("日期：", when)
        self.basic_form.addRow("党小组：", self.group_combo)
        self.basic_form.addRow("主题：", self.theme_edit)
        self.basic_form.addRow("地点：", self.place_edit)
        self.basic_form.addRow("主持人：", people)
        self.basic_form.addRow("主讲人：", self.speaker_combo)
        self.basic_form.addRow("活动内容：", parts_box)
        self.basic_form.addRow("共建单位：", self.partner_edit)
        self.basic_form.addRow("志愿服务：", self.linked_label)
        self.basic_form.addRow("", self.planned_check)
        self.basic_form.addRow(self.vote_box)

    def _spin(self, name: str) -> QSpinBox:
        spin = self._named(QSpinBox(), name)
        spin.setRange(0, 999)
        spin.setSuffix(" 人")
        spin.setFixedWidth(90)
        return spin

    def _build_vote_box(self) -> QGroupBox:
        box = self._named(QGroupBox("表决（本次大会有表决事项时勾选）"), "meetingVote", "表决")
        box.setCheckable(True)
        box.setChecked(False)
        box.setStyleSheet("QGroupBox#meetingVote::title { color: #212121; }")  # the theme greys it
        self.vote_subject_edit = self._named(QLineEdit(), "voteSubject", "表决事项", 200)
        self.vote_subject_edit.setPlaceholderText("如 接收张三为中共预备党员")
        self.voters_due_spin = self._spin("votersDue")
        self.voters_present_spin = self._spin("votersPresent")
        self.votes_for_spin = self._spin("votesFor")
        self.votes_against_spin = self._spin("votesAgainst")
        self.votes_abstain_spin = self._spin("votesAbstain")
        for spin in (self.votes_for_spin, self.votes_against_spin, self.votes_abstain_spin):
            spin.setSuffix(" 票")
        self.vote_verdict = self._named(QLabel(), "voteVerdict")
        self.vote_verdict.setWordWrap(True)
        grid = QGridLayout(box)
        grid.addWidget(QLabel("表决事项："), 0, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.vote_subject_edit, 0, 1, 1, 7)
        pairs = [
            ("有表决权应到：", self.voters_due_spin),
            ("实到：", self.voters_present_spin),
            ("赞成：", self.votes_for_spin),
            ("反对：", self.votes_against_spin),
            ("弃权：", self.votes_abstain_spin),
        ]
        for number, (text, spin) in enumerate(pairs):
            row, column = (1, number * 2) if number < 2 else (2, (number - 2) * 2)
            label = QLabel(text)
            label.setBuddy(spin)
            grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(spin, row, column + 1)
        grid.setColumnStretch(7, 1)
        grid.addWidget(self.vote_verdict, 3, 0, 1, 8)
        return box

    def _build_content(self) -> None:
        self.content_page = QWidget()
        self.content_edit = self._named(QPlainTextEdit(), "meetingContent", "会议内容")
        self.content_edit.setPlaceholderText("会议的主要内容：学习了什么、谁发言、讨论了什么。每段一行。")
        self.resolutions_edit = self._named(QPlainTextEdit(), "meetingResolutions", "决议")
        self.resolutions_edit.setPlaceholderText("会议形成的决议或决定，每条一行；没有可留空。")
        self.guests_edit = self._named(QPlainTextEdit(), "meetingGuests", "列席人员")
        self.guests_edit.setPlaceholderText("每行一人，如：院党委办公室 李主任")
        self.guests_edit.setFixedHeight(self.guests_edit.fontMetrics().lineSpacing() * 3 + 16)
        for edit in (self.content_edit, self.resolutions_edit, self.guests_edit):
            edit.setTabChangesFocus(True)
        layout = QVBoxLayout(self.content_page)
        for text, edit, stretch in (
            ("会议内容（记录）：", self.content_edit, 3),
            ("决议：", self.resolutions_edit, 1),
            ("列席人员（每行一人）：", self.guests_edit, 0),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            layout.addWidget(label)
            layout.addWidget(edit, stretch)

    def _connect_signals(self) -> None:
        self.type_combo.currentIndexChanged.connect(self._update_rows)
        self.part_checks[CO_BUILDING].toggled.connect(self._update_rows)
        self.vote_box.toggled.connect(self._update_verdict)
        for spin in (self.voters_due_spin, self.voters_present_spin, self.votes_for_spin):
            spin.valueChanged.connect(self._update_verdict)
        self.start_edit.editingFinished.connect(self._on_time_editing_finished)
        self.end_edit.editingFinished.connect(self._on_time_editing_finished)

    # --- behaviour ---------------------------------------------------------------------------------

    def meeting_type(self) -> MeetingType:
        """Qt hands enum data back as plain str; turn it back into the enum."""
        return MeetingType(self.type_combo.currentData())

    def _update_rows(self, *_changed: object) -> None:
        """Show only the rows this type of meeting uses."""
        kind = self.meeting_type()
        theme_day = kind is MeetingType.THEME_DAY
        self.basic_form.setRowVisible(self.group_combo, kind is MeetingType.GROUP_MEETING)
        self.basic_form.setRowVisible(self.speaker_combo, kind is MeetingType.PARTY_LECTURE)
        self.basic_form.setRowVisible(self.fields["活动内容"], theme_day)
        co_building = theme_day and self.part_checks[CO_BUILDING].isChecked()
        self.basic_form.setRowVisible(self.partner_edit, co_building)
        self.basic_form.setRowVisible(self.vote_box, kind is MeetingType.GENERAL_MEETING)
        self.basic_form.setRowVisible(self.linked_label, theme_day and bool(self.linked_label.text()))

    def set_linked_events(self, lines: Sequence[str]) -> None:
        """The volunteer events held as this theme day, one a line (the link seen from the meeting)."""
        self.linked_label.setText("\n".join(lines))
        self._update_rows()

    def _update_verdict(self, *_changed: object) -> None:
        """The quorum and majority rules, as the service states them, after every change."""
        if not self.vote_box.isChecked():
            self.vote_verdict.clear()
            return
        check = meetings.check_vote(
            self.voters_due_spin.value(), self.voters_present_spin.value(), self.votes_for_spin.value()
        )
        valid = check.quorum_ok and check.majority_ok
        self.vote_verdict.setText(check.message)
        self.vote_verdict.setProperty("valid", valid)
        self.vote_verdict.setStyleSheet(VOTE_OK_STYLE if valid else VOTE_BAD_STYLE)

    def _on_time_editing_finished(self) -> None:
        """Show what was understood: 1430 becomes 14:30 once the user moves on."""
        for edit in (self.start_edit, self.end_edit):
            try:
                value = parse_time(edit.text())
            except ValueError:
                continue
            edit.setText(format_time(value))

    # --- in and out --------------------------------------------------------------------------------

    def fill(self, data: MeetingInput, *, group_name: str = "", roll_size: int = 0) -> None:
        """Show `data`; an archived group of an old meeting stays choosable under its name."""
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(data.type)))
        self.date_field.setDate(data.held_on)
        self.start_edit.setText(format_time(data.starts_at))
        self.end_edit.setText(format_time(data.ends_at))
        if data.group_id is not None and self.group_combo.findData(data.group_id) < 0:
            self.group_combo.addItem(f"{group_name}（已撤销）", data.group_id)
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(data.group_id)))
        for widget, value in (
            (self.theme_edit, data.theme),
            (self.place_edit, data.place),
            (self.host_combo, data.host),
            (self.recorder_combo, data.recorder),
            (self.speaker_combo, data.speaker),
            (self.partner_edit, data.partner_unit),
            (self.content_edit, data.content),
            (self.resolutions_edit, data.resolutions),
            (self.guests_edit, "\n".join(data.guests)),
        ):
            set_text(widget, value)
        if data.speaker_member_id is not None:
            if self.speaker_combo.findData(data.speaker_member_id) < 0:  # left the roll since
                self.speaker_combo.addItem(data.speaker, data.speaker_member_id)
            self.speaker_combo.setCurrentIndex(self.speaker_combo.findData(data.speaker_member_id))
        for code, check in self.part_checks.items():
            check.setChecked(code in data.parts)
        self.planned_check.setChecked(data.planned)
        self.vote_subject_edit.setText(data.vote_subject)
        voted = data.voters_due is not None
        self.vote_box.setChecked(voted)
        self.voters_due_spin.setValue(data.voters_due if voted and data.voters_due else roll_size)
        for spin, number in (
            (self.voters_present_spin, data.voters_present),
            (self.votes_for_spin, data.votes_for),
            (self.votes_against_spin, data.votes_against),
            (self.votes_abstain_spin, data.votes_abstain),
        ):
            spin.setValue(number or 0)
        self._update_rows()
        self._update_verdict()

    def _time(self, edit: QLineEdit, label: str) -> dt.time | None:
        try:
            return parse_time(edit.text())
        except ValueError:
            raise ValidationError(TIME_HINT, field=label) from None

    def _speaker(self) -> tuple[str, int | None]:
        """A name picked from the list carries the member's id; typed text is a free-text speaker."""
        text = self.speaker_combo.currentText().strip()
        index = self.speaker_combo.findText(text, Qt.MatchFlag.MatchExactly)
        member_id = self.speaker_combo.itemData(index) if index > 0 else None
        return text, member_id

    def meeting_input(self) -> MeetingInput:
        """What the form says; a date or time that cannot be read is a ValidationError naming it."""
        kind = self.meeting_type()
        held_on = checked_date(self.date_field, "日期", required=True)
        starts_at = self._time(self.start_edit, "开始时间")
        ends_at = self._time(self.end_edit, "结束时间")
        speaker, speaker_id = self._speaker() if kind is MeetingType.PARTY_LECTURE else ("", None)
        parts: tuple[str, ...] = ()
        if kind is MeetingType.THEME_DAY:
            parts = tuple(code for code, check in self.part_checks.items() if check.isChecked())
        voted = kind is MeetingType.GENERAL_MEETING and self.vote_box.isChecked()
        return MeetingInput(
            type=kind,
            held_on=held_on,
            starts_at=starts_at,
            ends_at=ends_at,
            place=self.place_edit.text(),
            theme=self.theme_edit.text(),
            host=self.host_combo.currentText(),
            recorder=self.recorder_combo.currentText(),
            speaker=speaker,
            speaker_member_id=speaker_id,
            content=self.content_edit.toPlainText(),
            resolutions=self.resolutions_edit.toPlainText(),
            guests=tuple(self.guests_edit.toPlainText().splitlines()),
            parts=parts,
            partner_unit=self.partner_edit.text() if CO_BUILDING in parts else "",
            group_id=self.group_combo.currentData() if kind is MeetingType.GROUP_MEETING else None,
            planned=self.planned_check.isChecked(),
            vote_subject=self.vote_subject_edit.text() if voted else "",
            voters_due=self.voters_due_spin.value() if voted else None,
            voters_present=self.voters_present_spin.value() if voted else None,
            votes_for=self.votes_for_spin.value() if voted else None,
            votes_against=self.votes_against_spin.value() if voted else None,
            votes_abstain=self.votes_abstain_spin.value() if voted else None,
        )
