"""What a meeting record must hold: the form's input and the rules it is checked against.

Kept apart from `meetings` (as member_rules is from roster) so the form, the import of old
registers and the service all check one set of rules, each failure naming the field to fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import MeetingType, Member, PartyGroup
from branchdesk.services.labels import MEETING_TYPE_LABELS
from branchdesk.services.member_rules import add_years

THEME_DAY_PARTS: dict[str, str] = {
    "study": "政治学习",
    "oath": "重温入党誓词",
    "dues": "交纳党费",
    "democracy": "民主议事",
    "volunteer": "志愿服务/义诊",
    "red_education": "红色教育",
    "co_building": "党建共建",
}
CO_BUILDING = "co_building"
TEXT_LIMITS = {  # field -> (column length, the word users see)
    "place": (100, "地点"),
    "theme": (200, "主题"),
    "host": (50, "主持人"),
    "recorder": (50, "记录人"),
    "speaker": (50, "主讲人"),
    "partner_unit": (100, "共建单位"),
    "vote_subject": (200, "表决事项"),
}
VOTE_FIELDS = ("voters_due", "voters_present", "votes_for", "votes_against", "votes_abstain")


@dataclass(frozen=True)
class MeetingInput:
    """What a meeting form edits; the roll and the marks are not part of it."""

    type: MeetingType
    held_on: dt.date
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    place: str = ""
    theme: str = ""
    host: str = ""
    recorder: str = ""
    speaker: str = ""
    speaker_member_id: int | None = None
    content: str = ""
    resolutions: str = ""
    guests: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    partner_unit: str = ""
    group_id: int | None = None
    planned: bool = False
    vote_subject: str = ""
    voters_due: int | None = None
    voters_present: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None


def _lines(values: tuple[str, ...]) -> tuple[str, ...]:
    """Trimmed non-empty names; a pasted block with line breaks becomes one name a line."""
    return tuple(n.strip() for v in values for n in v.splitlines() if n.strip())


def clean_meeting(data: MeetingInput) -> MeetingInput:
    """Trim texts, drop empty guest lines and repeated parts, so what is stored is what is checked."""
    texts = {name: getattr(data, name).strip() for name in (*TEXT_LIMITS, "content", "resolutions")}
    parts = tuple(dict.fromkeys(p.strip() for p in data.parts if p.strip()))
    return replace(data, guests=_lines(data.guests), parts=parts, **texts)


def with_speaker_name(session: Session, data: MeetingInput) -> MeetingInput:
    """A speaker picked from the roll but not typed gets the member's name, so prints can show it."""
    if data.speaker or data.speaker_member_id is None:
        return data
    member = session.get(Member, data.speaker_member_id)
    return replace(data, speaker=member.name) if member else data


def _check_type_and_date(data: MeetingInput, today: dt.date) -> None:
    if not isinstance(data.type, MeetingType):
        raise ValidationError("请选择会议类型。", field="会议类型")
    if not isinstance(data.held_on, dt.date):
        raise ValidationError("请填写会议日期。", field="日期")
    if data.held_on > add_years(today, 1):
        raise ValidationError("会议日期不能晚于一年以后，请检查年份。", field="日期")
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        raise ValidationError("结束时间应晚于开始时间。", field="结束时间")


def _check_people(session: Session, branch_id: int, data: MeetingInput) -> None:
    is_group = data.type is MeetingType.GROUP_MEETING
    if is_group:
        group = session.get(PartyGroup, data.group_id) if data.group_id is not None else None
        if group is None or group.branch_id != branch_id:
            raise ValidationError("党小组会需要选择本支部的一个党小组。", field="党小组")
    elif data.group_id is not None:
        label = MEETING_TYPE_LABELS[data.type]
        raise ValidationError(f"{label}属于全支部，不能指定党小组。", field="党小组")
    if data.speaker_member_id is not None:
        member = session.get(Member, data.speaker_member_id)
        if member is None or member.branch_id != branch_id:
            raise ValidationError("主讲人应为本支部党员，或直接填写姓名。", field="主讲人")
    if data.type is MeetingType.PARTY_LECTURE and not data.planned and not data.speaker:
        raise ValidationError("党课需要填写主讲人。", field="主讲人")
    if not data.planned and not data.theme:
        raise ValidationError("请填写会议主题。", field="主题")
    for name, (limit, label) in TEXT_LIMITS.items():
        if len(getattr(data, name)) > limit:
            raise ValidationError(f"{label}不能超过{limit}个字。", field=label)
    if any(len(g) > 50 for g in data.guests):
        raise ValidationError("列席人员每行填写一人，每人不超过50个字。", field="列席人员")


def _check_parts(data: MeetingInput) -> None:
    if data.parts and data.type is not MeetingType.THEME_DAY:
        raise ValidationError("只有主题党日需要选择活动内容。", field="活动内容")
    unknown = [p for p in data.parts if p not in THEME_DAY_PARTS]
    if unknown:
        raise ValidationError("活动内容中有无法识别的项目。", field="活动内容", context=f"parts {unknown}")
    if data.partner_unit and CO_BUILDING not in data.parts:
        raise ValidationError("只有选择“党建共建”时才填写共建单位。", field="共建单位")
    if CO_BUILDING in data.parts and not data.partner_unit and not data.planned:
        raise ValidationError("党建共建需要填写共建单位。", field="共建单位")


def _check_vote_numbers(data: MeetingInput) -> None:
    numbers = [getattr(data, name) for name in VOTE_FIELDS]
    given = any(n is not None for n in numbers)
    if data.type is not MeetingType.GENERAL_MEETING:
        if given or data.vote_subject:
            raise ValidationError("只有支部党员大会才记录表决。", field="表决")
        return
    if not given:
        return
    due, present, votes_for, against, abstain = numbers
    if due is None or present is None or votes_for is None:
        raise ValidationError("表决需要填写应到人数、实到人数和赞成票数。", field="表决")
    if any(n is not None and n < 0 for n in numbers):
        raise ValidationError("表决人数和票数不能为负数。", field="表决")
    if present > due:
        raise ValidationError(f"表决实到人数（{present}）不能多于应到人数（{due}）。", field="表决")
    cast = votes_for + (against or 0) + (abstain or 0)
    if cast > present:
        raise ValidationError(
            f"赞成、反对、弃权合计 {cast} 票，不能多于实到人数（{present}）。", field="表决"
        )


def validate_meeting(session: Session, branch_id: int, data: MeetingInput, *, today: dt.date) -> None:
    """Every rule a meeting record keeps, each failure naming its field; expects clean input."""
    _check_type_and_date(data, today)
    _check_people(session, branch_id, data)
    _check_parts(data)
    _check_vote_numbers(data)
