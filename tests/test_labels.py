"""The fixed word lists users pick from."""

from __future__ import annotations

from branchdesk.services.labels import ETHNICITIES


def test_the_56_ethnic_groups_are_offered_once_each_with_han_first() -> None:
    assert len(ETHNICITIES) == 56
    assert len(set(ETHNICITIES)) == 56
    assert ETHNICITIES[0] == "汉族" and "壮族" in ETHNICITIES[:3]
    assert all(name.endswith("族") for name in ETHNICITIES)
