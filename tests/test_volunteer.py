"""Volunteer events: hours that default to the event's length and overrides that win, the rules a
record keeps (each refusal naming its field), participants from the roll of that day, voiding."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import Branch, MemberStatus
from branchdesk.services import branches, roster, volunteer, volunteer_lists
from branchdesk.services.volunteer_rules import ParticipantInput, VolunteerEventInput
from tests.factories import TODAY, setup_branch

D, T = dt.date, dt.time
HELD = D(2026, 3, 7)  # a Saturday


def kind_id(session: Session, name: str = "义诊") -> int:
    found = volunteer_lists.kind_id_named(session, name)
    assert found is not None
    return found


JOINED = D(2025, 1, 6)


def join(session: Session, branch: int, name: str, on: dt.date = JOINED) -> int:
    return roster.add_member(session, branch, roster.MemberInput(name=name, department="心内科"), today=on).id


def branch_with(session: Session, n: int = 3) -> tuple[int, list[int]]:
    branch = setup_branch(session, secretary_dates=False)
    return branch, [join(session, branch, f"党员{i}") for i in range(n)]


def clinic(session: Session, people: tuple[ParticipantInput, ...], **changes: object) -> VolunteerEventInput:
    data = VolunteerEventInput(
        title="社区义诊",
        kind_id=kind_id(session),
        held_on=HELD,
        starts_at=T(8, 30),
        ends_at=T(11, 30),
        place="幸福社区党群服务中心",
        people_served=120,
        participants=people,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def test_a_participant_without_an_override_serves_the_events_length(session: Session) -> None:
    branch, ids = branch_with(session, 2)
    people = (ParticipantInput(member_id=ids[0]), ParticipantInput(member_id=ids[1], minutes=90))
    event = volunteer.create_event(session, branch, clinic(session, people), today=TODAY)
    by_member = {p.member_id: p for p in event.participants}
    assert by_member[ids[0]].minutes == 180 and by_member[ids[0]].override is None
    assert by_member[ids[1]].minutes == 90 and by_member[ids[1]].override == 90
    assert event.row.total_minutes == 270
    assert event.row.members == 2 and event.row.outside == 0


def test_a_longer_event_lengthens_default_hours_but_not_overrides(session: Session) -> None:
    branch, ids = branch_with(session, 2)
    people = (ParticipantInput(member_id=ids[0]), ParticipantInput(member_id=ids[1], minutes=60))
    event = volunteer.create_event(session, branch, clinic(session, people), today=TODAY)
    longer = replace(event.to_input(), ends_at=T(12, 0))
    saved = volunteer.update_event(session, event.row.id, longer, today=TODAY)
    assert [p.minutes for p in saved.participants] == [210, 60]


def test_end_before_start_is_refused_naming_the_end_time(session: Session) -> None:
    branch, ids = branch_with(session, 1)
    data = clinic(session, (ParticipantInput(member_id=ids[0]),), starts_at=T(14, 0), ends_at=T(9, 0))
    with pytest.raises(ValidationError) as caught:
        volunteer.create_event(session, branch, data, today=TODAY)
    assert caught.value.field == "结束时间"
    assert "结束时间" in caught.value.user_message and "应晚于开始时间" in caught.value.user_message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "活动名称"),
        ({"kind_id": None}, "服务类别"),
        ({"held_on": None}, "日期"),
        ({"held_on": TODAY + dt.timedelta(days=1)}, "日期"),
        ({"starts_at": None}, "开始时间"),
        ({"ends_at": T(8, 30)}, "结束时间"),
        ({"people_served": -1}, "惠及群众人次"),
        ({"place": "地" * 101}, "地点"),
        ({"participants": ()}, "参加人员"),
    ],
)
def test_each_rule_names_its_field(session: Session, changes: dict[str, object], field: str) -> None:
    branch, ids = branch_with(session, 1)
    data = clinic(session, (ParticipantInput(member_id=ids[0]),), **changes)
    with pytest.raises(ValidationError) as caught:
        volunteer.create_event(session, branch, data, today=TODAY)
    assert caught.value.field == field
    assert volunteer.list_events(session, branch, year=2026) == []


def test_an_override_longer_than_the_event_is_refused_naming_the_member(session: Session) -> None:
    branch, ids = branch_with(session, 2)
    people = (ParticipantInput(member_id=ids[0]), ParticipantInput(member_id=ids[1], minutes=240))
    with pytest.raises(ValidationError) as caught:
        volunteer.create_event(session, branch, clinic(session, people), today=TODAY)
    assert caught.value.field == "服务时长" and caught.value.row == 2
    assert "党员1" in caught.value.user_message and "不含路途" in caught.value.user_message


def test_members_come_from_the_roll_of_that_day_and_only_once(session: Session) -> None:
    branch, ids = branch_with(session, 1)
    late = join(session, branch, "新党员", on=D(2026, 6, 1))
    with pytest.raises(ValidationError) as caught:
        data = clinic(session, (ParticipantInput(member_id=late),))
        volunteer.create_event(session, branch, data, today=TODAY)
    assert "不在本支部党员名册上" in caught.value.user_message and "新党员" in caught.value.user_message
    twice = (ParticipantInput(member_id=ids[0]), ParticipantInput(member_id=ids[0], minutes=30))
    with pytest.raises(ValidationError, match="重复"):
        volunteer.create_event(session, branch, clinic(session, twice), today=TODAY)


def test_a_member_of_another_branch_is_refused(session: Session) -> None:
    branch, _ids = branch_with(session, 1)
    committee = session.get_one(Branch, branch).committee_id
    second = branches.create_branch(session, committee, branches.BranchProfileInput(name="外科党支部"))
    stranger = join(session, second, "外人")
    data = clinic(session, (ParticipantInput(member_id=stranger),))
    with pytest.raises(ValidationError, match="不是本支部党员"):
        volunteer.create_event(session, branch, data, today=TODAY)


def test_a_member_who_left_later_stays_on_an_old_event(session: Session) -> None:
    branch, ids = branch_with(session, 2)
    people = tuple(ParticipantInput(member_id=i) for i in ids)
    event = volunteer.create_event(session, branch, clinic(session, people), today=TODAY)
    roster.change_status(
        session, ids[1], MemberStatus.TRANSFERRED_OUT, on=D(2026, 5, 1), reason="调出", today=TODAY
    )
    saved = volunteer.update_event(
        session, event.row.id, replace(event.to_input(), title="社区义诊（补记）"), today=TODAY
    )
    assert [p.name for p in saved.participants] == ["党员0", "党员1"]


def test_outside_volunteers_by_name_and_unit(session: Session) -> None:
    branch, ids = branch_with(session, 1)
    people = (
        ParticipantInput(member_id=ids[0], role="义诊医生"),
        ParticipantInput(outside_name="  王  小明 ", outside_unit="实习护士", minutes=120),
        ParticipantInput(outside_name="李华", outside_unit="社区网格员"),
    )
    event = volunteer.create_event(session, branch, clinic(session, people), today=TODAY)
    assert [(p.name, p.unit, p.is_member) for p in event.participants] == [
        ("党员0", "心内科", True),
        ("王 小明", "实习护士", False),
        ("李华", "社区网格员", False),
    ]
    assert event.row.members == 1 and event.row.outside == 2
    nameless = (ParticipantInput(outside_name=" ", outside_unit="某单位"),)
    with pytest.raises(ValidationError) as caught:
        volunteer.create_event(session, branch, clinic(session, nameless), today=TODAY)
    assert caught.value.field == "参加人员" and caught.value.row == 1


def test_the_record_keeps_training_honours_and_evaluation(session: Session) -> None:
    branch, ids = branch_with(session, 1)
    person = ParticipantInput(member_id=ids[0], role="带教", evaluation="优秀", note="服务认真")
    data = clinic(
        session,
        (person,),
        training="活动前进行急救技能培训1小时",
        honours="获社区感谢信",
        evaluation="群众满意",
        notes="测血压 80 人次",
    )
    event = volunteer.create_event(session, branch, data, today=TODAY)
    again = volunteer.get_event(session, event.row.id)
    assert (again.training, again.honours, again.evaluation) == (
        "活动前进行急救技能培训1小时",
        "获社区感谢信",
        "群众满意",
    )
    assert again.participants[0].role == "带教" and again.participants[0].evaluation == "优秀"
    assert again.to_input() == replace(data, participants=(person,))


def test_voided_events_stay_stored_but_leave_the_list_and_cannot_change(session: Session) -> None:
    branch, ids = branch_with(session, 1)
    event = volunteer.create_event(
        session, branch, clinic(session, (ParticipantInput(member_id=ids[0]),)), today=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        volunteer.void_event(session, event.row.id, on=TODAY, reason=" ")
    assert caught.value.field == "作废原因"
    volunteer.void_event(session, event.row.id, on=TODAY, reason="重复录入")
    assert volunteer.list_events(session, branch, year=2026) == []
    voided = volunteer.list_events(session, branch, year=2026, include_voided=True)
    assert [(r.voided, r.void_reason) for r in voided] == [(True, "重复录入")]
    with pytest.raises(ValidationError) as refused:
        volunteer.update_event(session, event.row.id, event.to_input(), today=TODAY)
    assert "已作废" in refused.value.user_message


def test_list_filters_by_month_kind_and_search(session: Session) -> None:
    branch, ids = branch_with(session, 1)
    me = (ParticipantInput(member_id=ids[0]),)
    volunteer.create_event(session, branch, clinic(session, me), today=TODAY)
    talk = clinic(
        session, me, title="高血压健康讲座", kind_id=kind_id(session, "健康科普/讲座"), held_on=D(2026, 4, 2)
    )
    volunteer.create_event(session, branch, talk, today=TODAY)
    assert [r.title for r in volunteer.list_events(session, branch, year=2026)] == [
        "高血压健康讲座",
        "社区义诊",
    ]
    assert [r.title for r in volunteer.list_events(session, branch, year=2026, month=3)] == ["社区义诊"]
    lecture = kind_id(session, "健康科普/讲座")
    assert [r.title for r in volunteer.list_events(session, branch, kind_id=lecture)] == ["高血压健康讲座"]
    assert [r.title for r in volunteer.list_events(session, branch, search="血压")] == ["高血压健康讲座"]
    assert volunteer.list_events(session, branch, search="100%_") == []


def test_an_archived_kind_or_partner_is_kept_by_its_events_but_not_offered(session: Session) -> None:
    branch, ids = branch_with(session, 1)
    school = volunteer_lists.add_partner(session, volunteer_lists.PartnerInput("示范市实验小学", "学校"))
    me = (ParticipantInput(member_id=ids[0]),)
    event = volunteer.create_event(
        session, branch, clinic(session, me, partner_unit_id=school.id), today=TODAY
    )
    volunteer_lists.set_partner_archived(session, school.id, True)
    volunteer_lists.set_kind_archived(session, kind_id(session), True)
    kept = volunteer.update_event(
        session, event.row.id, replace(event.to_input(), people_served=130), today=TODAY
    )
    assert (kept.row.partner_name, kept.row.kind_name) == ("示范市实验小学", "义诊")
    with pytest.raises(ValidationError) as caught:
        volunteer.create_event(session, branch, clinic(session, me), today=TODAY)
    assert caught.value.field == "服务类别"
    with pytest.raises(ValidationError) as caught:
        data = clinic(session, me, kind_id=kind_id(session, "其他"), partner_unit_id=school.id)
        volunteer.create_event(session, branch, data, today=TODAY)
    assert caught.value.field == "共建单位"


def test_a_new_events_form_leaves_kind_and_place_to_choose_and_knows_each_kinds_times(
    session: Session,
) -> None:
    branch, ids = branch_with(session, 1)
    first = volunteer.template_like_last(session, branch, on=TODAY)
    assert (first.kind_id, first.place, first.starts_at, first.ends_at) == (None, "", T(8, 30), T(11, 30))
    assert volunteer.usual_times(session, branch) == {}
    data = clinic(session, (ParticipantInput(member_id=ids[0]),), starts_at=T(14, 0), ends_at=T(17, 0))
    volunteer.create_event(session, branch, data, today=TODAY)
    later = volunteer.template_like_last(session, branch, on=TODAY)
    assert (later.title, later.kind_id, later.place, later.participants) == ("", None, "", ())
    assert volunteer.usual_times(session, branch) == {data.kind_id: (T(14, 0), T(17, 0))}
