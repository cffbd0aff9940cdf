"""FastCellDelegate draws ordinary cells as the theme's style does, only cheaper (the roster's keystroke)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QImage
from PySide6.QtWidgets import QApplication, QTableView

from branchdesk.ui import theme
from branchdesk.ui.tablemodels.base import (
    CENTER,
    RIGHT,
    Column,
    FastCellDelegate,
    ForegroundDelegate,
    RowFilterProxy,
    RowTableModel,
)

GREY = QColor("#757575")


@dataclass(frozen=True)
class _Row:
    name: str
    group: str
    count: int
    left: bool = False


class _Model(RowTableModel[_Row]):
    ROLES = RowTableModel.ROLES | {int(Qt.ItemDataRole.ForegroundRole)}

    def value(self, row: _Row, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(GREY) if row.left else None
        return super().value(row, column, role)


COLUMNS = [
    Column[_Row]("姓名", lambda r: r.name),
    Column[_Row]("党小组", lambda r: r.group, align=CENTER),
    Column[_Row]("次数", lambda r: str(r.count), align=RIGHT),
]
ROWS = [_Row(f"张{'三四五六七八九十'[i % 8]}{i}", f"第{i % 3 + 1}党小组", i * 7) for i in range(12)]


@pytest.fixture(params=["plain", "theme"])
def table(
    request: pytest.FixtureRequest, qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> Iterator[QTableView]:
    before = qapp.styleSheet()
    if request.param == "theme":
        theme.apply_theme(qapp, tmp_path / "cache")
    model = _Model(COLUMNS)
    model.set_rows([*ROWS, _Row("李离开", "第1党小组", 3, left=True)])
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setAlternatingRowColors(True)
    view.resize(420, 480)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.model_ref = model  # type: ignore[attr-defined]
    yield view
    qapp.setStyleSheet(before)


def _render(view: QTableView, delegate: type[ForegroundDelegate]) -> QImage:
    view.setItemDelegate(delegate(view))
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def _differing(a: QImage, b: QImage) -> int:
    return sum(1 for y in range(a.height()) for x in range(a.width()) if a.pixel(x, y) != b.pixel(x, y))


def _rows_image(image: QImage, view: QTableView, rows: range) -> QImage:
    top = view.rowViewportPosition(rows.start)
    bottom = view.rowViewportPosition(rows.stop - 1) + view.rowHeight(rows.stop - 1)
    return image.copy(0, top, image.width(), bottom - top)


def test_plain_cells_look_as_the_style_draws_them(table: QTableView) -> None:
    styled = _render(table, ForegroundDelegate)
    fast = _render(table, FastCellDelegate)
    plain = range(0, len(ROWS))  # left, centred and right-aligned text on both row colours
    assert _differing(_rows_image(styled, table, plain), _rows_image(fast, table, plain)) == 0


def test_a_model_colour_is_drawn_and_a_selected_row_keeps_the_style(table: QTableView) -> None:
    table.setItemDelegate(FastCellDelegate(table))
    table.selectRow(2)
    QApplication.processEvents()
    fast = table.viewport().grab().toImage()
    table.setItemDelegate(ForegroundDelegate(table))
    QApplication.processEvents()
    styled = table.viewport().grab().toImage()
    selected = range(2, 3)
    assert _differing(_rows_image(styled, table, selected), _rows_image(fast, table, selected)) == 0
    last = _rows_image(fast, table, range(len(ROWS), len(ROWS) + 1))
    colours = {last.pixelColor(x, y).name() for y in range(last.height()) for x in range(last.width())}
    assert GREY.name() in colours  # the leaver's grey, not the theme's text colour


def test_new_texts_are_drawn_after_the_model_changes(table: QTableView) -> None:
    table.setItemDelegate(FastCellDelegate(table))
    QApplication.processEvents()
    before = table.viewport().grab().toImage()
    model = table.model_ref  # type: ignore[attr-defined]
    model.set_rows([_Row("王五", "第9党小组", 99), *ROWS[1:]])
    QApplication.processEvents()
    after = table.viewport().grab().toImage()
    first = range(0, 1)
    assert _differing(_rows_image(before, table, first), _rows_image(after, table, first)) > 0
    table.setItemDelegate(ForegroundDelegate(table))
    QApplication.processEvents()
    styled = table.viewport().grab().toImage()
    assert _differing(_rows_image(styled, table, first), _rows_image(after, table, first)) == 0
