"""设岗定责 and 志愿服务 for the benchmark hospital, through the posts and volunteer services.

Per branch: a few posts (示范岗, 责任区, 志愿服务岗 ...) set up one to four years ago, each with holders
from the roll of that day and a review every half year since (`posts`, `post_holders`,
`post_reviews`); and its share of the hospital's volunteer events over the five years, each with
members on the roll that day and now and then an outside volunteer (`volunteer.create_event`), so
every rule of the forms is applied. Duty turns are not generated.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from branchdesk.models import PostKind, ReviewAssessor, ReviewGrade
from branchdesk.services import post_holders, post_reviews, posts, roll, volunteer, volunteer_lists
from branchdesk.services.volunteer_rules import ParticipantInput, VolunteerEventInput

POSTS = (  # kind, name, place, duties, commitment
    (PostKind.MODEL, "党员示范岗", "门诊部", "带头落实首诊负责制，做到服务优、技术精、作风正。",
     "亮身份、践承诺、当先锋"),
    (PostKind.AREA, "党员责任区", "住院病区", "负责病区安全、院感和患者满意度，发现问题及时整改。",
     "守土有责，服务到床旁"),
    (PostKind.VOLUNTEER, "党员志愿服务岗", "门诊大厅", "导医导诊、协助老年患者自助挂号缴费。",
     "有求必应，微笑服务"),
    (PostKind.PIONEER, "党员先锋岗", "急诊科", "急危重症抢救冲在前，疑难病例带头攻关。",
     "召之即来，来之能战"),
)  # fmt: skip
EVENT_TITLES = ("社区义诊", "健康科普讲座", "门诊导医导诊", "进校园健康宣教", "无偿献血", "乡村帮扶义诊")
GRADES = (ReviewGrade.EXCELLENT, ReviewGrade.EXCELLENT, ReviewGrade.GOOD, ReviewGrade.GOOD, ReviewGrade.FAIR)


@dataclass(frozen=True)
class ServiceCounts:
    posts: int
    holders: int
    reviews: int
    events: int


def add_branch_posts(
    session: Session, branch_id: int, *, rng: random.Random, today: dt.date
) -> ServiceCounts:
    """One to four posts, their holders and a review every half year since each was set up."""
    made = holders = reviews = 0
    for kind, name, place, duties, commitment in rng.sample(POSTS, k=rng.randint(1, len(POSTS))):
        started = today - dt.timedelta(days=rng.randint(365, 4 * 365))
        row = posts.create_post(
            session,
            branch_id,
            posts.PostInput(kind=kind, name=name, place=place, duties=duties, commitment=commitment,
                            started_on=started),
            today=today,
        )  # fmt: skip
        made += 1
        on_roll = posts.roll_members(session, branch_id, started)
        chosen = rng.sample(on_roll, k=min(len(on_roll), rng.randint(1, 3)))
        for number, (member_id, _name) in enumerate(chosen):
            post_holders.add_holder(
                session, row.id, member_id, started_on=started, role="岗长" if number == 0 else ""
            )
            holders += 1
        review_on = started + dt.timedelta(days=182)
        while review_on <= today:
            grade = rng.choice(GRADES)
            half = "上半年" if review_on.month <= 6 else "下半年"
            post_reviews.add_review(
                session,
                row.id,
                post_reviews.ReviewInput(
                    reviewed_on=review_on, grade=grade, assessor=ReviewAssessor.BRANCH,
                    period=f"{review_on.year}年{half}",
                    note="服务承诺落实不到位，限期整改。" if grade is ReviewGrade.FAIR else "",
                ),
                today=today,
            )  # fmt: skip
            reviews += 1
            review_on += dt.timedelta(days=182)
    return ServiceCounts(made, holders, reviews, 0)


def share_events(rng: random.Random, branch_sizes: dict[int, int], total: int) -> Counter[int]:
    """How many of the hospital's `total` events each branch held (larger branches more)."""
    ids = list(branch_sizes)
    return Counter(rng.choices(ids, weights=[branch_sizes[i] for i in ids], k=total))


def add_branch_events(
    session: Session, branch_id: int, count: int, *, rng: random.Random, today: dt.date, days_back: int
) -> ServiceCounts:
    """`count` volunteer events of one branch on days within `days_back` of today, with a partner unit."""
    kinds = [k.id for k in volunteer_lists.list_kinds(session)]
    partner = volunteer_lists.add_partner(
        session, volunteer_lists.PartnerInput(name=f"共建社区{branch_id}号", kind="社区")
    )
    made = 0
    while made < count:
        day = today - dt.timedelta(days=rng.randint(0, days_back))
        members = [e.member_id for e in roll.roll_on(session, branch_id, day)]
        if not members:
            continue
        chosen = rng.sample(members, k=min(len(members), rng.randint(2, 12)))
        people = [ParticipantInput(member_id=m) for m in chosen]
        if rng.random() < 0.2:
            people.append(ParticipantInput(outside_name="王志愿", outside_unit="社区志愿者协会", minutes=60))
        start = rng.randint(8, 14)
        volunteer.create_event(
            session,
            branch_id,
            VolunteerEventInput(
                title=rng.choice(EVENT_TITLES), kind_id=rng.choice(kinds), held_on=day,
                starts_at=dt.time(start, 0), ends_at=dt.time(start + rng.randint(1, 4), 30),
                place="社区党群服务中心", partner_unit_id=partner.id if rng.random() < 0.5 else None,
                people_served=rng.randint(10, 300), participants=tuple(people),
            ),
            today=today,
        )  # fmt: skip
        made += 1
    return ServiceCounts(0, 0, 0, made)
