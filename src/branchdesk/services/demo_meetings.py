"""A year of organisational life for the demo hospital, so 概览, 组织生活 and 年度自查 have something to show.

Every meeting goes through `meetings.create_meeting` and every exception through `meetings.mark`, so
each roll is the branch roll of that day, as for a user. The year is deliberately imperfect, as real
ones are: two branches have only planned this month's 支委会, one group skipped the last two months,
one member has missed everything for over six months (自行脱党 alarm) and one is on 产假 (warning).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from branchdesk.models import AttendanceStatus, CommitteeRole, MeetingType, MemberCategory
from branchdesk.services import branches, groups, meetings, roster
from branchdesk.services.roll_history import RollHistory

_T = dt.time
_A = AttendanceStatus
SKIP_COMMITTEE_NOW = (0, 3)  # branches (by order) whose 支委会 of this month is only planned
GAP_BRANCH, GAP_GROUP = 0, 1  # the first branch (the one shown first): its second group skipped two months
SPELL_BRANCH = 0  # where the long absences are: the first branch, which the overview opens on
# name -> home meeting room, 共建单位, where the service is held, what the members did there
_PLACES: dict[str, tuple[str, str, str, str]] = {
    "内科第一党支部": ("内科楼12楼示教室", "示范市城南街道幸福社区", "幸福社区党群服务中心",
                "为居民免费测量血压、血糖，开展高血压、慢阻肺防治咨询"),
    "外科联合党支部": ("外科楼9楼示教室", "示范市公安局交警支队一大队", "交警一大队会议室",
                "为执勤交警开展创伤急救技能培训和颈肩腰腿痛义诊"),
    "妇产科党支部": ("妇产科示教室", "示范市城东街道新华社区", "新华社区党群服务中心",
               "开展孕产期保健、“两癌”筛查咨询和产后康复指导"),
    "儿科党支部": ("儿科会议室", "示范市实验小学", "示范市实验小学报告厅",
              "为师生讲授儿童常见病预防和近视防控知识，开展健康检查"),
    "医技党支部": ("医技楼3楼会议室", "示范市青山镇中心卫生院", "青山镇中心卫生院",
              "为村民免费查血常规、做心电图，开展安全用药咨询，指导卫生院检验和影像质控"),
    "行政后勤党支部": ("行政楼第二会议室", "示范市供电局城区供电所", "城区供电所会议室",
                "交流安全生产和后勤保障经验，为供电所职工开展健康讲座和义诊"),
    "离退休党支部": ("老干部活动中心", "示范市青山镇石桥村", "石桥村党群服务中心",
               "老专家为村民开展义诊咨询和慢病用药指导，讲授健康知识"),
}  # fmt: skip
_DEFAULT_PLACES = ("科室会议室", "示范市城南街道幸福社区", "社区党群服务中心", "开展义诊和健康咨询")
STUDY = ("党的二十届三中全会精神", "习近平总书记关于健康中国建设的重要论述", "《中国共产党纪律处分条例》",
         "中央八项规定及其实施细则精神", "《医疗机构工作人员廉洁从业九项准则》",
         "全国卫生健康工作会议精神", "院党委关于建设清廉医院的部署")  # fmt: skip
# month -> theme (may use {brand} {partner} {base}), parts, kind (study/oath/hall/red/clinic)
THEME_DAYS: dict[int, tuple[str, tuple[str, ...], str]] = {
    1: ("学习贯彻党的二十届三中全会精神 新春走访慰问老党员", ("study", "dues"), "study"),
    2: ("新春送健康：“{brand}”党建共建进社区义诊", ("volunteer", "co_building", "dues"), "clinic"),
    3: ("学雷锋志愿服务月：党员先锋岗门诊大厅导医导诊", ("volunteer", "study", "dues"), "hall"),
    4: ("清明祭英烈：参观{base} 重温入党誓词", ("red_education", "oath", "dues"), "red"),
    5: ("深入贯彻中央八项规定精神 学习廉洁从业九项准则", ("study", "democracy", "dues"), "study"),
    6: ("迎七一 重温入党誓词 争做“{brand}”先锋", ("study", "oath", "dues"), "oath"),
    7: ("党建共建：走进{partner}义诊送健康", ("volunteer", "co_building", "dues"), "clinic"),
    8: ("中国医师节：党员医务人员走基层", ("volunteer", "co_building", "study", "dues"), "clinic"),
    9: ("党建共建结对：“{brand}”与{partner}共话发展", ("co_building", "democracy", "dues"), "clinic"),
    10: ("喜迎国庆：参观{base} 传承红色基因", ("red_education", "study", "dues"), "red"),
    11: ("学习贯彻党的二十届四中全会精神 民主议事", ("study", "democracy", "dues"), "study"),
    12: ("宪法宣传周：学法用法 廉政警示教育", ("study", "democracy", "dues"), "study"),
}
STUDY_MONTHS = {  # a study month's reading, and what else it did
    1: ("党的二十届三中全会精神", "会后分组走访慰问离退休老党员和生活困难党员。"),
    5: ("《医疗机构工作人员廉洁从业九项准则》", "对照九项准则逐条查摆科室廉洁风险点。"),
    11: ("党的二十届四中全会精神", "围绕科室绩效分配和排班办法公开征求党员意见。"),
    12: ("宪法和《中国共产党纪律处分条例》", "观看廉政警示教育片，开展党纪法规知识测试。"),
}
RED_BASES = {4: "示范市革命烈士陵园", 10: "示范市革命历史纪念馆"}
THEME_DAY_DATES = {3: 5, 5: 12, 6: 28, 8: 19}  # 学雷锋日, 护士节, 七一, 医师节
COMMITTEE_ITEMS = ("研究本月主题党日活动方案", "讨论入党积极分子和发展对象培养考察情况",
                   "通报上月党费收缴和党员积分情况", "研究党员设岗定责和志愿服务安排",
                   "研究落实院党委近期工作部署", "讨论支部年度工作计划执行情况")  # fmt: skip
GENERAL_THEMES = ("传达院党委工作会议精神，部署支部年度工作", "专题学习贯彻党的二十届三中全会精神",
                  "通报上半年支部工作，讨论确定入党积极分子",
                  "部署年度民主评议党员和组织生活会准备工作")  # fmt: skip
LECTURES = {
    CommitteeRole.SECRETARY: "坚守初心使命，做人民健康的守护人",
    CommitteeRole.DEPUTY: "以高质量党建引领公立医院高质量发展",
    CommitteeRole.ORGANISATION: "学习《中国共产党支部工作条例（试行）》，建强战斗堡垒",
    CommitteeRole.PUBLICITY: "传承红色基因，弘扬崇高职业精神",
    CommitteeRole.DISCIPLINE: "守住纪律底线，筑牢廉洁从医防线",
}
GROUP_WORK = {"clinical": "本科室医疗护理质量和服务改进", "admin": "提升管理服务、保障临床一线",
              "retired": "发挥老党员余热、关心身边老同志"}  # fmt: skip
LEAVE_REASONS = {"clinical": ("值班", "值班", "夜班后补休", "手术", "门诊坐诊", "外出学习", "病假", "事假"),
                 "admin": ("出差", "参加上级会议", "值班", "病假", "事假", "外出学习"),
                 "retired": ("身体不适", "住院治疗", "外出探亲", "行动不便", "照顾家人")}  # fmt: skip
LATE_REASONS = {"clinical": ("处理急诊病人", "手术延时", "交接班", "", ""), "admin": ("处理紧急工作", "", ""),
                "retired": ("",)}  # fmt: skip


@dataclass
class _Branch:
    """What one branch's year is built from, read once through the services."""

    id: int
    index: int
    kind: str  # clinical / admin / retired
    brand: str
    posts: dict[CommitteeRole, branches.CommitteePostRow]
    groups: list[groups.GroupRow]
    members: list[roster.MemberRow]
    places: tuple[str, str, str, str]
    term_start: dt.date | None
    group_rooms: dict[int, str] = field(default_factory=dict)
    recorders: dict[int, str] = field(default_factory=dict)
    spells: dict[int, tuple[dt.date, dt.date, str]] = field(default_factory=dict)  # from, to, why
    lectured: set[int] = field(default_factory=set)  # years the secretary gave a lecture
    turns: int = 0  # lectures given by the other committee members, who take turns

    def name_of(self, role: CommitteeRole, fallback: CommitteeRole = CommitteeRole.SECRETARY) -> str:
        post = self.posts.get(role) or self.posts.get(fallback)
        return post.member_name if post else ""

    def committee_on(self, day: dt.date) -> int:
        return sum(1 for p in self.posts.values() if p.started_on is None or p.started_on <= day)


def _weekday(year: int, month: int, day: int) -> dt.date:
    """The working day nearest `day` inside the month (meetings are held Monday to Friday)."""
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    date = dt.date(year, month, min(max(day, 1), last))
    shift = {5: -1, 6: 1}.get(date.weekday(), 0)
    if shift and (date + dt.timedelta(days=shift)).month != month:
        shift = -2 if shift == 1 else 2
    return date + dt.timedelta(days=shift)


def _months(today: dt.date) -> list[tuple[int, int]]:
    """The twelve months before this one, and this one."""
    start = today.year * 12 + today.month - 13
    return [((start + k) // 12, (start + k) % 12 + 1) for k in range(13)]


def _load(session: Session, index: int, summary: branches.BranchSummary, today: dt.date) -> _Branch:
    """The branch's committee, groups and members, and where each group meets."""
    profile = branches.get_profile(session, summary.id)
    kind = "retired" if profile.kind == "离退休" else "admin" if "行政" in profile.name else "clinical"
    posts = {p.role: p for p in profile.committee if p.ended_on is None}
    members = roster.list_members(session, summary.id, include_left=True, today=today)
    b = _Branch(summary.id, index, kind, profile.brand_name or profile.name, posts,
                groups.list_groups(session, summary.id), members, _PLACES.get(profile.name, _DEFAULT_PLACES),
                profile.term_started_on)  # fmt: skip
    for g in b.groups:
        depts = Counter(m.department for m in b.members if m.group_id == g.id)
        if kind == "retired":
            area = g.name.removesuffix("党小组")
            b.group_rooms[g.id] = area + ("老干部活动室" if "院内" in area else "社区党群服务中心")
        else:
            dept = depts.most_common(1)[0][0] if depts else g.name.removesuffix("党小组")
            b.group_rooms[g.id] = dept + ("会议室" if kind == "admin" else "示教室")
    return b


def _plan_spells(rng: random.Random, b: _Branch, session: Session, today: dt.date) -> None:
    """Long absences: in the first branch one member gone for 6+ months, one on 产假; elsewhere 进修."""
    history = RollHistory(session, b.id)
    busy = {p.member_id for p in b.posts.values()} | {g.leader_id for g in b.groups}
    long_ago, since = today - dt.timedelta(days=420), history.on_roll_since  # on the roll all year
    steady = [m for m in b.members if m.category is MemberCategory.FULL and m.id not in busy
              and (day := since(m.id, today)) is not None and day <= long_ago]  # fmt: skip
    rng.shuffle(steady)
    if b.index == SPELL_BRANCH and len(steady) >= 2:
        gone = steady.pop()
        b.spells[gone.id] = (today - dt.timedelta(days=200), today, "gone")
        young = [
            m for m in steady if m.gender == "女" and m.birth_date and m.birth_date.year > today.year - 38
        ]
        mother = (young or steady)[0]
        steady.remove(mother)
        b.spells[mother.id] = (today - dt.timedelta(days=100), today, "产假")
    elif b.kind == "clinical" and steady:
        start = today - dt.timedelta(days=rng.randint(240, 330))
        b.spells[steady.pop().id] = (start, start + dt.timedelta(days=60), "外出进修")
    for g in b.groups:  # each group has one member who keeps its minutes
        candidates = [m for m in steady if m.group_id == g.id] or [m for m in b.members if m.group_id == g.id]
        b.recorders[g.id] = rng.choice(candidates).name if candidates else g.leader_name


def _mark_of(rng: random.Random, b: _Branch, member_id: int, day: dt.date) -> tuple[_A, str]:
    """A member's mark: their spell if one covers the day, else mostly 出席 with the odd exception."""
    if member_id in b.spells:  # outside the spell always there: the overview counts from the last one
        start, end, why = b.spells[member_id]
        if not start <= day <= end:
            return _A.PRESENT, ""
        if why == "gone":
            return (_A.LEAVE, "个人事务") if rng.random() < 0.25 else (_A.ABSENT, "")
        return _A.LEAVE, why
    draw = rng.random()
    leave = 0.1 if b.kind == "retired" else 0.06
    if draw < leave:
        return _A.LEAVE, rng.choice(LEAVE_REASONS[b.kind])
    if draw < leave + 0.012:
        return _A.ABSENT, ""
    if draw < leave + 0.04:
        return _A.LATE, rng.choice(LATE_REASONS[b.kind])
    return _A.PRESENT, ""


def _hold(
    session: Session, rng: random.Random, b: _Branch, data: meetings.MeetingInput, today: dt.date
) -> meetings.MeetingRow:
    """Record the meeting, then mark the exceptions; a vote is counted from the marks."""
    row = meetings.create_meeting(session, b.id, data, today=today)
    if data.planned:
        return row
    probationary = {m.id for m in b.members if m.category is MemberCategory.PROBATIONARY}
    voters = present = 0
    for entry in meetings.attendance(session, row.id):
        status, reason = _mark_of(rng, b, entry.member_id, data.held_on)
        if status is not _A.PRESENT:
            meetings.mark(session, row.id, entry.member_id, status, reason=reason)
        if entry.member_id not in probationary:
            voters += 1
            present += status in (_A.PRESENT, _A.LATE)
    if data.vote_subject:
        abstain = min(present, rng.choice((0, 0, 1)))
        counted = replace(row.to_input(), voters_due=voters, voters_present=present,
                          votes_for=present - abstain, votes_against=0, votes_abstain=abstain)  # fmt: skip
        row = meetings.update_meeting(session, row.id, counted, today=today)
    return row


def _input(
    b: _Branch, kind: MeetingType, held_on: dt.date, hours: tuple[int, int, int, int], place: str,
    theme: str, content: str, resolutions: str, **extra: Any,
) -> meetings.MeetingInput:  # fmt: skip
    """The common shape: the secretary hosts and the 组织委员 keeps the minutes unless told otherwise."""
    people = {"host": b.name_of(CommitteeRole.SECRETARY), "recorder": b.name_of(CommitteeRole.ORGANISATION)}
    return meetings.MeetingInput(
        type=kind, held_on=held_on, starts_at=_T(*hours[:2]), ends_at=_T(*hours[2:]), place=place,
        theme=theme, content=content, resolutions=resolutions, **(people | extra),
    )  # fmt: skip


def _theme_day(b: _Branch, year: int, month: int, today: dt.date) -> meetings.MeetingInput:
    """The month's theme day; one later this month is entered as planned, without minutes yet."""
    home, partner, clinic, activity = b.places
    theme, parts, kind = THEME_DAYS[month]
    base = RED_BASES.get(month, "")
    held_on = _weekday(year, month, THEME_DAY_DATES.get(month, 12 + 2 * b.index))
    host = b.name_of(CommitteeRole.SECRETARY)
    study = STUDY[(month + b.index) % len(STUDY)]
    reading, extra = STUDY_MONTHS.get(month, (study, ""))
    dues = "会后党员按月交纳党费，组织委员当场登记。" if "dues" in parts else ""
    hours = (8, 30, 11, 30) if kind in ("clinic", "hall", "red") else (14, 30, 16, 30)
    place = {"clinic": clinic, "hall": "门诊大厅", "red": base}.get(kind, home)
    content = {
        "study": f"{host}领学{reading}，党员结合本职工作交流学习体会，围绕改善患者就医体验提出意见建议。"
        f"{extra}{dues}",
        "oath": f"全体党员面向党旗，由{host}领誓重温入党誓词；集中学习{study}，"
        f"两名党员讲述身边党员的先进事迹。{dues}",
        "hall": f"党员在门诊大厅设立党员先锋岗，为患者导医导诊、协助自助挂号缴费、解答咨询；"
        f"活动前集中学习{study}。{dues}",
        "red": f"党员赴{base}敬献花篮、参观陈列馆，在党旗下重温入党誓词，现场交流参观感悟。{dues}",
        "clinic": f"与{partner}党组织开展党建共建活动，党员{activity}。双方交流了党建工作经验。{dues}",
    }[kind]
    resolutions = {
        "clinic": f"与{partner}保持常态化结对，每季度至少开展一次共建服务活动；活动情况报院党委办公室。",
        "red": "每名党员撰写一篇参观心得，交宣传委员汇总，择优在科室宣传栏展出。",
    }.get(kind, "党员把学习成果转化为服务患者的实际行动；本月内完成学习心得，交组织委员存档。")
    planned = held_on > today
    if planned:
        content = resolutions = ""
    theme = theme.format(brand=b.brand, partner=partner, base=base)
    co_building = partner if "co_building" in parts else ""
    return _input(b, MeetingType.THEME_DAY, held_on, hours, place, theme, content, resolutions,
                  parts=parts, partner_unit=co_building, planned=planned)  # fmt: skip


def _committee(b: _Branch, rng: random.Random, year: int, month: int) -> meetings.MeetingInput:
    """The monthly 支委会 at lunchtime; in the month of an election, the new committee's first one."""
    held_on = _weekday(year, month, rng.randint(3, 8))
    host, organiser = b.name_of(CommitteeRole.SECRETARY), b.name_of(CommitteeRole.ORGANISATION)
    term = b.term_start
    if term and (term.year, term.month) == (year, month) and held_on < term:
        duties = "、".join(
            f"{label}{b.posts[role].member_name}"
            for role, label in ((CommitteeRole.DEPUTY, "副书记"), (CommitteeRole.ORGANISATION, "组织委员"),
                                (CommitteeRole.PUBLICITY, "宣传委员"), (CommitteeRole.DISCIPLINE, "纪检委员"))
            if role in b.posts
        )  # fmt: skip
        content = (
            f"新一届支部委员会召开第一次会议，书记{host}主持。确定委员分工：{duties}；研究任期工作计划。"
        )
        resolutions = "委员分工报院党委备案；任期工作计划在下次支部党员大会上通报。"
        theme = "新一届支委会第一次会议：研究委员分工"
        held_on = _weekday(year, month, term.day + 2)
        return _input(b, MeetingType.COMMITTEE_MEETING, held_on, (12, 10, 13, 0), b.places[0], theme,
                      content, resolutions)  # fmt: skip
    first, second = rng.sample(COMMITTEE_ITEMS, 2)
    extra = "研究年度组织生活会和民主评议党员方案；" if month == 11 else ""
    content = f"书记{host}主持。会议{first}；{extra}{second}。各委员汇报了分管工作，书记作小结。"
    resolutions = (
        f"1. 按讨论意见{first.removeprefix('研究').removeprefix('讨论')}；"
        f"2. 由组织委员{organiser}负责落实，在下次支委会上汇报。"
    )
    place = f"{b.places[0]}（午间）" if b.kind == "clinical" else b.places[0]
    return _input(b, MeetingType.COMMITTEE_MEETING, held_on, (12, 10, 13, 0), place,
                  f"{month}月支委会：{first}", content, resolutions)  # fmt: skip


def _group(
    b: _Branch, g: groups.GroupRow, rng: random.Random, year: int, month: int
) -> meetings.MeetingInput:
    """A group meets after the evening handover (retirees in the morning), led by its leader."""
    study = STUDY[(month + g.id) % len(STUDY)]
    retired = b.kind == "retired"
    work = GROUP_WORK[b.kind]
    content = f"组长{g.leader_name}主持，领学{study}。组员围绕{work}逐一发言，查找差距，提出改进措施。"
    resolutions = "组员结合学习内容对照检查，下月党小组会上交流落实情况。"
    return _input(b, MeetingType.GROUP_MEETING, _weekday(year, month, rng.randint(14, 27)),
                  (9, 30, 10, 30) if retired else (17, 30, 18, 20), b.group_rooms[g.id],
                  f"{month}月党小组学习：{study}", content, resolutions,
                  host=g.leader_name, recorder=b.recorders.get(g.id, ""), group_id=g.id)  # fmt: skip


def _lecture(b: _Branch, held_on: dt.date, quarter: int) -> meetings.MeetingInput:
    """七一 and (in every other branch) the first quarter are the secretary's, and the fourth if the
    secretary has not spoken that year (a new committee); the rest by rotation."""
    secretary = b.posts.get(CommitteeRole.SECRETARY)
    in_office = secretary is not None and (secretary.started_on or held_on) <= held_on
    late = quarter == 4 and held_on.year not in b.lectured  # the year's last chance
    if in_office and (quarter == 2 or (quarter == 1 and b.index % 2 == 0) or late):
        role = CommitteeRole.SECRETARY
        b.lectured.add(held_on.year)
    else:
        others = [r for r in LECTURES if r in b.posts and r is not CommitteeRole.SECRETARY]
        role = others[(b.index + b.turns) % len(others)] if others else CommitteeRole.SECRETARY
        b.turns += 1
    post = b.posts.get(role) or secretary
    title = LECTURES[role] if post is not secretary else LECTURES[CommitteeRole.SECRETARY]
    speaker = post.member_name if post else "院党委宣讲团成员"
    theme = f"{'书记讲党课：' if post is secretary else ''}{title}"
    content = (
        f"{speaker}以“{title}”为题讲授党课，结合身边医务工作者的事例，讲理论、讲案例、讲要求。"
        "党员认真听讲，会后进行了交流讨论。"
    )
    resolutions = "党员结合党课内容撰写心得体会，支部择优推荐至院党委微信公众号刊发。"
    return _input(b, MeetingType.PARTY_LECTURE, held_on, (15, 0, 16, 30), b.places[0], theme, content,
                  resolutions, recorder=b.name_of(CommitteeRole.PUBLICITY), speaker=speaker,
                  speaker_member_id=post.member_id if post else None)  # fmt: skip


def _general(b: _Branch, held_on: dt.date, quarter: int, vote: str) -> meetings.MeetingInput:
    """The quarter's 党员大会; an admission or an election is voted on (the figures come from the marks)."""
    host = b.name_of(CommitteeRole.SECRETARY)
    theme = vote or GENERAL_THEMES[quarter - 1]
    if not vote:
        said = f"会议{theme}；组织委员通报党员发展和党费收缴情况；党员分组讨论。"
        resolutions = "会议议定事项由支委会分工落实，下次大会通报。"
    elif "选举" in vote:
        said = "会议审议通过选举办法，以无记名投票差额选举产生新一届支部委员会委员。"
        resolutions = "选举结果有效，报院党委审批。"
    else:
        said = f"{theme}：介绍人介绍有关情况，支委会报告审查意见，与会党员充分讨论后举手表决。"
        resolutions = "表决通过，按程序报院党委审批。"
    content = f"书记{host}主持。{said}"
    guests = ("院党委办公室 覃海燕",) if vote else ()
    return _input(b, MeetingType.GENERAL_MEETING, held_on, (14, 30, 16, 0), b.places[0], theme, content,
                  resolutions, guests=guests, vote_subject=vote)  # fmt: skip


def _life_meeting(b: _Branch, year: int) -> meetings.MeetingInput:
    """Last December's 组织生活会 with the 民主评议, a member of the hospital committee attending."""
    content = (
        f"会前支委之间、支委与党员之间开展了谈心谈话。会上书记{b.name_of(CommitteeRole.SECRETARY)}代表支委会"
        "报告年度工作、查摆问题；支委逐一对照检查，党员开展批评和自我批评；随后进行民主评议党员。"
    )
    resolutions = "形成问题清单和整改措施，明确责任人和时限，整改情况在下次党员大会上通报。"
    return _input(b, MeetingType.LIFE_MEETING, _weekday(year, 12, 22 + b.index % 3), (14, 30, 17, 30),
                  b.places[0], f"{year}年度组织生活会暨民主评议党员", content, resolutions,
                  guests=("院党委督导组 陆建新",))  # fmt: skip


def _quarter_events(b: _Branch, months: list[tuple[int, int]], today: dt.date) -> list[meetings.MeetingInput]:
    """Per quarter: one 党员大会 (an admission or election vote on its own day) and one 党课."""
    votes: dict[dt.date, str] = {}
    first = dt.date(*months[0], 1)
    for m in b.members:
        if m.category is MemberCategory.PROBATIONARY and m.joined_on and first <= m.joined_on <= today:
            votes[m.joined_on] = f"讨论接收{m.name}同志为中共预备党员"
    if b.term_start and first <= b.term_start <= today:
        votes[b.term_start] = "选举产生新一届支部委员会"
    found: list[meetings.MeetingInput] = []
    quarters: dict[tuple[int, int], list[int]] = {}
    for year, month in months:
        quarters.setdefault((year, (month - 1) // 3 + 1), []).append(month)
    for (year, quarter), covered in quarters.items():
        special = [(d, s) for d, s in votes.items() if (d.year, (d.month - 1) // 3 + 1) == (year, quarter)]
        for day, subject in special or [(_weekday(year, covered[-1], 10 + b.index), "")]:
            found.append(_general(b, day, quarter, subject))
        lecture_month = 6 if quarter == 2 and 6 in covered else covered[len(covered) // 2]
        found.append(_lecture(b, _weekday(year, lecture_month, 25 if lecture_month == 6 else 20), quarter))
    return found


def populate_meetings(session: Session, *, rng: random.Random, today: dt.date) -> int:
    """Give every demo branch a year of meetings up to `today`; returns how many were recorded."""
    months = _months(today)
    count = 0
    for index, summary in enumerate(branches.list_branches(session)):
        b = _load(session, index, summary, today)
        _plan_spells(rng, b, session, today)
        plan: list[meetings.MeetingInput] = []
        for year, month in months:
            now = (year, month) == (today.year, today.month)
            committee = _committee(b, rng, year, month)
            if now and index in SKIP_COMMITTEE_NOW:  # not held yet: put off to later this month
                later = _weekday(year, month, today.day + 3)
                committee = replace(committee, held_on=later, planned=True, content="", resolutions="")
            if b.committee_on(committee.held_on) >= 3 and (
                committee.held_on > today or not committee.planned
            ):
                plan.append(committee)
            plan.append(_theme_day(b, year, month, today))
            recent = (year * 12 + month) >= (today.year * 12 + today.month - 2)
            for g_index, g in enumerate(b.groups):
                if not (index == GAP_BRANCH and g_index == GAP_GROUP and recent and not now):
                    plan.append(_group(b, g, rng, year, month))
        plan.extend(_quarter_events(b, months, today))
        plan.append(_life_meeting(b, today.year - 1))
        plan.sort(key=lambda d: (d.held_on, d.starts_at or _T(0)))
        for data in plan:
            if data.held_on <= today or data.planned:
                _hold(session, rng, b, data, today)
                count += 1
    return count
