"""The benchmark's hospital generator is seeded: one seed, one database; it builds through the services."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchdesk.bench import hospital

SMALL = hospital.SMALL


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("bench")
    first = hospital.build_hospital(folder / "a.sqlite3", seed=1, scale=SMALL)
    again = hospital.build_hospital(folder / "b.sqlite3", seed=1, scale=SMALL)
    other = hospital.build_hospital(folder / "c.sqlite3", seed=2, scale=SMALL)
    return first, again, other


def test_same_seed_gives_the_same_counts_and_content(built: tuple[Path, Path, Path]) -> None:
    first, again, _ = built
    assert hospital.count(first) == hospital.count(again)
    assert hospital.digest(first) == hospital.digest(again)


def test_another_seed_gives_other_content(built: tuple[Path, Path, Path]) -> None:
    first, _, other = built
    assert hospital.digest(first) != hospital.digest(other)


def test_small_scale_has_every_part_of_the_hospital(built: tuple[Path, Path, Path]) -> None:
    counts = hospital.count(built[0])
    assert counts.branches == SMALL.branches
    assert counts.members == SMALL.members
    assert counts.left_roll > 0  # status histories: some members left the roll on a date
    assert counts.status_changes == counts.members + counts.left_roll
    assert counts.groups >= SMALL.branches
    # every branch and every group meets every month: theme day, 支委会 and each group's meeting
    assert counts.meetings >= SMALL.months * (2 * SMALL.branches + counts.groups) - 2 * SMALL.branches
    assert 0 < counts.exceptions < counts.attendance / 5  # 请假/缺席/迟到 are the exception
    assert counts.posts >= SMALL.branches  # every branch has at least one post
    assert counts.holders >= counts.posts  # each with a holder
    assert counts.reviews > 0
    assert counts.volunteer_events == SMALL.volunteer_events
    assert counts.participants >= 2 * counts.volunteer_events


def test_branch_sizes_add_up_and_the_first_is_the_largest() -> None:
    import random

    sizes = hospital._branch_sizes(random.Random(3), hospital.FULL)
    assert len(sizes) == hospital.FULL.branches
    assert sum(sizes) == hospital.FULL.members
    assert sizes[0] == max(sizes) == hospital.FULL.largest
    assert min(sizes) >= 10
