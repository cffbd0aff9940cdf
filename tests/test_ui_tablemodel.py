"""The shared row table model passes Qt's model tester and sorts Chinese names by pinyin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt

from branchdesk.ui.tablemodels.base import Column, RowFilterProxy, RowTableModel, fmt_date


@dataclass(frozen=True)
class _Row:
    name: str
    joined: dt.date | None
    age: int


COLUMNS = [
    Column[_Row]("姓名", lambda r: r.name),
    Column[_Row]("入党时间", lambda r: fmt_date(r.joined), lambda r: r.joined),
    Column[_Row]("年龄", lambda r: str(r.age), lambda r: r.age),
]
ROWS = [
    _Row("张三", dt.date(2001, 7, 1), 50),
    _Row("安娜", None, 9),
    _Row("李四", dt.date(1999, 1, 1), 100),
]


def test_model_passes_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    qtmodeltester.check(model)


def _sorted_names(column: int) -> list[str]:
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    return [proxy.index(i, 0).data() for i in range(proxy.rowCount())]


def test_chinese_names_sort_by_pinyin() -> None:
    assert _sorted_names(0) == ["安娜", "李四", "张三"]


def test_numbers_sort_numerically_and_empty_dates_last() -> None:
    assert _sorted_names(2) == ["安娜", "张三", "李四"]
    assert _sorted_names(1) == ["李四", "张三", "安娜"]


def test_predicate_filters_rows() -> None:
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_predicate(lambda r: r.age >= 50)
    assert proxy.rowCount() == 2
    proxy.set_predicate(None)
    assert proxy.rowCount() == 3
