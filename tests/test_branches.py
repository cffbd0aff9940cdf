"""First-run set-up, the branch profile with its brand, committee posts and the 换届 date."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from branchdesk.db import transaction
from branchdesk.errors import ValidationError
from branchdesk.models import Branch, CommitteeRole, Member
from branchdesk.services import branches, roster
from tests.factories import TODAY, setup_branch


def test_first_run_creates_committee_branch_and_secretary(session: Session) -> None:
    assert not branches.has_branch(session)
    branch = setup_branch(session)
    profile = branches.get_profile(session, branch)
    assert profile.committee_name == "中共测试医院委员会"
    assert profile.secretary_name == "张三"
    assert profile.term_due == dt.date(2027, 3, 1)
    assert branches.has_branch(session)


def test_failed_first_run_writes_nothing(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(ValidationError) as err, transaction(session_factory) as session:
        branches.setup_first_branch(
            session,
            committee="中共测试医院委员会",
            branch=branches.BranchProfileInput(name="内科党支部"),
            secretary=roster.MemberInput(name="王五", id_number="110105194912310021"),
            today=TODAY,
        )
    assert err.value.field == "身份证号"
    with transaction(session_factory) as session:
        assert session.scalar(select(func.count(Branch.id))) == 0
        assert session.scalar(select(func.count(Member.id))) == 0


def test_profile_and_brand_are_saved(session: Session) -> None:
    branch = setup_branch(session)
    profile = branches.update_profile(
        session,
        branch,
        branches.BranchProfileInput(
            name="内科第七党支部",
            departments="心内科、呼吸内科",
            term_started_on=dt.date(2023, 12, 1),
            brand_name="仁心讲堂",
            brand_slogan="守护心跳",
            brand_meaning="以党建引领医疗服务",
        ),
    )
    assert (profile.brand_name, profile.brand_slogan) == ("仁心讲堂", "守护心跳")
    assert profile.term_due == dt.date(2026, 12, 1)


def test_logo_is_checked_and_kept_in_the_database(session: Session) -> None:
    branch = setup_branch(session)
    with pytest.raises(ValidationError) as err:
        branches.set_logo(session, branch, b"GIF89a", "gif")
    assert err.value.field == "品牌标志"
    branches.set_logo(session, branch, b"\x89PNG fake", "png")
    assert branches.logo(session, branch) == b"\x89PNG fake"
    assert branches.get_profile(session, branch).has_logo


def test_new_secretary_ends_the_previous_secretary_post(session: Session) -> None:
    branch = setup_branch(session)
    member = roster.add_member(session, branch, roster.MemberInput(name="赵六"), today=TODAY)
    branches.set_committee_post(session, branch, member.id, CommitteeRole.SECRETARY, started_on=TODAY)
    branches.set_committee_post(session, branch, member.id, CommitteeRole.MEMBER, started_on=TODAY)
    profile = branches.get_profile(session, branch)
    assert profile.secretary_name == "赵六"
    assert [(p.member_name, p.role_label) for p in profile.committee] == [("赵六", "书记"), ("赵六", "委员")]


def test_duplicate_branch_names_are_refused(session: Session) -> None:
    setup_branch(session)
    with pytest.raises(ValidationError) as err:
        branches.create_branch(session, 1, branches.BranchProfileInput(name="内科第七党支部"))
    assert err.value.field == "支部名称"
    assert [b.name for b in branches.list_branches(session)] == ["内科第七党支部"]


def test_ensure_branch_creates_committee_and_branch_once(session: Session) -> None:
    first = branches.ensure_branch(session, "外科党支部")
    assert branches.ensure_branch(session, " 外科党支部 ") == first
    assert branches.committee_name(session) == "医院党委"
    assert [b.name for b in branches.list_branches(session)] == ["外科党支部"]
