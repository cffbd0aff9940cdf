"""The link between a volunteer event and the theme day it was held as: from the event form and from
the meeting's side, only a theme day of the same branch near the date, and voiding either record keeps
the link explainable."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import AttendanceStatus, Branch, MeetingType
from branchdesk.services import branches, meetings, roster, volunteer, volunteer_links, volunteer_lists
from branchdesk.services.volunteer_rules import ParticipantInput, VolunteerEventInput
from tests.factories import TODAY, setup_branch

D, T = dt.date, dt.time
MARCH = D(2026, 3, 6)


def _setup(session: Session) -> tuple[int, list[int], int]:
    """A branch of four members and March's theme day (a 义诊), one member on leave."""
    branch = setup_branch(session, secretary_dates=False)
    ids = [
        roster.add_member(
            session, branch, roster.MemberInput(name=n, department="心内科"), today=D(2025, 1, 6)
        ).id
        for n in ("甲", "乙", "丙", "丁")
    ]
    volunteer_lists.add_partner(session, volunteer_lists.PartnerInput("幸福社区", "社区"))
    theme_day = meetings.MeetingInput(
        type=MeetingType.THEME_DAY,
        held_on=MARCH,
        starts_at=T(8, 30),
        ends_at=T(11, 30),
        place="幸福社区党群服务中心",
        theme="主题党日：党建共建进社区义诊",
        parts=("volunteer", "co_building"),
        partner_unit="幸福社区",
    )
    meeting = meetings.create_meeting(session, branch, theme_day, today=TODAY).id
    meetings.mark(session, meeting, ids[1], AttendanceStatus.LEAVE, reason="值班")
    meetings.mark(session, meeting, ids[2], AttendanceStatus.LATE)
    return branch, ids, meeting


def _event(session: Session, branch: int, member: int, **changes: object) -> int:
    data = VolunteerEventInput(
        title="社区义诊",
        kind_id=volunteer_lists.kind_id_named(session, "义诊"),
        held_on=D(2026, 3, 7),
        starts_at=T(8, 30),
        ends_at=T(11, 30),
        participants=(ParticipantInput(member_id=member),),
    )
    return volunteer.create_event(session, branch, replace(data, **changes), today=TODAY).row.id  # type: ignore[arg-type]


def test_the_event_form_offers_the_branchs_theme_days_near_the_date(session: Session) -> None:
    branch, ids, meeting = _setup(session)
    far = meetings.MeetingInput(type=MeetingType.THEME_DAY, held_on=D(2026, 5, 8), theme="五月主题党日")
    meetings.create_meeting(session, branch, far, today=TODAY)
    lecture = meetings.MeetingInput(type=MeetingType.PARTY_LECTURE, held_on=MARCH, theme="党课", speaker="甲")
    meetings.create_meeting(session, branch, lecture, today=TODAY)
    near = volunteer_links.theme_days_near(session, branch, D(2026, 3, 7))
    assert [c.id for c in near] == [meeting]
    assert near[0].label == "2026-03-06 主题党日：党建共建进社区义诊"
    event = _event(session, branch, ids[0], meeting_id=meeting)
    row = volunteer.get_event(session, event).row
    assert row.meeting_id == meeting and row.meeting_label.startswith("2026-03-06")
    assert [r.id for r in volunteer_links.events_for_meeting(session, meeting)] == [event]


def test_only_a_theme_day_of_the_same_branch_near_the_date_can_be_linked(session: Session) -> None:
    branch, ids, meeting = _setup(session)
    committee = session.get_one(Branch, branch).committee_id
    other = branches.create_branch(session, committee, branches.BranchProfileInput(name="外科党支部"))
    elsewhere = meetings.create_meeting(
        session,
        other,
        meetings.MeetingInput(type=MeetingType.THEME_DAY, held_on=MARCH, theme="外科主题党日"),
        today=TODAY,
    ).id
    lecture = meetings.create_meeting(
        session,
        branch,
        meetings.MeetingInput(type=MeetingType.PARTY_LECTURE, held_on=MARCH, theme="党课", speaker="甲"),
        today=TODAY,
    ).id
    for meeting_id, words in ((elsewhere, "本支部"), (lecture, "只能关联主题党日")):
        with pytest.raises(ValidationError) as caught:
            _event(session, branch, ids[0], meeting_id=meeting_id)
        assert caught.value.field == "关联主题党日" and words in caught.value.user_message
    with pytest.raises(ValidationError, match="相差超过31天"):
        _event(session, branch, ids[0], meeting_id=meeting, held_on=D(2026, 4, 7))
    event = _event(session, branch, ids[0])
    with pytest.raises(ValidationError) as caught:
        volunteer_links.link_meeting(session, event, elsewhere)
    assert caught.value.field == "关联主题党日"
    assert volunteer.get_event(session, event).row.meeting_id is None


def test_from_the_meeting_side_link_unlink_and_candidates(session: Session) -> None:
    branch, ids, meeting = _setup(session)
    event = _event(session, branch, ids[0])
    _event(session, branch, ids[0], held_on=D(2026, 2, 1), title="二月义诊")  # 33 days before March 6
    assert [r.id for r in volunteer_links.link_candidates(session, meeting)] == [event]
    linked = volunteer_links.link_meeting(session, event, meeting)
    assert linked.meeting_id == meeting
    assert volunteer_links.link_candidates(session, meeting) == []
    assert [r.title for r in volunteer_links.events_for_meeting(session, meeting)] == ["社区义诊"]
    volunteer_links.unlink_meeting(session, event)
    assert volunteer_links.events_for_meeting(session, meeting) == []
    assert volunteer.get_event(session, event).row.title == "社区义诊"  # the event itself is untouched


def test_a_new_event_from_a_theme_day_takes_its_details_and_who_came(session: Session) -> None:
    branch, ids, meeting = _setup(session)
    template = volunteer_links.template_from_meeting(session, meeting)
    data = template.data
    assert (data.title, data.held_on, data.starts_at, data.ends_at) == (
        "党建共建进社区义诊",
        MARCH,
        T(8, 30),
        T(11, 30),
    )
    assert data.kind_id == volunteer_lists.kind_id_named(session, "义诊")
    assert data.partner_unit_id == volunteer_lists.partner_id_named(session, "幸福社区")
    assert template.partner_text == ""
    assert data.meeting_id == meeting
    # 出席 and 迟到 came; 乙 was on leave. The secretary came on the roll only on TODAY.
    assert [p.member_id for p in data.participants] == [ids[0], ids[2], ids[3]]
    saved = volunteer.create_event(session, branch, data, today=TODAY)
    assert saved.row.meeting_id == meeting and saved.row.members == 3


def test_a_theme_days_partner_not_in_the_list_is_reported_not_added(session: Session) -> None:
    branch, _ids, _meeting = _setup(session)
    day = meetings.MeetingInput(
        type=MeetingType.THEME_DAY,
        held_on=D(2026, 4, 10),
        theme="进校园",
        parts=("co_building",),
        partner_unit="实验小学",
    )
    meeting = meetings.create_meeting(session, branch, day, today=TODAY).id
    template = volunteer_links.template_from_meeting(session, meeting)
    assert template.partner_text == "实验小学" and template.data.partner_unit_id is None
    assert template.data.kind_id == volunteer_lists.kind_id_named(session, "进校园")
    assert volunteer_lists.partner_id_named(session, "实验小学") is None


def test_voiding_keeps_the_link_history_sensible(session: Session) -> None:
    branch, ids, meeting = _setup(session)
    event = _event(session, branch, ids[0], meeting_id=meeting)
    second = _event(session, branch, ids[0], meeting_id=meeting, title="健康讲座")
    # A voided event stays listed on its theme day, marked voided; it can no longer be unlinked.
    volunteer.void_event(session, second, on=TODAY, reason="重复录入")
    shown = volunteer_links.events_for_meeting(session, meeting)
    assert {(r.title, r.voided) for r in shown} == {("社区义诊", False), ("健康讲座", True)}
    with pytest.raises(ValidationError):
        volunteer_links.unlink_meeting(session, second)
    # A voided theme day keeps its existing link (labelled), takes no new one, and can be unlinked.
    meetings.void_meeting(session, meeting, on=TODAY, reason="日期录错")
    row = volunteer.get_event(session, event).row
    assert row.meeting_id == meeting and row.meeting_label.endswith("（已作废）")
    edited = volunteer.update_event(
        session, event, replace(volunteer.get_event(session, event).to_input(), people_served=9), today=TODAY
    )
    assert edited.row.meeting_id == meeting
    third = _event(session, branch, ids[0], title="又一次义诊")
    with pytest.raises(ValidationError, match="已作废"):
        volunteer_links.link_meeting(session, third, meeting)
    assert volunteer_links.theme_days_near(session, branch, MARCH) == []
    volunteer_links.unlink_meeting(session, event)
    assert volunteer.get_event(session, event).row.meeting_id is None


def test_an_event_late_in_the_month_is_offered_that_months_theme_day_and_the_list_names_it(
    session: Session,
) -> None:
    branch, ids, meeting = _setup(session)
    april = meetings.MeetingInput(type=MeetingType.THEME_DAY, held_on=D(2026, 4, 10), theme="四月主题党日")
    april_id = meetings.create_meeting(session, branch, april, today=TODAY).id
    late = D(2026, 3, 28)  # 22 days after March's theme day, 13 before April's
    assert [c.id for c in volunteer_links.theme_days_near(session, branch, late)] == [april_id, meeting]
    event = _event(session, branch, ids[0], held_on=late, meeting_id=meeting)
    row = volunteer.get_event(session, event).row
    assert (row.meeting_on, row.meeting_short) == (MARCH, "3月6日主题党日")
    assert [r.id for r in volunteer_links.events_for_meeting(session, meeting)] == [event]
    assert volunteer_links.linked_counts(session, branch) == {meeting: 1}
    assert [r.id for r in volunteer_links.link_candidates(session, april_id)] == [event]
    volunteer.void_event(session, event, on=TODAY, reason="重复录入")
    assert volunteer_links.linked_counts(session, branch) == {}
    assert volunteer_links.theme_days_near(session, branch, D(2026, 7, 20)) == []
    assert "7 月" in volunteer_links.none_near_text(D(2026, 7, 20))
