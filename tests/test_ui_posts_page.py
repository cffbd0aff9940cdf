"""The 设岗定责 page as a newcomer sees it under the theme: the post's text in the normal colour (red
only for headings), the list's columns wide enough with the full text in tips, every print button with
its Alt letter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from branchdesk.models import PostKind
from branchdesk.paths import DataPaths
from branchdesk.services import posts
from tests.qt_helpers import build_context, show_active
from tests.test_ui_posts import TODAY, add_post, members

from branchdesk.ui.context import AppContext
from branchdesk.ui.pages.posts_page import HOLDERS_COLUMN, PostsPage
from branchdesk.ui.tablemodels.posts import POST_NAME_COLUMN

THEME_RED = "#c62828"
# qt-material's rule for every QTextEdit: red text in a heavy red frame (how it marks an input).
THEME_RULE = f"QTextEdit {{ color: {THEME_RED}; background-color: #ffffff; border: 2px solid {THEME_RED}; }}"


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


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    before = qapp.styleSheet()
    qapp.setStyleSheet(THEME_RULE)
    yield
    qapp.setStyleSheet(before)


def _post_with_three_holders(ctx: AppContext) -> int:
    post_id = add_post(ctx, PostKind.MODEL, "急诊绿色通道党员先锋岗")
    people = members(ctx)
    with ctx.db.transaction() as session:
        posts.add_holder(session, post_id, people["张三"], started_on=TODAY, role="岗长")
        posts.add_holder(session, post_id, people["李四"], started_on=TODAY)
        posts.add_holder(session, post_id, people["王五"], started_on=TODAY)
    return post_id


@pytest.mark.usefixtures("themed")
def test_the_post_text_is_in_the_normal_colour_and_only_headings_are_red(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    _post_with_three_holders(ctx)
    page.refresh()
    info = page.details.info
    info.ensurePolished()
    text = info.palette().color(QPalette.ColorRole.Text)
    assert text.lightness() < 60 and text != QColor(THEME_RED)
    html = info.toHtml().lower()
    assert html.count("color:#b71c1c") == 2  # 岗位职责 and 服务承诺, nothing else
    assert THEME_RED not in info.styleSheet()


def test_the_list_shows_three_holders_whole_and_tips_give_the_roles(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    _post_with_three_holders(ctx)
    page.refresh()
    page.resize(1190, 620)  # the page at 1366x768, beside the sidebar
    qtbot.wait(10)
    index = page.proxy.index(0, HOLDERS_COLUMN)
    assert index.data() == "张三、李四、王五"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "张三（岗长）\n李四\n王五"
    metrics = page.table.fontMetrics()
    for column in (HOLDERS_COLUMN, POST_NAME_COLUMN):
        text = page.proxy.index(0, column).data()
        assert page.table.columnWidth(column) >= metrics.horizontalAdvance(text) + 8, text
    header = page.table.horizontalHeader()
    assert header.sectionPosition(4) + header.sectionSize(4) <= page.table.viewport().width()


def test_every_action_button_has_its_alt_letter(page: PostsPage) -> None:
    buttons = (
        page.add_button,
        page.edit_button,
        page.plaque_button,
        page.rota_button,
        page.print_rota_button,
    )
    letters = [b.text().split("(&")[1][0] for b in buttons]
    assert len(set(letters)) == len(letters)
    assert page.print_rota_button.text() == "打印排班表(&M)"
