"""按周排班 as a newcomer meets it: the post named inside the window, last month's people ticked (holders
first), a click on a name ticks it, and Esc after any work asks before throwing it away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QStyle, QStyleOptionViewItem

from branchdesk.models import PostKind
from branchdesk.paths import DataPaths
from branchdesk.services import duty_rota, posts
from tests.qt_helpers import build_context, show_active
from tests.test_ui_posts import TODAY, active_dialog, add_post, members

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.duty_pattern_dialog import WeeklyRotaDialog, month_range, next_month
from branchdesk.ui.pages.posts_page import PostsPage


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(data_paths, tmp_path)  # 王书记, 张三, 李四, 王五, 赵六
    yield context
    context.db.dispose()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> PostsPage:
    widget = PostsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    show_active(qtbot, widget)
    return widget


def _desk_with_last_month(ctx: AppContext) -> int:
    """A desk led by 王五 whose rota this month was 李四 then 赵六 (next month is the one to plan)."""
    desk = add_post(ctx, PostKind.VOLUNTEER, "门诊大厅党员志愿服务岗")
    people = members(ctx)
    first, last = month_range(TODAY.year, TODAY.month)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    weekdays = [d for d in days if d.weekday() < 5 and d >= TODAY][:2] or [last, last]
    with ctx.db.transaction() as session:
        posts.add_holder(session, desk, people["王五"], started_on=TODAY, role="岗长")
        for name, day, start in (("李四", weekdays[0], 8), ("赵六", weekdays[-1], 14)):
            turn = duty_rota.TurnInput(desk, people[name], day, dt.time(start), dt.time(start + 3))
            duty_rota.plan_turn(session, turn)
    return desk


def _open(qtbot: QtBot, page: PostsPage, desk: int) -> WeeklyRotaDialog:
    page.refresh()
    page.select_post(desk)
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog: WeeklyRotaDialog = active_dialog(qtbot, page, WeeklyRotaDialog)
    return dialog


def _ticked(listing: QListWidget) -> list[str]:
    items = [listing.item(i) for i in range(listing.count())]
    return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]


def test_the_post_is_named_and_last_months_people_are_ticked_holders_first(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    dialog = _open(qtbot, page, _desk_with_last_month(ctx))
    assert (
        dialog.post_label.text() == "岗位：门诊大厅党员志愿服务岗（门诊大厅）"
        and dialog.post_label.isVisible()
    )
    assert _ticked(dialog.members_list) == ["王五", "李四", "赵六"]
    assert [dialog.members_list.item(i).text() for i in range(3)] == ["王五", "李四", "赵六"]
    assert f"上次排班（{TODAY.year}年{TODAY.month}月）轮值的 3 人" in dialog.members_hint.text()
    assert (dialog.first_field.date(), dialog.last_field.date()) == month_range(*next_month(TODAY))


def test_a_click_on_the_name_or_on_the_box_ticks_once(qtbot: QtBot, page: PostsPage, ctx: AppContext) -> None:
    dialog = _open(qtbot, page, _desk_with_last_month(ctx))
    listing = dialog.members_list
    row = next(i for i in range(listing.count()) if listing.item(i).text() == "张三")
    rect = listing.visualItemRect(listing.item(row))
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "张三" in _ticked(listing)
    option = QStyleOptionViewItem()
    option.initFrom(listing)
    option.rect = rect
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = listing.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, listing)
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert "张三" not in _ticked(listing)  # the box toggled it once, not back again
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "张三" in _ticked(listing)


def test_esc_asks_before_throwing_away_ticks_and_a_preview(
    qtbot: QtBot, page: PostsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(qtbot, page, _desk_with_last_month(ctx))
    asked: list[str] = []
    answer = [False]

    def confirm(_parent: object, title: str, _text: str, **_k: object) -> bool:
        asked.append(title)
        return answer[0]

    monkeypatch.setattr(messages, "confirm", confirm)
    dialog.members_list.item(3).setCheckState(Qt.CheckState.Checked)
    dialog.preview_button.click()
    assert dialog.plan is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["放弃排班"] and dialog.isVisible() and dialog.plan is not None
    answer[0] = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert dialog.saved == 0


def test_esc_on_an_untouched_rota_closes_without_asking(
    qtbot: QtBot, page: PostsPage, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(qtbot, page, _desk_with_last_month(ctx))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: pytest.fail("asked for nothing"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.active_dialog is None)
