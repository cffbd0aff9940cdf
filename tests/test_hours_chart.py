"""The QPainter bar chart of hours by month: a round scale, bars in proportion, zero months flat,
values and month labels drawn, a tooltip naming the month, and an empty year said in words."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor

from branchdesk.ui.widgets.hours_chart import BAR_COLOUR, HoursChart, nice_step

MONTHS = [f"{m}月" for m in range(1, 13)]


def chart(qtbot: QtBot, minutes: list[int]) -> HoursChart:
    widget = HoursChart()
    qtbot.addWidget(widget)
    widget.resize(640, 260)
    widget.set_values(MONTHS, minutes, title="2026年志愿服务时长（小时）")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_nice_steps_are_round() -> None:
    assert [nice_step(t) for t in (0, 3, 9, 14, 40, 121, 980)] == [1, 1, 5, 5, 10, 50, 500]


def test_bars_are_in_proportion_and_zero_months_are_flat(qtbot: QtBot) -> None:
    minutes = [0, 600, 1200, 0, 300, 0, 0, 0, 0, 0, 0, 60]
    widget = chart(qtbot, minutes)
    rects = widget.bar_rects()
    assert len(rects) == 12
    assert rects[0].height() == 0 and rects[3].height() == 0
    assert abs(rects[2].height() - 2 * rects[1].height()) < 0.01
    assert abs(rects[1].height() - 2 * rects[4].height()) < 0.01
    plot = widget.plot_rect()
    assert all(plot.contains(r.center()) or r.height() == 0 for r in rects)
    assert rects[2].top() >= plot.top()  # the tallest bar stays under the top of the scale
    assert all(rects[i].left() < rects[i + 1].left() for i in range(11))


def test_the_chart_paints_bars_and_describes_its_values(qtbot: QtBot) -> None:
    widget = chart(qtbot, [0, 0, 630, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    image = widget.grab().toImage()
    bar = widget.bar_rects()[2]
    assert QColor(image.pixel(bar.center().toPoint())) == BAR_COLOUR
    assert QColor(image.pixel(widget.bar_rects()[3].center().toPoint())) != BAR_COLOUR
    assert "3月 10.5 小时" in widget.accessibleDescription()
    assert widget.bar_at(bar.center().toPoint()) == 2
    assert widget.bar_at(QPoint(1, 1)) is None


def test_an_empty_year_says_so_instead_of_drawing_bars(qtbot: QtBot) -> None:
    widget = chart(qtbot, [0] * 12)
    image = widget.grab().toImage()
    pixels = [
        QColor(image.pixel(x, y)) for x in range(0, widget.width(), 3) for y in range(0, widget.height(), 3)
    ]
    assert BAR_COLOUR not in pixels
    middle = [QColor(image.pixel(x, y)) for x in range(200, 440) for y in range(120, 140)]
    assert any(c.lightness() < 160 for c in middle), "the empty-year sentence is drawn in the middle"
