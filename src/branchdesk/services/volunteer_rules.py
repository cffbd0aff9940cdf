"""What a volunteer service record must hold (the 志愿服务记录 rules) and how hours are read and shown.

Kept apart from `volunteer` (as meeting_rules is from meetings) so the dialog, the demo and the
service check one set of rules, each failure naming the field to fix. Hours are whole minutes;
text a user types ("2.5", "2小时30分", "150分钟", "2:30") is read here, never in the UI.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import Meeting, MeetingType, Member, PartnerUnit, VolunteerEvent, VolunteerKind
from branchdesk.services.roll import roll_on

MAX_MINUTES = 24 * 60
LINK_DAYS = 31  # a theme day and the event held as it: the same month, or at most this many days apart
TEXT_LIMITS = {  # field -> (column length, the word users see)
    "title": (200, "活动名称"),
    "place": (100, "地点"),
    "training": (2000, "培训情况"),
    "honours": (2000, "表彰奖励"),
    "evaluation": (2000, "服务评价"),
    "notes": (4000, "活动情况"),
}
PARTICIPANT_LIMITS = {
    "outside_name": (50, "姓名"),
    "outside_unit": (100, "单位"),
    "role": (30, "分工"),
    "evaluation": (20, "评价"),
    "note": (500, "备注"),
}
EVALUATIONS = ("优秀", "良好", "合格", "一般")
HOURS_HINT = "时长格式不对。可输入 2.5、2小时30分、150分钟 或 2:30。"
_HOURS_MINUTES = re.compile(r"^(?:(\d+(?:\.\d+)?)(?:个小时|小时|时|h))?(?:(\d+)(?:分钟|分|min|m)?)?$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def minutes_between(starts_at: dt.time, ends_at: dt.time) -> int:
    """Whole minutes from start to end on one day (seconds ignored, as the form never has them)."""
    return (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)


def hours_text(minutes: int, *, unit: bool = True) -> str:
    """210 -> "3.5 小时": hours with one decimal, rounded half up (0.05 h = 3 minutes)."""
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{hours} 小时" if unit else str(hours)


def parse_hours(text: str) -> int | None:
    """Minutes from what a user types for a duration; None for an empty field; ValueError otherwise.

    2.5 / 2.5小时 / 2小时30分 / 2时30分 / 150分钟 / 2:30 / 2h30m; full-width digits and spaces are fine.
    A fraction of a minute is rounded half up (1.33 小时 -> 80 分钟).
    """
    text = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
    if not text:
        return None
    clock = _CLOCK.match(text)
    if clock:
        hours, minutes = int(clock.group(1)), int(clock.group(2))
        if minutes >= 60:
            raise ValueError(text)
        return hours * 60 + minutes
    if _NUMBER.match(text):
        return int((Decimal(text) * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    found = _HOURS_MINUTES.match(text)
    if found is None or not (found.group(1) or found.group(2)):
        raise ValueError(text)
    hours_part = Decimal(found.group(1) or 0) * 60
    return int((hours_part + int(found.group(2) or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ParticipantInput:
    """A member (member_id) or an outside volunteer (outside_name, outside_unit) at an event.

    `minutes` None means the event's whole length (the usual case, travel excluded).
    """

    member_id: int | None = None
    outside_name: str = ""
    outside_unit: str = ""
    minutes: int | None = None
    role: str = ""
    evaluation: str = ""
    note: str = ""


@dataclass(frozen=True)
class VolunteerEventInput:
    """What the event form edits, participants included (saved as one whole)."""

    title: str
    kind_id: int | None
    held_on: dt.date | None
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str = ""
    partner_unit_id: int | None = None
    people_served: int = 0
    training: str = ""
    honours: str = ""
    evaluation: str = ""
    notes: str = ""
    meeting_id: int | None = None
    participants: tuple[ParticipantInput, ...] = ()


def clean_participant(data: ParticipantInput) -> ParticipantInput:
    texts = {name: " ".join(getattr(data, name).split()) for name in PARTICIPANT_LIMITS if name != "note"}
    if data.member_id is not None:  # a member is named by the roll, not by text
        texts["outside_name"] = texts["outside_unit"] = ""
    return replace(
        data,
        note=data.note.strip(),
        outside_name=texts["outside_name"],
        outside_unit=texts["outside_unit"],
        role=texts["role"],
        evaluation=texts["evaluation"],
    )


def clean_event(data: VolunteerEventInput) -> VolunteerEventInput:
    """Trim texts (a title's inner runs of spaces too), so what is stored is what is checked."""
    texts = {name: getattr(data, name).strip() for name in TEXT_LIMITS}
    texts["title"] = " ".join(data.title.split())
    participants = tuple(clean_participant(p) for p in data.participants)
    return replace(data, participants=participants, **texts)


def check_event_fields(data: VolunteerEventInput, *, today: dt.date) -> int:
    """The event's own fields; returns its length in minutes. Expects clean input."""
    if not data.title:
        raise ValidationError("请填写活动名称。", field="活动名称")
    if data.kind_id is None:
        raise ValidationError("请选择服务类别。", field="服务类别")
    if not isinstance(data.held_on, dt.date):
        raise ValidationError("请填写活动日期。", field="日期")
    if data.held_on > today:
        raise ValidationError("活动日期不能晚于今天：志愿服务在开展后登记。", field="日期")
    if data.held_on.year < 1949:
        raise ValidationError("活动日期太早，请检查年份。", field="日期")
    if data.starts_at is None:
        raise ValidationError("请填写开始时间。", field="开始时间")
    if data.ends_at is None:
        raise ValidationError("请填写结束时间。", field="结束时间")
    length = minutes_between(data.starts_at, data.ends_at)
    if length <= 0:
        raise ValidationError(
            f"结束时间（{data.ends_at:%H:%M}）应晚于开始时间（{data.starts_at:%H:%M}）。", field="结束时间"
        )
    if not 0 <= data.people_served <= 1_000_000:
        raise ValidationError("惠及群众人次应在 0 到 1000000 之间。", field="惠及群众人次")
    for name, (limit, label) in TEXT_LIMITS.items():
        if len(getattr(data, name)) > limit:
            raise ValidationError(f"{label}不能超过{limit}个字。", field=label)
    return length


def check_participant(data: ParticipantInput, number: int, name: str, length: int) -> None:
    """One participant's own fields; `number` is its line in the list (1-based) for the message."""
    if data.member_id is None and not data.outside_name:
        raise ValidationError(f"第 {number} 位参加人员没有姓名。", field="参加人员", row=number)
    for attr, (limit, label) in PARTICIPANT_LIMITS.items():
        if len(getattr(data, attr)) > limit:
            raise ValidationError(f"{name}的{label}不能超过{limit}个字。", field="参加人员", row=number)
    if data.minutes is not None:
        if data.minutes <= 0:
            raise ValidationError(f"{name}的服务时长应大于 0。", field="服务时长", row=number)
        if data.minutes > length:
            raise ValidationError(
                f"{name}的服务时长（{hours_text(data.minutes)}）超过活动时长（{hours_text(length)}）；"
                "时长按实际服务计算，不含路途。",
                field="服务时长",
                row=number,
            )


def _check_choice(session: Session, data: VolunteerEventInput, before: VolunteerEvent | None) -> None:
    """The kind and partner unit exist; archived ones only where the event already had them."""
    kind = session.get(VolunteerKind, data.kind_id) if data.kind_id is not None else None
    if kind is None:
        raise ValidationError("请选择服务类别。", field="服务类别")
    if kind.archived and (before is None or before.kind_id != kind.id):
        raise ValidationError(f"服务类别“{kind.name}”已停用，请选择其他类别。", field="服务类别")
    if data.partner_unit_id is not None:
        partner = session.get(PartnerUnit, data.partner_unit_id)
        if partner is None:
            raise ValidationError("所选共建单位不存在。", field="共建单位")
        if partner.archived and (before is None or before.partner_unit_id != partner.id):
            raise ValidationError(f"共建单位“{partner.name}”已停用，请选择其他单位。", field="共建单位")


def check_link(
    session: Session, branch_id: int, meeting_id: int, held_on: dt.date, *, keep: int | None = None
) -> Meeting:
    """A theme day of the same branch within LINK_DAYS of the event; `keep` is the link it already had
    (kept even if that meeting was voided since)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.branch_id != branch_id:
        raise ValidationError("只能关联本支部的主题党日。", field="关联主题党日")
    if meeting.type is not MeetingType.THEME_DAY:
        raise ValidationError("只能关联主题党日，不能关联其他会议。", field="关联主题党日")
    if meeting.voided_on is not None and meeting_id != keep:
        raise ValidationError("该主题党日已作废，不能关联。", field="关联主题党日")
    if abs((meeting.held_on - held_on).days) > LINK_DAYS:
        raise ValidationError(
            f"主题党日（{meeting.held_on:%Y-%m-%d}）与活动日期（{held_on:%Y-%m-%d}）相差超过{LINK_DAYS}天，"
            "请检查日期或选择其他主题党日。",
            field="关联主题党日",
        )
    return meeting


def _check_people(
    session: Session, branch_id: int, data: VolunteerEventInput, length: int, kept: set[int]
) -> None:
    """Members of the branch on its roll that day (or already on this event), each once."""
    if not data.participants:
        raise ValidationError("请至少添加一名参加人员。", field="参加人员")
    assert data.held_on is not None
    on_roll = {e.member_id: e.name for e in roll_on(session, branch_id, data.held_on)}
    seen: set[int] = set()
    outside_seen: set[tuple[str, str]] = set()
    for number, person in enumerate(data.participants, start=1):
        name = person.outside_name or f"第 {number} 位参加人员"
        if person.member_id is not None:
            member = session.get(Member, person.member_id)
            if member is None or member.branch_id != branch_id:
                raise ValidationError(f"{name}不是本支部党员。", field="参加人员", row=number)
            name = member.name
            if person.member_id not in on_roll and person.member_id not in kept:
                raise ValidationError(
                    f"{name}在活动当天（{data.held_on:%Y-%m-%d}）不在本支部党员名册上。",
                    field="参加人员",
                    row=number,
                )
            if person.member_id in seen:
                raise ValidationError(f"{name}重复添加了。", field="参加人员", row=number)
            seen.add(person.member_id)
        else:
            key = (person.outside_name, person.outside_unit)
            if key in outside_seen:
                raise ValidationError(f"{name}重复添加了。", field="参加人员", row=number)
            outside_seen.add(key)
        check_participant(person, number, name, length)


def validate_event(
    session: Session,
    branch_id: int,
    data: VolunteerEventInput,
    *,
    before: VolunteerEvent | None,
    today: dt.date,
) -> VolunteerEventInput:
    """Every rule an event keeps, each failure naming its field; returns the cleaned input."""
    data = clean_event(data)
    length = check_event_fields(data, today=today)
    _check_choice(session, data, before)
    assert data.held_on is not None
    if data.meeting_id is not None:
        check_link(
            session, branch_id, data.meeting_id, data.held_on, keep=before.meeting_id if before else None
        )
    kept: set[int] = set()
    if before is not None and before.held_on == data.held_on:
        kept = {p.member_id for p in before.participants if p.member_id is not None}
    _check_people(session, branch_id, data, length, kept)
    return data
