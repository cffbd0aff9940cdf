"""The demo database: realistic enough to show every feature, valid under every rule, reproducible."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from branchdesk.db import make_engine, make_session_factory, transaction
from branchdesk.errors import ValidationError
from branchdesk.models import CommitteeRole, MemberCategory, MemberStatus
from branchdesk.paths import DataPaths
from branchdesk.services import branches, groups, idcard, roster
from branchdesk.services.demo import DEMO_COMMITTEE, DemoSummary, is_demo_database, populate_demo

TODAY = dt.date(2026, 3, 15)
Fingerprint = list[tuple[object, ...]]


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> tuple[Path, DemoSummary]:
    """The demo built once per module (it takes seconds with a year of meetings), copied per test."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copy2(template_db, path)
    engine = make_engine(path)
    try:
        with transaction(make_session_factory(engine)) as session:
            summary = populate_demo(session, seed=2026, today=TODAY)
    finally:
        engine.dispose()  # the last connection checkpoints the WAL into the file copied below
    return path, summary


@pytest.fixture
def demo(built_demo: tuple[Path, DemoSummary], data_paths: DataPaths, session: Session) -> DemoSummary:
    """The test's database replaced by the built demo before the session first connects."""
    shutil.copy2(built_demo[0], data_paths.database)
    return built_demo[1]


def _members(session: Session, *, include_left: bool = True) -> list[roster.MemberRow]:
    return [
        m
        for b in branches.list_branches(session)
        for m in roster.list_members(session, b.id, include_left=include_left, today=TODAY)
    ]


def _fingerprint(session: Session) -> Fingerprint:
    """Everything a user would notice differing between two demo databases."""
    return [
        (
            m.branch_id,
            m.roll_order,
            m.name,
            m.gender,
            m.id_number,
            m.phone,
            m.birth_date,
            m.joined_on,
            m.title,
        )
        for m in _members(session)
    ]


def _fresh_demo(template_db: Path, path: Path, seed: int) -> Fingerprint:
    """A demo built in its own database file, as `branchdesk --demo` would on first start."""
    shutil.copy2(template_db, path)
    engine = make_engine(path)
    try:
        with transaction(make_session_factory(engine)) as session:
            populate_demo(session, seed=seed, today=TODAY)
        with transaction(make_session_factory(engine)) as session:
            return _fingerprint(session)
    finally:
        engine.dispose()


def test_seven_branches_with_members_groups_and_committee(session: Session, demo: DemoSummary) -> None:
    summaries = branches.list_branches(session)
    assert demo.branches == len(summaries) == 7
    assert demo.members == sum(s.member_count for s in summaries)
    assert is_demo_database(session)
    assert branches.committee_name(session) == DEMO_COMMITTEE
    group_total = 0
    for summary in summaries:
        assert 20 <= summary.member_count <= 60, summary
        profile = branches.get_profile(session, summary.id)
        assert profile.secretary_name and profile.brand_name and profile.brand_slogan and profile.departments
        roles = {post.role for post in profile.committee}
        assert {CommitteeRole.ORGANISATION, CommitteeRole.PUBLICITY, CommitteeRole.DISCIPLINE} <= roles
        branch_groups = groups.list_groups(session, summary.id)
        group_total += len(branch_groups)
        assert 2 <= len(branch_groups) <= 4
        assert all(g.leader_name and g.member_count >= 2 for g in branch_groups)
        departments = profile.departments.split("、")
        members = roster.list_members(session, summary.id, include_left=True, today=TODAY)
        assert all(m.department in departments and m.group_id is not None for m in members)
    assert demo.groups == group_total
    profiles = [branches.get_profile(session, s.id) for s in summaries]
    assert {p.kind for p in profiles} == {"在职", "联合", "离退休"}
    assert any(any(p.role is CommitteeRole.DEPUTY for p in profile.committee) for profile in profiles), (
        "some branches have a 副书记"
    )
    due_soon = [p for p in profiles if p.term_due and TODAY < p.term_due <= TODAY + dt.timedelta(days=120)]
    assert len(due_soon) == 1, "exactly one branch has its 换届 coming up"


def test_every_id_number_is_valid_and_agrees(session: Session, demo: DemoSummary) -> None:
    members = _members(session)
    assert len({m.id_number for m in members}) == len(members)
    assert len({m.phone for m in members}) == len(members)
    for member in members:
        assert idcard.id_problem(member.id_number) is None, member.id_number
        assert idcard.birth_date_from_id(member.id_number) == member.birth_date
        assert idcard.gender_from_id(member.id_number) == member.gender
        assert idcard.is_mobile(member.phone)
        assert member.birth_date is not None and 1950 <= member.birth_date.year <= 2002


def test_party_dates_follow_the_rules(session: Session, demo: DemoSummary) -> None:
    for member in _members(session):
        assert member.birth_date and member.joined_on
        assert member.joined_on >= roster.add_years(member.birth_date, 18), member.name
        assert member.joined_on <= TODAY
        if member.category is MemberCategory.PROBATIONARY:
            assert member.full_member_on is None
            assert TODAY - dt.timedelta(days=400) <= member.joined_on <= TODAY - dt.timedelta(days=180)
        else:
            assert member.full_member_on == roster.add_years(member.joined_on, 1), member.name
            assert member.full_member_on <= TODAY


def test_retirees_are_older_and_two_reach_fifty_years(session: Session, demo: DemoSummary) -> None:
    retiree_branch = next(
        s.id for s in branches.list_branches(session) if branches.get_profile(session, s.id).kind == "离退休"
    )
    retirees = roster.list_members(session, retiree_branch, include_left=True, today=TODAY)
    assert all(m.staff_category == "退休" for m in retirees)
    others = [m for m in _members(session) if m.branch_id != retiree_branch]
    assert all(m.staff_category == "在职" for m in others)
    youngest_retiree = max(m.birth_date or dt.date.min for m in retirees)
    assert youngest_retiree < min(m.birth_date or dt.date.max for m in others)
    golden = [m for m in retirees if m.full_member_on and m.full_member_on.year == TODAY.year - 50]
    assert len(golden) >= 2
    assert any(m.status is MemberStatus.DECEASED for m in retirees)


def test_reminders_have_something_to_show(session: Session, demo: DemoSummary) -> None:
    members = _members(session)
    due = [m.probation_due for m in members if m.probation_due]
    assert any(TODAY <= d <= TODAY + dt.timedelta(days=30) for d in due), "转正 due within 30 days"
    assert any(d < TODAY for d in due), "an overdue 转正"
    left = [m for m in members if not m.on_roll]
    assert left
    for member in left:
        history = roster.status_history(session, member.id)
        assert [h.status for h in history] == [MemberStatus.ACTIVE, member.status]
        assert history[-1].reason and history[-1].changed_on <= TODAY
        assert history[-1].changed_on == member.status_since
    assert any(m.status is MemberStatus.TRANSFERRED_OUT for m in left)
    for surname in "单曾区":
        assert any(m.name.startswith(surname) for m in members), surname
    assert {m.ethnicity for m in members} > {"汉族"}


def test_same_seed_same_database_other_seed_differs(
    template_db: Path, tmp_path: Path, built_demo: tuple[Path, DemoSummary]
) -> None:
    engine = make_engine(built_demo[0])
    try:
        with transaction(make_session_factory(engine)) as session:
            first = _fingerprint(session)
    finally:
        engine.dispose()
    again = _fresh_demo(template_db, tmp_path / "b.sqlite3", seed=2026)
    other = _fresh_demo(template_db, tmp_path / "c.sqlite3", seed=7)
    assert first == again
    assert {row[2] for row in first} != {row[2] for row in other}
    assert {row[4] for row in first} != {row[4] for row in other}


def test_never_commits_and_refuses_a_database_in_use(session_factory: sessionmaker[Session]) -> None:
    session = session_factory()
    try:
        populate_demo(session, today=TODAY)
        session.rollback()
        assert not branches.has_branch(session), "the caller's rollback must undo the whole demo"
        populate_demo(session, today=TODAY)
        with pytest.raises(ValidationError):
            populate_demo(session, today=TODAY)
    finally:
        session.rollback()
        session.close()


def test_real_database_is_not_demo(session: Session) -> None:
    assert not is_demo_database(session)
    branches.setup_first_branch(
        session,
        committee="中共某某医院委员会",
        branch=branches.BranchProfileInput(name="内科党支部"),
        secretary=roster.MemberInput(name="张三"),
        today=TODAY,
    )
    assert not is_demo_database(session)


def test_posts_and_volunteer_service_show_every_feature(session: Session, demo: DemoSummary) -> None:
    """Every kind of post, a volunteer desk whose served turns feed the hours, events held as theme days."""
    from branchdesk.models import PostKind
    from branchdesk.services import posts, volunteer, volunteer_figures

    assert demo.posts > 0 and demo.volunteer_events > 0
    every = [p for b in branches.list_branches(session) for p in posts.list_posts(session, b.id, on=TODAY)]
    assert len(every) == demo.posts
    assert {p.kind for p in every} >= {PostKind.MODEL, PostKind.AREA, PostKind.PIONEER, PostKind.VOLUNTEER}
    events = [e for b in branches.list_branches(session) for e in volunteer.list_events(session, b.id)]
    assert len(events) == demo.volunteer_events
    assert any(e.meeting_id is not None for e in events)  # some held as a theme day
    figures = volunteer_figures.volunteer_figures(session, year=TODAY.year)
    assert figures.totals.duty_turns > 0 and figures.totals.minutes > figures.totals.duty_minutes > 0
    assert figures.totals.people_served > 0
