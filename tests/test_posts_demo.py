"""The demo's posts: every branch a 示范岗, 责任区 by ward and a 先锋岗; two outpatient desks with a rota
from last month to next, the past confirmed (a few swaps, a missed turn), nobody in two places."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from branchdesk.db import make_engine, make_session_factory, transaction
from branchdesk.models import DutyOutcome, PostKind
from branchdesk.services import branches, duty_rota, post_plaque, post_reviews, posts
from branchdesk.services.demo import populate_demo

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(scope="module")
def built(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("demo_posts") / "demo.sqlite3"
    shutil.copy2(template_db, path)
    engine = make_engine(path)
    try:
        with transaction(make_session_factory(engine)) as session:
            count = populate_demo(session, today=TODAY).posts  # demo.populate_demo calls populate_posts
    finally:
        engine.dispose()
    return path, count


@pytest.fixture
def session(built: tuple[Path, int], tmp_path: Path) -> Iterator[Session]:
    copy = tmp_path / "demo.sqlite3"
    shutil.copy2(built[0], copy)
    engine = make_engine(copy)
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        yield s
    engine.dispose()


def test_every_branch_has_a_model_post_areas_and_a_pioneer_post(
    built: tuple[Path, int], session: Session
) -> None:
    summaries = branches.list_branches(session)
    total = 0
    for summary in summaries:
        counts = {c.kind: c.total for c in posts.kind_counts(session, summary.id, on=TODAY)}
        assert counts[PostKind.MODEL] == 1 and counts[PostKind.PIONEER] == 1, summary.name
        assert 1 <= counts[PostKind.AREA] <= 4, summary.name
        total += sum(counts.values())
        for row in posts.list_posts(session, summary.id, on=TODAY):
            assert row.holders, row.name  # each post has someone on it today
            assert row.duty_lines and row.commitment
    assert total == built[1]
    model = posts.list_posts(session, summaries[0].id, kind=PostKind.MODEL, on=TODAY)[0]
    assert model.latest_review is not None and model.holders[0].role == "岗长"


def test_two_desks_have_a_rota_from_last_month_to_next_with_the_past_confirmed(session: Session) -> None:
    desks = [
        row
        for summary in branches.list_branches(session)
        for row in posts.list_posts(session, summary.id, kind=PostKind.VOLUNTEER, on=TODAY)
    ]
    assert [d.name for d in desks] == ["门诊大厅党员志愿服务岗", "检验报告自助区党员志愿服务岗"]
    assert all(d.volunteer_kind_name == "导医导诊" for d in desks)
    for desk in desks:
        turns = duty_rota.list_turns(session, desk.id, dt.date(2026, 2, 1), dt.date(2026, 4, 30))
        months = Counter(t.on_date.month for t in turns)
        assert set(months) == {2, 3, 4}
        past = [t for t in turns if t.on_date < TODAY]
        assert all(t.outcome is not DutyOutcome.PLANNED for t in past)
        assert all(t.outcome is DutyOutcome.PLANNED for t in turns if t.on_date >= TODAY)
        assert sum(t.outcome is DutyOutcome.MISSED for t in past) == 1
        assert all(t.people_helped for t in past if t.outcome is not DutyOutcome.MISSED)
    hall = duty_rota.list_turns(session, desks[0].id, dt.date(2026, 2, 1), TODAY)
    assert any(t.outcome is DutyOutcome.SWAPPED for t in hall)


def test_no_member_is_on_two_overlapping_turns(session: Session) -> None:
    desks = [
        row.id
        for summary in branches.list_branches(session)
        for row in posts.list_posts(session, summary.id, kind=PostKind.VOLUNTEER, on=TODAY)
    ]
    taken: dict[tuple[str, dt.date], list[duty_rota.TurnRow]] = {}
    for desk in desks:
        for turn in duty_rota.list_turns(session, desk, dt.date(2026, 2, 1), dt.date(2026, 4, 30)):
            who = turn.served_by or turn.member_name
            for other in taken.get((who, turn.on_date), []):
                assert not (other.starts_at < turn.ends_at and turn.starts_at < other.ends_at), who
            taken.setdefault((who, turn.on_date), []).append(turn)


def test_the_first_model_post_shows_a_voided_holding_a_withdrawn_review_and_its_phone(
    session: Session,
) -> None:
    first = branches.list_branches(session)[0]
    model = posts.list_posts(session, first.id, kind=PostKind.MODEL, on=TODAY)[0]
    history = posts.holders(session, model.id)
    voided = [h for h in history if h.voided]
    assert len(voided) == 1 and voided[0].void_reason.startswith("录错党员")
    assert voided[0].member_id not in {h.member_id for h in model.holders}  # not on the post, nor the plaque
    reviews = post_reviews.list_reviews(session, model.id)
    withdrawn = [r for r in reviews if r.voided]
    assert [r.void_reason for r in withdrawn] == ["重复录入"]
    assert model.latest_review is not None and not model.latest_review.voided
    assert post_plaque.plaque(session, model.id, on=TODAY).phone == "0571-8700 1234（院党委办公室）"
    others = [
        row
        for summary in branches.list_branches(session)[1:]
        for row in posts.list_posts(session, summary.id, on=TODAY)
    ]
    assert not any(h.voided for row in others for h in posts.holders(session, row.id))
