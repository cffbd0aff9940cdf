"""A table model over frozen rows with columns declared once, a proxy that sorts Chinese right, and a
delegate that keeps a model's cell colours under the theme.

Pages call a service and hand the rows to `set_rows()`; models never query (Vorta's pattern).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCollator,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

R = TypeVar("R")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def fmt_date(day: dt.date | None) -> str:
    return day.strftime("%Y-%m-%d") if day else ""


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its title, the text shown, the value sorted on, and its alignment."""

    title: str
    display: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[R], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one frozen dataclass; read-only, replaced wholesale by `set_rows()`."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self._collator.setNumericMode(True)

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row, keeping the current sort order."""
        self.beginResetModel()
        self._rows = self._sorted(list(rows))
        self.endResetModel()

    def _sorted(self, rows: list[R]) -> list[R]:
        """Rows in the current order: one Python sort on precomputed keys, empty values last.

        Sorting here instead of in the proxy keeps a filter keystroke from re-sorting through
        thousands of Python lessThan calls (measured: 64 ms instead of a few on 3,000 members).
        """
        if self._sort is None:
            return rows
        column, order = self._sort
        spec = self._columns[column]
        key_of = spec.sort_key or spec.display
        keys = [key_of(row) for row in rows]
        present = [i for i, k in enumerate(keys) if k is not None and k != ""]
        empty = [i for i, k in enumerate(keys) if k is None or k == ""]
        if all(isinstance(keys[i], str) for i in present):
            collated = {i: self._collator.sortKey(keys[i]) for i in present}
            present.sort(key=collated.__getitem__)
        else:
            present.sort(key=lambda i: keys[i])
        if order == Qt.SortOrder.DescendingOrder:
            present.reverse()
        return [rows[i] for i in present + empty]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; selections and other persistent indexes follow their rows."""
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [self._rows[i.row()] if i.isValid() else None for i in old]
        self._sort = (column, order)
        self._rows = self._sorted(self._rows)
        position = {id(row): n for n, row in enumerate(self._rows)}
        new = [
            self.index(position[id(row)], i.column()) if row is not None else QModelIndex()
            for i, row in zip(old, old_rows, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rows(self) -> list[R]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    # Roles this model answers; the view asks for a dozen per painted cell, so the rest return at once.
    ROLES = frozenset(
        int(role)
        for role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ToolTipRole,
            SORT_ROLE,
            ROW_ROLE,
        )
    )

    def value(self, row: R, column: int, role: int) -> Any:
        """What `role` shows for one cell; subclasses add roles (colours, fonts) here, not in data()."""
        spec = self._columns[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.display(row)
        if role == SORT_ROLE:
            return spec.sort_key(row) if spec.sort_key else spec.display(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(spec.align.value)
        if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip:
            return spec.tooltip(row)
        if role == ROW_ROLE:
            return row
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called about ten times per painted cell: cheapest checks first (an invalid index has row -1).
        if role in self.ROLES:
            row = index.row()
            if 0 <= row < len(self._rows):
                return self.value(self._rows[row], index.column(), role)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self._columns[section].title
            return str(section + 1)
        return None


class RowFilterProxy(QSortFilterProxyModel):
    """Filters a RowTableModel by a predicate on its rows; sorting is handed to the model itself."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._predicate: Callable[[Any], bool] | None = None

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """Show only rows for which predicate(row) is true; None shows every row."""
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._predicate is None:
            return True
        model = self.sourceModel()
        if isinstance(model, RowTableModel):  # straight to the row: no index or data() per row
            return self._predicate(model.row_at(source_row))
        return self._predicate(model.data(model.index(source_row, 0, source_parent), ROW_ROLE))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The view's header asks the proxy; the model sorts its rows once (see RowTableModel)."""
        self.sourceModel().sort(column, order)


class ForegroundDelegate(QStyledItemDelegate):
    """Draws a cell's ForegroundRole colour, which qt-material's `QTableView::item { color }` rule would
    override; any table whose model colours cells (the roster's 转正 reminders) sets this delegate.

    A colour should never be the only signal: the roster's model also makes a due 转正 bold.
    """

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        if not isinstance(brush, QBrush) or option.state & QStyle.StateFlag.State_Selected:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        font = opt.font  # the model's FontRole (bold for a due 转正) is already applied
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.save()
        painter.setFont(font)
        painter.setPen(brush.color())
        painter.drawText(rect, int(opt.displayAlignment.value), elided)
        painter.restore()


class FastCellDelegate(ForegroundDelegate):
    """ForegroundDelegate that draws an ordinary cell itself, from a plan made once per row and column.

    Through the style sheet each cell costs ~45 us (rule lookup, a QTextLayout per cell): a roster
    filter keystroke repaints ~270 cells, most of a 16 ms frame. Here a cell's text is laid out once
    (QStaticText) and placed where the style would put it (its text rectangle, asked once per cell
    size), in the model's ForegroundRole colour or the view's text colour (what the theme's
    `QTableView::item` uses). A cell that is selected, focused, disabled, bold, or too narrow for its
    text is still drawn by the style; the alternate row background is the view's own (QTableView
    draws it before asking the delegate). Plans are dropped when the model resets or its data
    changes, and when the view's font, palette or style does.
    """

    CACHE_LIMIT = 50_000
    _FALLBACK_ROLES = frozenset(
        int(r)
        for r in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.CheckStateRole,
            Qt.ItemDataRole.BackgroundRole,
        )
    )
    _RESET_EVENTS = frozenset((QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # (id(row), column, width, height) -> (text, x, y, colour); None: the style draws that cell
        self._plans: dict[tuple[int, int, int, int], tuple[QStaticText, float, float, QColor] | None] = {}
        self._boxes: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        self._model: QAbstractItemModel | None = None
        if isinstance(parent, QObject):
            parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._RESET_EVENTS:
            self.forget()
        return False

    def forget(self) -> None:
        """Drop every plan (the rows, their texts or the look changed)."""
        self._plans.clear()
        self._boxes.clear()

    def _watch(self, model: QAbstractItemModel) -> None:
        if self._model is not None:
            for signal in (self._model.modelReset, self._model.dataChanged):
                signal.disconnect(self.forget)
        self._model = model
        model.modelReset.connect(self.forget)
        model.dataChanged.connect(self.forget)
        self.forget()

    def _text_box(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> tuple[int, int, int, int]:
        """Where the style writes the text inside a cell of this size, as (dx, dy, width, height): its
        text rectangle (the theme's padding) less the text margin Qt's item painting keeps each side."""
        rect = option.rect
        size = (rect.width(), rect.height())
        box = self._boxes.get(size)
        if box is None:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            widget = opt.widget
            style = widget.style() if widget is not None else QApplication.style()
            text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
            box = (
                text.left() - rect.left() + margin,
                text.top() - rect.top(),
                text.width() - 2 * margin,
                text.height(),
            )
            self._boxes[size] = box
        return box

    def _plan(
        self,
        model: RowTableModel[Any],
        row: Any,
        column: int,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> tuple[QStaticText, float, float, QColor] | None:
        text = model.value(row, column, _DISPLAY)
        if model.value(row, column, _FONT) is not None:
            return None
        static = QStaticText(str(text or ""))
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=option.font)
        size = static.size()
        width = size.width()
        dx, dy, room, tall = self._text_box(option, index)
        if width > room:  # elided by the style, as before
            return None
        align = int(model.value(row, column, _ALIGNMENT) or 0)
        free = room - width  # across, QTextLayout places the style's text to the fraction of a pixel
        x = dx + (free / 2 if align & _HCENTER else free if align & _RIGHT else 0)
        brush = model.value(row, column, _FOREGROUND)
        colour = brush.color() if isinstance(brush, QBrush) else option.palette.color(QPalette.ColorRole.Text)
        # down, QStyle.alignedRect does: whole pixels, C++ division (towards zero when the text is taller)
        return static, x, dy + int((tall - size.toSize().height()) / 2), colour

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # Runs for every visible cell on every repaint: plain ints instead of Qt enum arithmetic.
        model = index.model()
        source: QModelIndex | QPersistentModelIndex = index
        if isinstance(model, QSortFilterProxyModel):
            source = model.mapToSource(index)
            model = model.sourceModel()
        state = option.state.value
        if (
            state & _STYLED_STATES
            or not state & _ENABLED
            or not isinstance(model, RowTableModel)
            or not self._FALLBACK_ROLES.isdisjoint(model.ROLES)
        ):
            super().paint(painter, option, index)
            return
        if model is not self._model:
            self._watch(model)
        row, column = model.row_at(source.row()), source.column()
        rect = option.rect
        key = (id(row), column, rect.width(), rect.height())
        if key in self._plans:
            plan = self._plans[key]
        else:
            if len(self._plans) > self.CACHE_LIMIT:
                self._plans.clear()
            plan = self._plans[key] = self._plan(model, row, column, option, index)
        if plan is None:
            super().paint(painter, option, index)
            return
        static, x, y, colour = plan
        painter.setFont(option.font)
        painter.setPen(colour)
        painter.drawStaticText(QPointF(rect.left() + x, rect.top() + y), static)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_HCENTER = Qt.AlignmentFlag.AlignHCenter.value
_RIGHT = Qt.AlignmentFlag.AlignRight.value
_STYLED_STATES = (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus).value
_ENABLED = QStyle.StateFlag.State_Enabled.value
