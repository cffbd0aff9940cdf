"""A year of volunteer service for the demo hospital, so 志愿服务 has events, figures and history to show.

Every event goes through `volunteer.create_event`, so each participant was on the roll that day and
every rule holds. The theme days the demo held as service (义诊, 门诊导医) become events linked to them,
with the members who came; the rest of the year has 健康科普, 进校园, 社区服务, 无偿献血 and 乡村帮扶
with partner units, a few members who left early (hours overridden) and outside volunteers by name.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from branchdesk.models import MeetingType
from branchdesk.services import branches, meetings, volunteer, volunteer_links, volunteer_lists
from branchdesk.services.demo_meetings import _PLACES, _months
from branchdesk.services.roll import roll_on
from branchdesk.services.volunteer_lists import PartnerInput
from branchdesk.services.volunteer_rules import ParticipantInput, VolunteerEventInput

_T = dt.time
# More partner units than the theme days name: schools, villages, a blood centre.
EXTRA_PARTNERS = (
    ("示范市第三中学", "学校", "刘老师"),
    ("示范市城南幼儿园", "学校", "黄园长"),
    ("示范市青山镇石桥村", "村", "石桥村党支部 韦书记"),
    ("示范市中心血站", "医疗机构", "采血科"),
    ("示范市城西街道和平社区", "社区", "和平社区居委会"),
)
OUTSIDE = (
    ("陈思远", "规培医生"),
    ("李佳怡", "实习护士"),
    ("周晓彤", "实习护士"),
    ("梁志强", "社区网格员"),
    ("何雨晴", "大学生志愿者"),
    ("蒙建华", "入党积极分子"),
)


@dataclass(frozen=True)
class _Kind:
    """One more kind of event a branch holds in the year."""

    kind: str
    title: str
    partner: str | None  # None: the branch's own partner unit
    place: str
    served: tuple[int, int]  # people served, low and high
    hours: tuple[int, int, int, int]  # start hour, minute, end hour, minute
    notes: str


OTHER_EVENTS = (
    _Kind("健康科普/讲座", "“健康大讲堂”进社区：慢病防治科普讲座", None, "社区党群服务中心", (40, 120),
          (15, 0, 17, 0), "讲授常见慢病防治知识，现场答疑，发放科普资料。"),
    _Kind("进校园", "健康知识进校园：急救技能与近视防控", "示范市第三中学", "示范市第三中学报告厅",
          (200, 600), (14, 30, 16, 30), "为师生讲授心肺复苏和海姆立克急救法，开展视力筛查。"),
    _Kind("进校园", "“小手拉大手”幼儿健康守护", "示范市城南幼儿园", "示范市城南幼儿园", (80, 200),
          (9, 0, 11, 0), "为幼儿开展健康体检，向家长讲解儿童常见病预防。"),
    _Kind("无偿献血", "“热血传递爱心”党员无偿献血", "示范市中心血站", "医院门诊广场献血车", (0, 0),
          (8, 30, 11, 30), "党员带头参加无偿献血，现场宣传献血知识。"),
    _Kind("乡村帮扶", "乡村振兴健康行：送医下乡", "示范市青山镇石桥村", "石桥村党群服务中心", (80, 220),
          (8, 0, 12, 0), "为村民义诊、测血压血糖，走访慢病患者和留守老人。"),
    _Kind("社区服务", "文明城市创建：社区环境整治志愿服务", "示范市城西街道和平社区", "和平社区", (0, 50),
          (8, 30, 10, 30), "清理楼道小广告，宣传垃圾分类和控烟知识。"),
    _Kind("导医导诊", "门诊高峰时段党员志愿导医", None, "门诊大厅", (150, 400), (7, 30, 10, 30),
          "引导患者自助挂号、缴费和检查，帮助老年人使用智能设备。"),
)  # fmt: skip
PARTNER_KINDS = (("社区", "社区"), ("学", "学校"), ("幼儿园", "学校"), ("村", "村"), ("卫生院", "医疗机构"),
                 ("公安", "机关"), ("交警", "机关"))  # fmt: skip
ROLES = {
    "义诊": ("义诊医生", "护士", "测血压", "健康咨询"),
    "导医导诊": ("导医", "自助机指导", "秩序维护"),
    "健康科普/讲座": ("主讲", "资料发放", "现场答疑"),
    "进校园": ("主讲", "示范教学", "体检"),
}


def _partners(session: Session) -> dict[str, int]:
    """Every partner unit the demo uses (the theme days' ones first), by name."""
    wanted = [
        (partner, next((kind for word, kind in PARTNER_KINDS if word in partner), "企业"), "")
        for _home, partner, _place, _what in _PLACES.values()
    ]
    found: dict[str, int] = {}
    for name, kind, contact in (*wanted, *EXTRA_PARTNERS):
        existing = volunteer_lists.partner_id_named(session, name)
        if existing is None:
            existing = volunteer_lists.add_partner(session, PartnerInput(name, kind, contact)).id
        found[name] = existing
    return found


def _people(
    rng: random.Random, session: Session, branch_id: int, day: dt.date, count: int, length: int, kind: str
) -> tuple[ParticipantInput, ...]:
    """`count` members on the roll that day, one in eight leaving early, and now and then outsiders."""
    roll = roll_on(session, branch_id, day)
    chosen = rng.sample(roll, min(count, len(roll)))
    roles = ROLES.get(kind, ("志愿者",))
    people = [
        ParticipantInput(
            member_id=e.member_id,
            minutes=length - 60 if length > 90 and rng.random() < 0.12 else None,
            role=rng.choice(roles) if rng.random() < 0.6 else "",
            evaluation="优秀" if rng.random() < 0.15 else "",
        )
        for e in chosen
    ]
    for name, unit in rng.sample(OUTSIDE, rng.choice((0, 0, 1, 2, 3))):
        people.append(ParticipantInput(outside_name=name, outside_unit=unit, role="协助"))
    return tuple(people)


def _served_theme_days(session: Session, branch_id: int, today: dt.date) -> list[meetings.MeetingRow]:
    """The branch's held theme days that were volunteer service (义诊, 导医)."""
    found = meetings.list_meetings(session, branch_id, type=MeetingType.THEME_DAY)
    return [m for m in found if "volunteer" in m.parts and not m.planned and m.held_on <= today]


def _from_theme_day(rng: random.Random, session: Session, row: meetings.MeetingRow) -> VolunteerEventInput:
    template = volunteer_links.template_from_meeting(session, row.id).data
    clinic = "义诊" in row.theme or "走基层" in row.theme
    kind_id = volunteer_lists.kind_id_named(session, "义诊") if clinic else template.kind_id
    served = rng.randint(60, 200) if clinic else rng.randint(150, 400)
    notes = (
        "为群众免费测量血压、血糖，开展健康咨询和用药指导，发放健康宣传资料。"
        if clinic
        else "党员在门诊大厅导医导诊，协助自助挂号缴费，解答患者咨询。"
    )
    return replace(
        template,
        kind_id=kind_id,
        people_served=served,
        notes=notes,
        training="活动前集中学习服务规范和应急处置流程。" if rng.random() < 0.5 else "",
        evaluation="群众满意度高，共建单位发来感谢信。" if rng.random() < 0.3 else "",
    )


def _other(
    rng: random.Random, session: Session, branch_id: int, day: dt.date, spec: _Kind, partner_id: int | None,
    retired: bool,
) -> VolunteerEventInput:  # fmt: skip
    start, end = _T(*spec.hours[:2]), _T(*spec.hours[2:])
    length = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    count = rng.randint(3, 6) if retired else rng.randint(4, 10)
    return VolunteerEventInput(
        title=spec.title,
        kind_id=volunteer_lists.kind_id_named(session, spec.kind),
        held_on=day,
        starts_at=start,
        ends_at=end,
        place=spec.place,
        partner_unit_id=partner_id if spec.kind != "导医导诊" else None,
        people_served=rng.randint(*spec.served),
        notes=spec.notes,
        honours="获共建单位感谢信" if rng.random() < 0.1 else "",
        participants=_people(rng, session, branch_id, day, count, length, spec.kind),
    )


def _saturday_near(year: int, month: int, day: int) -> dt.date:
    date = dt.date(year, month, min(day, 28))
    return date + dt.timedelta(days=(5 - date.weekday()) % 7)


def populate_volunteer(session: Session, *, rng: random.Random, today: dt.date) -> int:
    """Give every demo branch a year of volunteer events up to `today`; returns how many were recorded."""
    partners = _partners(session)
    months = _months(today)
    count = 0
    for index, summary in enumerate(branches.list_branches(session)):
        profile = branches.get_profile(session, summary.id)
        own_partner = _PLACES.get(profile.name, ("", "示范市城南街道幸福社区", "", ""))[1]
        retired = profile.kind == "离退休"
        plan = [_from_theme_day(rng, session, row) for row in _served_theme_days(session, summary.id, today)]
        specs = [
            s for s in OTHER_EVENTS if not retired or s.kind in ("健康科普/讲座", "乡村帮扶", "社区服务")
        ]
        for number, (year, month) in enumerate(months):
            if (number + index) % 2:  # about every other month, one more event
                continue
            day = _saturday_near(year, month, rng.randint(5, 22))
            if day > today:
                continue
            spec = specs[(number // 2 + index) % len(specs)]
            partner_id = partners.get(spec.partner or own_partner)
            plan.append(_other(rng, session, summary.id, day, spec, partner_id, retired))
        for data in sorted(plan, key=lambda d: (d.held_on or today, d.starts_at or _T(0))):
            if data.participants:
                volunteer.create_event(session, summary.id, data, today=today)
                count += 1
    return count
