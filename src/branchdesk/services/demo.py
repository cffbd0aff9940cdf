"""The demo hospital behind `branchdesk --demo`: seven branches built on departments, as in the news reports.

Everything goes through the app's own services, so the demo obeys every rule a user's data must; all
values come from `random.Random(seed)` (same seed, same database) and dates are relative to `today`,
so reminders (转正 due, 换届 due, 光荣在党50年) always have something to show. Never commits.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from sqlalchemy.orm import Session

from branchdesk.models import Branch, CommitteeRole, MemberCategory, MemberStatus
from branchdesk.services import branches, groups, idcard, roster
from branchdesk.services.demo_meetings import populate_meetings
from branchdesk.services.demo_posts import populate_posts
from branchdesk.services.demo_volunteer import populate_volunteer

DEMO_COMMITTEE = "中共示范市第一人民医院委员会（演示数据）"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万覃莫蒙单区"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明辉刚健鹏飞俊峰建国志华文平波宇浩然晨博昊凯毅诚亮春林成东海坤松"
FEMALE_CHARS = "芳娟敏静丽艳娜霞燕玲萍红梅莉兰琳雪婷慧颖洁倩瑶璐佳欣怡晓秋月凤英琴丹蓉妍思雯薇"
NOT_TO_USE = frozenset({"李娜", "刘翔", "姚明", "王菲", "周迅", "孙俪", "陈薇", "王辰", "李兰娟"})
# 籍贯 with an area code of that place, so ID numbers start where the member comes from.
NATIVE_PLACES = (
    ("广西南宁", "450103"), ("广西柳州", "450202"), ("广西桂林", "450302"), ("广西玉林", "450902"),
    ("广东广州", "440104"), ("广东湛江", "440802"), ("湖南长沙", "430104"), ("湖南衡阳", "430405"),
    ("湖北武汉", "420106"), ("湖北咸宁", "421202"), ("江西赣州", "360702"), ("四川成都", "510107"),
    ("重庆綦江", "500110"), ("河南郑州", "410105"), ("山东济南", "370102"), ("江苏无锡", "320213"),
    ("浙江温州", "330302"), ("福建泉州", "350502"), ("陕西渭南", "610502"), ("贵州遵义", "520302"),
    ("云南曲靖", "530302"), ("辽宁沈阳", "210102"), ("河北保定", "130602"), ("安徽安庆", "340802"),
)  # fmt: skip
MINORITIES = ("壮族", "回族", "满族", "苗族", "瑶族", "土家族", "侗族", "蒙古族")
PHONE_PREFIXES = ("138", "139", "135", "136", "150", "151", "158", "159", "182", "187",
                  "188", "130", "131", "155", "156", "185", "186", "133", "180", "199")  # fmt: skip
DEGREES = {"博士研究生": "博士", "硕士研究生": "硕士", "大学本科": "学士"}
EDUCATION_BY_KIND = {
    "doctor": ("博士研究生", "硕士研究生", "硕士研究生", "大学本科"),
    "nurse": ("大学本科", "大学本科", "大学专科", "大学专科"),
    "retired": ("大学本科", "大学专科", "大学专科", "中专"),
}
EDUCATION_OTHERS = ("硕士研究生", "大学本科", "大学本科", "大学专科")
# 职称 from junior to senior; a department may have its own ladder (财务科: 会计师 ...).
TITLE_LADDERS: dict[str, tuple[str, ...]] = {
    "doctor": ("住院医师", "主治医师", "副主任医师", "主任医师"),
    "nurse": ("护士", "护师", "主管护师", "副主任护师", "主任护师"),
    "tech": ("技士", "技师", "主管技师", "副主任技师", "主任技师"),
    "pharm": ("药士", "药师", "主管药师", "副主任药师", "主任药师"),
    "admin": ("助理政工师", "政工师", "高级政工师"),
    "财务科": ("助理会计师", "会计师", "高级会计师"),
    "信息科": ("助理工程师", "工程师", "高级工程师"),
    "总务科": ("助理工程师", "工程师", "高级工程师"),
}
HEAD_POSITIONS = {"doctor": "科主任", "nurse": "护士长", "tech": "科主任", "pharm": "科主任", "admin": "科长"}
DEPUTY_POSITIONS = {"doctor": "科副主任", "nurse": "副护士长", "tech": "副主任", "pharm": "副主任",
                    "admin": "副科长"}  # fmt: skip
STAFF_POSITIONS = {"doctor": "医师", "nurse": "护士", "tech": "技师", "pharm": "药师", "admin": "科员"}
CLINICAL_KINDS = ("doctor", "doctor", "doctor", "nurse", "nurse", "nurse")
DEPT_KINDS: dict[str, tuple[str, ...]] = {
    "检验科": ("tech",), "放射科": ("doctor", "tech", "tech"), "药剂科": ("pharm",),
    "麻醉科": ("doctor", "doctor", "nurse"), "护理部": ("nurse",), "医务部": ("admin", "doctor"),
    "党委办公室": ("admin",), "财务科": ("admin",), "信息科": ("admin",), "总务科": ("admin",),
    "保卫科": ("admin",),
    "原医技系统": ("tech", "pharm"), "原行政后勤系统": ("admin",),
}  # fmt: skip


class _BranchSpec(NamedTuple):
    name: str
    kind: str
    departments: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # name, departments it covers (none: by residence)
    brand: tuple[str, str, str]  # 品牌名称, 宣传语, 品牌内涵
    founded: dt.date
    term_days: int  # how long ago the current term began; 3*365-70 makes 换届 due in about 70 days
    size: tuple[int, int]  # members on the roll, fewest and most
    deputy: bool
    probation_days: tuple[int, ...]  # how long ago each 预备党员 was admitted
    leavers: tuple[tuple[MemberStatus, str], ...]


_OUT = MemberStatus.TRANSFERRED_OUT
BRANCHES: tuple[_BranchSpec, ...] = (
    _BranchSpec(
        "内科第一党支部", "在职", ("心内科", "呼吸内科"),
        (("心内科党小组", ("心内科",)), ("呼吸内科党小组", ("呼吸内科",))),
        ("仁爱讲堂", "党建引领 仁心仁术",
         "以科室讲堂为阵地，党员医生护士轮流登台讲医德故事、讲健康科普，把党课上到病房，把服务送进社区。"),
        dt.date(2009, 7, 1), 400, (36, 44), True, (350, 200),
        ((_OUT, "调往示范市妇幼保健院工作，组织关系转往该院党委。"),),
    ),
    _BranchSpec(
        "外科联合党支部", "联合", ("普外科", "骨科", "泌尿外科", "麻醉科"),
        (("普外科党小组", ("普外科",)), ("骨科党小组", ("骨科",)),
         ("泌尿外科麻醉科党小组", ("泌尿外科", "麻醉科"))),
        ("守护生命线", "手术台前是战场 党员冲锋在一线",
         "党员带头攻坚疑难手术、带头值守急诊绿色通道，以党员先锋岗守护患者生命线。"),
        dt.date(2012, 6, 28), 620, (44, 56), True, (372, 250),
        ((_OUT, "考取外省医科大学博士研究生，组织关系转往学校党委。"),),
    ),
    _BranchSpec(
        "妇产科党支部", "在职", ("产科", "妇科"), (("产科党小组", ("产科",)), ("妇科党小组", ("妇科",))),
        ("母婴红心", "守护生命起点 护航母婴安康",
         "党员医生、助产士结对高危孕产妇，办好孕妇学校，进社区开展义诊，让每一个新生命平安降临。"),
        dt.date(2014, 3, 8), 3 * 365 - 70, (24, 32), False, (340,), (),
    ),
    _BranchSpec(
        "儿科党支部", "在职", ("儿科", "新生儿科"),
        (("儿科党小组", ("儿科",)), ("新生儿科党小组", ("新生儿科",))),
        ("童心向党", "用心呵护每一个孩子",
         "党员医护走进幼儿园、小学开展健康科普，守护儿童成长，让患儿家长放心、安心。"),
        dt.date(2014, 5, 31), 250, (22, 30), False, (320,), (),
    ),
    _BranchSpec(
        "医技党支部", "在职", ("检验科", "放射科", "药剂科"),
        (("检验科党小组", ("检验科",)), ("放射科党小组", ("放射科",)), ("药剂科党小组", ("药剂科",))),
        ("会说话的报告单", "我为群众办实事 医技服务走基层",
         "扫一扫报告单上的二维码即可观看专家解读；党员技师、药师下基层开展用药咨询和健康检查。"),
        dt.date(2010, 7, 1), 700, (34, 42), True, (300,),
        ((_OUT, "调往示范市疾病预防控制中心工作，组织关系随转。"),),
    ),
    _BranchSpec(
        "行政后勤党支部", "在职", ("党委办公室", "医务部", "护理部", "财务科", "信息科", "总务科", "保卫科"),
        (("党政办党小组", ("党委办公室", "医务部", "护理部")), ("财务信息党小组", ("财务科", "信息科")),
         ("后勤保障党小组", ("总务科", "保卫科"))),
        ("先锋后勤", "党建引领 全力为临床一线保障服务",
         "机关党员下沉临床一线，后勤党员随叫随到，以精细化的管理和保障服务临床、服务患者。"),
        dt.date(2008, 7, 1), 150, (28, 36), False, (360,), (),
    ),
    _BranchSpec(
        "离退休党支部", "离退休", ("原内科系统", "原外科系统", "原医技系统", "原行政后勤系统"),
        (("院内宿舍区党小组", ()), ("城东党小组", ()), ("城西党小组", ())),
        ("夕阳红", "离岗不离党 退休不褪色",
         "老党员发挥余热，参与健康宣讲和义诊咨询，与青年党员结对讲传统、传作风。"),
        dt.date(2011, 10, 1), 500, (40, 50), False, (),
        ((MemberStatus.DECEASED, "因病医治无效去世。"),
         (_OUT, "随子女迁居外省，组织关系转往居住地社区党组织。")),
    ),
)  # fmt: skip
# A surname pypinyin reads wrong, on the second member of a branch, so search is tried on it.
FORCED_SURNAMES = {0: "单", 1: "曾", 6: "区"}
GOLDEN_MEMBERS = 2  # retirees whose 党龄 reaches 50 this year (光荣在党50年)


@dataclass(frozen=True)
class DemoSummary:
    """What was built, for the start-up log and the demo banner."""

    branches: int
    members: int  # on the roll
    groups: int
    meetings: int = 0  # organisational life recorded over the past year
    posts: int = 0  # 设岗定责 posts set up
    volunteer_events: int = 0  # volunteer events recorded over the past year


@dataclass
class _Drawn:
    """Values already handed out, so names, ID numbers and phones stay unique in the hospital."""

    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)


class _Planned(NamedTuple):
    data: roster.MemberInput
    group: str
    roll_on: dt.date  # the day they came on this branch's roll
    leaves: tuple[MemberStatus, str] | None


def _name(rng: random.Random, gender: str, drawn: _Drawn, surname: str | None) -> str:
    chars = MALE_CHARS if gender == "男" else FEMALE_CHARS
    while True:
        given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.75 else "")
        name = (surname or rng.choice(SURNAMES)) + given
        if name not in drawn.names and name not in NOT_TO_USE:
            drawn.names.add(name)
            return name


def _id_number(rng: random.Random, area: str, birth: dt.date, gender: str, drawn: _Drawn) -> str:
    """A GB 11643 number: area, birth date, an odd sequence digit for men, the check character."""
    while True:
        first17 = f"{area}{birth:%Y%m%d}{rng.randrange(500) * 2 + (gender == '男'):03d}"
        number = first17 + idcard.check_char(first17)
        if number not in drawn.ids:
            drawn.ids.add(number)
            return number


def _phone(rng: random.Random, drawn: _Drawn) -> str:
    while True:
        phone = f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**8):08d}"
        if phone not in drawn.phones:
            drawn.phones.add(phone)
            return phone


def _birth(rng: random.Random, age: int, today: dt.date) -> dt.date:
    return dt.date(today.year - age, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _title(rng: random.Random, dept: str, kind: str, age: int, senior: bool) -> str:
    """Older staff hold higher titles; heads of department at least the second highest."""
    ladder = TITLE_LADDERS.get(dept) or TITLE_LADDERS[kind]
    level = round((min(age, 58) - 24) / 34 * (len(ladder) - 1)) + rng.choice((-1, 0, 0, 0, 1))
    if senior:
        level = max(level, len(ladder) - 2)
    return ladder[max(0, min(level, len(ladder) - 1))]


def _person(
    rng: random.Random,
    drawn: _Drawn,
    today: dt.date,
    *,
    dept: str,
    kind: str,
    position: str,
    ages: tuple[int, int],
    retired: bool = False,
    senior: bool = False,
    surname: str | None = None,
    probation_days: int | None = None,
    golden: bool = False,
) -> roster.MemberInput:
    """One member whose ID number, birth date, gender and party dates all agree."""
    female_share = 0.92 if kind == "nurse" else 0.5
    gender = "女" if rng.random() < female_share else "男"
    place, area = rng.choice(NATIVE_PLACES)
    minority_share = 0.3 if place.startswith("广西") else 0.05
    ethnicity = rng.choice(MINORITIES) if rng.random() < minority_share else "汉族"
    if golden:  # 转正 fifty years before this year: the 光荣在党50年 medal is due this 七一
        joined = dt.date(today.year - 51, rng.randint(1, 12), rng.randint(1, 28))
        birth = joined - dt.timedelta(days=365 * rng.randint(20, 24) + rng.randrange(300))
    elif probation_days is not None:
        birth = _birth(rng, rng.randint(*ages), today)
        joined = today - dt.timedelta(days=probation_days)
    else:  # joined by age-2 at the latest, so 转正 is at least two months past
        birth = _birth(rng, rng.randint(*ages), today)
        latest = min(roster.years_between(birth, today) - 2, 30 if senior else 45)
        joined = roster.add_years(birth, rng.randint(19, latest)) + dt.timedelta(days=rng.randrange(300))
    age = roster.years_between(birth, today)
    education = rng.choice(EDUCATION_BY_KIND.get("retired" if retired else kind, EDUCATION_OTHERS))
    return roster.MemberInput(
        name=_name(rng, gender, drawn, surname),
        gender=gender,
        ethnicity=ethnicity,
        birth_date=birth,
        native_place=place,
        education=education,
        degree=DEGREES.get(education, ""),
        id_number=_id_number(rng, area, birth, gender, drawn),
        phone=_phone(rng, drawn),
        department=dept,
        position=position,
        title=_title(rng, dept, kind, age, senior),
        staff_category="退休" if retired else "在职",
        category=MemberCategory.FULL if probation_days is None else MemberCategory.PROBATIONARY,
        joined_on=joined,
        full_member_on=None if probation_days is not None else roster.add_years(joined, 1),
    )


def _kinds(dept: str) -> tuple[str, ...]:
    return DEPT_KINDS.get(dept, CLINICAL_KINDS)


def _heads(spec: _BranchSpec) -> list[tuple[str, str, str]]:
    """(department, staff kind, 职务) of each department head: its chief, and its head nurse."""
    if spec.kind == "离退休":
        return []
    heads = []
    for dept in spec.departments:
        kind = _kinds(dept)[0]
        chief = "主任" if dept.endswith(("部", "办公室")) else HEAD_POSITIONS[kind]
        heads.append((dept, kind, chief))
        if kind != "nurse" and "nurse" in _kinds(dept):
            heads.append((dept, "nurse", "护士长"))
    return heads


def _plan(rng: random.Random, drawn: _Drawn, spec: _BranchSpec, index: int, today: dt.date) -> list[_Planned]:
    """Who is on the branch's roll, in roll order: the committee-age seniors first, then the rest."""
    retired = spec.kind == "离退休"
    senior_ages, staff_ages = ((62, 68), (62, 76)) if retired else ((40, 56), (24, 58))
    heads = _heads(spec)
    n_senior = max(len(heads), 5)
    total = rng.randint(*spec.size) + len(spec.leavers)
    people: list[roster.MemberInput] = []
    for i in range(n_senior):
        dept, kind, position = heads[i] if i < len(heads) else (rng.choice(spec.departments), "", "")
        kind = kind or rng.choice(_kinds(dept))
        position = "" if retired else position or DEPUTY_POSITIONS[kind]
        surname = FORCED_SURNAMES.get(index) if i == 1 else None
        people.append(
            _person(rng, drawn, today, dept=dept, kind=kind, position=position, ages=senior_ages,
                    retired=retired, senior=True, surname=surname)
        )  # fmt: skip
    rest: list[tuple[roster.MemberInput, bool]] = []  # (member, may leave the roll)
    for days in spec.probation_days:
        dept = rng.choice(spec.departments)
        kind = rng.choice(_kinds(dept))
        rest.append((_person(rng, drawn, today, dept=dept, kind=kind, position=STAFF_POSITIONS[kind],
                             ages=(24, 33), probation_days=days), False))  # fmt: skip
    for i in range(total - n_senior - len(spec.probation_days)):
        dept = rng.choice(spec.departments)
        kind = rng.choice(_kinds(dept))
        golden = retired and i < GOLDEN_MEMBERS
        position = "" if retired else STAFF_POSITIONS[kind]
        rest.append((_person(rng, drawn, today, dept=dept, kind=kind, position=position, ages=staff_ages,
                             retired=retired, golden=golden), not golden))  # fmt: skip
    leaving = rng.sample([m.name for m, may in rest if may], len(spec.leavers))
    rng.shuffle(rest)
    planned = []
    for member in people + [m for m, _ in rest]:
        if retired:
            group = rng.choice(spec.groups)[0]
        else:
            group = next(g for g, depts in spec.groups if member.department in depts)
        roll_on = max(spec.founded, member.full_member_on or member.joined_on or spec.founded)
        leaves = spec.leavers[leaving.index(member.name)] if member.name in leaving else None
        planned.append(_Planned(member, group, roll_on, leaves))
    return planned


def _profile(spec: _BranchSpec, today: dt.date) -> branches.BranchProfileInput:
    term_start = today - dt.timedelta(days=spec.term_days)
    return branches.BranchProfileInput(
        name=spec.name,
        departments="、".join(spec.departments),
        kind=spec.kind,
        founded_on=min(spec.founded, term_start),
        term_started_on=term_start,
        term_years=3,
        brand_name=spec.brand[0],
        brand_slogan=spec.brand[1],
        brand_meaning=spec.brand[2],
    )


def _fill_branch(
    session: Session,
    rng: random.Random,
    branch_id: int,
    spec: _BranchSpec,
    plan: list[_Planned],
    *,
    term_start: dt.date | None,
    secretary_id: int | None,
    today: dt.date,
) -> None:
    """Groups, members in them, group leaders, the committee, then the dated departures."""
    group_ids = {name: groups.add_group(session, branch_id, name).id for name, _ in spec.groups}
    ids: list[int] = []
    for i, planned in enumerate(plan):
        data = replace(planned.data, group_id=group_ids[planned.group])
        if i == 0 and secretary_id is not None:  # added by setup_first_branch, before the groups
            ids.append(roster.update_member(session, secretary_id, data, today=planned.roll_on).id)
        else:
            ids.append(roster.add_member(session, branch_id, data, today=planned.roll_on).id)
    for name, group_id in group_ids.items():
        leader = next(
            (ids[i] for i, p in enumerate(plan) if p.group == name and i > 0 and p.leaves is None), None
        )
        groups.update_group(session, group_id, name=name, leader_id=leader)
    roles = [CommitteeRole.SECRETARY, CommitteeRole.DEPUTY] if spec.deputy else [CommitteeRole.SECRETARY]
    roles += [CommitteeRole.ORGANISATION, CommitteeRole.PUBLICITY, CommitteeRole.DISCIPLINE]
    for i, role in enumerate(roles):
        if i > 0 or secretary_id is None:
            branches.set_committee_post(session, branch_id, ids[i], role, started_on=term_start)
    for member_id, planned in zip(ids, plan, strict=True):
        if planned.leaves:
            status, reason = planned.leaves
            on = max(planned.roll_on, today - dt.timedelta(days=rng.randint(30, 330)))
            roster.change_status(session, member_id, status, on=on, reason=reason, today=today)


def populate_demo(session: Session, *, seed: int = 2026, today: dt.date | None = None) -> DemoSummary:
    """Build the demo hospital in the caller's transaction; refuses a database that already has a branch."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    drawn = _Drawn()
    committee_id: int | None = None
    for index, spec in enumerate(BRANCHES):
        plan = _plan(rng, drawn, spec, index, today)
        profile = _profile(spec, today)
        secretary_id: int | None = None
        if committee_id is None:
            first = branches.setup_first_branch(
                session,
                committee=DEMO_COMMITTEE,
                branch=profile,
                secretary=plan[0].data,
                today=plan[0].roll_on,
            )
            branch_id = first.id
            committee_id = session.get_one(Branch, branch_id).committee_id
            secretary_id = first.committee[0].member_id
        else:
            branch_id = branches.create_branch(session, committee_id, profile)
        _fill_branch(
            session, rng, branch_id, spec, plan,
            term_start=profile.term_started_on, secretary_id=secretary_id, today=today,
        )  # fmt: skip
    meetings = populate_meetings(session, rng=rng, today=today)
    posts = populate_posts(session, rng=rng, today=today)  # before volunteer: its desks feed hours
    events = populate_volunteer(session, rng=rng, today=today)  # some held as the theme days above
    summaries = branches.list_branches(session)
    return DemoSummary(
        branches=len(summaries),
        members=sum(s.member_count for s in summaries),
        groups=sum(len(groups.list_groups(session, s.id)) for s in summaries),
        meetings=meetings,
        posts=posts,
        volunteer_events=events,
    )


def is_demo_database(session: Session) -> bool:
    """True when the committee is the demo one, so the window can say it holds no real data."""
    return branches.committee_name(session) == DEMO_COMMITTEE
