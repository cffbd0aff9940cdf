"""The demo's year of organisational life: every month held, the deliberate gaps visible on 概览 and
年度自查, every roll the branch roll of its day, every vote valid, the same seed the same meetings.

The demo is built once per module (it takes seconds) and each test opens its own copy of the file.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy.orm import Session

from branchdesk.db import make_engine, make_session_factory, transaction
from branchdesk.models import AttendanceStatus, MeetingType, MemberCategory
from branchdesk.services import branches, meetings, org_life_check, reminders, roster
from branchdesk.services.demo import DemoSummary, populate_demo
from branchdesk.services.demo_meetings import GAP_BRANCH, GAP_GROUP, SKIP_COMMITTEE_NOW
from branchdesk.services.org_life_check import Level, PeriodStatus
from branchdesk.services.roll_history import RollHistory

TODAY = dt.date(2026, 3, 15)
Fingerprint = list[tuple[object, ...]]


class Built(NamedTuple):
    path: Path
    summary: DemoSummary
    seconds: float


def _build(template_db: Path, path: Path, seed: int = 2026) -> Built:
    """A demo in its own database file, as the first `branchdesk --demo` start builds it."""
    shutil.copy2(template_db, path)
    engine = make_engine(path)
    try:
        started = time.perf_counter()
        with transaction(make_session_factory(engine)) as session:
            summary = populate_demo(session, seed=seed, today=TODAY)
        return Built(path, summary, time.perf_counter() - started)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def built(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Built:
    result = _build(template_db, tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    line = f"demo build (members + {result.summary.meetings} meetings, commit): {result.seconds:.2f} s"
    if capture is not None:  # shown without -s: the time is reported, never asserted
        with capture.global_and_fixture_disabled():
            print(f"\n{line}")
    return result


@pytest.fixture
def demo(built: Built, tmp_path: Path) -> Iterator[Session]:
    """A session on this test's own copy of the built demo."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy2(built.path, path)
    engine = make_engine(path)
    try:
        with transaction(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def _last_twelve_months() -> list[tuple[int, int]]:
    start = TODAY.year * 12 + TODAY.month - 13
    return [((start + k) // 12, (start + k) % 12 + 1) for k in range(12)]


def _fingerprint(session: Session) -> Fingerprint:
    rows: Fingerprint = []
    for b in branches.list_branches(session):
        for m in meetings.list_meetings(session, b.id):
            marks = tuple((a.name, a.status, a.reason) for a in meetings.attendance(session, m.id))
            rows.append((b.name, m.held_on, m.type, m.group_name, m.theme, m.host, m.speaker, m.vote, marks))
    return rows


def test_every_branch_meets_every_month_of_the_past_year(demo: Session, built: Built) -> None:
    total = 0
    for summary in branches.list_branches(demo):
        rows = meetings.list_meetings(demo, summary.id)
        total += len(rows)
        for year, month in _last_twelve_months():
            held = [m for m in rows if (m.held_on.year, m.held_on.month) == (year, month) and not m.planned]
            assert any(m.type is MeetingType.THEME_DAY for m in held), (summary.name, year, month)
            assert all(m.figures.due > 0 and m.theme and m.host and m.place for m in held)
        assert any(m.type is MeetingType.LIFE_MEETING and m.held_on.year == TODAY.year - 1 for m in rows)
        lectures = [m for m in rows if m.type is MeetingType.PARTY_LECTURE]
        assert lectures and all(m.speaker for m in lectures)
        assert any(m.type is MeetingType.GROUP_MEETING for m in rows)
        assert all(m.held_on <= TODAY or m.planned for m in rows)
    assert built.summary.meetings == total
    assert total > 300


def test_attendance_is_mostly_present_with_reasons_for_leave(demo: Session) -> None:
    branch = branches.list_branches(demo)[1]
    entries = [
        e
        for m in meetings.list_meetings(demo, branch.id)
        if not m.planned
        for e in meetings.attendance(demo, m.id)
    ]
    statuses = [e.status for e in entries]
    present = sum(s in (AttendanceStatus.PRESENT, AttendanceStatus.LATE) for s in statuses)
    assert 0.8 < present / len(entries) < 0.99
    assert {AttendanceStatus.LEAVE, AttendanceStatus.ABSENT, AttendanceStatus.LATE} <= set(statuses)
    assert all(e.reason for e in entries if e.status is AttendanceStatus.LEAVE)


def test_overview_shows_inactivity_missing_meetings_and_probation(demo: Session) -> None:
    first = branches.list_branches(demo)[0]
    overview = reminders.overview(demo, first.id, TODAY)
    alarms = [i for i in overview.inactive if i.level is Level.ALARM]
    warnings = [i for i in overview.inactive if i.level is Level.WARN]
    assert len(alarms) == 1 and (alarms[0].months or 0) >= 6, overview.inactive
    assert len(warnings) == 1 and 3 <= (warnings[0].months or 0) < 6, overview.inactive
    assert overview.probation, "a 转正 falls due within 30 days"
    everywhere = [reminders.overview(demo, b.id, TODAY) for b in branches.list_branches(demo)]
    committee_missing = [
        o.branch_id for o in everywhere for i in o.missing if i.text == "本月尚未召开支部委员会会议"
    ]
    assert len(committee_missing) == len(SKIP_COMMITTEE_NOW)
    assert first.id in committee_missing
    # The one gone six months was absent or on leave from everything since, with no reason on 缺席.
    gone = alarms[0].member_id
    assert gone is not None
    since = alarms[0].date or TODAY
    for m in meetings.list_meetings(demo, first.id):
        if since < m.held_on <= TODAY and not m.planned:
            mark = next((e for e in meetings.attendance(demo, m.id) if e.member_id == gone), None)
            assert mark is None or mark.status in (AttendanceStatus.ABSENT, AttendanceStatus.LEAVE)


def test_this_months_committee_meeting_is_planned_not_held(demo: Session) -> None:
    first = branches.list_branches(demo)[0]
    planned = [m for m in meetings.list_meetings(demo, first.id) if m.planned]
    assert [m.type for m in planned] == [MeetingType.COMMITTEE_MEETING]
    assert planned[0].held_on > TODAY and planned[0].held_on.month == TODAY.month
    assert planned[0].figures.due >= 3 and planned[0].figures.present == planned[0].figures.due


def test_year_check_shows_the_skipped_group_months(demo: Session) -> None:
    branch = branches.list_branches(demo)[GAP_BRANCH]
    check = org_life_check.year_check(demo, branch.id, TODAY.year, today=TODAY)
    group_rows = [r for r in check.rows if r.type is MeetingType.GROUP_MEETING]
    skipped = group_rows[GAP_GROUP]
    assert [p.status for p in skipped.periods[: TODAY.month - 1]] == [PeriodStatus.MISSED] * (TODAY.month - 1)
    others = [r for i, r in enumerate(group_rows) if i != GAP_GROUP]
    assert all(r.periods[0].status is PeriodStatus.MET for r in others)
    rates = [r.completion_rate for r in check.rows if r.completion_rate is not None]
    assert rates and all(0 <= rate <= 1 for rate in rates)
    assert any(rate < 1 for rate in rates) and any(rate == 1 for rate in rates)
    assert check.row(MeetingType.THEME_DAY).periods[0].status is PeriodStatus.MET
    last_year = org_life_check.year_check(demo, branch.id, TODAY.year - 1, today=TODAY)
    assert last_year.secretary_lecture.found, "the secretary gave a lecture last year"


def test_rolls_follow_the_roll_history_and_votes_are_valid(demo: Session) -> None:
    votes = 0
    for summary in branches.list_branches(demo):
        history = RollHistory(demo, summary.id)
        probationary = {
            m.id
            for m in roster.list_members(demo, summary.id, include_left=True, today=TODAY)
            if m.category is MemberCategory.PROBATIONARY
        }
        for m in meetings.list_meetings(demo, summary.id, type=MeetingType.GENERAL_MEETING):
            roll = meetings.attendance(demo, m.id)
            assert all(history.on_roll(e.member_id, m.held_on) for e in roll)
            assert len(roll) == sum(history.on_roll(mid, m.held_on) for mid in history.member_ids)
            if m.vote is not None:
                votes += 1
                assert m.vote.quorum_ok and m.vote.majority_ok, m.vote.message
                assert m.voters_due == len([e for e in roll if e.member_id not in probationary])
                assert m.voters_present is not None and m.voters_present <= m.figures.present
    assert votes >= 7, "an admission or an election vote in every branch"


def test_same_seed_same_meetings(demo: Session, built: Built, template_db: Path, tmp_path: Path) -> None:
    again = _build(template_db, tmp_path / "again.sqlite3")
    engine = make_engine(again.path)
    try:
        with transaction(make_session_factory(engine)) as session:
            assert _fingerprint(session) == _fingerprint(demo)
    finally:
        engine.dispose()
    assert again.summary == built.summary
