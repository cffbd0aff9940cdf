"""Meetings: recording with the roll of their date, the checks that name a field, editing, voiding,
the month/type/search list and the form templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import AttendanceStatus, MeetingType, MemberStatus
from branchdesk.services import branches, groups, meetings, roster
from tests.factories import TODAY, setup_branch
from tests.test_roll import count_queries

D = dt.date
T = MeetingType
S = AttendanceStatus


def _join(session: Session, branch: int, name: str, on: dt.date, group_id: int | None = None) -> int:
    data = roster.MemberInput(name=name, department="心内科", group_id=group_id)
    return roster.add_member(session, branch, data, today=on).id


APRIL = D(2026, 4, 10)


def _input(
    type: MeetingType = T.THEME_DAY, held_on: dt.date = APRIL, **changes: Any
) -> meetings.MeetingInput:
    fields: dict[str, Any] = {"theme": "学习党的二十大精神", **changes}
    return meetings.MeetingInput(type=type, held_on=held_on, **fields)


def _create(session: Session, branch: int, data: meetings.MeetingInput) -> meetings.MeetingRow:
    return meetings.create_meeting(session, branch, data, today=TODAY)


def _roll(session: Session, meeting_id: int) -> list[tuple[str, AttendanceStatus, str]]:
    return [(e.name, e.status, e.reason) for e in meetings.attendance(session, meeting_id)]


@pytest.fixture
def branch(session: Session) -> int:
    """张三 (secretary, on the roll since joining in 2000), 李四 from Jan, 王五 from Mar, 赵六 from May."""
    branch_id = setup_branch(session)
    _join(session, branch_id, "李四", D(2026, 1, 5))
    _join(session, branch_id, "王五", D(2026, 3, 1))
    _join(session, branch_id, "赵六", D(2026, 5, 1))
    return branch_id


def _member_id(session: Session, branch: int, name: str) -> int:
    return next(m.id for m in roster.list_members(session, branch, include_left=True) if m.name == name)


def test_new_meeting_takes_the_roll_of_its_date_all_present(session: Session, branch: int) -> None:
    row = _create(session, branch, _input(held_on=D(2026, 4, 10)))
    assert _roll(session, row.id) == [
        ("张三", S.PRESENT, ""),
        ("李四", S.PRESENT, ""),
        ("王五", S.PRESENT, ""),
    ]
    assert [e.position_in_roll for e in meetings.attendance(session, row.id)] == [1, 2, 3]
    assert row.figures == meetings.AttendanceFigures(due=3, present=3, leave=0, absent=0, late=0)
    assert (row.type_label, row.branch_name, row.voided) == ("主题党日", "内科第七党支部", False)


def test_group_meeting_roll_lists_only_that_group_on_that_date(session: Session) -> None:
    branch = setup_branch(session)
    first = groups.add_group(session, branch, "第一党小组").id
    second = groups.add_group(session, branch, "第二党小组").id
    li = _join(session, branch, "李四", D(2026, 1, 5), group_id=first)
    _join(session, branch, "王五", D(2026, 1, 5), group_id=second)
    _join(session, branch, "赵六", D(2026, 1, 5), group_id=first)
    moved = replace(roster.get_member(session, li).to_input(), group_id=second)
    roster.update_member(session, li, moved, today=D(2026, 6, 1))

    april = _create(session, branch, _input(T.GROUP_MEETING, D(2026, 4, 10), group_id=first))
    july = _create(session, branch, _input(T.GROUP_MEETING, D(2026, 7, 10), group_id=first))
    assert [n for n, _s, _r in _roll(session, april.id)] == ["李四", "赵六"]
    assert [n for n, _s, _r in _roll(session, july.id)] == ["赵六"]
    assert (april.group_id, april.group_name) == (first, "第一党小组")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_input(held_on=None), "日期"),  # type: ignore[arg-type]
        (_input(held_on=D(2027, 11, 26)), "日期"),
        (_input(T.GROUP_MEETING), "党小组"),
        (_input(T.GROUP_MEETING, group_id=999), "党小组"),
        (_input(T.PARTY_LECTURE), "主讲人"),
        (_input(theme=""), "主题"),
        (_input(T.COMMITTEE_MEETING, parts=("study",)), "活动内容"),
        (_input(parts=("study", "dancing")), "活动内容"),
        (_input(parts=("study",), partner_unit="某某小学"), "共建单位"),
        (_input(parts=("co_building",)), "共建单位"),
        (_input(starts_at=dt.time(15), ends_at=dt.time(14, 30)), "结束时间"),
        (_input(starts_at=dt.time(15), ends_at=dt.time(15)), "结束时间"),
        (_input(voters_due=3, voters_present=3, votes_for=2), "表决"),
        (_input(T.GENERAL_MEETING, voters_due=3, voters_present=2), "表决"),
        (_input(T.GENERAL_MEETING, voters_due=3, voters_present=4, votes_for=2), "表决"),
        (_input(T.GENERAL_MEETING, voters_due=3, voters_present=3, votes_for=-1), "表决"),
        (
            _input(
                T.GENERAL_MEETING,
                voters_due=5,
                voters_present=3,
                votes_for=2,
                votes_against=1,
                votes_abstain=1,
            ),
            "表决",
        ),
        (_input(place="某" * 101), "地点"),
        (_input(guests=("某" * 51,)), "列席人员"),
    ],
)
def test_invalid_meeting_is_refused_naming_the_field(
    session: Session, branch: int, data: meetings.MeetingInput, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(session, branch, data)
    assert caught.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.user_message)
    assert meetings.list_meetings(session, branch, include_voided=True) == []


def test_group_of_another_branch_is_refused(session: Session, branch: int) -> None:
    surgery = branches.ensure_branch(session, "外科党支部")
    foreign = groups.add_group(session, surgery, "外科党小组").id
    with pytest.raises(ValidationError) as caught:
        _create(session, branch, _input(T.GROUP_MEETING, group_id=foreign))
    assert caught.value.field == "党小组"
    own = groups.add_group(session, branch, "第一党小组").id
    with pytest.raises(ValidationError) as caught:
        _create(session, branch, _input(T.THEME_DAY, group_id=own))
    assert caught.value.field == "党小组"


def test_planned_meeting_needs_no_theme_or_speaker(session: Session, branch: int) -> None:
    row = _create(session, branch, _input(T.PARTY_LECTURE, D(2026, 12, 20), theme="", planned=True))
    assert row.planned and row.theme == "" and row.speaker == ""


def test_meeting_date_up_to_one_year_ahead_is_accepted(session: Session, branch: int) -> None:
    row = _create(session, branch, _input(held_on=D(2027, 11, 25), planned=True))
    assert row.held_on == D(2027, 11, 25)


def test_texts_are_trimmed_and_guests_stored_one_per_line(session: Session, branch: int) -> None:
    data = _input(
        place=" 三楼会议室 ",
        guests=("王医生\n 刘护士 ", "  ", "院党办 陈主任"),
        parts=("study", "co_building", "study"),
        partner_unit=" 某某小学 ",
    )
    row = _create(session, branch, data)
    assert row.place == "三楼会议室"
    assert row.guests == ("王医生", "刘护士", "院党办 陈主任")
    assert row.parts == ("study", "co_building")
    assert row.part_labels == ("政治学习", "党建共建")
    assert row.partner_unit == "某某小学"


def test_lecture_speaker_can_be_a_member_of_this_branch_only(session: Session, branch: int) -> None:
    li = _member_id(session, branch, "李四")
    row = _create(session, branch, _input(T.PARTY_LECTURE, speaker="李四", speaker_member_id=li))
    assert (row.speaker, row.speaker_member_id) == ("李四", li)
    picked = _create(session, branch, _input(T.PARTY_LECTURE, speaker_member_id=li))
    assert picked.speaker == "李四"
    surgery = branches.ensure_branch(session, "外科党支部")
    stranger = _join(session, surgery, "孙七", D(2026, 1, 1))
    with pytest.raises(ValidationError) as caught:
        _create(session, branch, _input(T.PARTY_LECTURE, speaker="孙七", speaker_member_id=stranger))
    assert caught.value.field == "主讲人"


def test_new_date_rederives_the_roll_keeping_marks(session: Session, branch: int) -> None:
    row = _create(session, branch, _input(held_on=D(2026, 4, 10)))
    li, wang = _member_id(session, branch, "李四"), _member_id(session, branch, "王五")
    meetings.mark(session, row.id, li, S.LEAVE, reason="外出进修")
    meetings.mark(session, row.id, wang, S.LATE)

    later = meetings.update_meeting(
        session, row.id, replace(row.to_input(), held_on=D(2026, 5, 20)), today=TODAY
    )
    assert _roll(session, row.id) == [
        ("张三", S.PRESENT, ""),
        ("李四", S.LEAVE, "外出进修"),
        ("王五", S.LATE, ""),
        ("赵六", S.PRESENT, ""),
    ]
    assert later.figures == meetings.AttendanceFigures(due=4, present=3, leave=1, absent=0, late=1)

    earlier = meetings.update_meeting(
        session, row.id, replace(row.to_input(), held_on=D(2026, 2, 15)), today=TODAY
    )
    assert _roll(session, row.id) == [("张三", S.PRESENT, ""), ("李四", S.LEAVE, "外出进修")]
    assert [e.position_in_roll for e in meetings.attendance(session, row.id)] == [1, 2]
    assert earlier.figures.due == 2


def test_other_edits_keep_the_roll_even_after_a_member_left(session: Session, branch: int) -> None:
    row = _create(session, branch, _input(held_on=D(2026, 4, 10)))
    wang = _member_id(session, branch, "王五")
    meetings.mark(session, row.id, wang, S.ABSENT, reason="未请假")
    # recorded after the meeting but dated before it: re-taking the roll would now drop 王五
    roster.change_status(
        session, wang, MemberStatus.TRANSFERRED_OUT, on=D(2026, 4, 1), reason="调往外院", today=TODAY
    )

    edited = replace(row.to_input(), theme="学习新党章", content="传达上级精神。", place="示教室")
    saved = meetings.update_meeting(session, row.id, edited, today=TODAY)
    assert (saved.theme, saved.place, saved.content) == ("学习新党章", "示教室", "传达上级精神。")
    assert _roll(session, row.id) == [
        ("张三", S.PRESENT, ""),
        ("李四", S.PRESENT, ""),
        ("王五", S.ABSENT, "未请假"),
    ]
    assert saved.figures.due == 3


def test_new_group_rederives_a_group_meetings_roll(session: Session) -> None:
    branch = setup_branch(session)
    first = groups.add_group(session, branch, "第一党小组").id
    second = groups.add_group(session, branch, "第二党小组").id
    _join(session, branch, "李四", D(2026, 1, 5), group_id=first)
    _join(session, branch, "王五", D(2026, 1, 5), group_id=second)
    row = _create(session, branch, _input(T.GROUP_MEETING, group_id=first))
    moved = meetings.update_meeting(session, row.id, replace(row.to_input(), group_id=second), today=TODAY)
    assert [n for n, _s, _r in _roll(session, row.id)] == ["王五"]
    assert moved.group_name == "第二党小组"
    whole = replace(moved.to_input(), type=T.THEME_DAY, group_id=None)
    meetings.update_meeting(session, row.id, whole, today=TODAY)
    assert [n for n, _s, _r in _roll(session, row.id)] == ["张三", "李四", "王五"]


def test_unchanged_input_saves_the_same_row(session: Session, branch: int) -> None:
    data = _input(
        T.GENERAL_MEETING,
        starts_at=dt.time(14, 30),
        ends_at=dt.time(16),
        host="张三",
        recorder="李四",
        guests=("院党办 陈主任",),
        vote_subject="接收王五为预备党员",
        voters_due=2,
        voters_present=2,
        votes_for=2,
        votes_against=0,
        votes_abstain=0,
    )
    row = _create(session, branch, data)
    assert row.to_input() == data
    assert meetings.update_meeting(session, row.id, row.to_input(), today=TODAY) == row


def test_voided_meeting_is_kept_but_left_out_of_lists(session: Session, branch: int) -> None:
    kept = _create(session, branch, _input(held_on=D(2026, 4, 10)))
    wrong = _create(session, branch, _input(held_on=D(2026, 4, 11)))
    with pytest.raises(ValidationError) as caught:
        meetings.void_meeting(session, wrong.id, on=TODAY, reason="  ")
    assert caught.value.field == "作废原因"
    meetings.void_meeting(session, wrong.id, on=TODAY, reason="重复录入")

    assert [r.id for r in meetings.list_meetings(session, branch)] == [kept.id]
    assert [r.id for r in meetings.list_meetings(session, branch, include_voided=True)] == [wrong.id, kept.id]
    voided = meetings.get_meeting(session, wrong.id)
    assert (voided.voided, voided.voided_on, voided.void_reason) == (True, TODAY, "重复录入")
    for change in (
        lambda: meetings.update_meeting(session, wrong.id, voided.to_input(), today=TODAY),
        lambda: meetings.void_meeting(session, wrong.id, on=TODAY, reason="再次作废"),
    ):
        with pytest.raises(ValidationError):
            change()


def test_list_filters_by_year_month_type_and_search(session: Session, branch: int) -> None:
    def add(type: MeetingType, held_on: dt.date, **changes: Any) -> int:
        return _create(session, branch, replace(_input(type, held_on), **changes)).id

    march = add(T.THEME_DAY, D(2026, 3, 5), place="门诊大厅", parts=("volunteer",))
    april = add(T.COMMITTEE_MEETING, D(2026, 4, 2), host="张三")
    april_late = add(T.THEME_DAY, D(2026, 4, 28), theme="100%满意服务")
    last_year = add(T.THEME_DAY, D(2025, 4, 9), content="学习防汛知识")

    def ids(**filters: Any) -> list[int]:
        return [r.id for r in meetings.list_meetings(session, branch, **filters)]

    assert ids() == [april_late, april, march, last_year]
    assert ids(year=2026) == [april_late, april, march]
    assert ids(year=2026, month=4) == [april_late, april]
    assert ids(month=4) == [april_late, april, last_year]
    assert ids(type=T.THEME_DAY, year=2026) == [april_late, march]
    assert ids(search="门诊") == [march]
    assert ids(search="张三") == [april]
    assert ids(search="防汛") == [last_year]
    assert ids(search="100%") == [april_late]
    assert ids(search="0%满") == [april_late] and ids(search="%") == [april_late]
    assert ids(search="党的二十大") == [april, march, last_year]


def test_list_counts_figures_in_one_query_whatever_the_number(session: Session, branch: int) -> None:
    li = _member_id(session, branch, "李四")
    for day in range(1, 11):
        row = _create(session, branch, _input(held_on=D(2026, 6, day)))
        if day % 2:
            meetings.mark(session, row.id, li, S.LEAVE, reason="病假")
    with count_queries(session) as seen:
        rows = meetings.list_meetings(session, branch, year=2026)
    assert len(rows) == 10 and len(seen) == 2
    assert [r.figures.leave for r in rows] == [0, 1] * 5
    assert all(r.figures.due == 4 for r in rows)


def test_template_copies_the_last_meeting_of_that_type(session: Session, branch: int) -> None:
    older = _input(place="示教室", parts=("study",), host="李四")
    _create(session, branch, older)
    newest = _input(
        held_on=D(2026, 5, 8),
        place="门诊大厅",
        host="张三",
        recorder="王五",
        starts_at=dt.time(8, 30),
        ends_at=dt.time(11, 30),
        parts=("study", "volunteer", "co_building"),
        partner_unit="某某社区卫生服务中心",
        content="义诊服务群众86人次。",
        resolutions="每月固定开展义诊。",
        guests=("社区书记 周某",),
    )
    _create(session, branch, newest)
    wrong = _create(session, branch, _input(held_on=D(2026, 6, 1), place="不该复制"))
    meetings.void_meeting(session, wrong.id, on=TODAY, reason="录错")
    _create(session, branch, _input(T.COMMITTEE_MEETING, D(2026, 6, 3), place="书记办公室"))

    template = meetings.template_for(session, branch, T.THEME_DAY, on=D(2026, 6, 12))
    assert template == meetings.MeetingInput(
        type=T.THEME_DAY,
        held_on=D(2026, 6, 12),
        starts_at=dt.time(8, 30),
        ends_at=dt.time(11, 30),
        place="门诊大厅",
        theme="学习党的二十大精神",
        host="张三",
        recorder="王五",
        parts=("study", "volunteer", "co_building"),
        partner_unit="某某社区卫生服务中心",
    )
    assert _create(session, branch, template).held_on == D(2026, 6, 12)


def test_template_of_a_general_meeting_leaves_votes_and_minutes_out(session: Session, branch: int) -> None:
    data = _input(
        T.GENERAL_MEETING,
        content="讨论接收预备党员。",
        resolutions="同意接收。",
        vote_subject="接收王五为预备党员",
        voters_due=2,
        voters_present=2,
        votes_for=2,
    )
    _create(session, branch, data)
    template = meetings.template_for(session, branch, T.GENERAL_MEETING, on=D(2026, 7, 1))
    assert (template.content, template.resolutions, template.vote_subject) == ("", "", "")
    assert (template.voters_due, template.voters_present, template.votes_for) == (None, None, None)
    assert template.theme == data.theme


def test_template_for_a_group_meeting_leaves_the_group_to_the_caller(session: Session, branch: int) -> None:
    group = groups.add_group(session, branch, "第一党小组").id
    _create(session, branch, _input(T.GROUP_MEETING, group_id=group, place="护士站"))
    template = meetings.template_for(session, branch, T.GROUP_MEETING, on=D(2026, 7, 1))
    assert (template.group_id, template.place) == (None, "护士站")
    assert _create(session, branch, replace(template, group_id=group)).group_name == "第一党小组"


def test_templates_without_a_previous_meeting_use_defaults_per_type(session: Session, branch: int) -> None:
    secretary = _member_id(session, branch, "张三")
    on = D(2026, 7, 1)
    theme_day = meetings.template_for(session, branch, T.THEME_DAY, on=on)
    assert theme_day.parts == ("study", "oath") and theme_day.theme.startswith("主题党日")
    assert theme_day.held_on == on and theme_day.group_id is None
    assert meetings.template_for(session, branch, T.COMMITTEE_MEETING, on=on).host == "张三"
    lecture = meetings.template_for(session, branch, T.PARTY_LECTURE, on=on)
    assert (lecture.speaker, lecture.speaker_member_id) == ("张三", secretary)
    assert meetings.template_for(session, branch, T.LIFE_MEETING, on=on).theme == "2026年度组织生活会"
    assert meetings.template_for(session, branch, T.GROUP_MEETING, on=on).parts == ()


def test_lecture_template_keeps_the_secretary_as_speaker_after_a_lecture(
    session: Session, branch: int
) -> None:
    _create(session, branch, _input(T.PARTY_LECTURE, speaker="李四", place="示教室"))
    lecture = meetings.template_for(session, branch, T.PARTY_LECTURE, on=D(2026, 7, 1))
    assert (lecture.speaker, lecture.place) == ("张三", "示教室")


def test_theme_day_parts_have_their_chinese_labels() -> None:
    assert meetings.THEME_DAY_PARTS == {
        "study": "政治学习",
        "oath": "重温入党誓词",
        "dues": "交纳党费",
        "democracy": "民主议事",
        "volunteer": "志愿服务/义诊",
        "red_education": "红色教育",
        "co_building": "党建共建",
    }


def test_a_committee_meeting_roll_is_the_committee_of_that_day(session: Session, branch: int) -> None:
    """支委会: 应到 is the members holding a committee post that day, not the whole branch."""
    from branchdesk.models import CommitteeRole

    li = _member_id(session, branch, "李四")
    branches.set_committee_post(session, branch, li, CommitteeRole.ORGANISATION, started_on=D(2026, 3, 1))
    early = _create(session, branch, _input(T.COMMITTEE_MEETING, held_on=D(2026, 2, 10)))
    late = _create(session, branch, _input(T.COMMITTEE_MEETING, held_on=D(2026, 4, 10)))
    assert [n for n, _s, _r in _roll(session, early.id)] == ["张三"]
    assert [n for n, _s, _r in _roll(session, late.id)] == ["张三", "李四"]
    whole = meetings.update_meeting(session, late.id, replace(late.to_input(), type=T.THEME_DAY), today=TODAY)
    assert whole.figures.due == 3  # 张三, 李四, 王五 on the branch roll on 10 April
