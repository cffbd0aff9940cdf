"""The written meeting record (会议记录) as plain data, laid out once for every writer.

Secretaries file a Word record per meeting and print it from the app; both must say the same thing
in the same order, so this module decides every line (the header block, the sections, "无" for an
empty field, the absentees with their reasons, the vote verdict) and the writers in
`exports/meeting_docx.py` and `ui/printing/meeting_record.py` only draw `MeetingRecord.header`,
`.sections` and `.signatures`. No Qt and no python-docx here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from branchdesk.models import AttendanceStatus, MeetingType
from branchdesk.services import meetings
from branchdesk.services.labels import ATTENDANCE_LABELS, MEETING_TYPE_LABELS

NONE_TEXT = "无"  # what the committee expects in a field with nothing to say, rather than a blank
SIGNATURES = ("主持人签字", "记录人签字")
_LEADING_SPACE = re.compile(r"^[\s\u3000]+")  # typed indents: the writers indent every paragraph
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\s]+')

_TITLE_KINDS: dict[MeetingType, str] = {
    MeetingType.THEME_DAY: "主题党日活动记录",
    MeetingType.GENERAL_MEETING: "党员大会会议记录",
    MeetingType.COMMITTEE_MEETING: "委员会会议记录",
    MeetingType.GROUP_MEETING: "党小组会会议记录",
    MeetingType.PARTY_LECTURE: "党课记录",
    MeetingType.LIFE_MEETING: "组织生活会会议记录",
}


@dataclass(frozen=True)
class RecordLine:
    """One line of the header block: 会议名称：… ; `value` is never empty ("无" stands in)."""

    label: str
    value: str

    @property
    def text(self) -> str:
        return f"{self.label}：{self.value}"


@dataclass(frozen=True)
class RecordSection:
    """A heading (主要内容, 表决情况, 决议) and its paragraphs; never without a paragraph."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class MeetingRecord:
    """Everything the 会议记录 says about one meeting; `header`/`sections` are what gets drawn."""

    meeting_id: int
    type: MeetingType
    branch_name: str
    title: str  # 内科第七党支部主题党日活动记录
    meeting_name: str  # 会议名称: 内科第七党支部2026年11月主题党日
    theme: str
    held_on: dt.date
    time_text: str  # 2026年11月25日 14:30—16:00
    place: str
    host: str
    recorder: str
    speaker: str  # 党课 only
    due: int
    present: int
    leave: int
    absent: int
    absentees: tuple[str, ...]  # 李四（请假：外出学习）, 王五（缺席）
    late: tuple[str, ...]
    guests: tuple[str, ...]
    parts: tuple[str, ...]  # theme day: 政治学习, 重温入党誓词 ... (labels)
    partner_unit: str
    content: tuple[str, ...]
    resolutions: tuple[str, ...]
    vote_lines: tuple[str, ...]  # 支部党员大会 with a vote: subject and figures
    vote_message: str  # VoteCheck.message, "" without a vote
    voided: bool
    signatures: tuple[str, ...] = SIGNATURES

    @property
    def attendance_text(self) -> str:
        text = f"{self.due} 人　实到：{self.present} 人　请假：{self.leave} 人"
        return f"{text}　缺席：{self.absent} 人" if self.absent else text

    @property
    def header(self) -> tuple[RecordLine, ...]:
        """The header block in print order; type-specific lines only for their type."""
        lines = [
            RecordLine("会议名称", self.meeting_name),
            RecordLine("会议主题", _or_none(self.theme)),
            RecordLine("时间", self.time_text),
            RecordLine("地点", _or_none(self.place)),
            RecordLine("主持人", _or_none(self.host)),
        ]
        if self.type is MeetingType.PARTY_LECTURE:
            lines.append(RecordLine("主讲人", _or_none(self.speaker)))
        lines += [
            RecordLine("记录人", _or_none(self.recorder)),
            RecordLine("应到", self.attendance_text),
            RecordLine("缺席人员及原因", _joined(self.absentees)),
        ]
        if self.late:
            lines.append(RecordLine("迟到人员", _joined(self.late)))
        lines.append(RecordLine("列席人员", _joined(self.guests)))
        if self.type is MeetingType.THEME_DAY:
            lines.append(RecordLine("活动内容", _joined(self.parts)))
            if self.partner_unit:  # only with 党建共建, which requires a partner
                lines.append(RecordLine("共建单位", self.partner_unit))
        return tuple(lines)

    @property
    def sections(self) -> tuple[RecordSection, ...]:
        """主要内容, then the vote for a 党员大会 that voted, then 决议."""
        found = [RecordSection("主要内容", self.content or (NONE_TEXT,))]
        if self.vote_lines:
            found.append(RecordSection("表决情况", (*self.vote_lines, self.vote_message)))
        found.append(RecordSection("决议", self.resolutions or (NONE_TEXT,)))
        return tuple(found)

    @property
    def file_stem(self) -> str:
        """A file name (no suffix) sorting by date: 2026-11-25_内科第七党支部主题党日活动记录."""
        return _UNSAFE_IN_FILE_NAME.sub("_", f"{self.held_on:%Y-%m-%d} {self.title}").strip("_")


def meeting_record(session: Session, meeting_id: int) -> MeetingRecord:
    """The record of a stored meeting (NotFoundError when it does not exist)."""
    return build_record(meetings.get_meeting(session, meeting_id), meetings.attendance(session, meeting_id))


def build_record(row: meetings.MeetingRow, entries: Sequence[meetings.AttendanceEntry]) -> MeetingRecord:
    """Lay out the record of `row` with its roll `entries`; pure, so every writer gets the same text."""
    on_leave = [_absence(e) for e in entries if e.status is AttendanceStatus.LEAVE]
    absent = [_absence(e) for e in entries if e.status is AttendanceStatus.ABSENT]
    vote_lines, vote_message = _vote(row)
    return MeetingRecord(
        meeting_id=row.id,
        type=row.type,
        branch_name=row.branch_name,
        title=_title(row) + ("（已作废）" if row.voided else ""),
        meeting_name=_meeting_name(row),
        theme=row.theme.strip(),
        held_on=row.held_on,
        time_text=time_text(row.held_on, row.starts_at, row.ends_at),
        place=row.place.strip(),
        host=row.host.strip(),
        recorder=row.recorder.strip(),
        speaker=row.speaker.strip(),
        due=row.figures.due,
        present=row.figures.present,
        leave=row.figures.leave,
        absent=row.figures.absent,
        absentees=tuple(on_leave + absent),
        late=tuple(e.name for e in entries if e.status is AttendanceStatus.LATE),
        guests=tuple(g.strip() for g in row.guests if g.strip()),
        parts=row.part_labels,
        partner_unit=row.partner_unit.strip(),
        content=paragraphs(row.content),
        resolutions=paragraphs(row.resolutions),
        vote_lines=vote_lines,
        vote_message=vote_message,
        voided=row.voided,
    )


def time_text(day: dt.date, starts: dt.time | None, ends: dt.time | None) -> str:
    """2026年11月25日 14:30—16:00 (the dash is the Chinese 破折号 used for ranges in documents)."""
    text = f"{day.year}年{day.month}月{day.day}日"
    if starts is not None:
        text += f" {starts:%H:%M}"
        if ends is not None:
            text += f"—{ends:%H:%M}"
    return text


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of typed minutes: one per non-empty line, typed indents dropped.

    Blank lines separate paragraphs, and so does a single line break: a Chinese typist presses
    Enter once per paragraph (一、… / 二、…), and each deserves its own indented paragraph.
    """
    found = (_LEADING_SPACE.sub("", line).rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    return tuple(line for line in found if line)


def _title(row: meetings.MeetingRow) -> str:
    branch = row.branch_name
    if row.type is MeetingType.COMMITTEE_MEETING and not branch.endswith("支部"):
        return f"{branch}支委会会议记录"  # 内科第七党支部 + 委员会会议记录 reads as 支部委员会
    if row.type is MeetingType.GROUP_MEETING and row.group_name:
        group = row.group_name if row.group_name.endswith("小组") else f"{row.group_name}党小组"
        return f"{branch}{group}会议记录"
    return f"{branch}{_TITLE_KINDS[row.type]}"


def _meeting_name(row: meetings.MeetingRow) -> str:
    month = f"{row.held_on.year}年{row.held_on.month}月"
    if row.type is MeetingType.GROUP_MEETING and row.group_name:
        return f"{row.branch_name}{row.group_name}{month}{MEETING_TYPE_LABELS[row.type]}"
    return f"{row.branch_name}{month}{MEETING_TYPE_LABELS[row.type]}"


def _absence(entry: meetings.AttendanceEntry) -> str:
    label = ATTENDANCE_LABELS[entry.status]
    reason = entry.reason.strip()
    return f"{entry.name}（{label}：{reason}）" if reason else f"{entry.name}（{label}）"


def _vote(row: meetings.MeetingRow) -> tuple[tuple[str, ...], str]:
    """The vote of a 支部党员大会 in words, and the app's verdict on its quorum and majority."""
    if row.type is not MeetingType.GENERAL_MEETING or row.voters_due is None:
        return (), ""
    present = row.voters_present or 0
    votes_for = row.votes_for or 0
    figures = (
        f"有表决权的党员应到 {row.voters_due} 人，实到 {present} 人；"
        f"赞成 {votes_for} 票，反对 {row.votes_against or 0} 票，弃权 {row.votes_abstain or 0} 票。"
    )
    check = row.vote or meetings.check_vote(row.voters_due, present, votes_for)
    return (f"表决事项：{_or_none(row.vote_subject.strip())}", figures), check.message


def _or_none(value: str) -> str:
    return value or NONE_TEXT


def _joined(values: Sequence[str]) -> str:
    return "、".join(values) or NONE_TEXT
