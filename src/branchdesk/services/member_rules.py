"""The rules a member's record must keep, with no database: cleaning typed or imported values,
checking them field by field, and the dates that follow from them (预备期一年, 党龄).

Split from roster.py so the rules read in one place; roster re-exports every name here, so callers
keep writing `roster.MemberInput`, `roster.validate_member`, `roster.add_years`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from branchdesk.errors import ValidationError
from branchdesk.models import MemberCategory
from branchdesk.services import idcard
from branchdesk.services.labels import GENDERS

PROBATION = dt.timedelta(days=365)
ADULT_AGE = 18


def years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from start to end (birthday arithmetic; 29 Feb counts from 1 Mar)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 29 Feb becomes 28 Feb in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def probation_due(joined_on: dt.date | None) -> dt.date | None:
    """预备期一年: full membership is due one year after admission."""
    return add_years(joined_on, 1) if joined_on else None


def party_age(full_member_on: dt.date | None, today: dt.date) -> int | None:
    """党龄 counts from 转正, so an extended probation moves it."""
    if full_member_on is None or full_member_on > today:
        return None
    return years_between(full_member_on, today)


@dataclass(frozen=True)
class MemberInput:
    """What the member dialog (or an import row) supplies; validated before anything is written."""

    name: str
    gender: str = ""
    ethnicity: str = "汉族"
    birth_date: dt.date | None = None
    native_place: str = ""
    education: str = ""
    degree: str = ""
    id_number: str = ""
    phone: str = ""
    department: str = ""
    position: str = ""
    title: str = ""
    staff_category: str = "在职"
    category: MemberCategory = MemberCategory.FULL
    joined_on: dt.date | None = None
    full_member_on: dt.date | None = None
    group_id: int | None = None
    notes: str = ""


def clean_input(data: MemberInput) -> MemberInput:
    """Trimmed text, normalised ID and phone, birth date and gender taken from the ID when empty."""
    id_number = idcard.normalize_id(data.id_number)
    birth = data.birth_date
    gender = data.gender.strip()
    if id_number and not idcard.id_problem(id_number):
        birth = birth or idcard.birth_date_from_id(id_number)
        gender = gender or (idcard.gender_from_id(id_number) or "")
    return replace(
        data,
        name="".join(data.name.split()) if _is_chinese_name(data.name) else " ".join(data.name.split()),
        gender=gender,
        ethnicity=data.ethnicity.strip(),
        native_place=data.native_place.strip(),
        education=data.education.strip(),
        degree=data.degree.strip(),
        id_number=id_number,
        phone=idcard.normalize_phone(data.phone) if data.phone.strip() else "",
        department=data.department.strip(),
        position=data.position.strip(),
        title=data.title.strip(),
        staff_category=data.staff_category.strip(),
        birth_date=birth,
        notes=data.notes.strip(),
    )


def _is_chinese_name(name: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in name)


def validate_member(data: MemberInput, *, today: dt.date) -> None:
    """Raise ValidationError naming the first field that breaks a rule; `data` must be cleaned."""
    if not data.name:
        raise ValidationError("请填写姓名。", field="姓名")
    if len(data.name) > 50:
        raise ValidationError("姓名不能超过50个字。", field="姓名")
    if data.gender and data.gender not in GENDERS:
        raise ValidationError("性别应为“男”或“女”。", field="性别")
    if data.birth_date and data.birth_date > today:
        raise ValidationError("出生日期不能晚于今天。", field="出生日期")
    if data.id_number:
        problem = idcard.id_problem(data.id_number)
        if problem:
            raise ValidationError(problem.message, field="身份证号")
        id_birth = idcard.birth_date_from_id(data.id_number)
        if data.birth_date and id_birth != data.birth_date:
            raise ValidationError(
                f"出生日期与身份证号不一致：身份证号中的出生日期是 {id_birth:%Y-%m-%d}。",
                field="出生日期",
            )
        id_gender = idcard.gender_from_id(data.id_number)
        if data.gender and id_gender != data.gender:
            raise ValidationError(f"性别与身份证号不一致：身份证号表明为“{id_gender}”。", field="性别")
    if data.phone and not idcard.is_mobile(data.phone):
        raise ValidationError("手机号应为以1开头的11位数字。", field="手机号")
    if data.joined_on:
        if data.joined_on > today:
            raise ValidationError("入党时间不能晚于今天。", field="入党时间")
        if data.birth_date and data.joined_on < add_years(data.birth_date, ADULT_AGE):
            raise ValidationError("入党时间应在年满18周岁之后。", field="入党时间")
    if data.full_member_on:
        if data.category is MemberCategory.PROBATIONARY:
            raise ValidationError(
                "预备党员尚未转正，请清空转正时间或把党员类别改为正式党员。", field="转正时间"
            )
        if data.full_member_on > today:
            raise ValidationError("转正时间不能晚于今天。", field="转正时间")
        if data.joined_on and data.full_member_on <= data.joined_on:
            raise ValidationError("转正时间应晚于入党时间。", field="转正时间")
    if data.category is MemberCategory.PROBATIONARY and not data.joined_on:
        raise ValidationError("预备党员需要填写入党时间，以便提醒按期转正。", field="入党时间")
