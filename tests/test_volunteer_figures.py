"""The year's volunteer figures: by month, kind and member, served duty turns of volunteer posts
counted under the posts contract, a member's history, and the whole-hospital query's speed."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from branchdesk.models import (
    Branch,
    Committee,
    DutyOutcome,
    DutyTurn,
    Member,
    Post,
    PostKind,
    VolunteerEvent,
    VolunteerParticipant,
)
from branchdesk.services import branches, roster, volunteer, volunteer_lists
from branchdesk.services.volunteer_figures import member_history, member_hours, volunteer_figures
from branchdesk.services.volunteer_rules import ParticipantInput, VolunteerEventInput
from tests.factories import TODAY, setup_branch

D, T = dt.date, dt.time


def kind(session: Session, name: str) -> int:
    found = volunteer_lists.kind_id_named(session, name)
    assert found is not None
    return found


def _branch(session: Session) -> tuple[int, list[int]]:
    branch = setup_branch(session, secretary_dates=False)
    ids = [
        roster.add_member(
            session, branch, roster.MemberInput(name=n, department="心内科"), today=D(2025, 1, 6)
        ).id
        for n in ("甲", "乙", "丙")
    ]
    return branch, ids


def _event(
    session: Session,
    branch: int,
    day: dt.date,
    kind_name: str,
    people: tuple[ParticipantInput, ...],
    served: int,
) -> int:
    data = VolunteerEventInput(
        title=f"{kind_name}活动",
        kind_id=kind(session, kind_name),
        held_on=day,
        starts_at=T(8, 30),
        ends_at=T(11, 30),
        people_served=served,
        participants=people,
    )
    return volunteer.create_event(session, branch, data, today=TODAY).row.id


def _post(session: Session, branch: int, kind_id: int | None = None, **extra: object) -> int:
    post = Post(
        branch_id=branch,
        kind=PostKind.VOLUNTEER,
        name="门诊大厅党员志愿服务岗",
        volunteer_kind_id=kind_id,
        **extra,
    )
    session.add(post)
    session.flush()
    return post.id


def _turn(
    session: Session, post: int, member: int, day: dt.date, outcome: DutyOutcome, **extra: object
) -> None:
    session.add(
        DutyTurn(
            post_id=post,
            member_id=member,
            on_date=day,
            starts_at=T(8, 0),
            ends_at=T(10, 0),
            outcome=outcome,
            **extra,
        )
    )
    session.flush()


def test_figures_by_month_kind_and_member(session: Session) -> None:
    branch, (a, b, c) = _branch(session)
    march = (
        ParticipantInput(member_id=a),
        ParticipantInput(member_id=b, minutes=60),
        ParticipantInput(outside_name="志愿者王"),
    )
    _event(session, branch, D(2026, 3, 7), "义诊", march, 120)
    _event(session, branch, D(2026, 3, 20), "健康科普/讲座", (ParticipantInput(member_id=a, minutes=90),), 40)
    _event(session, branch, D(2026, 5, 9), "义诊", (ParticipantInput(member_id=c),), 30)
    _event(session, branch, D(2025, 12, 30), "义诊", (ParticipantInput(member_id=c),), 999)  # another year
    voided = _event(session, branch, D(2026, 5, 10), "义诊", (ParticipantInput(member_id=c),), 500)
    volunteer.void_event(session, voided, on=TODAY, reason="重复录入")

    figures = volunteer_figures(session, year=2026, branch_id=branch)
    march_figure = figures.by_month[2]
    assert (march_figure.month, march_figure.events, march_figure.participants) == (3, 2, 4)
    assert march_figure.minutes == 180 + 60 + 180 + 90 and march_figure.people_served == 160
    assert figures.by_month[4].minutes == 180 and figures.by_month[0].events == 0
    assert len(figures.by_month) == 12
    kinds = {k.name: (k.events, k.participants, k.minutes, k.people_served) for k in figures.by_kind}
    assert kinds == {"义诊": (2, 4, 600, 150), "健康科普/讲座": (1, 1, 90, 40)}
    members = [(m.name, m.events, m.minutes) for m in figures.by_member]
    assert members == [("甲", 2, 270), ("丙", 1, 180), ("乙", 1, 60)]
    t = figures.totals
    assert (t.events, t.participants, t.members, t.outside, t.minutes, t.people_served) == (
        3,
        5,
        3,
        1,
        690,
        190,
    )


def test_served_duty_turns_of_volunteer_posts_count_as_service(session: Session) -> None:
    branch, (a, b, c) = _branch(session)
    desk = _post(session, branch)  # no kind of its own: counts as 导医导诊
    clinic = _post(session, branch, kind(session, "义诊"))
    _turn(session, desk, a, D(2026, 4, 1), DutyOutcome.SERVED, people_helped=35)
    _turn(session, desk, a, D(2026, 4, 8), DutyOutcome.SWAPPED, swapped_with_id=b, people_helped=20)
    _turn(session, clinic, c, D(2026, 4, 9), DutyOutcome.SERVED)
    _turn(session, desk, a, D(2026, 4, 15), DutyOutcome.PLANNED)
    _turn(session, desk, a, D(2026, 4, 16), DutyOutcome.MISSED)
    _turn(session, desk, a, D(2026, 4, 17), DutyOutcome.SERVED, voided_on=TODAY, void_reason="录错")
    voided_post = _post(session, branch, voided_on=TODAY, void_reason="撤岗")
    _turn(session, voided_post, a, D(2026, 4, 18), DutyOutcome.SERVED)
    model = Post(branch_id=branch, kind=PostKind.MODEL, name="党员示范岗")
    session.add(model)
    session.flush()
    _turn(session, model.id, a, D(2026, 4, 19), DutyOutcome.SERVED)

    figures = volunteer_figures(session, year=2026, branch_id=branch)
    april = figures.by_month[3]
    assert (april.events, april.participants, april.duty_turns, april.minutes, april.people_served) == (
        0,
        3,
        3,
        360,
        55,
    )
    kinds = {k.name: (k.duty_turns, k.minutes, k.people_served) for k in figures.by_kind}
    assert kinds == {"导医导诊": (2, 240, 55), "义诊": (1, 120, 0)}
    members = {m.name: (m.duty_turns, m.duty_minutes, m.minutes) for m in figures.by_member}
    assert members == {"甲": (1, 120, 120), "乙": (1, 120, 120), "丙": (1, 120, 120)}  # the swap went to 乙
    assert figures.totals.duty_turns == 3 and figures.totals.members == 3

    history = member_history(session, b, year=2026)
    assert [(h.source, h.what, h.kind_name, h.minutes) for h in history] == [
        ("岗位值班", "门诊大厅党员志愿服务岗", "导医导诊", 120)
    ]


def test_a_members_history_lists_events_and_turns_newest_first(session: Session) -> None:
    branch, (a, _b, _c) = _branch(session)
    _event(session, branch, D(2026, 3, 7), "义诊", (ParticipantInput(member_id=a, role="医生"),), 10)
    _event(session, branch, D(2025, 6, 7), "进校园", (ParticipantInput(member_id=a, minutes=45),), 10)
    desk = _post(session, branch)
    _turn(session, desk, a, D(2026, 4, 1), DutyOutcome.SERVED)
    every = member_history(session, a)
    assert [(h.held_on, h.source, h.minutes) for h in every] == [
        (D(2026, 4, 1), "岗位值班", 120),
        (D(2026, 3, 7), "志愿服务活动", 180),
        (D(2025, 6, 7), "志愿服务活动", 45),
    ]
    assert every[1].role == "医生" and every[1].event_id is not None
    assert [h.held_on for h in member_history(session, a, year=2025)] == [D(2025, 6, 7)]


def test_member_hours_lists_everyone_on_the_roll_with_zero_for_none(session: Session) -> None:
    branch, (a, _b, _c) = _branch(session)
    _event(session, branch, D(2026, 3, 7), "义诊", (ParticipantInput(member_id=a),), 10)
    rows = member_hours(session, branch, year=2026, today=TODAY)
    assert [(r.name, r.minutes) for r in rows] == [("甲", 180), ("张三", 0), ("乙", 0), ("丙", 0)]


def test_whole_hospital_figures_add_up_the_branches(session: Session) -> None:
    first, (a, _b, _c) = _branch(session)
    committee = session.get_one(Branch, first).committee_id
    second = branches.create_branch(session, committee, branches.BranchProfileInput(name="外科党支部"))
    x = roster.add_member(session, second, roster.MemberInput(name="外甲"), today=D(2025, 1, 6)).id
    _event(session, first, D(2026, 3, 7), "义诊", (ParticipantInput(member_id=a),), 10)
    _event(session, second, D(2026, 3, 8), "义诊", (ParticipantInput(member_id=x),), 20)
    whole = volunteer_figures(session, year=2026)
    assert whole.branch_id is None and whole.totals.events == 2 and whole.totals.people_served == 30
    assert {(m.name, m.branch_name) for m in whole.by_member} == {
        ("甲", "内科第七党支部"),
        ("外甲", "外科党支部"),
    }


def _bulk_hospital(session: Session, *, branches_count: int = 60, events: int = 5000, seed: int = 3) -> None:
    """A hospital's year written with bulk inserts (the services would take minutes for this much)."""
    rng = random.Random(seed)
    committee = Committee(name="中共基准医院委员会")
    session.add(committee)
    session.flush()
    branch_ids, members = [], {}
    for n in range(branches_count):
        b = Branch(committee_id=committee.id, name=f"第{n + 1}党支部")
        session.add(b)
        session.flush()
        branch_ids.append(b.id)
        rows = [{"branch_id": b.id, "name": f"党员{n}-{i}", "roll_order": i} for i in range(40)]
        session.execute(insert(Member), rows)
    for mid, bid in session.query(Member.id, Member.branch_id):
        members.setdefault(bid, []).append(mid)
    kinds = [k.id for k in volunteer_lists.list_kinds(session)]
    event_rows = []
    for _ in range(events):
        day = D(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        start = rng.choice((8, 9, 14))
        event_rows.append(
            {
                "branch_id": rng.choice(branch_ids),
                "title": "义诊",
                "kind_id": rng.choice(kinds),
                "held_on": day,
                "starts_at": T(start, 0),
                "ends_at": T(start + rng.choice((2, 3)), 30),
                "people_served": rng.randrange(200),
            }
        )
    session.execute(insert(VolunteerEvent), event_rows)
    people = []
    for event_id, branch_id in session.query(VolunteerEvent.id, VolunteerEvent.branch_id):
        for i, member_id in enumerate(rng.sample(members[branch_id], rng.randint(4, 16))):
            people.append(
                {
                    "event_id": event_id,
                    "member_id": member_id,
                    "position": i,
                    "minutes": rng.choice((None, None, 60)),
                }
            )
        people.append({"event_id": event_id, "outside_name": "志愿者", "position": 99})
    session.execute(insert(VolunteerParticipant), people)
    session.flush()


def test_a_whole_hospital_year_is_counted_within_200_ms(session: Session) -> None:
    _bulk_hospital(session)
    volunteer_figures(session, year=2026)  # warm the caches, as the page does on its first show
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        figures = volunteer_figures(session, year=2026)
        timings.append(time.perf_counter() - started)
    assert figures.totals.events == 5000
    assert figures.totals.members > 2000
    print(f"whole-hospital volunteer figures: {min(timings) * 1000:.0f} ms")
    assert min(timings) <= 0.2, f"whole-hospital figures took {min(timings) * 1000:.0f} ms"


@pytest.mark.parametrize("year", [2025, 2027])
def test_an_empty_year_has_twelve_zero_months(session: Session, year: int) -> None:
    branch, _ids = _branch(session)
    figures = volunteer_figures(session, year=year, branch_id=branch)
    assert [m.month for m in figures.by_month] == list(range(1, 13))
    assert figures.totals.minutes == 0 and figures.by_kind == () and figures.by_member == ()
