"""The roll on a date: members joining, leaving, coming back and changing group, in roll order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from branchdesk.models import Member, MemberStatus
from branchdesk.services import branches, groups, roster
from branchdesk.services.roll import roll_on
from tests.factories import TODAY, setup_branch

D = dt.date


def _join(session: Session, branch: int, name: str, on: dt.date, group_id: int | None = None) -> int:
    data = roster.MemberInput(name=name, department="心内科", group_id=group_id)
    return roster.add_member(session, branch, data, today=on).id


def _move(session: Session, member_id: int, group_id: int | None, on: dt.date) -> None:
    current = roster.get_member(session, member_id, today=on).to_input()
    roster.update_member(session, member_id, replace(current, group_id=group_id), today=on)


def _names(session: Session, branch: int, day: dt.date, group_id: int | None = None) -> list[str]:
    return [e.name for e in roll_on(session, branch, day, group_id=group_id)]


@contextmanager
def count_queries(session: Session) -> Iterator[list[str]]:
    """The SQL statements run inside the block, to prove a call does not query per member."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_roll_follows_members_joining_and_leaving(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)  # the secretary 张三 comes on the roll on TODAY
    li = _join(session, branch, "李四", D(2026, 1, 10))
    _join(session, branch, "王五", D(2026, 3, 1))
    roster.change_status(
        session, li, MemberStatus.TRANSFERRED_OUT, on=D(2026, 6, 30), reason="转往外院", today=TODAY
    )
    assert _names(session, branch, D(2026, 1, 9)) == []
    assert _names(session, branch, D(2026, 1, 10)) == ["李四"]
    assert _names(session, branch, D(2026, 3, 1)) == ["李四", "王五"]
    assert _names(session, branch, D(2026, 6, 29)) == ["李四", "王五"]
    assert _names(session, branch, D(2026, 6, 30)) == ["王五"]
    assert _names(session, branch, TODAY) == ["张三", "王五"]


def test_member_back_on_the_roll_counts_again_from_that_day(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    li = _join(session, branch, "李四", D(2026, 1, 10))
    roster.change_status(
        session, li, MemberStatus.SUSPENDED, on=D(2026, 3, 1), reason="停止党籍", today=TODAY
    )
    roster.change_status(session, li, MemberStatus.ACTIVE, on=D(2026, 9, 1), today=TODAY)
    assert _names(session, branch, D(2026, 2, 28)) == ["李四"]
    assert _names(session, branch, D(2026, 5, 1)) == []
    assert _names(session, branch, D(2026, 9, 1)) == ["李四"]


def test_the_last_change_of_a_day_decides(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    li = _join(session, branch, "李四", D(2026, 2, 1))
    roster.change_status(session, li, MemberStatus.DECEASED, on=D(2026, 2, 1), reason="病故", today=TODAY)
    assert _names(session, branch, D(2026, 2, 1)) == []


def test_group_on_a_date_follows_group_changes(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    first = groups.add_group(session, branch, "第一党小组").id
    second = groups.add_group(session, branch, "第二党小组").id
    li = _join(session, branch, "李四", D(2026, 1, 10), group_id=first)
    _join(session, branch, "王五", D(2026, 1, 10), group_id=second)
    _move(session, li, second, D(2026, 5, 1))

    assert _names(session, branch, D(2026, 4, 30), first) == ["李四"]
    assert _names(session, branch, D(2026, 4, 30), second) == ["王五"]
    assert _names(session, branch, D(2026, 5, 1), first) == []
    assert _names(session, branch, D(2026, 5, 1), second) == ["李四", "王五"]
    before = {e.name: e.group_name for e in roll_on(session, branch, D(2026, 4, 30))}
    after = {e.name: (e.group_id, e.group_name) for e in roll_on(session, branch, D(2026, 5, 1))}
    assert before == {"李四": "第一党小组", "王五": "第二党小组"}
    assert after["李四"] == (second, "第二党小组")


def test_group_roll_leaves_out_members_who_left(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    group = groups.add_group(session, branch, "第一党小组").id
    li = _join(session, branch, "李四", D(2026, 1, 10), group_id=group)
    _join(session, branch, "王五", D(2026, 1, 10), group_id=group)
    roster.change_status(
        session, li, MemberStatus.TRANSFERRED_OUT, on=D(2026, 4, 1), reason="调离", today=TODAY
    )
    assert _names(session, branch, D(2026, 3, 31), group) == ["李四", "王五"]
    assert _names(session, branch, D(2026, 4, 1), group) == ["王五"]


def test_roll_is_in_roll_order_not_joining_order(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    first = _join(session, branch, "李四", D(2026, 1, 10))
    second = _join(session, branch, "王五", D(2026, 1, 10))
    session.get_one(Member, first).roll_order = 90  # the secretary renumbered the roll
    session.get_one(Member, second).roll_order = 10
    session.flush()
    assert _names(session, branch, D(2026, 2, 1)) == ["王五", "李四"]


def test_roll_of_another_branch_is_not_mixed_in(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    surgery = branches.ensure_branch(session, "外科党支部")
    _join(session, surgery, "赵六", D(2026, 1, 1))
    _join(session, branch, "李四", D(2026, 1, 1))
    assert _names(session, branch, D(2026, 2, 1)) == ["李四"]
    assert _names(session, surgery, D(2026, 2, 1)) == ["赵六"]


def test_roll_of_150_members_is_one_query(session: Session) -> None:
    branch = setup_branch(session, secretary_dates=False)
    group = groups.add_group(session, branch, "第一党小组").id
    for i in range(150):
        _join(session, branch, f"党员{i:03d}", D(2026, 1, 1), group_id=group if i % 2 else None)
    session.flush()
    with count_queries(session) as seen:
        everyone = roll_on(session, branch, D(2026, 2, 1))
        in_group = roll_on(session, branch, D(2026, 2, 1), group_id=group)
    assert len(everyone) == 150 and len(in_group) == 75
    assert len(seen) == 2
