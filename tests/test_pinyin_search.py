"""Pinyin search keys: initials, full pinyin, and surnames read as surnames."""

from __future__ import annotations

import pytest

from branchdesk.services.pinyin_search import matches, search_key


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("张三", "zs"),
        ("张三", "zhangsan"),
        ("张三", "张"),
        ("单田芳", "stf"),
        ("曾国藩", "zgf"),
        ("区志强", "ozq"),
        ("仇英", "qy"),
        ("万俟雪", "mqx"),
        ("李 明", "lm"),
    ],
)
def test_query_finds_name(name: str, query: str) -> None:
    assert matches(search_key(name), query)


@pytest.mark.parametrize(("name", "query"), [("张三", "ls"), ("单伟", "dw"), ("曾强", "cq")])
def test_query_does_not_find_other_names(name: str, query: str) -> None:
    assert not matches(search_key(name), query)


def test_empty_query_matches_everything() -> None:
    assert matches(search_key("王五"), "  ")
