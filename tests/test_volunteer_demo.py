"""The demo's year of volunteer service: every branch has events, the theme days held as service are
linked to an event of the members who came, partner units are used, figures add up (the volunteer
desks' served duty turns included).

The demo (populate_demo calls populate_volunteer after the meetings and posts) is built once per
module; each test opens its own copy.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from branchdesk.db import make_engine, make_session_factory, transaction
from branchdesk.models import AttendanceStatus, MeetingType
from branchdesk.services import branches, meetings, volunteer, volunteer_lists
from branchdesk.services.demo import populate_demo
from branchdesk.services.volunteer_figures import volunteer_figures

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo_file(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("vdemo") / "demo.sqlite3"
    shutil.copy2(template_db, path)
    engine = make_engine(path)
    with transaction(make_session_factory(engine)) as session:
        summary = populate_demo(session, seed=2026, today=TODAY)
    engine.dispose()
    return path, summary.volunteer_events


@pytest.fixture
def demo(demo_file: tuple[Path, int], tmp_path: Path) -> Iterator[Session]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy2(demo_file[0], path)
    engine = make_engine(path)
    with transaction(make_session_factory(engine)) as session:
        session.info["volunteer_events"] = demo_file[1]
        yield session
    engine.dispose()


def test_every_branch_has_a_year_of_volunteer_events(demo: Session) -> None:
    total = 0
    for summary in branches.list_branches(demo):
        rows = volunteer.list_events(demo, summary.id)
        kinds = {r.kind_name for r in rows}
        assert len(rows) >= 6, summary.name
        assert "义诊" in kinds and len(kinds) >= 3, (summary.name, kinds)
        assert all(r.held_on <= TODAY and r.participants >= 1 for r in rows)
        total += len(rows)
    assert total == demo.info["volunteer_events"]


def test_theme_days_held_as_service_are_linked_with_who_came(demo: Session) -> None:
    for summary in branches.list_branches(demo):
        served = [
            m
            for m in meetings.list_meetings(demo, summary.id, type=MeetingType.THEME_DAY)
            if "volunteer" in m.parts and not m.planned
        ]
        assert served, summary.name
        events = {r.meeting_id: r for r in volunteer.list_events(demo, summary.id) if r.meeting_id}
        for meeting in served:
            event = events[meeting.id]
            came = {
                a.member_id
                for a in meetings.attendance(demo, meeting.id)
                if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
            }
            members = {p.member_id for p in volunteer.get_event(demo, event.id).participants if p.member_id}
            assert members == came
            assert event.held_on == meeting.held_on


def test_partner_units_are_used_and_figures_add_up(demo: Session) -> None:
    used = [p for p in volunteer_lists.list_partners(demo) if p.used]
    assert len(used) >= 8
    whole = volunteer_figures(demo, year=TODAY.year)
    assert whole.totals.events == sum(m.events for m in whole.by_month) > 30
    assert whole.totals.minutes == sum(k.minutes for k in whole.by_kind)
    assert whole.totals.outside > 0 and whole.totals.people_served > 1000
    assert whole.totals.duty_turns > 0, "the demo's volunteer desks' served turns count as service"
    overridden = [
        p
        for r in volunteer.list_events(demo, branches.list_branches(demo)[0].id)
        for p in volunteer.get_event(demo, r.id).participants
        if p.override is not None
    ]
    assert overridden, "some members left early: their hours are overridden"
