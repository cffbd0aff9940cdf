"""Party groups: unique names, leaders on the roll, archiving only when empty."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import MemberStatus
from branchdesk.services import groups, roster
from tests.factories import TODAY, setup_branch


def test_groups_count_members_on_the_roll(session: Session) -> None:
    branch = setup_branch(session)
    group = groups.add_group(session, branch, "第一党小组")
    a = roster.add_member(session, branch, roster.MemberInput(name="甲", group_id=group.id), today=TODAY)
    roster.add_member(session, branch, roster.MemberInput(name="乙", group_id=group.id), today=TODAY)
    roster.change_status(session, a.id, MemberStatus.TRANSFERRED_OUT, on=TODAY, reason="调离", today=TODAY)
    (row,) = groups.list_groups(session, branch)
    assert (row.name, row.member_count) == ("第一党小组", 1)


def test_duplicate_and_empty_names_are_refused(session: Session) -> None:
    branch = setup_branch(session)
    groups.add_group(session, branch, "第一党小组")
    for name in ("第一党小组", " "):
        with pytest.raises(ValidationError) as err:
            groups.add_group(session, branch, name)
        assert err.value.field == "党小组名称"


def test_leader_must_be_on_this_branch_roll(session: Session) -> None:
    branch = setup_branch(session)
    member = roster.add_member(session, branch, roster.MemberInput(name="丙"), today=TODAY)
    group = groups.add_group(session, branch, "第一党小组", leader_id=member.id)
    assert group.leader_name == "丙"
    roster.change_status(session, member.id, MemberStatus.DECEASED, on=TODAY, reason="病故", today=TODAY)
    with pytest.raises(ValidationError):
        groups.update_group(session, group.id, name="第一党小组", leader_id=member.id)


def test_only_an_empty_group_can_be_archived(session: Session) -> None:
    branch = setup_branch(session)
    group = groups.add_group(session, branch, "第一党小组")
    member = roster.add_member(session, branch, roster.MemberInput(name="丁", group_id=group.id), today=TODAY)
    with pytest.raises(ValidationError) as err:
        groups.archive_group(session, group.id)
    assert "1 名" in err.value.user_message
    roster.update_member(session, member.id, roster.MemberInput(name="丁"), today=dt.date(2026, 11, 25))
    groups.archive_group(session, group.id)
    assert groups.list_groups(session, branch) == []
    assert [g.archived for g in groups.list_groups(session, branch, include_archived=True)] == [True]
