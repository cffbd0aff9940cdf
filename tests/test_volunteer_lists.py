"""The managed lists (服务类别, 共建单位) and the free-form text of a volunteer record: hours typed in
any usual way, titles and names of any shape ending in a record or a Chinese refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import DEFAULT_VOLUNTEER_KINDS
from branchdesk.services import roster, volunteer, volunteer_lists
from branchdesk.services.volunteer_lists import PartnerInput
from branchdesk.services.volunteer_rules import (
    ParticipantInput,
    VolunteerEventInput,
    clean_event,
    hours_text,
    parse_hours,
)
from tests.factories import TODAY, setup_branch

D, T = dt.date, dt.time


# --- hours -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("", None),
        ("  ", None),
        ("3", 180),
        ("2.5", 150),
        ("２．５", 150),  # full-width, as a Chinese input method types it
        ("1.33", 80),
        ("2小时", 120),
        ("2个小时", 120),
        ("2小时30分", 150),
        ("2时30分钟", 150),
        ("1.5小时", 90),
        ("45分钟", 45),
        ("45分", 45),
        ("2:30", 150),
        ("2：30", 150),
        ("2h30m", 150),
        ("2H30", 150),
        ("90min", 90),
    ],
)
def test_hours_are_read_the_ways_people_write_them(text: str, minutes: int | None) -> None:
    assert parse_hours(text) == minutes


@pytest.mark.parametrize("text", ["两小时", "abc", "-1", "2:75", "小时", "1e3", "nan", "2..5", "2小时半"])
def test_unreadable_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_hours(text)


@given(st.integers(min_value=0, max_value=24 * 60))
def test_hours_shown_read_back_to_within_three_minutes(minutes: int) -> None:
    shown = hours_text(minutes, unit=False)
    back = parse_hours(shown)
    assert back is not None and abs(back - minutes) <= 3
    assert hours_text(minutes) == f"{shown} 小时"


@given(st.integers(0, 99), st.integers(0, 59))
def test_hours_and_minutes_in_any_form_agree(hours: int, minutes: int) -> None:
    expected = hours * 60 + minutes
    assert parse_hours(f"{hours}小时{minutes}分") == expected
    assert parse_hours(f"{hours}:{minutes:02d}") == expected
    assert parse_hours(f"{hours}h{minutes}m") == expected


@given(st.text(max_size=12))
def test_any_text_is_minutes_none_or_a_value_error(text: str) -> None:
    try:
        result = parse_hours(text)
    except ValueError:
        return
    assert result is None or (isinstance(result, int) and result >= 0)


def test_hours_text_rounds_half_up_to_one_decimal() -> None:
    assert [hours_text(m) for m in (0, 3, 150, 210, 1)] == [
        "0.0 小时",
        "0.1 小时",
        "2.5 小时",
        "3.5 小时",
        "0.0 小时",
    ]


# --- free-form record text ------------------------------------------------------------------------


@given(title=st.text(max_size=240), name=st.text(max_size=60), unit=st.text(max_size=120))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_title_and_outside_name_end_in_a_record_or_a_chinese_refusal(
    session: Session, title: str, name: str, unit: str
) -> None:
    branch = _branch(session)
    data = VolunteerEventInput(
        title=title,
        kind_id=volunteer_lists.kind_id_named(session, "义诊"),
        held_on=D(2026, 3, 7),
        starts_at=T(8, 30),
        ends_at=T(11, 30),
        participants=(ParticipantInput(outside_name=name, outside_unit=unit),),
    )
    with session.begin_nested() as savepoint:
        try:
            saved = volunteer.create_event(session, branch, data, today=TODAY)
        except ValidationError as exc:
            assert exc.user_message and exc.field in ("活动名称", "参加人员")
            savepoint.rollback()
            return
    clean = clean_event(data)
    assert saved.row.title == clean.title and saved.row.title == " ".join(title.split())
    assert saved.participants[0].name == " ".join(name.split())


_BRANCHES: dict[int, int] = {}


def _branch(session: Session) -> int:
    """One branch per test's database (hypothesis runs many examples on the same fixture)."""
    key = id(session)
    if key not in _BRANCHES:
        _BRANCHES[key] = setup_branch(session)
    return _BRANCHES[key]


# --- kinds -----------------------------------------------------------------------------------------


def test_the_eight_kinds_are_seeded_in_order(session: Session) -> None:
    assert tuple(k.name for k in volunteer_lists.list_kinds(session)) == DEFAULT_VOLUNTEER_KINDS


def test_kinds_are_added_renamed_and_archived_never_duplicated(session: Session) -> None:
    added = volunteer_lists.add_kind(session, "  心理疏导 ")
    assert added.name == "心理疏导" and volunteer_lists.list_kinds(session)[-1].id == added.id
    with pytest.raises(ValidationError) as caught:
        volunteer_lists.add_kind(session, "义诊")
    assert caught.value.field == "类别名称"
    volunteer_lists.rename_kind(session, added.id, "心理健康服务")
    volunteer_lists.set_kind_archived(session, added.id, True)
    assert "心理健康服务" not in [k.name for k in volunteer_lists.list_kinds(session)]
    everything = {k.name: k.archived for k in volunteer_lists.list_kinds(session, include_archived=True)}
    assert everything["心理健康服务"] is True
    with pytest.raises(ValidationError, match="已停用"):
        volunteer_lists.add_kind(session, "心理健康服务")
    with pytest.raises(ValidationError):
        volunteer_lists.rename_kind(session, added.id, " ")


def test_the_last_active_kind_cannot_be_archived(session: Session) -> None:
    kinds = volunteer_lists.list_kinds(session)
    for k in kinds[:-1]:
        volunteer_lists.set_kind_archived(session, k.id, True)
    with pytest.raises(ValidationError, match="至少要保留"):
        volunteer_lists.set_kind_archived(session, kinds[-1].id, True)


def test_a_kind_counts_its_events(session: Session) -> None:
    branch = setup_branch(session)
    secretary = roster.list_members(session, branch)[0].id
    clinic = volunteer_lists.kind_id_named(session, "义诊")
    data = VolunteerEventInput(
        "义诊", clinic, D(2026, 3, 7), T(8, 0), T(9, 0), participants=(ParticipantInput(secretary),)
    )
    volunteer.create_event(session, branch, data, today=TODAY)
    used = {k.name: k.used for k in volunteer_lists.list_kinds(session)}
    assert used["义诊"] == 1 and used["其他"] == 0


# --- partner units --------------------------------------------------------------------------------


def test_partner_units_are_added_renamed_and_archived(session: Session) -> None:
    school = volunteer_lists.add_partner(
        session, PartnerInput(" 示范市实验小学 ", "学校", "王老师", "13800138000")
    )
    assert (school.name, school.phone_masked) == ("示范市实验小学", "138****8000")
    renamed = volunteer_lists.update_partner(session, school.id, PartnerInput("示范市第一实验小学", "学校"))
    assert renamed.name == "示范市第一实验小学"
    with pytest.raises(ValidationError) as caught:
        volunteer_lists.add_partner(session, PartnerInput("示范市第一实验小学"))
    assert caught.value.field == "单位名称"
    volunteer_lists.set_partner_archived(session, school.id, True)
    assert volunteer_lists.list_partners(session) == []
    assert [p.archived for p in volunteer_lists.list_partners(session, include_archived=True)] == [True]
    with pytest.raises(ValidationError) as caught:
        volunteer_lists.add_partner(session, PartnerInput("幸福社区", phone="call me"))
    assert caught.value.field == "联系电话"


def test_a_used_partner_unit_is_never_deleted_an_unused_one_may_be(session: Session) -> None:
    branch = setup_branch(session)
    secretary = roster.list_members(session, branch)[0].id
    used = volunteer_lists.add_partner(session, PartnerInput("幸福社区", "社区"))
    spare = volunteer_lists.add_partner(session, PartnerInput("录错的单位"))
    data = VolunteerEventInput(
        "义诊",
        volunteer_lists.kind_id_named(session, "义诊"),
        D(2026, 3, 7),
        T(8, 0),
        T(9, 0),
        partner_unit_id=used.id,
        participants=(ParticipantInput(secretary),),
    )
    volunteer.create_event(session, branch, data, today=TODAY)
    with pytest.raises(ValidationError, match="不能删除"):
        volunteer_lists.remove_partner(session, used.id)
    volunteer_lists.remove_partner(session, spare.id)
    assert [(p.name, p.used) for p in volunteer_lists.list_partners(session)] == [("幸福社区", 1)]
