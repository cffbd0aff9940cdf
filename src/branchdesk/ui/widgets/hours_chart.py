"""A small bar chart of volunteer hours by month, drawn with QPainter.

QtCharts is not part of PySide6-Essentials (the only Qt the app ships), and twelve bars with a scale
do not justify another 30 MB of Qt modules or a plotting library. Text is drawn in the widget's font,
which the theme sets to a CJK font (bundled or installed), so 1月..12月 and 小时 render on any ward PC.
Each bar carries its value above it, so the chart reads without the scale (and without colour).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

BAR_COLOUR = QColor("#c62828")  # party red, as the theme's accent
HIGHLIGHT_COLOUR = QColor("#8e0000")
GRID_COLOUR = QColor("#e0e0e0")
TEXT_COLOUR = QColor("#212121")
MUTED_COLOUR = QColor("#616161")


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines up to `top`."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


class HoursChart(QWidget):
    """Bars of hours with their labels; `set_values` replaces them, `highlight` marks one bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hoursChart")
        self.setMinimumSize(QSize(420, 200))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.labels: list[str] = []
        self.minutes: list[int] = []
        self.title = ""
        self.empty_text = "本年度还没有志愿服务时长"
        self.highlight: int | None = None
        self.setMouseTracking(True)

    def set_values(
        self, labels: Sequence[str], minutes: Sequence[int], *, title: str = "", highlight: int | None = None
    ) -> None:
        self.labels, self.minutes = list(labels), list(minutes)
        self.title, self.highlight = title, highlight
        self.setAccessibleDescription(
            "；".join(f"{label} {_hours(m)} 小时" for label, m in zip(self.labels, self.minutes, strict=True))
        )
        self.update()

    # --- geometry (kept apart from painting so tests can check it) --------------------------------------

    def _scale(self) -> tuple[float, float]:
        """The axis top and step in hours."""
        top = max((m / 60 for m in self.minutes), default=0.0)
        step = nice_step(top)
        return max(step, math.ceil(top / step) * step), step

    def plot_rect(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        top_axis, _step = self._scale()
        left = metrics.horizontalAdvance(f"{top_axis:g}") + 14
        title = metrics.height() + 8 if self.title else 4
        value_room = metrics.height() + 4
        return QRectF(
            left,
            title + value_room,
            max(self.width() - left - 12, 1),
            max(self.height() - title - value_room - metrics.height() - 10, 1),
        )

    def bar_rects(self) -> list[QRectF]:
        """One rectangle per value, inside plot_rect(); a zero value has zero height."""
        if not self.minutes:
            return []
        plot = self.plot_rect()
        top_axis, _step = self._scale()
        slot = plot.width() / len(self.minutes)
        width = slot * 0.62
        rects = []
        for index, minutes in enumerate(self.minutes):
            height = plot.height() * (minutes / 60) / top_axis if top_axis else 0.0
            x = plot.left() + slot * index + (slot - width) / 2
            rects.append(QRectF(x, plot.bottom() - height, width, height))
        return rects

    # --- painting ---------------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        metrics = QFontMetrics(self.font())
        if self.title:
            painter.setPen(TEXT_COLOUR)
            painter.drawText(
                QRectF(0, 2, self.width(), metrics.height() + 4), Qt.AlignmentFlag.AlignCenter, self.title
            )
        if not any(self.minutes):
            painter.setPen(MUTED_COLOUR)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        plot = self.plot_rect()
        top_axis, step = self._scale()
        self._paint_scale(painter, plot, top_axis, step, metrics)
        slot = plot.width() / len(self.minutes)
        for index, (rect, minutes) in enumerate(zip(self.bar_rects(), self.minutes, strict=True)):
            painter.fillRect(rect, HIGHLIGHT_COLOUR if index == self.highlight else BAR_COLOUR)
            painter.setPen(TEXT_COLOUR)
            if minutes:
                value = QRectF(
                    rect.left() - 20, rect.top() - metrics.height() - 2, rect.width() + 40, metrics.height()
                )
                painter.drawText(
                    value, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(_hours(minutes))
                )
            label = QRectF(plot.left() + slot * index, plot.bottom() + 4, slot, metrics.height())
            painter.drawText(
                label, Qt.AlignmentFlag.AlignCenter, self.labels[index] if index < len(self.labels) else ""
            )
        painter.end()

    def _paint_scale(
        self, painter: QPainter, plot: QRectF, top_axis: float, step: float, metrics: QFontMetrics
    ) -> None:
        ticks = round(top_axis / step)
        for tick in range(ticks + 1):
            value = step * tick
            y = plot.bottom() - plot.height() * value / top_axis
            painter.setPen(QPen(GRID_COLOUR if tick else MUTED_COLOUR, 1))
            painter.drawLine(int(plot.left()), round(y), int(plot.right()), round(y))
            painter.setPen(MUTED_COLOUR)
            text_rect = QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height())
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:g}"
            )

    def bar_at(self, point: QPoint) -> int | None:
        """The bar under the mouse (its whole column counts, so a short bar is easy to hit)."""
        plot = self.plot_rect()
        if not self.minutes or not plot.left() <= point.x() <= plot.right():
            return None
        index = int((point.x() - plot.left()) / (plot.width() / len(self.minutes)))
        return min(index, len(self.minutes) - 1)

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QHelpEvent.Type.ToolTip:
            index = self.bar_at(event.pos())
            if index is not None:
                label = self.labels[index] if index < len(self.labels) else ""
                QToolTip.showText(event.globalPos(), f"{label}：{_hours(self.minutes[index])} 小时", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]
