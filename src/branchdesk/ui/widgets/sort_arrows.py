"""The header's sort arrow pointing the way the list runs, in every table of the app.

Qt draws ▲ (its SortUp) for a descending sort; users read ▲ as "oldest / smallest first", so a
newest-first list showed the arrow the wrong way round. The application's style flips it once,
for every header, instead of each table fixing its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader


class SortArrowStyle(QProxyStyle):
    """Fusion with the header arrow flipped: ▼ for newest (largest) first, ▲ for oldest first."""

    def drawPrimitive(
        self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: Any, widget: Any = None
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            flipped = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
            flipped.sortIndicator = down if option.sortIndicator == up else up
            super().drawPrimitive(element, flipped, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)
