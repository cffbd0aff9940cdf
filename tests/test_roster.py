"""The roll: adding and editing members, the checks that name a field, dated status changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from branchdesk.db import transaction
from branchdesk.errors import ValidationError
from branchdesk.models import Member, MemberCategory, MemberGroupChange, MemberStatus
from branchdesk.services import groups, roster
from tests.factories import TODAY, make_id, setup_branch

BIRTH = dt.date(1988, 3, 15)


def _input(**changes: object) -> roster.MemberInput:
    base = roster.MemberInput(
        name="李四",
        gender="女",
        birth_date=BIRTH,
        id_number=make_id(BIRTH, male=False),
        phone="13812348000",
        department="心内科",
        joined_on=dt.date(2012, 6, 1),
        full_member_on=dt.date(2013, 6, 1),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_added_member_is_listed_with_masked_sensitive_values(session: Session) -> None:
    branch = setup_branch(session)
    row = roster.add_member(session, branch, _input(), today=TODAY)
    listed = {r.name: r for r in roster.list_members(session, branch, today=TODAY)}
    assert set(listed) == {"张三", "李四"}
    assert listed["李四"].id_masked.endswith(row.id_number[-4:])
    assert row.id_number[:14] not in listed["李四"].id_masked
    assert listed["李四"].phone_masked == "138****8000"
    assert listed["李四"].party_age == 13  # from 转正 2013-06-01 to 2026-11-25


def test_birth_date_and_gender_are_taken_from_the_id_when_empty(session: Session) -> None:
    branch = setup_branch(session)
    row = roster.add_member(session, branch, _input(birth_date=None, gender=""), today=TODAY)
    assert row.birth_date == BIRTH and row.gender == "女"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "姓名"),
        ({"id_number": make_id(BIRTH, male=False)[:-1] + "0"}, "身份证号"),
        ({"id_number": "110105880315002"}, "身份证号"),
        ({"birth_date": dt.date(1988, 3, 16)}, "出生日期"),
        ({"gender": "男"}, "性别"),
        ({"phone": "1381234800"}, "手机号"),
        ({"joined_on": dt.date(2006, 3, 14), "full_member_on": None}, "入党时间"),
        ({"full_member_on": dt.date(2012, 5, 1)}, "转正时间"),
        ({"joined_on": dt.date(2027, 1, 1), "full_member_on": None}, "入党时间"),
        ({"category": MemberCategory.PROBATIONARY}, "转正时间"),
        ({"category": MemberCategory.PROBATIONARY, "joined_on": None, "full_member_on": None}, "入党时间"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    session_factory: sessionmaker[Session], changes: dict[str, object], field: str
) -> None:
    with transaction(session_factory) as session:
        branch = setup_branch(session)
    with pytest.raises(ValidationError) as err, transaction(session_factory) as session:
        roster.add_member(session, branch, _input(**changes), today=TODAY)
    assert err.value.field == field
    assert err.value.user_message
    with transaction(session_factory) as session:
        assert session.scalar(select(func.count(Member.id))) == 1  # only the secretary


def test_joining_on_the_18th_birthday_is_allowed(session: Session) -> None:
    branch = setup_branch(session)
    row = roster.add_member(
        session, branch, _input(joined_on=dt.date(2006, 3, 15), full_member_on=None), today=TODAY
    )
    assert row.joined_on == dt.date(2006, 3, 15)


def test_the_same_id_number_cannot_be_registered_twice(session: Session) -> None:
    branch = setup_branch(session)
    roster.add_member(session, branch, _input(), today=TODAY)
    with pytest.raises(ValidationError) as err:
        roster.add_member(session, branch, _input(name="李四二"), today=TODAY)
    assert err.value.field == "身份证号" and "李四" in err.value.user_message


def test_probationary_member_shows_the_due_date(session: Session) -> None:
    branch = setup_branch(session)
    row = roster.add_member(
        session,
        branch,
        _input(category=MemberCategory.PROBATIONARY, joined_on=dt.date(2026, 1, 10), full_member_on=None),
        today=TODAY,
    )
    assert row.probation_due == dt.date(2027, 1, 10)
    assert row.party_age is None


def test_status_change_takes_member_off_the_roll_but_keeps_history(session: Session) -> None:
    branch = setup_branch(session)
    row = roster.add_member(session, branch, _input(), today=dt.date(2026, 1, 5))
    roster.change_status(
        session, row.id, MemberStatus.TRANSFERRED_OUT, on=dt.date(2026, 10, 1), reason="转往外院", today=TODAY
    )
    assert "李四" not in {r.name for r in roster.list_members(session, branch, today=TODAY)}
    left = {r.name: r for r in roster.list_members(session, branch, include_left=True, today=TODAY)}
    assert left["李四"].status_label == "转出"
    history = roster.status_history(session, row.id)
    assert [(h.status_label, h.changed_on) for h in history] == [
        ("在册", dt.date(2026, 1, 5)),
        ("转出", dt.date(2026, 10, 1)),
    ]
    assert session.get(Member, row.id) is not None


def test_status_change_needs_a_reason_and_a_sane_date(session: Session) -> None:
    branch = setup_branch(session)
    row = roster.add_member(session, branch, _input(), today=dt.date(2026, 1, 5))
    with pytest.raises(ValidationError) as err:
        roster.change_status(session, row.id, MemberStatus.DECEASED, on=dt.date(2026, 5, 1), today=TODAY)
    assert err.value.field == "变动原因"
    with pytest.raises(ValidationError) as err:
        roster.change_status(
            session, row.id, MemberStatus.DECEASED, on=dt.date(2025, 5, 1), reason="病故", today=TODAY
        )
    assert err.value.field == "变动日期"


def test_changing_group_records_the_date(session: Session) -> None:
    branch = setup_branch(session)
    first = groups.add_group(session, branch, "第一党小组")
    second = groups.add_group(session, branch, "第二党小组")
    row = roster.add_member(session, branch, _input(group_id=first.id), today=dt.date(2026, 1, 5))
    updated = roster.update_member(session, row.id, replace(row.to_input(), group_id=second.id), today=TODAY)
    assert updated.group_name == "第二党小组"
    changes = session.scalars(
        select(MemberGroupChange).where(MemberGroupChange.member_id == row.id).order_by(MemberGroupChange.id)
    ).all()
    assert [(c.group_id, c.changed_on) for c in changes] == [
        (first.id, dt.date(2026, 1, 5)),
        (second.id, TODAY),
    ]


def test_group_of_another_branch_is_refused(session: Session) -> None:
    branch = setup_branch(session)
    from branchdesk.services import branches

    other = branches.create_branch(session, 1, branches.BranchProfileInput(name="外科党支部"))
    foreign = groups.add_group(session, other, "外科小组")
    with pytest.raises(ValidationError) as err:
        roster.add_member(session, branch, _input(group_id=foreign.id), today=TODAY)
    assert err.value.field == "党小组"


def test_party_age_counts_whole_years_from_full_membership() -> None:
    assert roster.party_age(dt.date(2000, 7, 1), dt.date(2050, 6, 30)) == 49
    assert roster.party_age(dt.date(2000, 7, 1), dt.date(2050, 7, 1)) == 50
    assert roster.party_age(None, TODAY) is None
    assert roster.probation_due(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_members_entered_from_an_existing_roster_count_from_their_joining_day(session: Session) -> None:
    """A secretary enters her roster today and then January's meetings: the members must be on them."""
    branch = setup_branch(session)
    data = _input()
    start = roster.default_roll_start(data, TODAY)
    row = roster.add_member(session, branch, data, today=TODAY, on_roll_from=start)
    assert start == data.joined_on
    assert roster.status_history(session, row.id)[0].changed_on == data.joined_on
    secretary = roster.list_members(session, branch, today=TODAY)[0]
    assert roster.status_history(session, secretary.id)[0].changed_on == dt.date(2000, 7, 1)


def test_roll_start_cannot_precede_joining_or_follow_today(session: Session) -> None:
    branch = setup_branch(session)
    for start, expected in ((dt.date(2011, 1, 1), "入党时间"), (dt.date(2027, 1, 1), "今天")):
        with pytest.raises(ValidationError) as err:
            roster.add_member(session, branch, _input(), today=TODAY, on_roll_from=start)
        assert err.value.field == "在本支部起始日期" and expected in err.value.user_message
