"""Posts for the demo hospital: every branch a 示范岗, a 责任区 per ward, a 先锋岗, and two branches an
outpatient volunteer desk with a rota from last month to next, the past turns confirmed.

Everything goes through the posts and duty services (holders on the roll, no member in two places),
so the demo obeys the rules a user's data must. The desk's past turns are mostly served, with a few
swaps and one missed turn, and people helped per turn, so 志愿服务 has hours to show. The first
branch's 示范岗 also shows the corrections a secretary makes: a holding typed for the wrong member,
voided, and a review entered twice, withdrawn; and its notes carry the 监督电话 its plaque prints.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from sqlalchemy.orm import Session

from branchdesk.models import DutyOutcome, PostKind, ReviewAssessor, ReviewGrade
from branchdesk.services import branches, duty_rota, groups, post_reviews, posts, roster
from branchdesk.services.duty_pattern import WeeklyPattern, weekly_plan
from branchdesk.services.roll_history import RollHistory

_T = dt.time
MODEL_DUTIES = (
    "带头落实医疗护理核心制度，确保医疗质量和患者安全",
    "带头开展健康宣教和出院随访，每月不少于20人次",
    "带头攻坚疑难危重病例救治，主动承担急难险重任务",
    "带头践行《医疗机构工作人员廉洁从业九项准则》，拒收红包礼品",
)
MODEL_COMMITMENT = (
    "以病人为中心，做到微笑服务、耐心解答、及时响应、规范操作。\n"
    "急危重患者“先救治、后缴费”，24小时响应患者呼叫。\n"
    "对服务的意见和建议，请向岗长或支部书记反映，我们3个工作日内答复。"
)
AREA_DUTIES = (
    "负责责任区内党员和群众的思想动态，每月至少谈心谈话一次",
    "督促责任区落实医疗安全、院感防控和优质服务各项要求",
    "收集患者和职工的意见建议，及时向支部反映",
)
AREA_COMMITMENT = "责任区内事事有人管、件件有回音，让患者满意、让职工放心。"
PIONEER = (
    ("急诊绿色通道党员先锋岗", "急诊科"),
    ("手术室党员先锋岗", "手术室"),
    ("产房安全党员先锋岗", "产房"),
    ("儿科夜间急诊党员先锋岗", "儿科急诊"),
    ("危急值报告党员先锋岗", "检验科"),
    ("后勤保障党员先锋岗", "总务科"),
    ("健康宣讲党员先锋岗", "老干部活动中心"),
)
PIONEER_DUTIES = ("在急难险重任务中冲锋在前", "带头钻研业务，优化服务流程", "带头做好传帮带")
PIONEER_COMMITMENT = "关键时刻站得出来，危急关头豁得出去。"
DESKS = {  # branch index -> (name, place, slots, weekdays)
    0: (
        "门诊大厅党员志愿服务岗",
        "门诊大厅导医台",
        ((_T(8), _T(12)), (_T(14, 30), _T(17, 30))),
        (0, 1, 2, 3, 4),
    ),
    4: ("检验报告自助区党员志愿服务岗", "门诊二楼检验科报告自助区", ((_T(8), _T(11, 30)),), (0, 2, 4)),
}
DESK_DUTIES = (
    "为就诊群众提供导医导诊、分诊指引和自助设备使用帮助",
    "照顾老年人、残疾人等特殊群体就医，协助预约挂号和检查",
    "收集群众就医意见，及时反馈有关科室",
)
NOT_WARDS = frozenset(
    ("检验科", "放射科", "药剂科", "党委办公室", "医务部", "护理部", "财务科", "信息科", "总务科", "保卫科")
)
DESK_COMMITMENT = "佩戴党员徽章亮身份，主动服务、热情接待、有问必答，让群众少跑腿、少排队。"


HOLIDAYS = frozenset(
    {(1, 1), *((5, d) for d in range(1, 6)), *((10, d) for d in range(1, 8))}
)  # no desk then


def _month_start(day: dt.date, step: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + step
    return dt.date(index // 12, index % 12 + 1, 1)


def _holders(
    session: Session,
    post_id: int,
    started: dt.date,
    members: list[int],
    history: RollHistory,
    today: dt.date,
    *,
    lead: str,
) -> None:
    for n, member_id in enumerate(members):
        since = history.on_roll_since(member_id, today) or today
        posts.add_holder(
            session, post_id, member_id, started_on=max(started, since), role=lead if n == 0 else ""
        )


def _post(session: Session, branch_id: int, kind: PostKind, name: str, place: str, duties: tuple[str, ...],
          commitment: str, started: dt.date) -> int:  # fmt: skip
    data = posts.PostInput(kind, name, place, "\n".join(duties), commitment, started_on=started)
    return posts.create_post(session, branch_id, data, today=started).id


def _review(session: Session, rng: random.Random, post_id: int, today: dt.date) -> None:
    day = dt.date(today.year, 6, 28) if today.month > 6 else dt.date(today.year - 1, 12, 26)
    grade = rng.choice((ReviewGrade.EXCELLENT, ReviewGrade.EXCELLENT, ReviewGrade.GOOD))
    note = (
        "岗位职责落实到位，群众满意度高。"
        if grade is ReviewGrade.EXCELLENT
        else "整体良好，健康宣教记录需更完整。"
    )
    data = post_reviews.ReviewInput(
        day, grade, ReviewAssessor.BRANCH, post_reviews.period_for(day), note=note
    )
    post_reviews.add_review(session, post_id, data, today=today)
    patients = post_reviews.ReviewInput(day, ReviewGrade.EXCELLENT, ReviewAssessor.PATIENTS,
                                        post_reviews.period_for(day), note="患者满意度调查 96%")  # fmt: skip
    post_reviews.add_review(session, post_id, patients, today=today)


DEMO_PHONE_NOTE = "监督电话：0571-8700 1234（院党委办公室）"


def _corrections(
    session: Session, post_id: int, wrong_member: int, history: RollHistory, today: dt.date
) -> None:
    """A holding typed for the wrong member and a review entered twice, both voided with a reason (no
    random draws, so the rest of the demo is as before)."""
    since = history.on_roll_since(wrong_member, today) or today
    started = max(since, _month_start(today, -2))
    wrong = posts.add_holder(session, post_id, wrong_member, started_on=started, note="")
    posts.void_holder(session, wrong.id, on=min(today, started + dt.timedelta(days=3)),
                      reason="录错党员：应为同科室另一位同志，已重新添加")  # fmt: skip
    latest = post_reviews.list_reviews(session, post_id)[0]
    twice = post_reviews.ReviewInput(latest.reviewed_on, latest.grade, latest.assessor, latest.period,
                                     note=latest.note)  # fmt: skip
    again = post_reviews.add_review(session, post_id, twice, today=today)
    post_reviews.void_review(session, again.id, on=today, reason="重复录入")


def _desk(session: Session, rng: random.Random, branch_id: int, index: int, members: list[int],
          history: RollHistory, today: dt.date) -> int:  # fmt: skip
    """The volunteer desk with its rota from last month to the end of next, past turns confirmed."""
    name, place, slots, weekdays = DESKS[index]
    started = _month_start(today, -6)
    post_id = _post(
        session, branch_id, PostKind.VOLUNTEER, name, place, DESK_DUTIES, DESK_COMMITMENT, started
    )
    crew = members[: min(8, len(members))]
    _holders(session, post_id, started, crew[:2], history, today, lead="岗长")
    first, last = _month_start(today, -1), _month_start(today, 2) - dt.timedelta(days=1)
    holidays = tuple(
        d
        for d in (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        if (d.month, d.day) in HOLIDAYS
    )
    plan = weekly_plan(
        session, WeeklyPattern(post_id, first, last, weekdays, slots, tuple(crew), skip_days=holidays)
    )
    count = duty_rota.save_turns(session, plan.inputs())
    past = [t for t in duty_rota.list_turns(session, post_id, first, today) if t.on_date < today]
    missed = rng.choice(past).id if past else None
    for turn in past:
        if turn.id == missed:
            duty_rota.confirm_turn(session, turn.id, DutyOutcome.MISSED, note="临时手术未能到岗", today=today)
            continue
        people = rng.randint(25, 90) if turn.starts_at < _T(12) else rng.randint(15, 50)
        if rng.random() < 0.08:
            stand_in = rng.choice([m for m in crew if m != turn.member_id])
            busy = duty_rota.busy_times(session, [stand_in], turn.on_date, turn.on_date)
            if (
                duty_rota.find_conflict(busy, stand_in, "", turn.on_date, turn.starts_at, turn.ends_at)
                is None
            ):
                duty_rota.confirm_turn(session, turn.id, DutyOutcome.SWAPPED, swapped_with_id=stand_in,
                                       people_helped=people, note="临时换班", today=today)  # fmt: skip
                continue
        duty_rota.confirm_turn(session, turn.id, DutyOutcome.SERVED, people_helped=people, today=today)
    return count


def populate_posts(session: Session, *, rng: random.Random, today: dt.date) -> int:
    """Give every demo branch its posts; returns how many posts were set up."""
    count = 0
    for index, summary in enumerate(branches.list_branches(session)):
        history = RollHistory(session, summary.id)
        members = [
            m.id
            for m in roster.list_members(session, summary.id, today=today)
            if history.on_roll(m.id, today)
        ]
        if len(members) < 4:
            continue
        profile = branches.get_profile(session, summary.id)
        areas = (
            [g.name.removesuffix("党小组") for g in groups.list_groups(session, summary.id)]
            if profile.kind == "离退休"
            else [d for d in profile.departments.split("、") if d]
        )[:4]
        started = _month_start(today, -rng.randint(8, 20))
        shuffled = members[:]
        rng.shuffle(shuffled)
        dept = areas[0] if areas else "科室"
        model = _post(session, summary.id, PostKind.MODEL, f"{dept}党员示范岗", dept, MODEL_DUTIES,
                      MODEL_COMMITMENT, started)  # fmt: skip
        _holders(session, model, started, shuffled[:3], history, today, lead="岗长")
        _review(session, rng, model, today)
        if index == 0:
            _corrections(session, model, shuffled[3], history, today)
            row = posts.get_post(session, model, on=today)
            posts.update_post(session, model, replace(row.to_input(), notes=DEMO_PHONE_NOTE), today=today)
        count += 1
        for n, area in enumerate(areas):
            place = area if area in NOT_WARDS or profile.kind == "离退休" else f"{area}病区"
            area_id = _post(session, summary.id, PostKind.AREA, f"{area}党员责任区", place, AREA_DUTIES,
                            AREA_COMMITMENT, started)  # fmt: skip
            _holders(
                session, area_id, started, shuffled[3 + n * 2 : 5 + n * 2], history, today, lead="责任人"
            )
            count += 1
        pioneer, place = PIONEER[index % len(PIONEER)]
        pioneer_id = _post(session, summary.id, PostKind.PIONEER, pioneer, place, PIONEER_DUTIES,
                           PIONEER_COMMITMENT, started)  # fmt: skip
        _holders(session, pioneer_id, started, shuffled[-3:], history, today, lead="岗长")
        count += 1
        if index in DESKS:
            _desk(session, rng, summary.id, index, shuffled, history, today)
            count += 1
    return count
